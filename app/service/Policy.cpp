// The default policy is a file, resources/policy/default-policy.json, compiled into the service: an
// operator reads it (or 'veil-service policy show') to start a policy of their own.
#include "Policy.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {

bool containsName(const QJsonArray &list, const QString &name)
{
    for (const QJsonValue &entry : list)
        if (entry.toObject().value(QStringLiteral("name")).toString() == name)
            return true;
    return false;
}

} // namespace

QJsonObject defaultPolicy()
{
    // Parsed once: every service and test asks for it, and the file cannot change under a running binary.
    static const QJsonObject policy = [] {
        QFile file(QStringLiteral(":/veil/policy/default-policy.json"));
        const bool opened = file.open(QIODevice::ReadOnly);
        Q_ASSERT_X(opened, "defaultPolicy", "the policy resource is built into veilservice");
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        Q_ASSERT_X(error.error == QJsonParseError::NoError && doc.isObject(), "defaultPolicy",
                   "resources/policy/default-policy.json is one JSON object");
        return doc.object();
    }();
    return policy;
}

bool policyHasDecision(const QJsonObject &policy, const QString &name)
{
    return containsName(policy.value(QStringLiteral("decision_types")).toArray(), name);
}

bool policyHasLabel(const QJsonObject &policy, const QString &name)
{
    return containsName(policy.value(QStringLiteral("labels")).toArray(), name);
}

bool policyHasSkipReason(const QJsonObject &policy, const QString &reason)
{
    return policy.value(QStringLiteral("skip_reasons")).toArray().contains(QJsonValue(reason));
}

} // namespace veil::service
