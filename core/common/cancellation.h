#pragma once

#include <atomic>

namespace tw {

/// Cooperative cancellation flag shared between the thread that asks for a stop and the
/// engine that polls it. Thread-safe; the engine only reads it.
class CancellationToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

/// Receives progress from long work. Called from the worker thread; implementations must be
/// thread-safe with respect to whatever they update.
class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    /// @p fraction is in [0, 1].
    virtual void setProgress(double fraction) = 0;
};

} // namespace tw
