#include "LocaleText.h"

#include "DurationText.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace veil::gui {

QString LocaleText::decimal(double value, int decimals)
{
    if (!std::isfinite(value))
        return tr("n/a", "no number to show");
    return QLocale().toString(value, 'f', std::clamp(decimals, 0, 6));
}

QString LocaleText::percent(double percent)
{
    if (!std::isfinite(percent))
        return tr("n/a", "no number to show");
    // English writes 76.9%, German 76,9 % (DIN 5008): the translation carries the space.
    return tr("%1%", "a percentage").arg(QLocale().toString(percent, 'f', 1));
}

QString LocaleText::moment(double msSinceEpoch)
{
    if (!(msSinceEpoch > 0) || msSinceEpoch > 1e15) // none, NaN, or past any date a clock gives
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(msSinceEpoch)).toLocalTime(),
                              QLocale::ShortFormat);
}

QString LocaleText::isoMoment(const QString &iso)
{
    QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(iso, Qt::ISODate);
    if (!at.isValid())
        return iso.left(40).replace(QLatin1Char('<'),
                                    QChar(0x2039)); // as it came, never a wall of text or markup
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}

QString LocaleText::shortDuration(double ms)
{
    if (!std::isfinite(ms) || ms < 0)
        return tr("n/a", "no number to show");
    // A pace reads in seconds: under ten minutes the seconds stay (1m59s, not "1m").
    const qint64 seconds = qRound64(ms / 1000);
    if (seconds < 60)
        return tr("%1 s", "a duration in seconds").arg(QLocale().toString(seconds));
    if (seconds < 600)
        return tr("%1m%2s", "a duration: minutes and two-digit seconds")
            .arg(QLocale().toString(seconds / 60),
                 QStringLiteral("%1").arg(seconds % 60, 2, 10, QLatin1Char('0')));
    return DurationText::of(seconds * 1000); // rounded as above: 599.6 s is 10m, not 9m
}

int LocaleText::displayPriority(int wirePriority)
{
    return 3 - std::clamp(wirePriority, 0, 3);
}

QString LocaleText::priority(int wirePriority)
{
    return tr("P%1", "a priority: P0 is the most urgent").arg(displayPriority(wirePriority));
}

} // namespace veil::gui
