// Light or dark, and the few colours that carry meaning (overdue, near target, on time, badges) in a
// shade readable on either. The reviewer picks light, dark or the system's; kept in QSettings. Reached
// from QML as the singleton `Appearance` (each window's engine makes its own; they share the setting).
#pragma once

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class Appearance : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY changed FINAL)
    Q_PROPERTY(bool dark READ isDark NOTIFY changed FINAL)
    // The window's palette.
    Q_PROPERTY(QColor window READ window NOTIFY changed FINAL)
    Q_PROPERTY(QColor windowText READ windowText NOTIFY changed FINAL)
    Q_PROPERTY(QColor base READ base NOTIFY changed FINAL)
    Q_PROPERTY(QColor alternateBase READ alternateBase NOTIFY changed FINAL)
    Q_PROPERTY(QColor text READ text NOTIFY changed FINAL)
    Q_PROPERTY(QColor button READ button NOTIFY changed FINAL)
    Q_PROPERTY(QColor buttonText READ buttonText NOTIFY changed FINAL)
    Q_PROPERTY(QColor highlight READ highlight NOTIFY changed FINAL)
    Q_PROPERTY(QColor highlightedText READ highlightedText NOTIFY changed FINAL)
    Q_PROPERTY(QColor mid READ mid NOTIFY changed FINAL)
    Q_PROPERTY(QColor placeholderText READ placeholderText NOTIFY changed FINAL)
    // Colours with a meaning.
    Q_PROPERTY(QColor danger READ danger NOTIFY changed FINAL)
    Q_PROPERTY(QColor warning READ warning NOTIFY changed FINAL)
    Q_PROPERTY(QColor ok READ ok NOTIFY changed FINAL)
    Q_PROPERTY(QColor muted READ muted NOTIFY changed FINAL)
    Q_PROPERTY(QColor badge READ badge NOTIFY changed FINAL)
    Q_PROPERTY(QColor hashBadge READ hashBadge NOTIFY changed FINAL)

public:
    explicit Appearance(QObject *parent = nullptr);

    // "light", "dark" or "system" (the default: dark when the system's window colour is dark); the
    // environment's VEIL_THEME wins for the run.
    QString theme() const { return m_theme; }
    void setTheme(const QString &theme);
    bool isDark() const;

    QColor window() const { return pick("#f6f6f4", "#1f2023"); }
    QColor windowText() const { return pick("#1c1c1c", "#e6e6e6"); }
    QColor base() const { return pick("#ffffff", "#2a2b2f"); }
    QColor alternateBase() const { return pick("#f0f0ee", "#25262a"); }
    QColor text() const { return pick("#1c1c1c", "#e6e6e6"); }
    QColor button() const { return pick("#e8e8e6", "#3a3b40"); }
    QColor buttonText() const { return pick("#1c1c1c", "#e6e6e6"); }
    QColor highlight() const { return pick("#2f6fb3", "#4f8fd6"); }
    QColor highlightedText() const { return pick("#ffffff", "#ffffff"); }
    QColor mid() const { return pick("#b8b8b6", "#55565c"); }
    QColor placeholderText() const { return pick("#80807e", "#8c8d92"); }
    QColor danger() const { return pick("#b3261e", "#ff8a80"); }
    QColor warning() const { return pick("#a35f00", "#ffb74d"); }
    QColor ok() const { return pick("#2e7d32", "#81c784"); }
    QColor muted() const { return pick("#8a8a8a", "#8c8d92"); }
    QColor badge() const { return pick("#e3e8f4", "#33415c"); }
    QColor hashBadge() const { return pick("#6a1b9a", "#9c4dcc"); }

signals:
    void changed();

private:
    QColor pick(const char *light, const char *dark) const { return QColor(isDark() ? dark : light); }

    QString m_theme;
};

} // namespace veil::gui
