#include "DecisionExport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace veil::gui {

void DecisionExport::setLog(DecisionLogModel *log)
{
    if (m_log == log)
        return;
    m_log = log;
    emit logChanged();
}

QString DecisionExport::defaultDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
           QStringLiteral("/veil-exports");
}

QString DecisionExport::writeDecisions(const QString &format, const QString &path) const
{
    if (!m_log)
        return tr("Nothing exported: no decision log.");
    // Oldest first in the file, as the CLI writes it.
    const QList<exports::DecisionRecord> rows = m_log->oldestFirst();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return tr("Cannot create the folder for %1.").arg(path);
    // Never over an earlier export (two in the same minute share a stamped name): the next free name.
    auto written = exports::DecisionLog::writeNewFile(rows, format, path);
    if (!written.ok())
        return tr("Nothing exported: %1").arg(written.error().message);
    return tr("%n decision(s) written to %1.", nullptr, int(rows.size())).arg(written.value());
}

QString DecisionExport::writeStatements(const QString &dir) const
{
    if (!m_log || !m_log->workstation())
        return tr("Nothing exported: no workstation.");
    // A folder of its own, never one an earlier export filled: dir, or the first free "dir-2", "dir-3"...
    // (mkdir claims it: two exports at once cannot share one).
    const QString parent = QFileInfo(dir).absolutePath();
    if (!QDir().mkpath(parent))
        return tr("Cannot create the folder for %1.").arg(dir);
    QString target;
    for (int n = 1; n <= 1000 && target.isEmpty(); ++n) {
        const QString candidate = n == 1 ? dir : QStringLiteral("%1-%2").arg(dir).arg(n);
        if (QDir().mkdir(candidate))
            target = candidate;
        else if (!QFileInfo::exists(candidate))
            return tr("Cannot create the folder %1.").arg(candidate); // not taken: refused (permissions)
    }
    if (target.isEmpty())
        return tr("Nothing exported: no free folder name next to %1.").arg(dir);
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto exported = m_log->workstation()->desk()->writeStatements(m_log->oldestFirst(), target);
    if (!exported.ok()) {
        QDir(target).removeRecursively(); // ours, made above: no half-written batch is left behind
        return tr("Nothing exported: %1").arg(exported.error().message);
    }
    return tr("%n statement(s) of reasons in %1 file(s) in %2; %3 decision(s) restricted nothing.", nullptr,
              exported->statements)
        .arg(exported->files.size())
        .arg(target)
        .arg(exported->notRestricting);
}

} // namespace veil::gui
