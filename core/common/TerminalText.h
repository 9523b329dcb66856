// Text that a service, a file or a peer controls, made safe to print on a terminal: control characters
// and bidi controls are shown as escapes instead of being acted on, so "\x1b]0;…\a" cannot retitle the
// window, "\x1b[2J" cannot clear the screen, a CR cannot overwrite the line before it and U+202E cannot
// reorder what follows. Everything else, non-ASCII letters included, is left as it is.
#pragma once

#include <QString>

namespace veil {

enum class TerminalForm {
    Line,  // one display line: every control character is escaped, LF included
    Lines, // a text stream (CSV): LF and CR LF stay line breaks, every other control is escaped
    Json,  // JSON text (lines of it): the same, but with JSON's escapes (\u001b), so it still parses
};

// C0 controls, DEL and C1 controls as \xNN; bidi and line-separator formatting characters (U+061C,
// U+200E/F, U+2028/9, U+202A–U+202E, U+2066–U+2069) and lone surrogates as \u{NNNN}. In Json form both
// become \uNNNN, which is only right inside JSON strings: where the unsafe characters can be.
QString terminalSafe(QStringView text, TerminalForm form = TerminalForm::Line);

} // namespace veil
