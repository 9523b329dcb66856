// The store a service bench runs on (issue 18): SQLite in its data directory by default, a throwaway
// PostgreSQL cluster with --postgres (tests/PgCluster.h), or an existing database with --database URI.
// Takes those options out of argv, wherever they stand, leaving the positional arguments.
#pragma once

#include "../tests/PgCluster.h"

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <vector>

namespace veil::bench {

class BenchDatabase
{
public:
    // Also takes "--instances K" when `instances` is given. False (and says why) when no cluster starts.
    bool parse(int &argc, char **&argv, int *instances = nullptr)
    {
        bool ownCluster = false;
        m_positional.assign(argv, argv + 1);
        for (int i = 1; i < argc; ++i) {
            const QByteArray arg(argv[i]);
            if (arg == "--postgres")
                ownCluster = true;
            else if (arg == "--database" && i + 1 < argc)
                m_uri = QString::fromLocal8Bit(argv[++i]);
            else if (instances && arg == "--instances" && i + 1 < argc)
                *instances = QByteArray(argv[++i]).toInt();
            else
                m_positional.push_back(argv[i]);
        }
        argc = int(m_positional.size());
        argv = m_positional.data();
        if (!ownCluster)
            return true;
        QString error;
        if (!m_cluster.start(&error)) {
            std::fprintf(stderr, "cannot start PostgreSQL: %s\n", qPrintable(error));
            return false;
        }
        m_uri = m_cluster.uri();
        return true;
    }

    // Empty: SQLite.
    QString uri() const { return m_uri; }

private:
    QString m_uri;
    std::vector<char *> m_positional;
    test::PgCluster m_cluster;
};

} // namespace veil::bench
