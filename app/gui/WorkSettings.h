// The settings a reviewer works under: the team's defaults from the service (team::TeamSettings), and the
// reviewer's own choices (QSettings) where the team leaves them open — the break budget (default 20 min),
// how long a timed reveal lasts (default 10 s), the blur / pixelation strength (1 light, 2 default, 3
// strong) — plus the personal undo grace period (0–60 s, default 10) and how items arrive: how many one
// claim asks for (10–100, default 50) and below how many open items the workstation claims again by itself
// (0 off – 100, default 10; checked after each decision and every minute). A setter does nothing for a
// setting the team fixed. Made by the Workstation; QML reaches it as Workstation.settings.
#pragma once

#include "team/TeamSettings.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class WorkSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.settings")

    Q_PROPERTY(int undoSeconds READ undoSeconds WRITE setUndoSeconds NOTIFY changed FINAL)
    Q_PROPERTY(
        int breakBudgetSeconds READ breakBudgetSeconds WRITE setBreakBudgetSeconds NOTIFY changed FINAL)
    Q_PROPERTY(int revealSeconds READ revealSeconds WRITE setRevealSeconds NOTIFY changed FINAL)
    Q_PROPERTY(int blurStrength READ blurStrength WRITE setBlurStrength NOTIFY changed FINAL)
    Q_PROPERTY(int claimSize READ claimSize WRITE setClaimSize NOTIFY changed FINAL)
    Q_PROPERTY(int refillBelow READ refillBelow WRITE setRefillBelow NOTIFY changed FINAL)
    // Media open in greyscale (the team's default); the settings the team fixed for everyone.
    Q_PROPERTY(bool grayscaleDefault READ grayscaleDefault NOTIFY changed FINAL)
    Q_PROPERTY(QStringList teamLocked READ teamLocked NOTIFY changed FINAL)

public:
    using QObject::QObject;

    // The team's settings as last fetched (defaults and what is fixed), then the reviewer's own choices.
    void apply(const team::TeamSettings &team);
    const team::TeamSettings &team() const { return m_team; }

    int undoSeconds() const { return m_undoSeconds; }
    void setUndoSeconds(int seconds);
    int breakBudgetSeconds() const { return m_breakBudgetSeconds; }
    void setBreakBudgetSeconds(int seconds);
    int revealSeconds() const { return m_revealSeconds; }
    void setRevealSeconds(int seconds);
    int blurStrength() const { return m_blurStrength; }
    void setBlurStrength(int strength);
    int claimSize() const { return m_claimSize; }
    void setClaimSize(int items);
    int refillBelow() const { return m_refillBelow; }
    void setRefillBelow(int items);
    bool grayscaleDefault() const { return m_team.grayscale; }
    QStringList teamLocked() const { return m_teamLocked; }

signals:
    void changed();

private:
    // Stores a reviewer's choice where the team allows it; false when fixed or unchanged.
    bool choose(int &field, int value, const char *teamKey, const QString &settingsKey);

    team::TeamSettings m_team;
    QStringList m_teamLocked;
    int m_undoSeconds = 10;
    int m_breakBudgetSeconds = 20 * 60;
    int m_revealSeconds = 10;
    int m_blurStrength = 2;
    int m_claimSize = 50;
    int m_refillBelow = 10;
};

} // namespace veil::gui
