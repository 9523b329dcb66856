#include "outbox/Backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace veil::outbox {

Backoff::Backoff(qint64 baseMs, qint64 capMs, std::function<double()> random01)
    : m_baseMs(std::max<qint64>(1, baseMs)), m_capMs(std::max(capMs, m_baseMs)),
      m_random01(std::move(random01))
{
    if (!m_random01)
        m_random01 = [] { return QRandomGenerator::global()->generateDouble(); };
}

qint64 Backoff::delayMs(int attempt) const
{
    const int exponent = std::clamp(attempt - 1, 0, 62);
    // In double: base * 2^62 would overflow qint64; any value past the cap is the cap anyway.
    const qint64 ceiling = qint64(std::min(double(m_capMs), double(m_baseMs) * std::ldexp(1.0, exponent)));
    const qint64 half = ceiling / 2;
    return half + qint64(m_random01() * double(ceiling - half));
}

} // namespace veil::outbox
