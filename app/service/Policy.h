// The reference service's default policy document: decision types (in the order the workstation's
// 1-6 keys use), the label taxonomy for generative-image abuse, SLA targets and retention.
#pragma once

#include <QJsonObject>

namespace veil::service {

QJsonObject defaultPolicy();
bool policyHasDecision(const QJsonObject &policy, const QString &decision);
bool policyHasLabel(const QJsonObject &policy, const QString &label);
bool decisionNeedsLabel(const QJsonObject &policy, const QString &decision);
bool policyHasSkipReason(const QJsonObject &policy, const QString &reason);

} // namespace veil::service
