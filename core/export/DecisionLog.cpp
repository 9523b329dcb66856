#include "export/DecisionLog.h"

#include "link/FeedStore.h"
#include "queue/QueueStore.h"

#include "protocol/Verdict.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace veil::exports {

namespace {

// RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an
// apostrophe, since rationales are free text.
QByteArray csvCell(QString text)
{
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
        text = QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return text.toUtf8();
}

Result<void> writeAll(QIODevice &out, const QByteArray &bytes)
{
    if (out.write(bytes) != bytes.size())
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write the export"));
    return success();
}

} // namespace

Result<QList<DecisionRecord>> DecisionLog::records(const DecisionFilter &filter)
{
    auto all = m_source == Source::Team ? link::FeedStore(m_db).records()
                                        : queue::QueueStore(m_db).signedDecisions();
    VEIL_TRY(all);
    QList<DecisionRecord> records;
    for (const DecisionRecord &r : std::as_const(all.value())) {
        const auto is = [&](const QString &wanted, const QString &value) {
            return wanted.isEmpty() || wanted == value;
        };
        if (!is(filter.reviewer, r.verdict.value(QStringLiteral("reviewer")).toString()) ||
            !is(filter.decision, r.verdict.value(QStringLiteral("decision")).toString()) ||
            !is(filter.category, r.category) ||
            (!filter.label.isEmpty() && !protocol::verdictLabels(r.verdict).contains(filter.label)) ||
            (filter.fromMs > 0 && r.decidedAtMs < filter.fromMs) ||
            (filter.toMs > 0 && r.decidedAtMs >= filter.toMs))
            continue;
        records.append(r);
    }
    return records;
}

Result<void> DecisionLog::writeCsv(const QList<DecisionRecord> &records, QIODevice &out)
{
    VEIL_TRY(writeAll(out,
                      "verdict_id,item_id,queue,decision,outcome,labels,category,source,reviewer,decided_at,"
                      "state,rationale\r\n"));
    for (const DecisionRecord &r : records) {
        const QJsonObject &v = r.verdict;
        const QStringList cells{v.value(QStringLiteral("verdict_id")).toString(),
                                v.value(QStringLiteral("item_id")).toString(),
                                v.value(QStringLiteral("queue")).toString(),
                                v.value(QStringLiteral("decision")).toString(),
                                v.value(QStringLiteral("outcome")).toString(),
                                protocol::verdictLabels(v).join(QLatin1Char(';')),
                                r.category,
                                r.source,
                                v.value(QStringLiteral("reviewer")).toString(),
                                v.value(QStringLiteral("decided_at")).toString(),
                                r.state,
                                v.value(QStringLiteral("rationale")).toString()};
        QByteArray line;
        for (const QString &cell : cells)
            line += csvCell(cell) + ',';
        line.chop(1);
        VEIL_TRY(writeAll(out, line + "\r\n"));
    }
    return success();
}

Result<void> DecisionLog::writeJsonLines(const QList<DecisionRecord> &records, QIODevice &out)
{
    for (const DecisionRecord &r : records) {
        const QJsonObject line{{QStringLiteral("verdict"), r.verdict},
                               {QStringLiteral("state"), r.state},
                               {QStringLiteral("category"), r.category},
                               {QStringLiteral("source"), r.source}};
        VEIL_TRY(writeAll(out, QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n'));
    }
    return success();
}

Result<void> DecisionLog::writeFile(const QList<DecisionRecord> &records, const QString &format,
                                    const QString &path)
{
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return makeError(QStringLiteral("invalid_format"), QStringLiteral("the format is csv or jsonl"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(path));
    VEIL_TRY(format == QLatin1String("csv") ? writeCsv(records, file) : writeJsonLines(records, file));
    if (!file.commit())
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(path));
    return success();
}

Result<QString> DecisionLog::writeNewFile(const QList<DecisionRecord> &records, const QString &format,
                                          const QString &path)
{
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return makeError(QStringLiteral("invalid_format"), QStringLiteral("the format is csv or jsonl"));
    const QFileInfo info(path);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    const QString stem = info.dir().filePath(info.completeBaseName()); // my.log.csv -> my.log-2.csv
    for (int n = 1; n <= 1000; ++n) {
        const QString candidate = n == 1 ? path : QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(suffix);
        // Claimed empty first: the file written over it in one rename keeps its owner-only mode.
        const int fd =
            ::open(QFile::encodeName(candidate).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(candidate));
        }
        ::close(fd);
        auto written = writeFile(records, format, candidate);
        if (!written.ok()) {
            QFile::remove(candidate);
            return written.error();
        }
        return candidate;
    }
    return makeError(QStringLiteral("io_error"),
                     QStringLiteral("a thousand exports named like %1 already exist").arg(path));
}

} // namespace veil::exports
