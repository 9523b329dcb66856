// The EU DSA Transparency Database's statement-of-reasons fields and their allowed values, as versioned
// data (sor-v2.json, from the Commission's API documentation; the values have changed before and will
// again): each field's type, enum values, length and date limits, the always-required fields and the
// conditional rules. A statement is checked against it before export, with one error per bad field.
#pragma once

#include "common/Result.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace veil::dsa {

struct FieldError
{
    QString field;
    QString message;
};

class SorTable
{
public:
    // The table compiled into Veil (":/veil/dsa/sor-v2.json").
    static Result<SorTable> builtIn();
    // A table file of the same shape (a newer version). Error "bad_table" naming what is wrong.
    static Result<SorTable> fromJson(const QByteArray &json);

    QString version() const { return m_version; }
    int maxPerBatch() const { return m_maxPerBatch; }
    bool allows(const QString &field, const QString &value) const;

    // Every problem of one statement: unknown fields, missing required ones, values outside the allowed
    // sets, lengths, patterns, dates and the conditional rules. Empty: the statement is valid.
    QList<FieldError> validate(const QJsonObject &statement) const;

private:
    void checkField(const QString &name, const QJsonValue &value, QList<FieldError> &errors) const;

    QString m_version;
    int m_maxPerBatch = 100;
    QHash<QString, QJsonObject> m_fields;
    QStringList m_required;
    QJsonArray m_conditional;
};

} // namespace veil::dsa
