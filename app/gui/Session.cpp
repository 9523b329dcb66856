#include "Session.h"

#include <QJSEngine>
#include <QUrl>

namespace veil::gui {

namespace {

Session *s_instance = nullptr;

// Passphrases cross from QML as QString; the UTF-8 copy we hand to core is wiped after use.
struct Utf8Secret
{
    explicit Utf8Secret(const QString &text) : bytes(text.toUtf8()) {}
    ~Utf8Secret() { bytes.fill('\0'); }
    QByteArray bytes;
};

} // namespace

Session::Session(QString dataDir, DemoStarter startDemo, QObject *parent)
    : QObject(parent), m_dataDir(std::move(dataDir)), m_startDemo(std::move(startDemo))
{
    if (m_dataDir.isEmpty()) { // the demo needs no data directory of the reviewer's
        m_stage = Setup;
        return;
    }
    auto opened = Workspace::open(m_dataDir, true);
    if (!opened.ok()) {
        m_openError = opened.error().message;
        m_stage = Failed;
        return;
    }
    m_workspace = std::move(opened).value();
    m_stage = m_workspace->hasVault() ? Unlock : Setup;
}

Session::~Session() = default;

void Session::setInstance(Session *instance)
{
    s_instance = instance;
}

Session *Session::create(QQmlEngine *, QJSEngine *)
{
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void Session::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    emit stageChanged();
    if (stage == Ready)
        emit ready();
}

QString Session::finish(Workspace &workspace, sync::SyncEngine &engine, bool demo)
{
    m_workstation = std::make_unique<Workstation>(workspace, engine, demo);
    Workstation::setInstance(m_workstation.get());
    m_workstation->sync(); // in the background: the queue opens on what is stored
    setStage(Ready);
    return {};
}

QString Session::unlock(const QString &passphrase)
{
    if (m_stage != Unlock || !m_workspace)
        return tr("Nothing to unlock here.");
    Utf8Secret secret(passphrase);
    if (auto unlocked = m_workspace->unlock(secret.bytes); !unlocked.ok())
        return unlocked.error().code == QLatin1String("wrong_passphrase") ? tr("Wrong passphrase.")
                                                                          : unlocked.error().message;
    m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
    if (auto link = m_engine->link(); !link.ok() && link.error().code == QLatin1String("not_enrolled")) {
        setStage(Enroll);
        return {};
    }
    return finish(*m_workspace, *m_engine, false);
}

namespace {

// "" when the address and token can be tried, else what to fix.
QString checkServiceFields(const QUrl &url, const QString &token)
{
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return Session::tr("Enter the service address, like https://moderation.example.org.");
    if (token.trimmed().isEmpty())
        return Session::tr("Enter the reviewer token your supervisor gave you.");
    return {};
}

} // namespace

QString Session::enroll(const QString &serviceUrl, const QString &token)
{
    if (m_stage != Enroll || !m_engine)
        return tr("This workstation is not waiting to be linked.");
    const QUrl url(serviceUrl.trimmed());
    if (const QString wrong = checkServiceFields(url, token); !wrong.isEmpty())
        return wrong;
    if (auto enrolled = m_engine->enroll(url, token.trimmed().toUtf8()); !enrolled.ok())
        return tr("The service refused this workstation: %1").arg(enrolled.error().message);
    return finish(*m_workspace, *m_engine, false);
}

QString Session::setUp(const QString &serviceUrl, const QString &token, const QString &passphrase,
                       const QString &repeated)
{
    if (m_stage != Setup || !m_workspace)
        return tr("This workstation is already set up, or has no data directory.");
    const QUrl url(serviceUrl.trimmed());
    if (const QString wrong = checkServiceFields(url, token); !wrong.isEmpty())
        return wrong;
    if (passphrase.size() < 12)
        return tr("Choose a passphrase of at least 12 characters.");
    if (passphrase != repeated)
        return tr("The two passphrases differ.");
    Utf8Secret secret(passphrase);
    if (auto created = m_workspace->initialize(secret.bytes); !created.ok())
        return created.error().message;
    m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
    if (auto enrolled = m_engine->enroll(url, token.trimmed().toUtf8()); !enrolled.ok()) {
        // The vault exists now (and is unlocked); the link does not: the gate asks for the address and
        // token again, without the passphrase.
        setStage(Enroll);
        return tr("Your passphrase is set, but the service refused this workstation: %1. Check the address "
                  "and token, then connect again.")
            .arg(enrolled.error().message);
    }
    return finish(*m_workspace, *m_engine, false);
}

QString Session::startDemo(int escalations, const QString &role)
{
    if (!m_startDemo)
        return tr("This build has no demo: run veil-demo.");
    auto demo = m_startDemo(escalations);
    if (!demo.ok())
        return tr("The demo could not start: %1").arg(demo.error().message);
    m_demo = std::move(demo).value();
    if (auto used = m_demo->useRole(role); !used.ok())
        return used.error().message;
    return finish(m_demo->workspace(), m_demo->engine(), true);
}

QString Session::roleTitle(const QString &role)
{
    if (role == QLatin1String("moderator"))
        return tr("Moderator", "a role");
    if (role == QLatin1String("appeals"))
        return tr("Appeals handler", "a role");
    if (role == QLatin1String("supervisor"))
        return tr("Supervisor", "a role");
    return role;
}

QVariantList Session::demoRoleChoices() const
{
    QVariantList choices;
    for (const QString &role : DemoSeats::roles())
        choices.append(
            QVariantMap{{QStringLiteral("value"), role}, {QStringLiteral("text"), roleTitle(role)}});
    return choices;
}

QString Session::switchRole(const QString &role)
{
    if (!m_demo)
        return tr("Roles switch only in the demo.");
    if (role == m_demo->role())
        return {};
    if (auto used = m_demo->useRole(role); !used.ok())
        return used.error().message;
    m_retired = std::move(m_workstation);
    m_workstation = std::make_unique<Workstation>(m_demo->workspace(), m_demo->engine(), true);
    Workstation::setInstance(m_workstation.get());
    m_workstation->sync();
    emit workstationReplaced();
    return {};
}

} // namespace veil::gui
