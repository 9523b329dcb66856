#pragma once

#include <QString>

namespace veil::protocol {

// RFC 9562 UUID version 7: 48-bit Unix milliseconds, then random bits. Time-ordered, so verdict ids
// sort by creation, and random enough that two devices never collide.
QString newUuid7(qint64 unixMs);
QString newUuid7();
bool isUuid7(const QString &text);

} // namespace veil::protocol
