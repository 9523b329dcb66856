// The service's worker pool. Each worker is a thread with its own handler, in veil-service its own
// ServiceApi over its own connection to the database (as several instances share one), so a slow request
// (the SLA summary, a batch of 500 signature checks, an upload being decoded and hashed) holds one worker
// while the others go on serving. Requests wait in one queue and the first idle worker takes the oldest.
// A request that waited past its deadline is answered 503 without being run (its client has likely given
// up, and running it would only delay the ones behind it); a full queue answers 503 at once.
#pragma once

#include "ServiceApi.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace veil::service {

class RequestWorkers : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<ApiResponse(const ApiRequest &)>;
    // Makes one worker's handler; called on that worker's thread, once, when the pool starts.
    using HandlerFactory = std::function<Result<Handler>()>;
    // Receives the answer on the thread the pool was made on (the HTTP thread).
    using Done = std::function<void(ApiResponse)>;

    struct Options
    {
        int workers = 4;
        // Requests waiting for a worker; past this a request is answered 503 "busy" at once.
        int maxQueued = 1024;
        // The longest a request waits for a worker before it is answered 503 "deadline_exceeded" unrun.
        qint64 deadlineMs = 20'000;
        // The request bodies waiting for a worker, in all; past this a request is answered 503 "busy".
        qint64 maxQueuedBytes = 256 * 1024 * 1024;
    };

    explicit RequestWorkers(Options options, QObject *parent = nullptr);
    ~RequestWorkers() override; // stops the workers; waiting requests are dropped unanswered
    RequestWorkers(const RequestWorkers &) = delete;
    RequestWorkers &operator=(const RequestWorkers &) = delete;

    // Starts the workers one after another, each once the one before made its handler (their stores'
    // opening writes do not contend); the first failure stops them all.
    Result<void> start(const HandlerFactory &make);
    // Queues a request; `done` runs later on this object's thread, or at once (503) if the queue is full.
    // Once `cancelled` is set (its client went away) the request is dropped unrun and `done` never runs.
    void submit(ApiRequest request, Done done, std::shared_ptr<const std::atomic_bool> cancelled = {});
    // Requests waiting for a worker now.
    int queued();
    const Options &options() const { return m_options; }

private:
    struct Job
    {
        ApiRequest request;
        Done done;
        std::shared_ptr<const std::atomic_bool> cancelled;
        std::chrono::steady_clock::time_point queuedAt;
    };
    void run(Handler handler);
    void stop();

    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    qint64 m_queuedBytes = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace veil::service
