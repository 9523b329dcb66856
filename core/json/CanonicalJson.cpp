// RFC 8785 canonicalization. Both entry points share the same emitters (strings, numbers, sorted objects);
// canonicalizeText has its own strict parser because QJsonDocument silently accepts duplicate keys and
// lone surrogates, both of which would let two different-looking documents share one hash.
#include "json/CanonicalJson.h"

#include "json/JcsEmit.h"

#include <QJsonArray>
#include <QString>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace veil::json {
namespace detail {

Error error(const char *code, const QString &message)
{
    return makeError(QString::fromLatin1(code), message);
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
        return;
    }
    static constexpr unsigned char kLead[] = {0, 0xC0, 0xE0, 0xF0};
    const int extra = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3; // continuation bytes
    out.append(char(kLead[extra] | (cp >> (6 * extra))));
    for (int shift = 6 * (extra - 1); shift >= 0; shift -= 6)
        out.append(char(0x80 | ((cp >> shift) & 0x3F)));
}

// RFC 8785 3.2.2.2: escape only '"', '\' and C0 controls (short forms where JSON has them, else
// lowercase \u00xx); everything else, including U+007F and U+2028, is literal UTF-8.
Result<void> appendString(QByteArray &out, QStringView s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    static constexpr char kShort[] = "btn?fr"; // U+0008..U+000D; U+000B has no short form
    const char16_t *u = s.utf16();
    out.append('"');
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = u[i];
        if (c == u'"' || c == u'\\') {
            out.append('\\').append(char(c));
        } else if (c >= 0x08 && c <= 0x0D && c != 0x0B) {
            out.append('\\').append(kShort[c - 0x08]);
        } else if (c < 0x20) {
            out.append("\\u00").append(kHex[c >> 4]).append(kHex[c & 0xF]);
        } else if (QChar::isHighSurrogate(c) && i + 1 < s.size() && QChar::isLowSurrogate(u[i + 1])) {
            appendUtf8(out, QChar::surrogateToUcs4(c, u[i + 1]));
            ++i;
        } else if (QChar::isSurrogate(c)) {
            // Not representable in UTF-8; substituting U+FFFD would make distinct strings hash alike.
            return error("json_string", QStringLiteral("string contains a lone surrogate"));
        } else {
            appendUtf8(out, c);
        }
    }
    out.append('"');
    return success();
}

// RFC 8785 3.2.3: members sort by key as arrays of UTF-16 code units (not code points, not locale).
// Spelled out rather than relying on QString::operator< so the order cannot drift with Qt internals.
// Sorting also makes duplicate keys adjacent; keys are compared unescaped, so "a" and "\u0061" collide.
Result<void> appendMembers(QByteArray &out, Members &members)
{
    std::sort(members.begin(), members.end(), [](const auto &a, const auto &b) {
        return std::lexicographical_compare(a.first.utf16(), a.first.utf16() + a.first.size(),
                                            b.first.utf16(), b.first.utf16() + b.first.size());
    });
    out.append('{');
    for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0 && members[i - 1].first == members[i].first)
            return error("json_duplicate_key",
                         QStringLiteral("duplicate object key \"%1\"").arg(members[i].first));
        if (i > 0)
            out.append(',');
        VEIL_TRY(appendString(out, members[i].first));
        out.append(':').append(members[i].second);
    }
    out.append('}');
    return success();
}

} // namespace detail

using namespace detail;

namespace {

Result<void> appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        out.append("null");
        return success();
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        return success();
    case QJsonValue::Double: {
        // Qt may hold integers as qint64; I-JSON (and ECMAScript) treat every number as a double.
        auto number = formatNumber(value.toDouble());
        VEIL_TRY(number);
        out.append(number.value());
        return success();
    }
    case QJsonValue::String:
        return appendString(out, value.toString());
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        out.append('[');
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out.append(',');
            VEIL_TRY(appendValue(out, array.at(i)));
        }
        out.append(']');
        return success();
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        Members members;
        members.reserve(size_t(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it) {
            members.emplace_back(it.key(), QByteArray());
            VEIL_TRY(appendValue(members.back().second, it.value()));
        }
        return appendMembers(out, members);
    }
    case QJsonValue::Undefined:
        break;
    }
    return error("json_value", QStringLiteral("undefined is not a JSON value"));
}

} // namespace

Result<QByteArray> formatNumber(double value)
{
    if (!std::isfinite(value))
        return error("json_number", QStringLiteral("NaN and Infinity have no JSON form"));
    if (value == 0)
        return QByteArray("0"); // covers -0
    QByteArray out;
    if (value < 0) {
        out.append('-');
        value = -value;
    }
    // Shortest round-trip digits ("d.ddde±x"), closest to the value with ties to even, as ECMAScript wants.
    char buf[40];
    const char *end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
    const char *e = std::find(static_cast<const char *>(buf), end, 'e');
    char digits[24];
    int k = 0;
    for (const char *p = buf; p != e; ++p)
        if (*p != '.')
            digits[k++] = *p;
    int exponent = 0;
    std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);
    // ECMAScript Number::toString(x): x = digits × 10^(n−k), k as small as possible.
    const int n = exponent + 1;
    if (k <= n && n <= 21) {
        out.append(digits, k).append(n - k, '0');
    } else if (0 < n && n <= 21) {
        out.append(digits, n).append('.').append(digits + n, k - n);
    } else if (-6 < n && n <= 0) {
        out.append("0.").append(-n, '0').append(digits, k);
    } else {
        out.append(digits[0]);
        if (k > 1)
            out.append('.').append(digits + 1, k - 1);
        out.append(n - 1 < 0 ? "e-" : "e+").append(QByteArray::number(std::abs(n - 1)));
    }
    return out;
}

Result<QByteArray> canonicalize(const QJsonValue &value)
{
    QByteArray out;
    VEIL_TRY(appendValue(out, value));
    return out;
}

Result<QByteArray> canonicalize(const QJsonObject &object)
{
    return canonicalize(QJsonValue(object));
}

} // namespace veil::json
