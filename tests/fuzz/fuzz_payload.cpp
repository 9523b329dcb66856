// libFuzzer target over everything that parses bytes from the service: the strict JSON parser and
// canonicalizer, the escalation payload parser, and verdict verification (which re-parses the body).
#include "protocol/Escalation.h"
#include "protocol/Verdict.h"
#include "json/CanonicalJson.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    auto canonical = veil::json::canonicalizeText(input, 1 << 20);
    if (canonical.ok()) {
        // Canonical output must itself be canonical: a second pass changes nothing.
        auto again = veil::json::canonicalizeText(canonical.value(), 1 << 20);
        if (!again.ok() || again.value() != canonical.value())
            __builtin_trap();
        const QJsonDocument doc = QJsonDocument::fromJson(input.toByteArray());
        if (doc.isObject())
            (void)veil::protocol::parseEscalation(doc.object());
    }
    static const QByteArray zeroKey(32, '\0');
    static const QByteArray zeroSignature(64, '\0');
    (void)veil::protocol::verifyVerdict(input, zeroSignature, zeroKey);
    return 0;
}
