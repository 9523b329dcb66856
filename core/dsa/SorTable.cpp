#include "dsa/SorTable.h"

#include <QDate>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace veil::dsa {

namespace {

Error badTable(const QString &why)
{
    return makeError(QStringLiteral("bad_table"), QStringLiteral("the DSA allowed-value table %1").arg(why));
}

bool present(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return false;
    if (value.isString())
        return !value.toString().trimmed().isEmpty();
    if (value.isArray())
        return !value.toArray().isEmpty();
    return true;
}

// "YYYY-MM-DD" with leading zeroes, a real date.
std::optional<QDate> parseDate(const QJsonValue &value)
{
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!value.isString() || !shape.match(value.toString()).hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
    return date.isValid() ? std::optional<QDate>(date) : std::nullopt;
}

// A rule's condition: {"field", "equals" | "contains" | "present"}.
bool holds(const QJsonObject &condition, const QJsonObject &statement)
{
    const QJsonValue value = statement.value(condition.value(QStringLiteral("field")).toString());
    if (condition.contains(QStringLiteral("equals")))
        return value == condition.value(QStringLiteral("equals"));
    if (condition.contains(QStringLiteral("contains")))
        return value.toArray().contains(condition.value(QStringLiteral("contains")));
    if (condition.contains(QStringLiteral("present")))
        return present(value) == condition.value(QStringLiteral("present")).toBool();
    return false;
}

} // namespace

Result<SorTable> SorTable::builtIn()
{
    QFile file(QStringLiteral(":/veil/dsa/sor-v2.json"));
    if (!file.open(QIODevice::ReadOnly))
        return badTable(QStringLiteral("is missing from this build"));
    return fromJson(file.readAll());
}

Result<SorTable> SorTable::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return badTable(QStringLiteral("is not a JSON object"));
    const QJsonObject root = doc.object();
    SorTable table;
    table.m_version = root.value(QStringLiteral("version")).toString();
    if (table.m_version.isEmpty())
        return badTable(QStringLiteral("has no version"));
    table.m_maxPerBatch = root.value(QStringLiteral("max_statements_per_request")).toInt(100);
    if (table.m_maxPerBatch < 1 || table.m_maxPerBatch > 1000)
        return badTable(QStringLiteral("max_statements_per_request must be 1 to 1000"));
    const QJsonObject fields = root.value(QStringLiteral("fields")).toObject();
    if (fields.isEmpty())
        return badTable(QStringLiteral("has no fields"));
    static const QStringList types{QStringLiteral("enum"),   QStringLiteral("array_of_enum"),
                                   QStringLiteral("string"), QStringLiteral("date"),
                                   QStringLiteral("url"),    QStringLiteral("object")};
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QJsonObject field = it.value().toObject();
        if (!types.contains(field.value(QStringLiteral("type")).toString()))
            return badTable(QStringLiteral("field %1 has an unknown type").arg(it.key()));
        if (field.value(QStringLiteral("type")).toString().contains(QLatin1String("enum")) &&
            field.value(QStringLiteral("values")).toArray().isEmpty())
            return badTable(QStringLiteral("field %1 has no allowed values").arg(it.key()));
        table.m_fields.insert(it.key(), field);
    }
    for (const QJsonValue &name : root.value(QStringLiteral("required")).toArray()) {
        if (!table.m_fields.contains(name.toString()))
            return badTable(QStringLiteral("requires %1, which it does not define").arg(name.toString()));
        table.m_required << name.toString();
    }
    table.m_conditional = root.value(QStringLiteral("conditional")).toArray();
    return table;
}

bool SorTable::allows(const QString &field, const QString &value) const
{
    return m_fields.value(field).value(QStringLiteral("values")).toArray().contains(QJsonValue(value));
}

void SorTable::checkField(const QString &name, const QJsonValue &value, QList<FieldError> &errors) const
{
    const QJsonObject field = m_fields.value(name);
    const QString type = field.value(QStringLiteral("type")).toString();
    const auto fail = [&](const QString &why) { errors.append({name, why}); };
    if (value.isNull()) {
        if (!field.value(QStringLiteral("nullable")).toBool())
            fail(QStringLiteral("may not be null"));
        return;
    }
    const QJsonArray values = field.value(QStringLiteral("values")).toArray();
    if (type == QLatin1String("enum")) {
        if (!value.isString() || !values.contains(value))
            fail(QStringLiteral("'%1' is not an allowed value (table %2)")
                     .arg(value.toString().left(80), m_version));
    } else if (type == QLatin1String("array_of_enum")) {
        if (!value.isArray() || value.toArray().isEmpty()) {
            fail(QStringLiteral("must be a non-empty list"));
            return;
        }
        QStringList seen;
        for (const QJsonValue &entry : value.toArray()) {
            if (!entry.isString() || !values.contains(entry))
                fail(QStringLiteral("'%1' is not an allowed value (table %2)")
                         .arg(entry.toString().left(80), m_version));
            else if (seen.contains(entry.toString()))
                fail(QStringLiteral("'%1' is listed twice").arg(entry.toString()));
            seen << entry.toString();
        }
    } else if (type == QLatin1String("string") || type == QLatin1String("url")) {
        const int max = field.value(QStringLiteral("max")).toInt(0);
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            fail(QStringLiteral("must be a non-empty string"));
            return;
        }
        if (max > 0 && value.toString().size() > max)
            fail(QStringLiteral("is %1 characters, over the limit of %2")
                     .arg(value.toString().size())
                     .arg(max));
        const QString pattern = field.value(QStringLiteral("pattern")).toString();
        if (!pattern.isEmpty() && !QRegularExpression(pattern).match(value.toString()).hasMatch())
            fail(QStringLiteral("does not match %1").arg(pattern));
        if (type == QLatin1String("url")) {
            const QUrl url(value.toString(), QUrl::StrictMode);
            if (!url.isValid() ||
                (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
                fail(QStringLiteral("must be an http(s) URL"));
        }
    } else if (type == QLatin1String("date")) {
        const auto date = parseDate(value);
        if (!date) {
            fail(QStringLiteral("must be a date as YYYY-MM-DD"));
            return;
        }
        const auto min = parseDate(field.value(QStringLiteral("min")));
        const auto max = parseDate(field.value(QStringLiteral("max")));
        if ((min && *date < *min) || (max && *date > *max))
            fail(QStringLiteral("%1 is outside %2 to %3")
                     .arg(value.toString(), field.value(QStringLiteral("min")).toString(),
                          field.value(QStringLiteral("max")).toString()));
    } else if (type == QLatin1String("object")) {
        const QJsonArray keys = field.value(QStringLiteral("keys")).toArray();
        if (!value.isObject())
            fail(QStringLiteral("must be an object"));
        for (const QString &key : value.toObject().keys())
            if (!keys.contains(QJsonValue(key)))
                fail(QStringLiteral("has an unknown key '%1'").arg(key.left(40)));
    }
}

QList<FieldError> SorTable::validate(const QJsonObject &statement) const
{
    QList<FieldError> errors;
    for (auto it = statement.begin(); it != statement.end(); ++it) {
        if (!m_fields.contains(it.key()))
            errors.append({it.key(), QStringLiteral("is not a field of table %1").arg(m_version)});
        else
            checkField(it.key(), it.value(), errors);
    }
    for (const QString &name : m_required)
        if (!present(statement.value(name)))
            errors.append({name, QStringLiteral("is required")});
    for (const QJsonValue &ruleValue : m_conditional) {
        const QJsonObject rule = ruleValue.toObject();
        if (rule.contains(QStringLiteral("require_one_of"))) {
            const QJsonArray anyOf = rule.value(QStringLiteral("require_one_of")).toArray();
            bool any = false;
            QStringList names;
            for (const QJsonValue &name : anyOf) {
                any = any || present(statement.value(name.toString()));
                names << name.toString();
            }
            if (!any)
                errors.append(
                    {names.value(0),
                     QStringLiteral("one of %1 is required").arg(names.join(QStringLiteral(", ")))});
            continue;
        }
        if (!rule.contains(QStringLiteral("if")) ||
            !holds(rule.value(QStringLiteral("if")).toObject(), statement))
            continue;
        const QString because =
            QStringLiteral("is required when %1 is %2")
                .arg(rule.value(QStringLiteral("if")).toObject().value(QStringLiteral("field")).toString());
        for (const QJsonValue &name : rule.value(QStringLiteral("require")).toArray()) {
            const QJsonObject cond = rule.value(QStringLiteral("if")).toObject();
            const QJsonValue what = cond.contains(QStringLiteral("equals"))
                                        ? cond.value(QStringLiteral("equals"))
                                        : cond.value(QStringLiteral("contains"));
            if (!present(statement.value(name.toString())))
                errors.append({name.toString(), because.arg(what.toString())});
        }
        const QJsonObject gte = rule.value(QStringLiteral("require_gte")).toObject();
        for (auto it = gte.begin(); it != gte.end(); ++it) {
            const auto later = parseDate(statement.value(it.key()));
            const auto earlier = parseDate(statement.value(it.value().toString()));
            if (later && earlier && *later < *earlier)
                errors.append({it.key(), QStringLiteral("must not be before %1").arg(it.value().toString())});
        }
    }
    return errors;
}

} // namespace veil::dsa
