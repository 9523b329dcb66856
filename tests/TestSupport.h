// Small helpers shared by the test suites.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <sys/resource.h>

namespace veil::test {

inline QString dataPath(const QString &name)
{
    return QStringLiteral(VEIL_TEST_DATA "/") + name;
}

inline QJsonObject loadJson(const QString &name)
{
    QFile file(dataPath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data file %s", qPrintable(name));
    return QJsonDocument::fromJson(file.readAll()).object();
}

inline QByteArray hex(const QJsonValue &value)
{
    return QByteArray::fromHex(value.toString().toLatin1());
}

// A file's bytes; the test stops when it is missing.
inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test file %s", qPrintable(path));
    return file.readAll();
}

// The process's peak resident memory so far, in KiB.
inline long maxRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// True when any file below dir contains needle: used to prove plaintext never reaches the disk.
bool treeContains(const QString &dir, const QByteArray &needle);

} // namespace veil::test

#include <QDirIterator>

inline bool veil::test::treeContains(const QString &dir, const QByteArray &needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}
