// The German translation is complete and sound: every message of translations/veil_de.ts is translated
// (none unfinished, none empty), keeps the source's placeholders (%1..%9, %n) so no value is lost or
// misplaced, and the compiled catalogue inside the program is the one Language installs.
#include "Language.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%[1-9n]"));
    QSet<QString> found;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // settings not in the user's home

    void germanIsCompleteAndKeepsEveryPlaceholder()
    {
        QFile file(QStringLiteral(VEIL_TS_FILE));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString context, source;
        int messages = 0;
        QStringList problems;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("source"))
                source = xml.readElementText();
            else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                if (!type.isEmpty())
                    problems << QStringLiteral("%1: \"%2\" is %3").arg(context, source, type);
                QStringList forms;
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                forms << text;
                if (text.trimmed().isEmpty())
                    problems << QStringLiteral("%1: \"%2\" has no translation").arg(context, source);
                else if (placeholders(text) != placeholders(source))
                    problems << QStringLiteral("%1: \"%2\" -> \"%3\" changes the placeholders")
                                    .arg(context, source, text);
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 250);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void theCompiledCatalogueIsInstalledForGerman()
    {
        QSettings().remove(QStringLiteral("ui/language"));
        qputenv("VEIL_LANGUAGE", "de");
        QCOMPARE(veil::gui::Language::install(), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("StatusHeader", "Sync"), QStringLiteral("Abgleichen"));
        QCOMPARE(QCoreApplication::translate("StatusHeader", "%n overdue", nullptr, 3),
                 QStringLiteral("3 überfällig"));
        QCOMPARE(QLocale().language(), QLocale::German);
        // One English word, two meanings: a light theme is "Hell", a light blur is "Schwach".
        QCOMPARE(QCoreApplication::translate("ReviewerSettings", "Light", "appearance: a light theme"),
                 QStringLiteral("Hell"));
        QCOMPARE(QCoreApplication::translate("ReviewerSettings", "Light", "blur strength: weak"),
                 QStringLiteral("Schwach"));
        qputenv("VEIL_LANGUAGE", "en");
        QCOMPARE(veil::gui::Language::install(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("StatusHeader", "Sync"), QStringLiteral("Sync"));
        // The reviewer's choice, kept in the settings, when the environment says nothing.
        qunsetenv("VEIL_LANGUAGE");
        veil::gui::Language language;
        language.setChoice(QStringLiteral("de"));
        QCOMPARE(language.active(), QStringLiteral("de"));
        QCOMPARE(language.choice(), QStringLiteral("de"));
        language.setChoice(QStringLiteral("fr")); // not offered: ignored
        QCOMPARE(language.choice(), QStringLiteral("de"));
        language.setChoice({});
        QCOMPARE(language.choice(), QString());
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
