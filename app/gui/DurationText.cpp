#include "DurationText.h"

#include <QLocale>
#include <QVariant>

#include <algorithm>
#include <cstdlib>

namespace veil::gui {

QString DurationText::of(qint64 ms)
{
    const qint64 seconds = std::abs(ms) / 1000;
    const QLocale locale;
    if (seconds >= 3600)
        return tr("%1h%2m", "a duration: hours and two-digit minutes")
            .arg(locale.toString(seconds / 3600),
                 QStringLiteral("%1").arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0')));
    return tr("%1m", "a duration: minutes").arg(locale.toString(std::max<qint64>(seconds / 60, 1)));
}

QString DurationText::format(const QVariant &ms) const
{
    bool ok = false;
    const double value = ms.toDouble(&ok);
    if (!ms.isValid() || ms.isNull() || !ok)
        return tr("n/a", "no duration to show");
    return of(qint64(value));
}

} // namespace veil::gui
