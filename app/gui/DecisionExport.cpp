#include "DecisionExport.h"

#include <QDir>
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
    auto written = exports::DecisionLog::writeFile(rows, format, path);
    if (!written.ok())
        return tr("Nothing exported: %1").arg(written.error().message);
    return tr("%n decision(s) written to %1.", nullptr, int(rows.size())).arg(path);
}

QString DecisionExport::writeStatements(const QString &dir) const
{
    if (!m_log || !m_log->workstation())
        return tr("Nothing exported: no workstation.");
    auto exported = m_log->workstation()->desk()->writeStatements(m_log->oldestFirst(), dir);
    if (!exported.ok())
        return tr("Nothing exported: %1").arg(exported.error().message);
    return tr("%n statement(s) of reasons in %1 file(s) in %2; %3 decision(s) restricted nothing.", nullptr,
              exported->statements)
        .arg(exported->files.size())
        .arg(dir)
        .arg(exported->notRestricting);
}

} // namespace veil::gui
