#include "RevealGuard.h"

#include "common/Log.h"

#include <QGuiApplication>
#include <QJsonObject>
#include <QWindow>

namespace veil::gui {

bool RevealState::allowsClear(const QString &itemId) const
{
    const QMutexLocker lock(&m_mutex);
    return !itemId.isEmpty() && itemId == m_itemId;
}

void RevealState::set(const QString &itemId)
{
    const QMutexLocker lock(&m_mutex);
    m_itemId = itemId;
}

RevealGuard::RevealGuard(audit::AuditLog &audit, QObject *parent) : QObject(parent), m_audit(audit)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // the countdown on screen is exact
    connect(&m_timer, &QTimer::timeout, this, [this] { end(QStringLiteral("timer")); });
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &RevealGuard::secondsLeftChanged);
    connect(this, &RevealGuard::ended, this, [this](const QString &, qint64 ms) {
        m_exposureMs += ms;
        emit exposureChanged();
    });
    // The reviewer looks away (another application, the screen locks): the media blurs at once.
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        connect(app, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
            if (state != Qt::ApplicationActive)
                end(QStringLiteral("focus_lost"));
        });
        // Focus moving to any other window (or to none) ends it too: the reveal belongs to the view that
        // asked for it, and QML's popups live in that same window.
        connect(app, &QGuiApplication::focusWindowChanged, this, [this](QWindow *window) {
            if (m_itemId.isEmpty() || window == m_focusWindow)
                return;
            if (!m_focusWindow && window) {
                m_focusWindow = window; // revealed before any window had focus (at start): now it has
                return;
            }
            end(QStringLiteral("focus_lost"));
        });
    }
}

RevealGuard::~RevealGuard()
{
    end(QStringLiteral("quit"));
}

int RevealGuard::secondsLeft() const
{
    if (m_itemId.isEmpty() || m_held || !m_timer.isActive())
        return 0;
    return int((m_timer.remainingTime() + 999) / 1000);
}

bool RevealGuard::hold(const QString &itemId)
{
    return start(itemId, true);
}

bool RevealGuard::timed(const QString &itemId, int seconds)
{
    if (!start(itemId, false))
        return false;
    m_timer.start(qMax(1, seconds) * 1000);
    m_tick.start();
    emit secondsLeftChanged();
    return true;
}

bool RevealGuard::start(const QString &itemId, bool held)
{
    if (itemId.isEmpty())
        return false;
    if (itemId == m_itemId) {
        m_held = m_held || held;
        return true;
    }
    end(QStringLiteral("item_changed"));
    // Written (committed) before one clear pixel is rendered: a reveal that cannot be audited never happens.
    if (auto written = m_audit.append(
            QStringLiteral("media.reveal"), itemId,
            {{QStringLiteral("phase"), QStringLiteral("start")},
             {QStringLiteral("mode"), held ? QStringLiteral("held") : QStringLiteral("timed")}});
        !written.ok()) {
        qCWarning(lcAudit) << "reveal refused: the audit entry could not be written" << written.error().code;
        m_refusal =
            tr("The media stays blurred: the reveal could not be recorded (%1).").arg(written.error().code);
        emit changed();
        return false;
    }
    m_refusal.clear();
    m_itemId = itemId;
    m_focusWindow = QGuiApplication::focusWindow();
    m_held = held;
    m_clock.start();
    m_state->set(itemId);
    emit changed();
    return true;
}

void RevealGuard::release(const QString &itemId)
{
    if (!m_itemId.isEmpty() && itemId == m_itemId && m_held)
        end(QStringLiteral("released"));
}

void RevealGuard::end(const QString &reason)
{
    if (m_itemId.isEmpty())
        return;
    m_state->set({}); // blurred from this moment, whatever the audit write below does
    const QString itemId = m_itemId;
    const qint64 ms = m_clock.elapsed();
    m_itemId.clear();
    m_held = false;
    m_timer.stop();
    m_tick.stop();
    if (auto written = m_audit.append(QStringLiteral("media.reveal"), itemId,
                                      {{QStringLiteral("phase"), QStringLiteral("end")},
                                       {QStringLiteral("duration_ms"), double(ms)},
                                       {QStringLiteral("ended_by"), reason}});
        !written.ok())
        qCWarning(lcAudit) << "the end of a reveal was not recorded" << written.error().code;
    emit changed();
    emit secondsLeftChanged();
    emit ended(itemId, ms);
}

} // namespace veil::gui
