// Qt Quick Test for the workstation's QML components (tests/qml/tst_*.qml), each on its own against a real
// Workstation: the reference service in-process on loopback, a real workspace, one sync before the tests.
#include "DeskSummary.h"
#include "HttpFrontend.h"
#include "ItemDetails.h"
#include "RenditionProvider.h"
#include "Seeder.h"
#include "ServiceApi.h"
#include "Session.h"
#include "Workstation.h"
#include "servicestore/ServiceStore.h"

#include <QQmlEngine>
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
        m_http.reset();
        m_api.reset();
        m_store.reset();
    }

private:
    void start()
    {
        m_store = std::move(service::ServiceStore::open(m_dir.filePath(QStringLiteral("svc"))).value());
        (void)service::seedEscalations(*m_store, 12, 3, QDateTime::currentMSecsSinceEpoch());
        m_api = std::make_unique<service::ServiceApi>(*m_store);
        m_http = std::make_unique<service::HttpFrontend>(*m_api);
        const quint16 port = m_http->listen(QHostAddress::LocalHost, 0).value();
        m_workspace = std::move(Workspace::open(m_dir.filePath(QStringLiteral("ws")), true).value());
        (void)m_workspace->initialize("component tests");
        m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
        const QByteArray token =
            m_store->createToken(QStringLiteral("qa"), QStringLiteral("moderator")).value().toLatin1();
        (void)m_engine->enroll(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), token);
        m_workstation = std::make_unique<gui::Workstation>(*m_workspace, *m_engine, false);
        gui::Workstation::setInstance(m_workstation.get());
        gui::Session::setInstance(&m_session); // the header asks it about the demo: here, none
        QSignalSpy synced(m_workstation.get(), &gui::Workstation::syncFinished);
        m_workstation->sync();
        if (!synced.wait(60000))
            qFatal("the first sync did not finish");
    }

    QTemporaryDir m_dir;
    Values m_values;
    gui::Session m_session{QString()};
    std::unique_ptr<service::ServiceStore> m_store;
    std::unique_ptr<service::ServiceApi> m_api;
    std::unique_ptr<service::HttpFrontend> m_http;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<sync::SyncEngine> m_engine;
    std::unique_ptr<gui::Workstation> m_workstation;
};

QUICK_TEST_MAIN_WITH_SETUP(components, Setup)

#include "tst_components.moc"
