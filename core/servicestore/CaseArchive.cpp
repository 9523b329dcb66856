#include "servicestore/CaseArchive.h"

#include "common/Base64Url.h"
#include "servicestore/ServiceStore.h"
#include "store/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <unistd.h>

namespace veil::service {

namespace {

Error ioError(const QString &what)
{
    return makeError(QStringLiteral("io_error"),
                     QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(errno))));
}

// The archive file, written through its descriptor so each batch can be synced, and cut again if the batch
// does not commit.
class ArchiveFile
{
public:
    ~ArchiveFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Result<void> create(const QString &path)
    {
        const QByteArray name = QFile::encodeName(path);
        m_fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (m_fd < 0)
            return ioError(errno == EEXIST
                               ? QStringLiteral("%1 exists; an archive is never overwritten").arg(path)
                               : QStringLiteral("cannot create %1").arg(path));
        // The new name survives a crash once its directory is synced.
        const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
        const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirFd >= 0) {
            (void)::fsync(dirFd);
            ::close(dirFd);
        }
        return success();
    }
    Result<void> append(const QByteArray &bytes)
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.constData() + done, size_t(bytes.size() - done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return ioError(QStringLiteral("the archive could not be written"));
            done += n;
        }
        m_size += bytes.size();
        return success();
    }
    Result<void> sync()
    {
        if (::fsync(m_fd) != 0)
            return ioError(QStringLiteral("the archive could not be synced"));
        return success();
    }
    // Back to a batch's start: what did not leave the database is not in the file. A file that could not be
    // cut takes no more lines (its end is unknown).
    void cut(qint64 size)
    {
        if (::ftruncate(m_fd, size) == 0 && ::lseek(m_fd, size, SEEK_SET) == size)
            m_size = size;
        else
            m_broken = true;
    }
    bool broken() const { return m_broken; }
    qint64 size() const { return m_size; }

private:
    int m_fd = -1;
    qint64 m_size = 0;
    bool m_broken = false;
};

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

// Every row a statement gives, each as the callback turns it into JSON.
template <typename Make>
Result<QJsonArray> rows(store::Database &db, const char *sql, const QString &itemId, Make make)
{
    auto stmt = db.prepare(sql);
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    QJsonArray out;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return out;
        out.append(make(*stmt));
    }
}

// One item as a line of the archive: everything the service knew of it.
Result<QJsonObject> itemRecord(store::Database &db, const QString &caseId, const QString &itemId)
{
    auto item = db.queryRow(
        "SELECT queue, payload, signature, due_at, priority, COALESCE(start_at, 0), COALESCE(decided_at, 0), "
        "COALESCE(first_claimed_at, 0), COALESCE(last_claimed_at, 0), claims, sla_paused_ms, "
        "COALESCE(appeal_of, ''), COALESCE(original_reviewer, '') FROM items WHERE item_id = ?",
        itemId);
    VEIL_TRY(item);
    if (!item.value())
        return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
    const store::Statement &i = *item.value();
    QJsonObject record{{QStringLiteral("type"), QStringLiteral("veil.archived_item.v1")},
                       {QStringLiteral("case"), caseId},
                       {QStringLiteral("item_id"), itemId},
                       {QStringLiteral("queue"), i.text(0)},
                       {QStringLiteral("payload"), i.text(1)},
                       {QStringLiteral("signature"), toBase64Url(i.blob(2))},
                       {QStringLiteral("due_at_ms"), double(i.int64(3))},
                       {QStringLiteral("priority"), double(i.int64(4))},
                       {QStringLiteral("start_at_ms"), double(i.int64(5))},
                       {QStringLiteral("decided_at_ms"), double(i.int64(6))},
                       {QStringLiteral("first_claimed_at_ms"), double(i.int64(7))},
                       {QStringLiteral("last_claimed_at_ms"), double(i.int64(8))},
                       {QStringLiteral("claims"), double(i.int64(9))},
                       {QStringLiteral("sla_paused_ms"), double(i.int64(10))}};
    if (!i.text(11).isEmpty()) {
        record.insert(QStringLiteral("appeal_of"), i.text(11));
        record.insert(QStringLiteral("original_reviewer"), i.text(12));
    }
    auto media = rows(db,
                      "SELECT m.sha256, m.mime, length(m.bytes) FROM item_media im CROSS JOIN media m ON "
                      "m.sha256 = im.sha256 WHERE im.item_id = ? ORDER BY m.sha256",
                      itemId, [](const store::Statement &s) {
                          return QJsonObject{{QStringLiteral("sha256"), s.text(0)},
                                             {QStringLiteral("mime"), s.text(1)},
                                             {QStringLiteral("size"), double(s.int64(2))}};
                      });
    VEIL_TRY(media);
    auto verdicts = rows(
        db,
        "SELECT v.seq, v.verdict_id, v.body, v.signature, v.key_id, d.public_key, v.reviewer, v.accepted_at, "
        "COALESCE(v.superseded_by, '') FROM verdicts v LEFT JOIN devices d ON d.key_id = v.key_id "
        "WHERE v.item_id = ? ORDER BY v.seq",
        itemId, [](const store::Statement &s) {
            QJsonObject v{{QStringLiteral("seq"), double(s.int64(0))},
                          {QStringLiteral("verdict_id"), s.text(1)},
                          {QStringLiteral("verdict"), s.text(2)},
                          {QStringLiteral("signature"), toBase64Url(s.blob(3))},
                          {QStringLiteral("key_id"), s.text(4)},
                          {QStringLiteral("public_key"), toBase64Url(s.blob(5))},
                          {QStringLiteral("reviewer"), s.text(6)},
                          {QStringLiteral("accepted_at_ms"), double(s.int64(7))}};
            if (!s.text(8).isEmpty())
                v.insert(QStringLiteral("superseded_by"), s.text(8));
            return v;
        });
    VEIL_TRY(verdicts);
    auto conflicts = rows(db,
                          "SELECT verdict_id, body, signature, key_id, reviewer, code, at FROM conflicts "
                          "WHERE item_id = ? ORDER BY seq",
                          itemId, [](const store::Statement &s) {
                              return QJsonObject{{QStringLiteral("verdict_id"), s.text(0)},
                                                 {QStringLiteral("verdict"), s.text(1)},
                                                 {QStringLiteral("signature"), toBase64Url(s.blob(2))},
                                                 {QStringLiteral("key_id"), s.text(3)},
                                                 {QStringLiteral("reviewer"), s.text(4)},
                                                 {QStringLiteral("code"), s.text(5)},
                                                 {QStringLiteral("at_ms"), double(s.int64(6))}};
                          });
    VEIL_TRY(conflicts);
    auto qa = rows(
        db, "SELECT verdict_id, reviewer, supervisor, decision, labels, at FROM qa_reviews WHERE item_id = ?",
        itemId, [](const store::Statement &s) {
            return QJsonObject{
                {QStringLiteral("verdict_id"), s.text(0)}, {QStringLiteral("reviewer"), s.text(1)},
                {QStringLiteral("supervisor"), s.text(2)}, {QStringLiteral("decision"), s.text(3)},
                {QStringLiteral("labels"), s.text(4)},     {QStringLiteral("at_ms"), double(s.int64(5))}};
        });
    VEIL_TRY(qa);
    auto skips = rows(db, "SELECT reviewer, reason, at FROM item_skips WHERE item_id = ? ORDER BY at", itemId,
                      [](const store::Statement &s) {
                          return QJsonObject{{QStringLiteral("reviewer"), s.text(0)},
                                             {QStringLiteral("reason"), s.text(1)},
                                             {QStringLiteral("at_ms"), double(s.int64(2))}};
                      });
    VEIL_TRY(skips);
    auto family = rows(db, "SELECT family_id, distance FROM families WHERE item_id = ?", itemId,
                       [](const store::Statement &s) {
                           return QJsonObject{{QStringLiteral("family_id"), s.text(0)},
                                              {QStringLiteral("distance"), double(s.int64(1))}};
                       });
    VEIL_TRY(family);
    record.insert(QStringLiteral("media"), media.value());
    record.insert(QStringLiteral("verdicts"), verdicts.value());
    if (!conflicts->isEmpty())
        record.insert(QStringLiteral("conflicts"), conflicts.value());
    if (!qa->isEmpty())
        record.insert(QStringLiteral("qa_review"), qa->first());
    if (!skips->isEmpty())
        record.insert(QStringLiteral("skips"), skips.value());
    if (!family->isEmpty())
        record.insert(QStringLiteral("family"), family->first());
    return record;
}

// Escalations decided before the cutoff whose whole case is settled before it: every verdict of the item
// and of its appeals accepted before the cutoff, every appeal decided, and, for an item a pipeline filed
// whose verdicts go to its webhook, each of those verdicts acknowledged by that webhook (its cursor past
// their seq; another pipeline's webhook holds nothing back). In decision order, through the index of
// decided escalations.
constexpr const char *CandidatesSql =
    "SELECT i.item_id FROM items i INDEXED BY items_decided "
    "WHERE i.state = 'decided' AND i.queue = 'escalations' AND i.decided_at < ?1 "
    "AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.item_id = i.item_id AND v.accepted_at >= ?1) "
    "AND NOT EXISTS (SELECT 1 FROM verdicts v CROSS JOIN items a ON a.appeal_of = v.verdict_id "
    "WHERE v.item_id = i.item_id AND (a.state <> 'decided' OR a.decided_at >= ?1 OR EXISTS (SELECT 1 FROM "
    "verdicts w WHERE w.item_id = a.item_id AND w.accepted_at >= ?1))) "
    "AND NOT EXISTS (SELECT 1 FROM intake n CROSS JOIN webhooks h ON h.pipeline = n.pipeline "
    "WHERE n.item_id = i.item_id AND (EXISTS (SELECT 1 FROM verdicts v WHERE v.item_id = i.item_id AND "
    "v.seq > h.cursor) OR EXISTS (SELECT 1 FROM verdicts v CROSS JOIN items a ON a.appeal_of = v.verdict_id "
    "CROSS JOIN verdicts w ON w.item_id = a.item_id WHERE v.item_id = i.item_id AND w.seq > h.cursor))) "
    "ORDER BY i.decided_at LIMIT ?2";

Result<QStringList> ids(store::Database &db, const char *sql,
                        const std::function<void(store::Statement &)> &bind)
{
    auto stmt = db.prepare(sql);
    VEIL_TRY(stmt);
    bind(*stmt);
    QStringList out;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return out;
        out << stmt->text(0);
    }
}

} // namespace

Result<ArchiveReport> CaseArchive::run(const ArchiveOptions &options)
{
    store::Database &db = m_store.database();
    const QString path = QFileInfo(options.path).absoluteFilePath();
    // Nothing an appeal could still reach: the longest window this service ever served, not only today's.
    auto window = m_store.longestAppealWindow();
    VEIL_TRY(window);
    if (options.decidedBeforeMs > options.nowMs - qint64(window.value()) * 24 * 3600 * 1000)
        return makeError(
            QStringLiteral("appeal_window_open"),
            QStringLiteral("decisions are appealable for %1 days here (the longest appeal window "
                           "served); archive only what was decided before that")
                .arg(window.value()));
    VEIL_TRY(m_store.indexItemsMedia());
    ArchiveFile file;
    VEIL_TRY(file.create(path));
    VEIL_TRY(file.append(
        line({{QStringLiteral("type"), QStringLiteral("veil.archive.v1")},
              {QStringLiteral("created_at_ms"), double(options.nowMs)},
              {QStringLiteral("decided_before_ms"), double(options.decidedBeforeMs)},
              {QStringLiteral("service_public_key"), toBase64Url(m_store.signingKey().publicKey())}})));
    VEIL_TRY(file.sync());

    ArchiveReport report;
    std::optional<Error> failure;
    while (options.maxCases < 0 || report.cases < options.maxCases) {
        const qint64 start = file.size();
        auto tx = store::Transaction::begin(db);
        if (!tx.ok()) {
            failure = tx.error();
            break;
        }
        const qint64 want = options.maxCases < 0
                                ? options.batch
                                : qMin<qint64>(options.batch, options.maxCases - report.cases);
        auto roots = ids(db, CandidatesSql,
                         [&](store::Statement &s) { s.bind(1, options.decidedBeforeMs).bind(2, want); });
        if (!roots.ok()) {
            failure = roots.error();
            break;
        }
        if (roots->isEmpty())
            break;
        ArchiveReport batch;
        QByteArray lines;
        QList<QStringList> cases;
        auto built = [&]() -> Result<void> {
            for (const QString &root : std::as_const(roots.value())) {
                auto appeals =
                    ids(db,
                        "SELECT a.item_id FROM verdicts v CROSS JOIN items a ON a.appeal_of = v.verdict_id "
                        "WHERE v.item_id = ? ORDER BY a.item_id",
                        [&](store::Statement &s) { s.bind(1, root); });
                VEIL_TRY(appeals);
                QStringList members{root};
                members << appeals.value();
                for (const QString &itemId : std::as_const(members)) {
                    auto record = itemRecord(db, root, itemId);
                    VEIL_TRY(record);
                    lines += line(record.value());
                }
                cases.append(members);
            }
            VEIL_TRY(file.append(lines));
            // In the file before it leaves the database.
            VEIL_TRY(file.sync());
            for (const QStringList &members : std::as_const(cases)) {
                auto forgotten = m_store.forgetDecided(members, path, options.nowMs);
                VEIL_TRY(forgotten);
                batch.cases += 1;
                batch.items += members.size();
                batch.verdicts += forgotten->verdicts;
                batch.mediaDropped += forgotten->mediaDropped;
            }
            return success();
        }();
        if (!built.ok()) {
            file.cut(start);
            failure = built.error();
            break;
        }
        // A failed COMMIT may still have committed (a connection lost on the way): the lines stay, since a
        // case twice in archives is harmless and a case in none is lost.
        if (auto committed = tx->commit(); !committed.ok()) {
            failure = committed.error();
            break;
        }
        report.cases += batch.cases;
        report.items += batch.items;
        report.verdicts += batch.verdicts;
        report.mediaDropped += batch.mediaDropped;
    }
    // What is old enough and stays: held by a webhook behind, an appeal or a correction still recent.
    if (!failure) {
        auto held = db.queryRow("SELECT count(*) FROM items INDEXED BY items_decided WHERE state = 'decided' "
                                "AND queue = 'escalations' AND decided_at < ?",
                                options.decidedBeforeMs);
        if (held.ok() && held.value())
            report.held = held.value()->int64(0);
    }
    const qint64 end = file.size();
    Result<void> totals = success();
    if (file.broken())
        totals = makeError(QStringLiteral("io_error"), QStringLiteral("the archive could not be cut back"));
    else
        totals = file.append(line({{QStringLiteral("type"), QStringLiteral("veil.archive.end")},
                                   {QStringLiteral("cases"), double(report.cases)},
                                   {QStringLiteral("items"), double(report.items)},
                                   {QStringLiteral("verdicts"), double(report.verdicts)},
                                   {QStringLiteral("complete"), !failure.has_value()}}));
    if (totals.ok())
        totals = file.sync();
    if (!totals.ok())
        file.cut(end);
    if (failure)
        return makeError(failure->code, QStringLiteral("%1 (%2 cases archived before it, in %3)")
                                            .arg(failure->message)
                                            .arg(report.cases)
                                            .arg(path));
    VEIL_TRY(totals);
    return report;
}

} // namespace veil::service
