// Retry delays for the outbox: exponential with "equal jitter" (half fixed, half random), so a fleet of
// workstations coming back online does not hammer the service in lockstep, capped at a configurable max.
#pragma once

#include <QtGlobal>

#include <functional>

namespace veil::outbox {

class Backoff
{
public:
    // random01 returns a uniform value in [0, 1); injectable so tests can pin the jitter.
    explicit Backoff(qint64 baseMs = 1000, qint64 capMs = 5 * 60 * 1000,
                     std::function<double()> random01 = {});

    // Delay before attempt number `attempt` (1 = the first retry after one failure).
    qint64 delayMs(int attempt) const;
    qint64 capMs() const { return m_capMs; }

private:
    qint64 m_baseMs;
    qint64 m_capMs;
    std::function<double()> m_random01;
};

} // namespace veil::outbox
