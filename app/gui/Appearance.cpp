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

} // namespace veil::gui
