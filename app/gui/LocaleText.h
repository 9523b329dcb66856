// Numbers, times and priorities as the reviewer reads them: in the language's own way ("0,91", "76,9 %",
// "04.12.26, 17:41" in German), through QLocale (Language sets its default). The queue's rows use it from
// C++; QML reaches it as the singleton LocaleText.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class LocaleText : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    // A number with that many decimals.
    Q_INVOKABLE static QString decimal(double value, int decimals);
    // A percentage already scaled to 0-100, with one decimal.
    Q_INVOKABLE static QString percent(double percent);
    // A moment (ms since the epoch, or an ISO 8601 text) in local time, short; "" for none or nonsense.
    Q_INVOKABLE static QString moment(double msSinceEpoch); // a double: QML's numbers
    Q_INVOKABLE static QString isoMoment(const QString &iso);
    // The service sends priority 0 (normal) to 3 (urgent); a person reads P0 as the most urgent, as in
    // every incident tool, so the wire's 3 is shown as P0.
    Q_INVOKABLE static QString priority(int wirePriority);
    static int displayPriority(int wirePriority);
    // A short duration as a person times a task: "45 s" under a minute, else as DurationText ("3m").
    Q_INVOKABLE static QString shortDuration(double ms);
};

} // namespace veil::gui
