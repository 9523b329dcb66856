// Internal to core/json: the RFC 8785 emitters both entry points share (CanonicalJson.cpp for QJsonValue,
// StrictParser.cpp for JSON text), so a string or an object member is written one way only.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <utility>
#include <vector>

namespace veil::json::detail {

using Members = std::vector<std::pair<QString, QByteArray>>; // key, canonical value bytes

Error error(const char *code, const QString &message);
void appendUtf8(QByteArray &out, char32_t cp);
// Escapes per RFC 8785 3.2.2.2. Error "json_string" for a lone surrogate.
Result<void> appendString(QByteArray &out, QStringView s);
// Sorts members by UTF-16 key and writes "{...}". Error "json_duplicate_key".
Result<void> appendMembers(QByteArray &out, Members &members);

} // namespace veil::json::detail
