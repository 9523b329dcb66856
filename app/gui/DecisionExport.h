// The decision log's rows as the supervisor filtered them, written out: a file of decisions (CSV or JSON
// Lines, oldest first, as `veil-cli export decisions` writes it) or DSA statements of reasons in checked
// batches. QML: DecisionExport { log: someDecisionLogModel }.
#pragma once

#include "DecisionLogModel.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class DecisionExport : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(veil::gui::DecisionLogModel *log READ log WRITE setLog NOTIFY logChanged FINAL)
    // Where exports go unless the supervisor says otherwise: Documents/veil-exports.
    Q_PROPERTY(QString defaultDir READ defaultDir CONSTANT FINAL)

public:
    using QObject::QObject;

    DecisionLogModel *log() const { return m_log; }
    void setLog(DecisionLogModel *log);
    static QString defaultDir();

    // Each returns one line saying what was written, or why nothing was.
    Q_INVOKABLE QString writeDecisions(const QString &format, const QString &path) const;
    Q_INVOKABLE QString writeStatements(const QString &dir) const;

signals:
    void logChanged();

private:
    QPointer<DecisionLogModel> m_log;
};

} // namespace veil::gui
