// How a reviewer gets to the queue: first-run setup (service URL, token, a new passphrase — or "Try the
// demo"), the unlock screen, or straight through (--demo, VEIL_PASSPHRASE). Owns the workspace, the sync
// engine and the Workstation once ready; main.cpp then loads the workstation's window. Reached from the
// gate screen as the QML singleton `Session`.
#pragma once

#include "DemoSeats.h"
#include "Workstation.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace veil::gui {

class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged FINAL)
    Q_PROPERTY(QString dataDirectory READ dataDirectory CONSTANT FINAL)
    Q_PROPERTY(bool demo READ isDemo NOTIFY stageChanged FINAL)
    Q_PROPERTY(QStringList demoRoles READ demoRoles CONSTANT FINAL)
    // false in the production `veil`, which is built without the demo: the gate offers no "Try the demo".
    Q_PROPERTY(bool demoAvailable READ demoAvailable CONSTANT FINAL)

public:
    // Setup (no vault yet), Unlock, Enroll (unlocked, but not linked to a service: the service refused the
    // first try, or the link was never made), Ready, or Failed (the data directory cannot be opened).
    enum Stage { Setup, Unlock, Enroll, Ready, Failed };
    Q_ENUM(Stage)

    // dataDir: the workspace to set up or unlock (unused for the demo). startDemo: how to start the demo
    // (veil-demo and the tests pass DemoService::start), or none.
    explicit Session(QString dataDir, DemoStarter startDemo = {}, QObject *parent = nullptr);
    ~Session() override;

    static void setInstance(Session *instance);
    static Session *create(QQmlEngine *, QJSEngine *);

    Stage stage() const { return m_stage; }
    QString dataDirectory() const { return m_dataDir; }
    QString openError() const { return m_openError; }

    // Each returns "" on success (stage becomes "ready"), else one line saying why.
    Q_INVOKABLE QString unlock(const QString &passphrase);
    Q_INVOKABLE QString setUp(const QString &serviceUrl, const QString &token, const QString &passphrase,
                              const QString &repeated);
    // At "enroll": link the unlocked workspace to a service with a reviewer token, then open.
    Q_INVOKABLE QString enroll(const QString &serviceUrl, const QString &token);
    Q_INVOKABLE QString startDemo(int escalations = 60, const QString &role = QStringLiteral("moderator"));
    // Demo only: continue as another demo reviewer (moderator | appeals). The window is rebuilt around
    // the new Workstation (workstationReplaced); the old one is kept until main drops it.
    Q_INVOKABLE QString switchRole(const QString &role);
    void dropRetired() { m_retired.reset(); }

    bool isDemo() const { return m_demo != nullptr; }
    QStringList demoRoles() const { return DemoSeats::roles(); }
    // A role as the reviewer reads it ("Appeals handler"; German "Einsprüche"); the demo's roles with
    // their titles for a choice (valueRole "value", textRole "text").
    Q_INVOKABLE static QString roleTitle(const QString &role);
    Q_INVOKABLE QVariantList demoRoleChoices() const;
    bool demoAvailable() const { return bool(m_startDemo); }

    Workstation *workstation() { return m_workstation.get(); }
    sync::SyncEngine *engine() { return m_demo ? &m_demo->engine() : m_engine.get(); }

signals:
    void stageChanged();
    void ready();
    void workstationReplaced();

private:
    QString finish(Workspace &workspace, sync::SyncEngine &engine, bool demo);
    void setStage(Stage stage);

    QString m_dataDir;
    Stage m_stage = Setup;
    QString m_openError;
    std::unique_ptr<Workspace> m_workspace;
    DemoStarter m_startDemo;
    std::unique_ptr<DemoSeats> m_demo;
    std::unique_ptr<sync::SyncEngine> m_engine;
    std::unique_ptr<Workstation> m_workstation;
    std::unique_ptr<Workstation> m_retired;
};

} // namespace veil::gui
