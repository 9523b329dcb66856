// Light or dark, and the few colours that carry meaning (overdue, near target, on time, badges) in a
// shade readable on either. The reviewer picks light, dark or the system's; kept in QSettings. Reached
// from QML as the singleton `Appearance` (each window's engine makes its own; they share the setting).
#pragma once

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

// The window's palette in one theme, handed to QML whole (ThemedWindow sets the Controls palette from it).
struct WindowColors
{
    Q_GADGET
    QML_VALUE_TYPE(windowColors)
    Q_PROPERTY(QColor window MEMBER window FINAL)
    Q_PROPERTY(QColor windowText MEMBER windowText FINAL)
    Q_PROPERTY(QColor base MEMBER base FINAL)
    Q_PROPERTY(QColor alternateBase MEMBER alternateBase FINAL)
    Q_PROPERTY(QColor text MEMBER text FINAL)
    Q_PROPERTY(QColor button MEMBER button FINAL)
    Q_PROPERTY(QColor buttonText MEMBER buttonText FINAL)
    Q_PROPERTY(QColor highlight MEMBER highlight FINAL)
    Q_PROPERTY(QColor highlightedText MEMBER highlightedText FINAL)
    Q_PROPERTY(QColor mid MEMBER mid FINAL)
    Q_PROPERTY(QColor placeholderText MEMBER placeholderText FINAL)
    // Fusion draws bevels, outlines and check boxes with these.
    Q_PROPERTY(QColor light MEMBER light FINAL)
    Q_PROPERTY(QColor midlight MEMBER midlight FINAL)
    Q_PROPERTY(QColor dark MEMBER dark FINAL)
    Q_PROPERTY(QColor shadow MEMBER shadow FINAL)
    // The queue's current row: a tint, so the row's own colours (a red overdue clock) still read on it.
    Q_PROPERTY(QColor selection MEMBER selection FINAL)

public:
    QColor window, windowText, base, alternateBase, text, button, buttonText, highlight, highlightedText, mid,
        placeholderText, light, midlight, dark, shadow, selection;
    friend bool operator==(const WindowColors &, const WindowColors &) = default;
};

class Appearance : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY changed FINAL)
    Q_PROPERTY(bool dark READ isDark NOTIFY changed FINAL)
    Q_PROPERTY(veil::gui::WindowColors colors READ colors NOTIFY changed FINAL)
    // Colours with a meaning.
    Q_PROPERTY(QColor danger READ danger NOTIFY changed FINAL)
    Q_PROPERTY(QColor warning READ warning NOTIFY changed FINAL)
    Q_PROPERTY(QColor ok READ ok NOTIFY changed FINAL)
    Q_PROPERTY(QColor muted READ muted NOTIFY changed FINAL)
    Q_PROPERTY(QColor badge READ badge NOTIFY changed FINAL)
    Q_PROPERTY(QColor hashBadge READ hashBadge NOTIFY changed FINAL)
    // A control's edge (check boxes, radio buttons): 3:1 against the window at least.
    Q_PROPERTY(QColor outline READ outline NOTIFY changed FINAL)

public:
    explicit Appearance(QObject *parent = nullptr);

    // "light", "dark" or "system" (the default: dark when the system's window colour is dark); the
    // environment's VEIL_THEME wins for the run.
    QString theme() const { return m_theme; }
    void setTheme(const QString &theme);
    bool isDark() const;

    WindowColors colors() const;
    QColor danger() const { return pick("#b3261e", "#ff8a80"); }
    QColor warning() const { return pick("#8a5000", "#ffb74d"); }
    QColor ok() const { return pick("#276b2b", "#81c784"); }
    QColor muted() const { return pick("#62625f", "#a3a4a9"); }
    QColor badge() const { return pick("#e3e8f4", "#33415c"); }
    QColor hashBadge() const { return pick("#6a1b9a", "#9c4dcc"); }
    QColor outline() const { return pick("#767674", "#8c8d92"); }

signals:
    void changed();

private:
    QColor pick(const char *light, const char *dark) const { return QColor(isDark() ? dark : light); }

    QString m_theme;
};

} // namespace veil::gui
