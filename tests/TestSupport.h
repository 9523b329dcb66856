// Small helpers shared by the test suites.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

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
