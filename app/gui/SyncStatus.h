// Where the workstation stands with its service, as the status header reads it (Workstation.syncStatus):
// online or not, verdicts waiting in the outbox and those the service refused, the last sync and the last
// problem in plain words, and a round's progress. The Workstation keeps it up to date; QML asks for a round
// with requestSync.
#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

// A verdict the service rejected or found in conflict, with what happened in plain words. Kept, never
// dropped.
struct UnsettledVerdict
{
    Q_GADGET
    QML_VALUE_TYPE(unsettledVerdict)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString verdictId MEMBER verdictId FINAL)
    Q_PROPERTY(bool rejected MEMBER rejected FINAL)
    Q_PROPERTY(QString reason MEMBER reason FINAL)
    Q_PROPERTY(QString advice MEMBER advice FINAL)
public:
    QString itemId;
    QString verdictId;
    bool rejected = false; // else in conflict
    QString reason;        // the service's
    QString advice;        // what the reviewer can do

    friend bool operator==(const UnsettledVerdict &, const UnsettledVerdict &) = default;
};

class SyncStatus : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.syncStatus")

    Q_PROPERTY(bool online READ isOnline NOTIFY stateChanged FINAL)
    Q_PROPERTY(int outboxPending READ outboxPending NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString lastSync READ lastSync NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString lastError READ lastError NOTIFY stateChanged FINAL)
    // Verdicts the service rejected or found in conflict.
    Q_PROPERTY(
        QList<veil::gui::UnsettledVerdict> unsettledVerdicts READ unsettledVerdicts NOTIFY stateChanged FINAL)
    // A round in progress, and how far its ingest is (done of total leased items; total 0 while claiming).
    Q_PROPERTY(bool syncing READ isSyncing NOTIFY progressChanged FINAL)
    Q_PROPERTY(int done READ done NOTIFY progressChanged FINAL)
    Q_PROPERTY(int total READ total NOTIFY progressChanged FINAL)

public:
    using QObject::QObject;

    bool isOnline() const { return m_online; }
    int outboxPending() const { return m_outboxPending; }
    QString lastSync() const { return m_lastSync; }
    QString lastError() const { return m_lastError; }
    QList<UnsettledVerdict> unsettledVerdicts() const { return m_unsettled; }
    bool isSyncing() const { return m_syncing; }
    int done() const { return m_done; }
    int total() const { return m_total; }

    // A sync round now (push, give back skips, claim, ingest); one already running is not started twice.
    Q_INVOKABLE void requestSync() { emit syncRequested(); }

    // The Workstation's side.
    void setState(bool online, int outboxPending, const QString &lastSync,
                  const QList<UnsettledVerdict> &unsettled);
    void setLastError(const QString &error);
    void setProgress(bool syncing, int done, int total);

signals:
    void stateChanged();
    void progressChanged();
    void syncRequested();

private:
    bool m_online = false;
    int m_outboxPending = 0;
    QString m_lastSync;
    QString m_lastError;
    QList<UnsettledVerdict> m_unsettled;
    bool m_syncing = false;
    int m_done = 0;
    int m_total = 0;
};

} // namespace veil::gui
