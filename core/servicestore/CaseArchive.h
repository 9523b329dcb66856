// Archiving decided cases (issue 18): an escalation decided long enough ago — past its appeal window, with
// any appeal of it decided too — leaves the live tables for an archive file, so the database, its indexes
// and the media it holds follow the open work, not every case ever decided. The archive is JSON Lines,
// one item per line with everything the service knew of it (the payload as the service signed it, each
// verdict with its device's signature and public key, conflicts, the QA re-review, skips, the family),
// each record checkable on its own without this service. Media bytes are not written out: a file no live
// item refers to is dropped with the case (docs/operations.md "Archiving decided cases").
#pragma once

#include "common/Result.h"

#include <QString>

namespace veil::service {

class ServiceStore;

struct ArchiveOptions
{
    QString path;               // the archive file: made here, never an existing one
    qint64 decidedBeforeMs = 0; // escalations decided (and every verdict of the case accepted) before this
    qint64 nowMs = 0;
    qint64 maxCases = -1; // -1: every case old enough
    int batch = 200;      // cases per transaction
};

struct ArchiveReport
{
    qint64 cases = 0;
    qint64 items = 0; // escalations and their appeals
    qint64 verdicts = 0;
    qint64 mediaDropped = 0;
    qint64 held = 0; // old enough but kept: a webhook behind, an appeal or a correction still recent
};

class CaseArchive
{
public:
    explicit CaseArchive(ServiceStore &store) : m_store(store) {}

    // Writes the cases old enough to options.path and removes them, a batch per transaction: the file is
    // synced before each batch commits, so nothing leaves the database that is not in the file. A batch
    // that fails is cut from the file again and the run stops there; the file ends with a line of totals.
    Result<ArchiveReport> run(const ArchiveOptions &options);

private:
    ServiceStore &m_store;
};

} // namespace veil::service
