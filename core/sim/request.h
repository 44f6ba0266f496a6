#pragma once

#include <cstdint>
#include <vector>

namespace tw::sim {

inline constexpr std::uint32_t kNoRequest = 0xFFFFFFFFu;

enum class RequestState : std::uint8_t { Waiting, Prefilling, Decoding, Done };

/// One request in flight. Lives in a RequestPool slot from arrival to completion.
struct Request
{
    std::int64_t arrivalNs = 0;
    std::int64_t admittedNs = -1; ///< first admission into a batch
    std::int64_t firstTokenNs = -1;
    std::int32_t promptTokens = 0;
    std::int32_t outputTokens = 0;
    std::int32_t generated = 0; ///< output tokens produced so far (at the last state change)
    std::int32_t classIndex = 0;
    std::int32_t user = -1;   ///< closed-loop user, -1 for open loops
    std::int32_t replica = 0; ///< global replica index
    std::int32_t deployment = 0;
    // Scheduling state owned by the replica:
    std::int32_t prefillTarget = 0; ///< tokens to prefill at this admission (prompt + generated)
    std::int32_t prefillDone = 0;
    /// Window-capped context its window layers read per decode step, taken at the mean
    /// decode context (PerfModel::windowContext of prompt + output / 2); 0 without window
    /// layers. Set when the replica accepts the request.
    std::int32_t windowTokens = 0;
    float kvFixedTokens = 0.0f;      ///< PerfModel::fixedKvTokens of prompt + output, set likewise
    std::int64_t joinStep = 0;       ///< replica decode step at which decoding began
    std::uint32_t generation = 0;    ///< bumped on preemption: stale completion entries skip
    std::uint32_t prev = kNoRequest; ///< admission-order list (newest is preempted first)
    std::uint32_t next = kNoRequest;
    RequestState state = RequestState::Waiting;
};

/// Slot allocator for requests: indices stay valid while a request lives; freed slots are
/// reused, so a steady state allocates nothing.
class RequestPool
{
public:
    std::uint32_t acquire()
    {
        if (!m_free.empty()) {
            const std::uint32_t id = m_free.back();
            m_free.pop_back();
            m_slots[id] = Request{};
            return id;
        }
        m_slots.emplace_back();
        return static_cast<std::uint32_t>(m_slots.size() - 1);
    }
    void release(std::uint32_t id) { m_free.push_back(id); }
    Request &operator[](std::uint32_t id) { return m_slots[id]; }
    const Request &operator[](std::uint32_t id) const { return m_slots[id]; }

private:
    std::vector<Request> m_slots;
    std::vector<std::uint32_t> m_free;
};

/// FIFO of request ids that also accepts pushes at the front (preempted requests go first).
/// A ring buffer: no allocation once grown to the peak queue length.
class RequestQueue
{
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    std::uint32_t front() const { return m_ring[m_head]; }

    void pushBack(std::uint32_t id)
    {
        grow();
        m_ring[(m_head + m_size) & (m_ring.size() - 1)] = id;
        ++m_size;
    }
    void pushFront(std::uint32_t id)
    {
        grow();
        m_head = (m_head + m_ring.size() - 1) & (m_ring.size() - 1);
        m_ring[m_head] = id;
        ++m_size;
    }
    /// The @p i-th id from the front.
    std::uint32_t at(std::size_t i) const { return m_ring[(m_head + i) & (m_ring.size() - 1)]; }
    std::uint32_t popFront()
    {
        const std::uint32_t id = m_ring[m_head];
        m_head = (m_head + 1) & (m_ring.size() - 1);
        --m_size;
        return id;
    }

private:
    void grow()
    {
        if (m_size < m_ring.size())
            return;
        std::vector<std::uint32_t> bigger(m_ring.empty() ? 16 : m_ring.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i)
            bigger[i] = m_ring[(m_head + i) & (m_ring.size() - 1)];
        m_ring.swap(bigger);
        m_head = 0;
    }

    std::vector<std::uint32_t> m_ring; // size is a power of two
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace tw::sim
