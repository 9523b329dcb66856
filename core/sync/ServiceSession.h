// The workstation's authenticated line to its moderation service, shared by the parts of a sync
// (LeaseClient, Ingestor, OutboxPusher, FeedPuller): enrollment (device key registered, the service's
// signing key pinned), the link and token read back from the workspace, one ServiceClient, and the
// round's deadline.
#pragma once

#include "link/LinkStore.h"
#include "sync/ServiceClient.h"
#include "workspace/Workspace.h"

#include <QDeadlineTimer>

#include <memory>

namespace veil::sync {

class ServiceSession
{
public:
    // The workspace must be unlocked.
    ServiceSession(Workspace &workspace, ServiceClient::Options clientOptions = {});

    Workspace &workspace() { return m_workspace; }
    Result<link::ServiceLink> enroll(const QUrl &service, const QByteArray &token);
    // Reads the link and unseals the token once; every request goes through the client it makes.
    Result<void> connect();
    // After connect() only.
    ServiceClient &client() { return *m_client; }
    const link::ServiceLink &link() const { return m_link; }
    // Now on the service's clock, as last measured.
    qint64 serviceNowMs() const;

    // A sync round ends by its deadline: downloads still running are given up. Until endRound (or
    // liftDeadline, for the round's small closing requests) every request keeps to it.
    void startRound(int deadlineMs);
    void liftDeadline();
    void endRound();
    const QDeadlineTimer &roundDeadline() const { return m_roundDeadline; }
    // The round's outcome, for the status header (and the clock warning, if the service's time was not
    // taken).
    void recordOutcome(const QString &error);

    // A GET or POST on the service for this workstation's reviewer (supervisors' dashboards, QA
    // re-reviews): the JSON answer.
    Result<QJsonObject> get(const QString &path);
    Result<QJsonObject> post(const QString &path, const QJsonObject &body);

private:
    Workspace &m_workspace;
    ServiceClient::Options m_clientOptions;
    std::unique_ptr<ServiceClient> m_client;
    link::ServiceLink m_link;
    QDeadlineTimer m_roundDeadline = QDeadlineTimer::Forever;
};

} // namespace veil::sync
