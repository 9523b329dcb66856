#include "DeskSummary.h"

namespace veil::gui {

namespace {

AgreementFigure figure(const desk::Agreement &a)
{
    return {a.key, a.n, a.percent, a.kappa.has_value(), a.kappa.value_or(0)};
}

} // namespace

DeskSummary deskSummary(const desk::DeskReport &report)
{
    DeskSummary summary;
    summary.agreement.overall = figure(report.overall);
    for (const desk::Agreement &a : report.byReviewer)
        summary.agreement.reviewers.append(figure(a));
    for (const desk::Disagreement &d : report.disagreements)
        summary.agreement.disagreements.append({d.itemId, d.reviewer, d.decision, d.qaDecision});
    for (const desk::QueueSla &q : report.queues) {
        QueueSlaView view{q.queue,
                          q.open,
                          q.dueSoon,
                          q.breached,
                          q.paused,
                          q.decided,
                          q.medianTimeToDecisionMs.has_value(),
                          double(q.medianTimeToDecisionMs.value_or(0)),
                          {}};
        for (const desk::DurationBucket &b : q.timeToDecision)
            view.timeToDecision.append(b.count);
        if (q.queue == QLatin1String("escalations"))
            summary.sla.escalations = view;
        summary.sla.queues.append(view);
    }
    for (const desk::BreachedItem &b : report.breachedItems)
        summary.sla.breachedItems.append({b.itemId, b.queue, b.priority, double(b.latenessMs), b.heldBy});
    for (const desk::ReviewerPace &p : report.pace)
        summary.sla.pace.append({p.reviewer, p.decisions, p.medianHandlingMs.has_value(),
                                 double(p.medianHandlingMs.value_or(0)), p.perHour.has_value(),
                                 p.perHour.value_or(0)});
    summary.alertCount = int(report.alerts.size());
    for (const desk::AuditAlert &a : report.alerts.mid(0, DeskSummary::ShownAlerts))
        summary.firstAlerts.append({a.deviceId, a.reviewer, a.code, a.message, double(a.atMs)});
    return summary;
}

} // namespace veil::gui
