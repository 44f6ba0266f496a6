#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace tw {

/// Threads that parallelFor uses for @p tasks tasks when @p requested are asked for
/// (0 or less = the hardware's concurrency): never more than the tasks, never fewer than one.
inline int workerCount(int requested, std::size_t tasks)
{
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t wanted = requested > 0 ? static_cast<std::size_t>(requested) : hardware;
    return static_cast<int>(std::max<std::size_t>(1, std::min(wanted, tasks)));
}

/// Runs task(i) for every i in [0, count) on workerCount(threads, count) threads that pull
/// indices from a shared counter; the calling thread is one of them. @p task must not throw
/// (an exception leaving a std::thread terminates the process): catch inside it and keep the
/// error per index. The one thread pool of core/ (sweeps, calibration checks and fits).
template<typename Task> void parallelFor(std::size_t count, int threads, const Task &task)
{
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1))
            task(i);
    };
    std::vector<std::thread> pool;
    const int helpers = workerCount(threads, count) - 1;
    pool.reserve(static_cast<std::size_t>(helpers));
    for (int t = 0; t < helpers; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &thread : pool)
        thread.join();
}

} // namespace tw
