// What the policy document says a decision may carry, checked the same way by the workstation before it
// signs and by the service before it accepts: a verdict is coherent whatever the UI did.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace veil::protocol {

// Whether a decision type carries policy labels at all: the type's "takes_labels", else its
// "requires_label" (a type that restricts nothing — no_violation, escalate — names no violation).
bool decisionTakesLabels(const QJsonObject &policy, const QString &decision);
bool decisionRequiresLabel(const QJsonObject &policy, const QString &decision);

// Checks a decision and its labels against the policy: a known decision type, known labels, no label on
// a type that takes none, at least one where the type requires it. Error "invalid_decision" saying what.
Result<void> checkDecisionLabels(const QJsonObject &policy, const QString &decision,
                                 const QStringList &labels);

// The label a reviewer most likely means for an item, suggested (never applied unseen): the policy's
// "category_labels" for the item's category, else the category itself where it names a label, else the
// label of the highest classifier score at or over "score_label_threshold" ("score_labels"). Empty: none.
QString suggestedLabel(const QJsonObject &policy, const QString &category, const QJsonObject &scores);

} // namespace veil::protocol
