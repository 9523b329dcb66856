// canonicalizeText: a strict RFC 8259 parser that writes RFC 8785 bytes as it reads, with the emitters of
// JcsEmit.h. QJsonDocument is not used because it silently accepts duplicate keys and lone surrogates.
#include "json/CanonicalJson.h"

#include "json/JcsEmit.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

namespace veil::json {

using namespace detail;

namespace {

// from_chars reports overflow and underflow alike as out of range. The decimal position of the first
// significant digit plus the exponent tells which (the literal already matched the JSON grammar).
bool literalOverflows(const char *p, const char *end)
{
    p += *p == '-';
    const char *mantissaEnd = std::find_if(p, end, [](char c) { return c == 'e' || c == 'E'; });
    const char *dot = std::find(p, mantissaEnd, '.');
    const char *first = std::find_if(p, mantissaEnd, [](char c) { return c >= '1' && c <= '9'; });
    const long long magnitude = first < dot ? dot - first : dot - first + 1;
    long long exponent = 0;
    if (mantissaEnd != end) {
        const char *e = mantissaEnd + 1 + (mantissaEnd[1] == '+');
        if (std::from_chars(e, end, exponent).ec != std::errc())
            exponent = *e == '-' ? -1'000'000'000 : 1'000'000'000; // absurdly long exponent
        exponent = std::clamp(exponent, -1'000'000'000LL, 1'000'000'000LL);
    }
    return magnitude + exponent > 0;
}

// Strict RFC 8259 recursive-descent parser that emits canonical bytes directly. Recursion depth is
// bounded by kMaxDepth, so hostile input cannot exhaust the stack.
class Parser
{
public:
    explicit Parser(QByteArrayView text) : m_begin(text.data()), m_p(m_begin), m_end(m_begin + text.size()) {}

    Result<QByteArray> run()
    {
        QByteArray out;
        VEIL_TRY(parseValue(out, 0));
        skipWhitespace();
        if (m_p != m_end)
            return fail("trailing data after the JSON value");
        return out;
    }

private:
    Error fail(const char *what) const
    {
        return error("json_parse",
                     QStringLiteral("%1 at byte %2").arg(QLatin1StringView(what)).arg(m_p - m_begin));
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    bool at(char c) const { return m_p != m_end && *m_p == c; }
    bool consume(char c) { return at(c) ? (++m_p, true) : false; }
    bool consumeDigits()
    {
        const char *start = m_p;
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
        return m_p != start;
    }

    void skipWhitespace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    // depth counts the containers already open around this value.
    Result<void> parseValue(QByteArray &out, int depth)
    {
        skipWhitespace();
        if (m_p == m_end)
            return fail("unexpected end of input");
        if (at('{') || at('[')) {
            if (depth >= kMaxDepth)
                return error("json_too_deep", QStringLiteral("nesting deeper than %1 levels at byte %2")
                                                  .arg(kMaxDepth)
                                                  .arg(m_p - m_begin));
            return at('{') ? parseObject(out, depth + 1) : parseArray(out, depth + 1);
        }
        if (at('"')) {
            QString s;
            VEIL_TRY(parseString(s));
            return appendString(out, s);
        }
        if (at('-') || isDigit(*m_p))
            return parseNumber(out);
        for (std::string_view word : {"true", "false", "null"}) {
            if (QByteArrayView(m_p, m_end - m_p)
                    .startsWith(QByteArrayView(word.data(), qsizetype(word.size())))) {
                m_p += word.size();
                out.append(word.data(), qsizetype(word.size()));
                return success();
            }
        }
        return fail("unexpected character");
    }

    Result<void> parseArray(QByteArray &out, int depth)
    {
        ++m_p; // '['
        out.append('[');
        skipWhitespace();
        for (bool first = true; !consume(']'); first = false) {
            if (!first && !consume(','))
                return fail("expected ',' or ']'");
            if (!first)
                out.append(',');
            VEIL_TRY(parseValue(out, depth));
            skipWhitespace();
        }
        out.append(']');
        return success();
    }

    Result<void> parseObject(QByteArray &out, int depth)
    {
        ++m_p; // '{'
        Members members;
        skipWhitespace();
        for (bool first = true; !consume('}'); first = false) {
            if (!first && !consume(','))
                return fail("expected ',' or '}'");
            skipWhitespace();
            if (!at('"'))
                return fail("expected an object key");
            QString key;
            VEIL_TRY(parseString(key));
            skipWhitespace();
            if (!consume(':'))
                return fail("expected ':'");
            members.emplace_back(std::move(key), QByteArray());
            VEIL_TRY(parseValue(members.back().second, depth));
            skipWhitespace();
        }
        return appendMembers(out, members);
    }

    Result<char16_t> parseHex4()
    {
        if (m_end - m_p < 4)
            return fail("truncated \\u escape");
        unsigned v = 0;
        const auto [ptr, ec] = std::from_chars(m_p, m_p + 4, v, 16);
        if (ec != std::errc() || ptr != m_p + 4)
            return fail("invalid \\u escape");
        m_p += 4;
        return char16_t(v);
    }

    // Strict UTF-8 (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
    Result<char32_t> decodeUtf8()
    {
        static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000}; // by sequence length
        const auto *p = reinterpret_cast<const unsigned char *>(m_p);
        const int len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
        if (p[0] < 0xC0 || p[0] > 0xF4 || m_end - m_p < len)
            return fail("invalid UTF-8");
        char32_t cp = p[0] & (0x7F >> len);
        for (int i = 1; i < len; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return fail("invalid UTF-8");
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < kMinimum[len] || cp > 0x10FFFF || QChar::isSurrogate(cp))
            return fail("invalid UTF-8");
        m_p += len;
        return cp;
    }

    Result<void> parseString(QString &s)
    {
        static constexpr std::string_view kEscapes = "\"\\/bfnrt", kDecoded = "\"\\/\b\f\n\r\t";
        ++m_p; // opening quote
        for (;;) {
            if (m_p == m_end)
                return fail("unterminated string");
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return success();
            }
            if (c < 0x20)
                return fail("unescaped control character in string");
            if (c >= 0x80) {
                auto cp = decodeUtf8();
                VEIL_TRY(cp);
                s.append(QChar::fromUcs4(cp.value()));
                continue;
            }
            ++m_p;
            if (c != '\\') {
                s.append(QChar(char16_t(c)));
                continue;
            }
            if (m_p == m_end)
                return fail("unterminated string");
            if (const size_t i = kEscapes.find(*m_p); i != std::string_view::npos) {
                s.append(QChar(char16_t(kDecoded[i])));
                ++m_p;
                continue;
            }
            if (!consume('u'))
                return fail("invalid escape");
            auto unit = parseHex4();
            VEIL_TRY(unit);
            if (QChar::isLowSurrogate(unit.value()))
                return fail("lone low surrogate");
            s.append(QChar(unit.value()));
            if (!QChar::isHighSurrogate(unit.value()))
                continue;
            if (!consume('\\') || !consume('u'))
                return fail("lone high surrogate");
            auto low = parseHex4();
            VEIL_TRY(low);
            if (!QChar::isLowSurrogate(low.value()))
                return fail("lone high surrogate");
            s.append(QChar(low.value()));
        }
    }

    Result<void> parseNumber(QByteArray &out)
    {
        // Check the RFC 8259 grammar first: from_chars alone would accept "01", "1." or "inf".
        const char *start = m_p;
        consume('-');
        if (!consume('0') && !consumeDigits())
            return fail("invalid number");
        if (consume('.') && !consumeDigits())
            return fail("invalid number");
        if (consume('e') || consume('E')) {
            if (!consume('+'))
                consume('-');
            if (!consumeDigits())
                return fail("invalid number");
        }
        // from_chars is exact (correctly rounded) and, unlike strtod, ignores the process locale.
        double value = 0;
        if (std::from_chars(start, m_p, value).ec != std::errc()) { // out of range: grammar already checked
            if (literalOverflows(start, m_p))
                return error("json_number",
                             QStringLiteral("number out of double range at byte %1").arg(start - m_begin));
            value = 0; // underflow rounds to zero, as JSON.parse does (and -0 prints as "0")
        }
        auto text = formatNumber(value);
        VEIL_TRY(text);
        out.append(text.value());
        return success();
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
};

} // namespace

Result<QByteArray> canonicalizeText(QByteArrayView text, qsizetype maxBytes)
{
    if (text.size() > maxBytes)
        return error(
            "json_too_large",
            QStringLiteral("JSON text of %1 bytes exceeds the %2-byte limit").arg(text.size()).arg(maxBytes));
    return Parser(text).run();
}

} // namespace veil::json
