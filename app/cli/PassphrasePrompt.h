#pragma once

#include <QByteArray>
#include <QString>

namespace veil::cli {

// VEIL_PASSPHRASE if set; otherwise a prompt on the terminal with echo off (or one line of stdin when
// it is not a terminal). The caller wipes the returned bytes.
QByteArray readPassphrase(const QString &prompt, bool confirm);
void wipe(QByteArray &secret);

} // namespace veil::cli
