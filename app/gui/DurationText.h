// Every duration the workstation shows, written one way: "3h05m", or "12m" under an hour (at least "1m"),
// in the reviewer's language, numbers through QLocale. The queue's SLA and lease texts use of(); QML
// (the supervisor desk) reaches it as the singleton DurationText.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class DurationText : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    // A duration in milliseconds; a negative one is written as its length.
    static QString of(qint64 ms);
    // For QML, where numbers are doubles (and may be missing: "n/a").
    Q_INVOKABLE QString format(const QVariant &ms) const;
};

} // namespace veil::gui
