// The reveal invariant, held in C++: clear pixels of evidence exist only for the one item whose reveal is
// active now, and a reveal starts only once its audit entry is written. QML asks (hold or timed), the guard
// decides; the image provider asks the guard's RevealState before rendering anything clear.
#pragma once

#include "audit/AuditLog.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWindow>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace veil::gui {

// What the image provider reads from its loading thread: which item, if any, may be rendered clear.
class RevealState
{
public:
    bool allowsClear(const QString &itemId) const;
    void set(const QString &itemId);

private:
    mutable QMutex m_mutex;
    QString m_itemId;
};

class RevealGuard : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Reached as Workstation.reveal")

    // The item (or reference look) revealed now; "" when everything is blurred.
    Q_PROPERTY(QString itemId READ itemId NOTIFY changed FINAL)
    // A timed reveal's seconds left (0: none running, or a held reveal).
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY secondsLeftChanged FINAL)
    // Why the last reveal request was refused ("" when it was not).
    Q_PROPERTY(QString refusal READ refusal NOTIFY changed FINAL)
    // Seconds of clear media on screen this session (the break budget counts them).
    Q_PROPERTY(int exposureSeconds READ exposureSeconds NOTIFY exposureChanged FINAL)

public:
    explicit RevealGuard(audit::AuditLog &audit, QObject *parent = nullptr);
    ~RevealGuard() override;

    QString itemId() const { return m_itemId; }
    int secondsLeft() const;
    QString refusal() const { return m_refusal; }
    int exposureSeconds() const { return int(m_exposureMs / 1000); }
    std::shared_ptr<const RevealState> state() const { return m_state; }

    // Space held: revealed until release(). Ends any other reveal first. False (and nothing revealed) when
    // the audit entry could not be written.
    Q_INVOKABLE bool hold(const QString &itemId);
    // The button: revealed for `seconds`, then blurred again by itself.
    Q_INVOKABLE bool timed(const QString &itemId, int seconds);
    // Space released: ends the reveal of that item (a timed one runs on).
    Q_INVOKABLE void release(const QString &itemId);
    // Ends whatever is revealed; the reason goes into the audit entry (released, timer, item_changed,
    // focus_lost, closed, quit).
    Q_INVOKABLE void end(const QString &reason = QStringLiteral("closed"));

signals:
    void changed();
    void secondsLeftChanged();
    void exposureChanged();
    // A reveal ended after durationMs of clear media on screen: exposure.
    void ended(const QString &itemId, qint64 durationMs);

private:
    bool start(const QString &itemId, bool held);

    audit::AuditLog &m_audit;
    std::shared_ptr<RevealState> m_state = std::make_shared<RevealState>();
    QString m_itemId;
    QString m_refusal;
    qint64 m_exposureMs = 0;
    bool m_held = false;
    QElapsedTimer m_clock;
    QTimer m_timer;
    QTimer m_tick;
    QPointer<QWindow> m_focusWindow; // the window that had focus when the reveal began
};

} // namespace veil::gui
