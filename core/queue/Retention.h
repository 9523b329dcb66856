// How long evidence stays on a reviewer's disk once its item is off the queue: the policy's "retention"
// (default_days after the decision; reported_days when the decision reported the content onwards; never
// automatically for a category under legal hold). Past it, the item's evidence is crypto-shredded
// (vault::Vault::shredItem) and audited as "evidence.retention"; the item's metadata and verdict stay.
#pragma once

#include "workspace/Workspace.h"

#include <QJsonObject>

namespace veil::queue {

struct RetentionRules
{
    int defaultDays = 30;
    int reportedDays = 365;
    QStringList legalHoldCategories;

    // From the policy's "retention" section. Error "bad_policy" naming the field; missing: the defaults.
    static Result<RetentionRules> fromPolicy(const QJsonObject &policy);
};

class Retention
{
public:
    explicit Retention(Workspace &workspace) : m_workspace(workspace) {}

    // Shreds the evidence of every decided or given-back item whose retention ran out at nowMs (local
    // time: retention is about this disk); returns how many were shredded. Open items are never touched.
    Result<int> sweep(const RetentionRules &rules, qint64 nowMs);

private:
    Workspace &m_workspace;
};

} // namespace veil::queue
