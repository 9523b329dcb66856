// Qt Quick Test for the workstation's QML components (tests/qml/tst_*.qml), each on its own against a real
// Workstation over a workspace made ready without any service (OfflineSeat.h): no network, no service
// process; what a component shows comes from the workspace. The end-to-end tests keep the real service.
#include "DeskSummary.h"
#include "ItemDetails.h"
#include "OfflineSeat.h"
#include "RenditionProvider.h"
#include "Session.h"
#include "Workstation.h"

#include <QApplication>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(VeilPlugin)

using namespace veil;

// Typed values as the Workstation would hand them to a component (Qt 6.4's QML cannot build a C++ value
// type from a JavaScript object): import VeilTest, then Values.earlierChoice(...).
class Values : public QObject
{
    Q_OBJECT

public:
    gui::Workstation *workstation = nullptr;
    sync::SyncEngine *engine = nullptr;

    // The header's sync state as after a good sync (true) or a failed one: components show what they are
    // given, whatever an earlier test's offline push left.
    Q_INVOKABLE void setOnline(bool online) const
    {
        workstation->syncStatus()->setState(online, 0, QStringLiteral("10:00"), {});
    }
    // The policy as before the first fetch (none), or as cached: what a component made before it arrived
    // must follow when it does.
    Q_INVOKABLE void applyPolicy(bool cached) const
    {
        workstation->policy()->apply(cached ? engine->cachedPolicy().value() : QJsonObject());
    }
    // The cached policy with a category or source of that name titled `title` ("" removes it: from the
    // titles and, for a category, from category_labels too): a team's own policy.
    Q_INVOKABLE void applyPolicyTitled(const QString &kind, const QString &name, const QString &title) const
    {
        QJsonObject policy = engine->cachedPolicy().value();
        QJsonObject titles = policy.value(QStringLiteral("titles")).toObject();
        QJsonObject ofKind = titles.value(kind).toObject();
        QJsonObject labels = policy.value(QStringLiteral("category_labels")).toObject();
        if (title.isEmpty()) {
            ofKind.remove(name);
            labels.remove(name);
        } else {
            ofKind.insert(name, QJsonObject{{QStringLiteral("en"), title}});
        }
        titles.insert(kind, ofKind);
        policy.insert(QStringLiteral("titles"), titles);
        policy.insert(QStringLiteral("category_labels"), labels);
        workstation->policy()->apply(policy);
    }
    Q_INVOKABLE veil::gui::EarlierChoice earlierChoice(const QString &decision, const QStringList &labels,
                                                       const QString &outcome = {}) const
    {
        return {decision, labels, outcome};
    }
    Q_INVOKABLE veil::gui::DecisionLogEntry logEntry(const QString &reviewer, const QString &decision,
                                                     const QString &rationale) const
    {
        gui::DecisionLogEntry entry;
        entry.reviewer = reviewer;
        entry.decision = decision;
        entry.rationale = rationale;
        return entry;
    }
    Q_INVOKABLE veil::gui::OriginalVerdict originalVerdict(const QString &decision,
                                                           const QStringList &labels) const
    {
        gui::OriginalVerdict original;
        original.known = true;
        original.decision = decision;
        original.labels = labels;
        return original;
    }
};

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("veil-component-tests"));
        QSettings().clear();
        QQuickStyle::setStyle(QStringLiteral("Fusion")); // the workstation's style (app/gui/main.cpp)
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        if (!m_workstation)
            start();
        // The module's QML types are listed by its qmldir, compiled into the resources at :/Veil.
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->addImageProvider(QStringLiteral("veil"), new gui::RenditionProvider(*m_workstation));
        qmlRegisterSingletonInstance("VeilTest", 1, 0, "Values", &m_values);
    }

    void cleanupTestCase()
    {
        m_workstation.reset();
        m_engine.reset();
        m_workspace.reset();
    }

private:
    void start()
    {
        auto seat = test::offlineSeat(m_dir.filePath(QStringLiteral("ws")), QStringLiteral("qa"), 12);
        if (!seat.ok())
            qFatal("cannot make the offline seat: %s", qPrintable(seat.error().toString()));
        m_workspace = std::move(seat).value();
        m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
        m_workstation = std::make_unique<gui::Workstation>(*m_workspace, *m_engine, false);
        gui::Workstation::setInstance(m_workstation.get());
        m_values.workstation = m_workstation.get();
        m_values.engine = m_engine.get();
        gui::Session::setInstance(&m_session); // the header asks it about the demo: here, none
    }

    QTemporaryDir m_dir;
    Values m_values;
    gui::Session m_session{QString()};
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<sync::SyncEngine> m_engine;
    std::unique_ptr<gui::Workstation> m_workstation;
};

// As the workstation's main: a QApplication, since Qt Charts' QML types (the desk) draw their texts with
// widgets' text items and crash under a QGuiApplication (QUICK_TEST_MAIN's).
int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "components", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_components.moc"
