// DSA statements of reasons and the decision log: the allowed-value table (every required field, every
// enum value, the conditional rules, dates, lengths, patterns), statements built from real signed verdicts
// through the reference policy's mapping, batches of at most 100 with nothing written when one field is
// bad, and the decision log as CSV and JSON Lines.
#include "Policy.h"
#include "ServiceFixture.h"
#include "dsa/SorBatches.h"
#include "dsa/SorTable.h"
#include "dsa/StatementBuilder.h"
#include "export/DecisionLog.h"
#include "queue/ReviewQueue.h"

#include <QBuffer>
#include <QDir>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::dsa;

namespace {

// A statement that passes the v2 table: the base every negative case breaks in one place.
QJsonObject validStatement(const QString &puid = QStringLiteral("esc-000001"))
{
    return {{QStringLiteral("decision_visibility"),
             QJsonArray{QStringLiteral("DECISION_VISIBILITY_CONTENT_REMOVED")}},
            {QStringLiteral("decision_ground"), QStringLiteral("DECISION_GROUND_INCOMPATIBLE_CONTENT")},
            {QStringLiteral("incompatible_content_ground"), QStringLiteral("Terms of service 4.2")},
            {QStringLiteral("incompatible_content_explanation"), QStringLiteral("Graphic violence.")},
            {QStringLiteral("category"), QStringLiteral("STATEMENT_CATEGORY_VIOLENCE")},
            {QStringLiteral("content_type"), QJsonArray{QStringLiteral("CONTENT_TYPE_IMAGE"),
                                                        QStringLiteral("CONTENT_TYPE_SYNTHETIC_MEDIA")}},
            {QStringLiteral("content_date"), QStringLiteral("2026-11-20")},
            {QStringLiteral("application_date"), QStringLiteral("2026-11-21")},
            {QStringLiteral("decision_facts"), QStringLiteral("A reviewer found graphic violence.")},
            {QStringLiteral("territorial_scope"), QJsonArray{QStringLiteral("DE"), QStringLiteral("FR")}},
            {QStringLiteral("source_type"), QStringLiteral("SOURCE_VOLUNTARY")},
            {QStringLiteral("automated_detection"), QStringLiteral("Yes")},
            {QStringLiteral("automated_decision"), QStringLiteral("AUTOMATED_DECISION_NOT_AUTOMATED")},
            {QStringLiteral("puid"), puid}};
}

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &e : errors)
        fields << e.field;
    return fields;
}

QJsonObject tableJson()
{
    QFile file(QStringLiteral(":/veil/dsa/sor-v2.json"));
    file.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestDsa : public QObject
{
    Q_OBJECT

private slots:
    void theBuiltInTableLoads()
    {
        auto table = SorTable::builtIn();
        QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
        QVERIFY(!table->version().isEmpty());
        QCOMPARE(table->maxPerBatch(), 100);
        QVERIFY(
            table->allows(QStringLiteral("content_type"), QStringLiteral("CONTENT_TYPE_SYNTHETIC_MEDIA")));
        QVERIFY(!table->validate(validStatement()).isEmpty() == false);
    }

    void everyRequiredFieldIsRequired()
    {
        const SorTable table = SorTable::builtIn().value();
        const QJsonArray required = tableJson().value(QStringLiteral("required")).toArray();
        QVERIFY(required.size() >= 10);
        for (const QJsonValue &name : required) {
            QJsonObject statement = validStatement();
            statement.remove(name.toString());
            const auto errors = table.validate(statement);
            QVERIFY2(fieldsOf(errors).contains(name.toString()), qPrintable(name.toString()));
            QCOMPARE(errors.size(), 1);
        }
    }

    void everyEnumValueIsCheckedAgainstTheTable()
    {
        const SorTable table = SorTable::builtIn().value();
        const QJsonObject fields = tableJson().value(QStringLiteral("fields")).toObject();
        int enums = 0;
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const QString type = it.value().toObject().value(QStringLiteral("type")).toString();
            if (!type.contains(QLatin1String("enum")))
                continue;
            ++enums;
            const bool list = type == QLatin1String("array_of_enum");
            // Every allowed value passes this field's own check; an unknown one is named by field.
            for (const QJsonValue &value : it.value().toObject().value(QStringLiteral("values")).toArray()) {
                QJsonObject statement = validStatement();
                statement.insert(it.key(), list ? QJsonValue(QJsonArray{value}) : value);
                QVERIFY2(!fieldsOf(table.validate(statement)).contains(it.key()),
                         qPrintable(it.key() + QLatin1Char('=') + value.toString()));
            }
            QJsonObject statement = validStatement();
            const QJsonValue bogus(QStringLiteral("NOT_A_VALUE"));
            statement.insert(it.key(), list ? QJsonValue(QJsonArray{bogus}) : bogus);
            QVERIFY2(fieldsOf(table.validate(statement)).contains(it.key()), qPrintable(it.key()));
        }
        QVERIFY(enums >= 15);
        // The old 2024 values are refused by the 2025 table: the tables are data, and they change.
        QJsonObject old = validStatement();
        old.insert(QStringLiteral("category"),
                   QStringLiteral("STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT"));
        QCOMPARE(fieldsOf(table.validate(old)), QStringList{QStringLiteral("category")});
    }

    void conditionalRules_data()
    {
        QTest::addColumn<QJsonObject>("change"); // fields to set (null: remove)
        QTest::addColumn<QString>("field");
        QTest::newRow("illegal needs its legal ground")
            << QJsonObject{{QStringLiteral("decision_ground"),
                            QStringLiteral("DECISION_GROUND_ILLEGAL_CONTENT")},
                           {QStringLiteral("illegal_content_explanation"), QStringLiteral("x")}}
            << QStringLiteral("illegal_content_legal_ground");
        QTest::newRow("incompatible needs its explanation")
            << QJsonObject{{QStringLiteral("incompatible_content_explanation"), QJsonValue()}}
            << QStringLiteral("incompatible_content_explanation");
        QTest::newRow("one restriction at least")
            << QJsonObject{{QStringLiteral("decision_visibility"), QJsonValue()}}
            << QStringLiteral("decision_visibility");
        QTest::newRow("visibility other needs words")
            << QJsonObject{{QStringLiteral("decision_visibility"),
                            QJsonArray{QStringLiteral("DECISION_VISIBILITY_OTHER")}}}
            << QStringLiteral("decision_visibility_other");
        QTest::newRow("content type other needs words")
            << QJsonObject{{QStringLiteral("content_type"), QJsonArray{QStringLiteral("CONTENT_TYPE_OTHER")}}}
            << QStringLiteral("content_type_other");
        QTest::newRow("end date before the decision")
            << QJsonObject{{QStringLiteral("end_date_visibility_restriction"), QStringLiteral("2026-11-01")}}
            << QStringLiteral("end_date_visibility_restriction");
        QTest::newRow("date format") << QJsonObject{{QStringLiteral("content_date"),
                                                     QStringLiteral("20.11.2026")}}
                                     << QStringLiteral("content_date");
        QTest::newRow("date range") << QJsonObject{{QStringLiteral("application_date"),
                                                    QStringLiteral("2019-12-31")}}
                                    << QStringLiteral("application_date");
        QTest::newRow("not a real date")
            << QJsonObject{{QStringLiteral("content_date"), QStringLiteral("2026-02-30")}}
            << QStringLiteral("content_date");
        QTest::newRow("facts too long")
            << QJsonObject{{QStringLiteral("decision_facts"), QString(5001, QLatin1Char('x'))}}
            << QStringLiteral("decision_facts");
        QTest::newRow("puid pattern")
            << QJsonObject{{QStringLiteral("puid"), QStringLiteral("esc 1/2")}} << QStringLiteral("puid");
        QTest::newRow("unknown field")
            << QJsonObject{{QStringLiteral("reviewer"), QStringLiteral("kim")}} << QStringLiteral("reviewer");
        QTest::newRow("duplicate list entry")
            << QJsonObject{{QStringLiteral("territorial_scope"),
                            QJsonArray{QStringLiteral("DE"), QStringLiteral("DE")}}}
            << QStringLiteral("territorial_scope");
        QTest::newRow("not a url") << QJsonObject{{QStringLiteral("decision_ground_reference_url"),
                                                   QStringLiteral("javascript:alert(1)")}}
                                   << QStringLiteral("decision_ground_reference_url");
    }

    void conditionalRules()
    {
        QFETCH(QJsonObject, change);
        QFETCH(QString, field);
        QJsonObject statement = validStatement();
        for (auto it = change.begin(); it != change.end(); ++it) {
            if (it.value().isNull())
                statement.remove(it.key());
            else
                statement.insert(it.key(), it.value());
        }
        const auto errors = SorTable::builtIn()->validate(statement);
        QVERIFY2(fieldsOf(errors).contains(field), qPrintable(fieldsOf(errors).join(QLatin1Char(','))));
        for (const FieldError &e : errors)
            QVERIFY(!e.message.isEmpty());
    }

    void badTablesAreRefused()
    {
        QCOMPARE(SorTable::fromJson("[]").error().code, QStringLiteral("bad_table"));
        QJsonObject t = tableJson();
        t.remove(QStringLiteral("version"));
        QVERIFY(SorTable::fromJson(QJsonDocument(t).toJson())
                    .error()
                    .message.contains(QStringLiteral("version")));
        t = tableJson();
        t[QStringLiteral("required")] = QJsonArray{QStringLiteral("nonexistent")};
        QVERIFY(SorTable::fromJson(QJsonDocument(t).toJson())
                    .error()
                    .message.contains(QStringLiteral("nonexistent")));
    }

    void theReferenceMappingUsesOnlyAllowedValues()
    {
        const SorTable table = SorTable::builtIn().value();
        const QJsonObject dsa = service::defaultPolicy().value(QStringLiteral("dsa")).toObject();
        const QJsonObject labels = dsa.value(QStringLiteral("labels")).toObject();
        // Every label of the policy has a mapping, and every value in it is in the table.
        for (const QJsonValue &label : service::defaultPolicy().value(QStringLiteral("labels")).toArray()) {
            const QJsonObject m =
                labels.value(label.toObject().value(QStringLiteral("name")).toString()).toObject();
            QVERIFY(!m.isEmpty());
            QVERIFY(table.allows(QStringLiteral("category"), m.value(QStringLiteral("category")).toString()));
            for (const QJsonValue &k : m.value(QStringLiteral("keywords")).toArray())
                QVERIFY2(table.allows(QStringLiteral("category_specification"), k.toString()),
                         qPrintable(k.toString()));
        }
        for (const QJsonValue &c : dsa.value(QStringLiteral("territorial_scope")).toArray())
            QVERIFY(table.allows(QStringLiteral("territorial_scope"), c.toString()));
    }

    void statementsFromSignedVerdicts()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 6);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("lea"));
        QVERIFY(seat.engine->fetchPolicy().ok());
        QVERIFY(seat.engine->syncOnce(6).ok());
        queue::ReviewQueue queue(*seat.ws);
        const auto items = queue.openItems().value();
        QVERIFY(queue
                    .decide(items[0].itemId, QStringLiteral("remove"),
                            {QStringLiteral("sexual_adult_nonconsensual"),
                             QStringLiteral("likeness_real_person")},
                            QStringLiteral("Intimate deepfake of a public figure."), QStringLiteral("t"))
                    .ok());
        QVERIFY(queue
                    .decide(items[1].itemId, QStringLiteral("age_restrict"),
                            {QStringLiteral("violence_gore")}, {}, QStringLiteral("t"))
                    .ok());
        QVERIFY(queue
                    .decide(items[2].itemId, QStringLiteral("no_violation"), {},
                            QStringLiteral("=cmd|' /C calc'!A0"), QStringLiteral("t"))
                    .ok());
        QCOMPARE(seat.engine->push()->accepted, 3);

        auto builder = StatementBuilder::fromPolicy(seat.engine->cachedPolicy().value());
        QVERIFY(builder.ok());
        const auto records = exports::DecisionLog(seat.ws->database()).records().value();
        QCOMPARE(records.size(), 3);
        const SorTable table = SorTable::builtIn().value();
        auto first = builder->build({records[0].verdict, records[0].source, records[0].contentDateMs});
        QVERIFY(first.ok());
        QCOMPARE(table.validate(first.value()).size(), 0);
        QCOMPARE(first->value(QStringLiteral("decision_ground")).toString(),
                 QStringLiteral("DECISION_GROUND_ILLEGAL_CONTENT"));
        QCOMPARE(first->value(QStringLiteral("category")).toString(),
                 QStringLiteral("STATEMENT_CATEGORY_CYBER_VIOLENCE"));
        QCOMPARE(first->value(QStringLiteral("category_addition")).toArray(),
                 QJsonArray{QStringLiteral("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS")});
        QCOMPARE(first->value(QStringLiteral("decision_facts")).toString(),
                 QStringLiteral("Intimate deepfake of a public figure."));
        QVERIFY(first->value(QStringLiteral("content_type"))
                    .toArray()
                    .contains(QStringLiteral("CONTENT_TYPE_SYNTHETIC_MEDIA")));
        QCOMPARE(first->value(QStringLiteral("automated_decision")).toString(),
                 QStringLiteral("AUTOMATED_DECISION_NOT_AUTOMATED"));
        QCOMPARE(first->value(QStringLiteral("automated_detection")).toString(),
                 records[0].source == QLatin1String("user_report") ? QStringLiteral("No")
                                                                   : QStringLiteral("Yes"));
        QCOMPARE(first->value(QStringLiteral("source_type")).toString(),
                 records[0].source == QLatin1String("user_report") ? QStringLiteral("SOURCE_ARTICLE_16")
                                                                   : QStringLiteral("SOURCE_VOLUNTARY"));
        QCOMPARE(first->value(QStringLiteral("puid")).toString(), items[0].itemId);
        QCOMPARE(
            first->value(QStringLiteral("content_date")).toString(),
            QDateTime::fromMSecsSinceEpoch(items[0].slaStartedAtMs, Qt::UTC).date().toString(Qt::ISODate));
        // Without a rationale, the label's explanation stands in; no restriction, no statement.
        auto second = builder->build({records[1].verdict, records[1].source, records[1].contentDateMs});
        QCOMPARE(second->value(QStringLiteral("decision_visibility")).toArray(),
                 QJsonArray{QStringLiteral("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED")});
        QVERIFY(!second->value(QStringLiteral("decision_facts")).toString().isEmpty());
        QCOMPARE(builder->build({records[2].verdict, records[2].source, 0}).error().code,
                 QStringLiteral("not_a_restriction"));
        QJsonObject unmapped = records[0].verdict;
        unmapped[QStringLiteral("labels")] = QJsonArray{QStringLiteral("unheard_of")};
        QCOMPARE(builder->build({unmapped, QString(), 0}).error().code, QStringLiteral("unmapped_label"));

        // The decision log: CSV with quoting and formula-safe cells, JSON Lines, filters.
        QBuffer csv;
        csv.open(QIODevice::WriteOnly);
        QVERIFY(exports::DecisionLog::writeCsv(records, csv).ok());
        const QList<QByteArray> lines = csv.data().split('\n');
        QVERIFY(lines[0].startsWith("verdict_id,item_id,queue,decision"));
        QVERIFY(csv.data().contains("likeness_real_person;sexual_adult_nonconsensual"));
        QVERIFY(csv.data().contains(",'=cmd|' /C calc'!A0"));
        QVERIFY(!csv.data().contains(",=cmd"));
        QBuffer jsonl;
        jsonl.open(QIODevice::WriteOnly);
        QVERIFY(exports::DecisionLog::writeJsonLines(records, jsonl).ok());
        QCOMPARE(jsonl.data().count('\n'), 3);
        QCOMPARE(QJsonDocument::fromJson(jsonl.data().split('\n').first())
                     .object()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("accepted"));
        exports::DecisionFilter byLabel;
        byLabel.label = QStringLiteral("violence_gore");
        QCOMPARE(exports::DecisionLog(seat.ws->database()).records(byLabel)->size(), 1);
        exports::DecisionFilter byDecision;
        byDecision.decision = QStringLiteral("remove");
        byDecision.reviewer = QStringLiteral("lea");
        QCOMPARE(exports::DecisionLog(seat.ws->database()).records(byDecision)->size(), 1);
        byDecision.reviewer = QStringLiteral("someone-else");
        QCOMPARE(exports::DecisionLog(seat.ws->database()).records(byDecision)->size(), 0);
    }

    void batchesOfAtMostAHundred()
    {
        QTemporaryDir dir;
        const SorTable table = SorTable::builtIn().value();
        QList<QJsonObject> statements;
        for (int i = 0; i < 250; ++i)
            statements << validStatement(QStringLiteral("esc-%1").arg(i));
        auto files = writeBatches(statements, table, dir.filePath(QStringLiteral("out")));
        QVERIFY(files.ok());
        QCOMPARE(files->size(), 3);
        QList<int> sizes;
        for (const QString &path : files.value()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            sizes << int(QJsonDocument::fromJson(file.readAll())
                             .object()
                             .value(QStringLiteral("statements"))
                             .toArray()
                             .size());
        }
        QCOMPARE(sizes, QList<int>({100, 100, 50}));

        // One bad field anywhere: nothing is written, and the error names the statement and the field.
        statements[137].insert(QStringLiteral("source_type"), QStringLiteral("SOURCE_GUESSWORK"));
        statements[201].remove(QStringLiteral("decision_facts"));
        auto refused = writeBatches(statements, table, dir.filePath(QStringLiteral("bad")));
        QCOMPARE(refused.error().code, QStringLiteral("invalid_statements"));
        QVERIFY(refused.error().message.contains(QStringLiteral("esc-137: source_type")));
        QVERIFY(refused.error().message.contains(QStringLiteral("esc-201: decision_facts is required")));
        QVERIFY(!QDir(dir.filePath(QStringLiteral("bad"))).exists());
    }
};

QTEST_GUILESS_MAIN(TestDsa)
#include "tst_dsa.moc"
