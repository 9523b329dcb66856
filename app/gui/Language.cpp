#include "Language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>
#include <QSettings>
#include <QTranslator>

namespace veil::gui {

namespace {

const QString languageKey = QStringLiteral("ui/language");

QTranslator &translator()
{
    static QTranslator instance;
    return instance;
}

QString &inUse()
{
    static QString language = QStringLiteral("en");
    return language;
}

} // namespace

Language::Language(QObject *parent) : QObject(parent) {}

QString Language::choice() const
{
    return QSettings().value(languageKey).toString();
}

void Language::setChoice(const QString &choice)
{
    if (choice == this->choice() || (!choice.isEmpty() && !available().contains(choice)))
        return;
    QSettings().setValue(languageKey, choice);
    install();
    if (QQmlEngine *engine = qmlEngine(this))
        engine->retranslate();
    emit changed();
}

QString Language::active() const
{
    return inUse();
}

QString Language::current()
{
    return inUse();
}

QString Language::install()
{
    QString wanted = qEnvironmentVariable("VEIL_LANGUAGE");
    if (wanted.isEmpty())
        wanted = QSettings().value(languageKey).toString();
    const bool chosen = !wanted.isEmpty();
    if (!chosen)
        wanted = QLocale::system().name().left(2);
    QCoreApplication::removeTranslator(&translator());
    inUse() = QStringLiteral("en");
    if (wanted == QLatin1String("de") && translator().load(QStringLiteral(":/i18n/veil_de.qm"))) {
        QCoreApplication::installTranslator(&translator());
        inUse() = QStringLiteral("de");
    }
    // Dates, times and numbers follow the chosen language; with the system's, the system's locale stands.
    if (!chosen)
        QLocale::setDefault(QLocale::system());
    else
        QLocale::setDefault(
            QLocale(current() == QLatin1String("de") ? QStringLiteral("de_DE") : QStringLiteral("en_GB")));
    return inUse();
}

} // namespace veil::gui
