// RFC 8785 JSON Canonicalization Scheme (JCS): one byte-exact serialization per JSON value, so that
// hashes and signatures over JSON (audit chain, device-key signatures) do not depend on who wrote it.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>

namespace veil::json {

// Deepest nesting of arrays/objects canonicalizeText accepts.
inline constexpr int kMaxDepth = 64;

// Canonical UTF-8 bytes of a JSON value per RFC 8785.
// Errors: "json_number" for NaN/Infinity, "json_string" for a string holding a lone surrogate,
// "json_value" for QJsonValue::Undefined.
Result<QByteArray> canonicalize(const QJsonValue &value);
Result<QByteArray> canonicalize(const QJsonObject &object);

// Parses JSON text strictly (rejects: invalid JSON or UTF-8, duplicate object keys at any depth, lone
// surrogates in strings, trailing garbage, nesting deeper than kMaxDepth, input over maxBytes) and
// returns the canonical form.
// Error codes: "json_parse", "json_duplicate_key", "json_too_deep", "json_too_large", and "json_number"
// for a number literal too large for a double (I-JSON).
Result<QByteArray> canonicalizeText(QByteArrayView text, qsizetype maxBytes = 16 * 1024 * 1024);

// ECMAScript Number.prototype.toString formatting of a finite double (RFC 8785 section 3.2.2.3).
// Error: "json_number" for NaN/Infinity.
Result<QByteArray> formatNumber(double value);

} // namespace veil::json
