#include "Appearance.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSettings>

namespace veil::gui {

namespace {

const QStringList themes{QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")};

} // namespace

Appearance::Appearance(QObject *parent) : QObject(parent)
{
    // VEIL_THEME overrides the setting for one run (scripted screenshots) without changing it.
    const QString forced = qEnvironmentVariable("VEIL_THEME");
    const QString saved = QSettings().value(QStringLiteral("appearance/theme")).toString();
    m_theme = themes.contains(forced) ? forced : themes.contains(saved) ? saved : QStringLiteral("system");
}

void Appearance::setTheme(const QString &theme)
{
    if (!themes.contains(theme) || theme == m_theme)
        return;
    m_theme = theme;
    QSettings().setValue(QStringLiteral("appearance/theme"), theme);
    emit changed();
}

bool Appearance::isDark() const
{
    if (m_theme != QLatin1String("system"))
        return m_theme == QLatin1String("dark");
    // Qt 6.4 has no colour-scheme hint yet: the platform palette's window colour tells.
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

WindowColors Appearance::colors() const
{
    WindowColors c;
    c.window = pick("#f6f6f4", "#1f2023");
    c.windowText = pick("#1c1c1c", "#e6e6e6");
    c.base = pick("#ffffff", "#2a2b2f");
    c.alternateBase = pick("#f0f0ee", "#25262a");
    c.text = pick("#1c1c1c", "#e6e6e6");
    c.button = pick("#e8e8e6", "#3a3b40");
    c.buttonText = pick("#1c1c1c", "#e6e6e6");
    c.highlight = pick("#2f6fb3", "#3474bd"); // white on it 4.8:1 and more
    c.highlightedText = pick("#ffffff", "#ffffff");
    c.mid = pick("#b8b8b6", "#55565c");
    c.placeholderText = pick("#6b6b69", "#a3a4a9");
    c.light = pick("#ffffff", "#4a4b51");
    c.midlight = pick("#f2f2f0", "#404146");
    c.dark = pick("#8e8e8c", "#121315");
    c.shadow = pick("#5c5c5a", "#000000");
    c.selection = pick("#d4e3f5", "#253a56");
    return c;
}

} // namespace veil::gui
