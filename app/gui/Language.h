// The workstation's language: the system's (the default) or the reviewer's choice, kept in QSettings;
// VEIL_LANGUAGE overrides it for a run. English is the source; the German translation is compiled into
// the program (translations/veil_de.ts, as :/i18n/veil_de.qm). Reached from QML as the singleton
// `Language`; a change applies at once (the engine re-reads every qsTr).
#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class Language : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    // "" (the system's), "en" or "de".
    Q_PROPERTY(QString choice READ choice WRITE setChoice NOTIFY changed FINAL)
    // The language in use now: "en" or "de".
    Q_PROPERTY(QString active READ active NOTIFY changed FINAL)

public:
    explicit Language(QObject *parent = nullptr);

    QString choice() const;
    void setChoice(const QString &choice);
    QString active() const;

    // Installs the translator for the setting (or VEIL_LANGUAGE), and the matching QLocale for dates and
    // numbers when one was chosen; returns the language in use. Called at start, before QML loads.
    static QString install();
    // The language in use ("en" or "de"), for C++ that picks data by language (the policy's titles).
    static QString current();
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("de")}; }

signals:
    void changed();
};

} // namespace veil::gui
