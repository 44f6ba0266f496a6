#pragma once

#include <cstdint>
#include <vector>

namespace tw::sim {

/// What happens first when events share an instant: arrivals join queues before a replica
/// decides its next batch, iteration ends are handled before batch timeouts, and answers from
/// the response cache or an API come last.
enum class EventPhase : std::uint8_t {
    Arrival = 0,
    IterationEnd = 1,
    BatchTimeout = 2,
    ExternalCompletion = 3,
    ReplicaReady = 4, ///< an autoscaled replica's cold start ended (payload: its generation)
    Autoscale = 5,    ///< an autoscaler evaluation (target: the deployment)
    Interruption = 6, ///< a spot replica is taken away (payload: its generation)
};

struct Event
{
    std::int64_t timeNs = 0;
    EventPhase phase = EventPhase::Arrival;
    std::uint64_t sequence = 0; ///< per-engine counter: FIFO among equal (time, phase)
    std::int32_t target = 0;    ///< replica index (global), or user index for closed loops
    std::uint64_t payload = 0;  ///< event-specific (a timeout generation, a request id)
};

/// Binary min-heap on (time, phase, sequence): a total order, so runs are deterministic.
/// Allocation-free once its storage has grown to the peak number of pending events.
class EventQueue
{
public:
    void push(std::int64_t timeNs, EventPhase phase, std::int32_t target, std::uint64_t payload = 0)
    {
        m_heap.push_back(Event{timeNs, phase, m_nextSequence++, target, payload});
        siftUp(m_heap.size() - 1);
    }

    bool empty() const { return m_heap.empty(); }
    const Event &top() const { return m_heap.front(); }

    Event pop()
    {
        Event first = m_heap.front();
        m_heap.front() = m_heap.back();
        m_heap.pop_back();
        if (!m_heap.empty())
            siftDown(0);
        return first;
    }

    std::size_t size() const { return m_heap.size(); }

private:
    static bool before(const Event &a, const Event &b)
    {
        if (a.timeNs != b.timeNs)
            return a.timeNs < b.timeNs;
        if (a.phase != b.phase)
            return a.phase < b.phase;
        return a.sequence < b.sequence;
    }

    void siftUp(std::size_t i)
    {
        const Event moving = m_heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!before(moving, m_heap[parent]))
                break;
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = moving;
    }

    void siftDown(std::size_t i)
    {
        const Event moving = m_heap[i];
        const std::size_t n = m_heap.size();
        for (;;) {
            std::size_t child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && before(m_heap[child + 1], m_heap[child]))
                ++child;
            if (!before(m_heap[child], moving))
                break;
            m_heap[i] = m_heap[child];
            i = child;
        }
        m_heap[i] = moving;
    }

    std::vector<Event> m_heap;
    std::uint64_t m_nextSequence = 0;
};

} // namespace tw::sim
