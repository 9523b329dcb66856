#include "RequestWorkers.h"

#include <QLoggingCategory>

#include <future>
#include <optional>

namespace veil::service {

Q_LOGGING_CATEGORY(lcWorkers, "veil.service.workers", QtInfoMsg)

RequestWorkers::RequestWorkers(Options options, QObject *parent) : QObject(parent), m_options(options) {}

RequestWorkers::~RequestWorkers()
{
    // Joined before QObject's destructor drops the answers the workers posted here.
    stop();
}

Result<void> RequestWorkers::start(const HandlerFactory &make)
{
    if (!m_threads.empty())
        return makeError(QStringLiteral("already_started"), QStringLiteral("the workers run already"));
    for (int i = 0; i < m_options.workers; ++i) {
        std::promise<std::optional<Error>> made;
        std::future<std::optional<Error>> result = made.get_future();
        m_threads.emplace_back([this, &make, &made] {
            auto handler = make();
            if (!handler.ok()) {
                made.set_value(handler.error());
                return;
            }
            made.set_value(std::nullopt);
            run(std::move(handler).value());
        });
        if (std::optional<Error> failed = result.get()) {
            stop();
            return *failed;
        }
    }
    qCInfo(lcWorkers) << m_options.workers << "workers serve requests";
    return success();
}

void RequestWorkers::submit(ApiRequest request, Done done, std::shared_ptr<const std::atomic_bool> cancelled)
{
    {
        std::lock_guard lock(m_mutex);
        const qint64 bytes = request.body.size();
        if (int(m_jobs.size()) < m_options.maxQueued && m_queuedBytes + bytes <= m_options.maxQueuedBytes) {
            m_queuedBytes += bytes;
            m_jobs.push_back({std::move(request), std::move(done), std::move(cancelled),
                              std::chrono::steady_clock::now()});
            m_wake.notify_one();
            return;
        }
    }
    qCInfo(lcWorkers) << "busy: the requests waiting for a worker are at the limit";
    done(ServiceApi::error(503, QStringLiteral("busy"),
                           QStringLiteral("the service has too many requests waiting; try again shortly")));
}

int RequestWorkers::queued()
{
    std::lock_guard lock(m_mutex);
    return int(m_jobs.size());
}

void RequestWorkers::run(Handler handler)
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_queuedBytes -= job.request.body.size();
        }
        if (job.cancelled && *job.cancelled)
            continue; // no one waits for its answer; a claim run now would lease items no one receives
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - job.queuedAt)
                                .count();
        ApiResponse response;
        if (waited > m_options.deadlineMs) {
            qCInfo(lcWorkers) << "deadline passed:" << job.request.method << job.request.path.left(80)
                              << "waited" << waited << "ms";
            response = ServiceApi::error(
                503, QStringLiteral("deadline_exceeded"),
                QStringLiteral("the request waited %1 ms for a worker and was not run; try again")
                    .arg(waited));
        } else {
            response = handler(job.request);
        }
        // Posted: the answer is written on the HTTP thread, which owns the connection.
        QMetaObject::invokeMethod(
            this, [done = std::move(job.done), response = std::move(response)] { done(response); },
            Qt::QueuedConnection);
    }
}

void RequestWorkers::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_jobs.clear();
        m_queuedBytes = 0;
    }
    m_wake.notify_all();
    for (auto &thread : m_threads)
        thread.join();
    m_threads.clear();
}

} // namespace veil::service
