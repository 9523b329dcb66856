// The decision log: every verdict signed on this workstation, with its delivery state — or, for a
// supervisor, the team's accepted verdicts as pulled from the service's feed (sync::SyncEngine::pullFeed) —
// filtered by reviewer, decision, label, category and time, written as CSV (RFC 4180, spreadsheet-safe) or
// JSON Lines.
#pragma once

#include "protocol/DecisionRecord.h"
#include "store/Database.h"

#include <QIODevice>
#include <QJsonObject>

namespace veil::exports {

struct DecisionFilter
{
    QString reviewer; // empty: any
    QString decision;
    QString label;
    QString category;
    qint64 fromMs = 0; // decided at or after; 0: no bound
    qint64 toMs = 0;   // decided before; 0: no bound
};

using DecisionRecord = protocol::DecisionRecord;

class DecisionLog
{
public:
    enum class Source {
        Workstation, // the verdicts signed here (the outbox)
        Team,        // the team's accepted verdicts (decision_feed); state is "accepted"
    };
    explicit DecisionLog(store::Database &db, Source source = Source::Workstation)
        : m_db(db), m_source(source)
    {}

    // Oldest first; verdicts signed in the same millisecond in the order they were signed.
    Result<QList<DecisionRecord>> records(const DecisionFilter &filter = {});

    static Result<void> writeCsv(const QList<DecisionRecord> &records, QIODevice &out);
    static Result<void> writeJsonLines(const QList<DecisionRecord> &records, QIODevice &out);
    // format "csv" or "jsonl", written whole or not at all (QSaveFile). Errors "invalid_format", "io_error".
    static Result<void> writeFile(const QList<DecisionRecord> &records, const QString &format,
                                  const QString &path);
    // The same, never over an existing file: path, or the first free of "name-2.ext", "name-3.ext", ...
    // (each name claimed with O_EXCL, 0600, so two exports at once cannot pick the same). Returns the path
    // written. Errors as writeFile's.
    static Result<QString> writeNewFile(const QList<DecisionRecord> &records, const QString &format,
                                        const QString &path);

private:
    store::Database &m_db;
    Source m_source;
};

} // namespace veil::exports
