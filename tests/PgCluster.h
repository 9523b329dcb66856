// A throwaway PostgreSQL cluster for tests (issue 18): initdb into a temporary directory, a server on a Unix
// socket in that directory only (no TCP port to collide with another run), trust authentication for the
// superuser "veil", stopped and removed with the object. Run as root (CI on a fresh Debian machine), the
// server runs as the "postgres" user the Debian package creates (PostgreSQL refuses to run as root), and
// the directory is handed to that user. The binaries are found with pg_config (libpq-dev).
#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <pwd.h>
#include <unistd.h>

#include <memory>

namespace veil::test {

class PgCluster
{
public:
    PgCluster() = default;
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;
    ~PgCluster() { stop(); }

    // Initialises and starts the cluster; on failure, says why in *error.
    bool start(QString *error)
    {
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/veil-pg-XXXXXX"));
        if (!m_dir->isValid())
            return fail(error, QStringLiteral("no temporary directory"));
        QProcess config;
        config.start(QStringLiteral("pg_config"), {QStringLiteral("--bindir")});
        if (!config.waitForFinished(10000) || config.exitCode() != 0)
            return fail(error, QStringLiteral("pg_config not found (install libpq-dev and postgresql-15)"));
        m_bin = QString::fromLocal8Bit(config.readAllStandardOutput()).trimmed();
        if (!QFileInfo::exists(m_bin + QStringLiteral("/initdb")))
            return fail(error, QStringLiteral("no initdb in %1 (install postgresql-15)").arg(m_bin));
        if (geteuid() == 0) {
            const passwd *pg = getpwnam("postgres");
            if (!pg || chown(QFile::encodeName(m_dir->path()).constData(), pg->pw_uid, pg->pw_gid) != 0)
                return fail(error, QStringLiteral("no postgres user to run the server as"));
            m_runAs = {QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")};
        }
        const QString data = m_dir->filePath(QStringLiteral("data"));
        if (!run(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("veil"),
                  QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--no-locale"), QStringLiteral("--no-sync")},
                 error))
            return false;
        // The socket lives in the directory; listen_addresses '' serves no TCP at all.
        const QString options =
            QStringLiteral("-c listen_addresses='' -k %1 -p 5432 -c max_connections=300").arg(m_dir->path());
        if (!run(QStringLiteral("pg_ctl"),
                 {QStringLiteral("-D"), data, QStringLiteral("-l"),
                  m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"), QStringLiteral("-t"),
                  QStringLiteral("60"), QStringLiteral("-o"), options, QStringLiteral("start")},
                 error))
            return false;
        m_started = true;
        return true;
    }

    // A connection URI for a database of this cluster ("postgres" exists from the start).
    QString uri(const QString &database = QStringLiteral("postgres")) const
    {
        return QStringLiteral("postgresql://veil@/%1?host=%2&port=5432").arg(database, m_dir->path());
    }

    void stop()
    {
        if (!m_started)
            return;
        m_started = false;
        QString ignored;
        run(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
             QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
            &ignored);
    }

private:
    bool run(const QString &tool, const QStringList &arguments, QString *error) const
    {
        QProcess process;
        process.setWorkingDirectory(m_dir->path()); // the server's user may not enter the test's directory
        process.setProcessChannelMode(QProcess::MergedChannels);
        const QString program =
            m_runAs.isEmpty() ? m_bin + QLatin1Char('/') + tool : QStringLiteral("runuser");
        QStringList args = m_runAs;
        if (!m_runAs.isEmpty())
            args << m_bin + QLatin1Char('/') + tool;
        process.start(program, args + arguments);
        if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0)
            return fail(error,
                        QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(process.readAll())));
        return true;
    }
    static bool fail(QString *error, const QString &why)
    {
        if (error)
            *error = why;
        return false;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    QStringList m_runAs;
    bool m_started = false;
};

} // namespace veil::test
