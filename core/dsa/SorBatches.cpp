#include "dsa/SorBatches.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

namespace veil::dsa {

Result<QStringList> writeBatches(const QList<QJsonObject> &statements, const SorTable &table,
                                 const QString &dir)
{
    QStringList problems;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const QString puid = statements[i].value(QStringLiteral("puid")).toString();
        for (const FieldError &error : table.validate(statements[i]))
            problems << QStringLiteral("%1: %2 %3")
                            .arg(puid.isEmpty() ? QStringLiteral("statement %1").arg(i + 1) : puid.left(80),
                                 error.field, error.message);
    }
    if (!problems.isEmpty())
        return makeError(QStringLiteral("invalid_statements"),
                         QStringLiteral("%1 problem(s) against table %2; nothing was written:\n%3")
                             .arg(problems.size())
                             .arg(table.version(), problems.join(QLatin1Char('\n'))));
    if (!QDir().mkpath(dir))
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot create %1").arg(dir));
    QStringList files;
    for (qsizetype start = 0; start < statements.size(); start += table.maxPerBatch()) {
        QJsonArray batch;
        for (qsizetype i = start; i < std::min<qsizetype>(statements.size(), start + table.maxPerBatch());
             ++i)
            batch.append(statements[i]);
        const QString path = QDir(dir).filePath(
            QStringLiteral("sor-batch-%1.json").arg(files.size() + 1, 4, 10, QLatin1Char('0')));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(path));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("statements"), batch}})
                       .toJson(QJsonDocument::Indented));
        if (!file.commit())
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(path));
        files << path;
    }
    return files;
}

Result<StatementExport> exportStatements(const QList<exports::DecisionRecord> &records,
                                         const StatementBuilder &builder, const SorTable &table,
                                         const QString &dir)
{
    StatementExport result;
    QList<QJsonObject> statements;
    for (const exports::DecisionRecord &record : records) {
        if (record.state != QLatin1String("accepted") && record.state != QLatin1String("duplicate"))
            continue;
        auto statement = builder.build({record.verdict, record.source, record.contentDateMs});
        if (!statement.ok() && statement.error().code == QLatin1String("not_a_restriction")) {
            ++result.notRestricting;
            continue;
        }
        VEIL_TRY(statement);
        statements.append(statement.value());
    }
    auto files = writeBatches(statements, table, dir);
    VEIL_TRY(files);
    result.files = files.value();
    result.statements = int(statements.size());
    return result;
}

} // namespace veil::dsa
