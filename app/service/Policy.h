// The reference service's default policy document: decision types (in the order the workstation's
// 1-6 keys use), the label taxonomy for generative-image abuse, SLA targets and retention.
#pragma once

#include "common/Result.h"

#include <QJsonObject>

namespace veil::service {

QJsonObject defaultPolicy();
bool policyHasDecision(const QJsonObject &policy, const QString &decision);
bool policyHasLabel(const QJsonObject &policy, const QString &label);
bool policyHasSkipReason(const QJsonObject &policy, const QString &reason);

// A policy document an operator supplies (veil-service --policy FILE; PolicyCheck.cpp), checked before the
// service serves it: decision types and labels (named, unique, at most nine decision types for the
// number keys; requires_label and takes_labels booleans that agree), the labels category_labels and
// score_labels suggest (labels of the policy; score_label_threshold in [0, 1]), skip reasons, SLA targets
// and pauses (sla::SlaClock), the DSA mapping (dsa::StatementBuilder, every restricting decision's labels
// mapped), an appeal window of at least six months (DSA Art. 20) and a QA sample rate in [0, 1]. Error
// "bad_policy" naming the first problem.
Result<void> checkPolicy(const QJsonObject &policy);
// Reads and checks a policy file. Errors "io_error", "bad_policy".
Result<QJsonObject> loadPolicy(const QString &path);

} // namespace veil::service
