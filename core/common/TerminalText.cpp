#include "common/TerminalText.h"

namespace veil {

namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

// Characters that change the direction or the lines of what follows without being seen.
bool isLayoutFormat(char32_t c)
{
    return c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void appendEscape(QString &out, char32_t c, TerminalForm form)
{
    if (form == TerminalForm::Json)
        out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    else if (c <= 0xff)
        out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    else
        out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
}

} // namespace

QString terminalSafe(QStringView text, TerminalForm form)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (ch.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += ch;
            out += text.at(++i);
            continue;
        }
        const char32_t c = ch.unicode();
        const bool lineBreak = form != TerminalForm::Line &&
                               (c == '\n' || (c == '\r' && i + 1 < text.size() && text.at(i + 1) == u'\n'));
        if (lineBreak || (!isControl(c) && !isLayoutFormat(c) && !ch.isSurrogate()))
            out += ch;
        else
            appendEscape(out, c, form);
    }
    return out;
}

} // namespace veil
