#include "core/sim/continuous_replica.h"

#include <algorithm>

namespace tw::sim {

std::unique_ptr<Replica> makeContinuousReplica(ReplicaHost &host, int deployment, int index,
                                               const hardware::PerfModel &perf,
                                               const scenario::ServingSpec &serving)
{
    return std::make_unique<ContinuousReplica>(host, deployment, index, perf, serving);
}

std::size_t ContinuousReplica::runningCount() const
{
    return static_cast<std::size_t>(m_decoding) + m_prefilling.size();
}

double ContinuousReplica::decodeContextTokens() const
{
    return m_decodeBase + static_cast<double>(m_decoding) * static_cast<double>(m_step);
}

void ContinuousReplica::enqueue(std::uint32_t id, std::int64_t nowNs)
{
    if (!accept(id, nowNs))
        return;
    Request &r = m_host.request(id);
    r.state = RequestState::Waiting;
    r.prefillTarget = r.promptTokens;
    m_waiting.pushBack(id);
    if (!m_busy)
        startIteration(nowNs);
}

std::vector<Replica::Held> ContinuousReplica::heldRequests() const
{
    std::vector<Held> held;
    for (std::uint32_t id = m_oldest; id != kNoRequest; id = m_host.request(id).next) {
        const Request &r = m_host.request(id);
        // A decoding request's tokens are counted from the decode steps since it joined.
        const std::int64_t tokens = r.state == RequestState::Decoding
                                            ? r.generated + (m_step - r.joinStep)
                                            : r.generated;
        held.push_back({id, tokens});
    }
    for (std::size_t i = 0; i < m_waiting.size(); ++i) {
        const std::uint32_t id = m_waiting.at(i);
        held.push_back({id, m_host.request(id).generated});
    }
    return held;
}

void ContinuousReplica::pushAdmitted(std::uint32_t id)
{
    Request &r = m_host.request(id);
    m_fixedReserved += r.kvFixedTokens;
    r.prev = m_newest;
    r.next = kNoRequest;
    if (m_newest != kNoRequest)
        m_host.request(m_newest).next = id;
    else
        m_oldest = id;
    m_newest = id;
}

void ContinuousReplica::unlinkAdmitted(std::uint32_t id)
{
    Request &r = m_host.request(id);
    m_fixedReserved -= r.kvFixedTokens;
    if (r.prev != kNoRequest)
        m_host.request(r.prev).next = r.next;
    else
        m_oldest = r.next;
    if (r.next != kNoRequest)
        m_host.request(r.next).prev = r.prev;
    else
        m_newest = r.prev;
    r.prev = r.next = kNoRequest;
}

bool ContinuousReplica::admitNext(std::int64_t nowNs, std::int64_t tokenBudget, bool allowOversize)
{
    if (m_waiting.empty()
        || runningCount() >= static_cast<std::size_t>(m_serving.maxRunningRequests))
        return false;
    const std::uint32_t id = m_waiting.front();
    Request &r = m_host.request(id);
    // The whole prompt's KV is reserved at admission, as vLLM allocates blocks for it.
    if (kvUsedTokens() + r.prefillTarget + r.kvFixedTokens > m_kvCapacity)
        return false;
    if (r.prefillTarget > tokenBudget && !allowOversize)
        return false;
    m_waiting.popFront();
    r.state = RequestState::Prefilling;
    r.prefillDone = 0;
    m_prefillReserved += r.prefillTarget;
    m_prefilling.push_back(id);
    pushAdmitted(id);
    m_host.onAdmitted(id, nowNs);
    return true;
}

void ContinuousReplica::joinDecode(std::uint32_t id)
{
    Request &r = m_host.request(id);
    r.state = RequestState::Decoding;
    r.joinStep = m_step;
    m_decodeBase += r.prefillTarget + 1.0 - static_cast<double>(r.joinStep);
    m_decodeWindow += r.windowTokens;
    ++m_decoding;
    pushCompletion({m_step + (r.outputTokens - r.generated), id, r.generation});
}

void ContinuousReplica::leaveDecode(Request &r)
{
    m_decodeBase -= r.prefillTarget + 1.0 - static_cast<double>(r.joinStep);
    m_decodeWindow -= r.windowTokens;
    --m_decoding;
}

void ContinuousReplica::preemptNewest(std::int64_t nowNs)
{
    const std::uint32_t id = m_newest;
    Request &r = m_host.request(id);
    unlinkAdmitted(id);
    if (r.state == RequestState::Decoding) {
        r.generated += static_cast<std::int32_t>(m_step - r.joinStep);
        leaveDecode(r);
        ++r.generation; // its completion entry is now stale
    } else {
        m_prefillReserved -= r.prefillTarget;
        m_prefilling.erase(std::find(m_prefilling.begin(), m_prefilling.end(), id));
    }
    // Recompute preemption: the KV cache is dropped and the prompt plus every token generated
    // so far is prefilled again when the request is readmitted (vLLM's default).
    r.state = RequestState::Waiting;
    r.prefillTarget = r.promptTokens + r.generated;
    r.prefillDone = 0;
    m_waiting.pushFront(id);
    ++m_preemptions;
    m_host.onPreempted(id, nowNs);
}

void ContinuousReplica::startIteration(std::int64_t nowNs)
{
    m_chunks.clear();
    // Decoding requests each need one more KV slot this step; make room by preempting the
    // most recently admitted requests first (vLLM's policy).
    while (m_decoding > 0 && kvUsedTokens() > m_kvCapacity)
        preemptNewest(nowNs);

    std::int64_t budget = m_serving.maxBatchedTokens;
    hardware::BatchWork work;
    if (m_serving.chunkedPrefill) {
        m_stepThisIteration = m_decoding > 0;
        budget -= m_decoding;
        for (std::uint32_t id : m_prefilling) {
            if (budget <= 0)
                break;
            const Request &r = m_host.request(id);
            const auto chunk = std::min<std::int64_t>(r.prefillTarget - r.prefillDone, budget);
            m_chunks.push_back({id, static_cast<std::int32_t>(chunk)});
            budget -= chunk;
        }
        while (budget > 0 && admitNext(nowNs, budget, true)) {
            const std::uint32_t id = m_prefilling.back();
            const auto chunk = std::min<std::int64_t>(m_host.request(id).prefillTarget, budget);
            m_chunks.push_back({id, static_cast<std::int32_t>(chunk)});
            budget -= chunk;
        }
    } else {
        // Prefill first: a prompt-only iteration whenever waiting requests can be admitted.
        // A prompt longer than the budget may run alone rather than wait forever.
        bool first = true;
        while (admitNext(nowNs, budget, first)) {
            const std::uint32_t id = m_prefilling.back();
            const std::int32_t tokens = m_host.request(id).prefillTarget;
            m_chunks.push_back({id, tokens});
            budget -= tokens;
            first = false;
        }
        m_stepThisIteration = m_chunks.empty() && m_decoding > 0;
    }

    if (m_chunks.empty() && !m_stepThisIteration) {
        setBusy(false, nowNs);
        m_host.onKvUsage(m_index, kvUsedTokens() / m_kvCapacity, nowNs);
        return;
    }

    for (const Chunk &chunk : m_chunks) {
        const Request &r = m_host.request(chunk.id);
        const double offset = r.prefillDone;
        const double c = chunk.tokens;
        work.prefillTokens += chunk.tokens;
        work.prefillAttentionContext += c * offset + c * (c + 1.0) / 2.0;
        work.prefillPrefixTokens += r.prefillDone;
        work.prefillWindowAttentionContext += m_perf.windowPrefillContext(offset, c);
        work.prefillWindowPrefixTokens += m_perf.windowContext(offset);
    }
    work.prefillSequences = static_cast<std::int64_t>(m_chunks.size());
    if (m_stepThisIteration) {
        work.decodeTokens = m_decoding;
        work.decodeContextTokens = decodeContextTokens();
        work.decodeWindowTokens = static_cast<double>(m_decodeWindow);
    }
    m_cost = m_perf.iteration(work);
    m_iterationStartNs = nowNs;
    setBusy(true, nowNs);
    m_host.onKvUsage(m_index, kvUsedTokens() / m_kvCapacity, nowNs);
    scheduleIteration(nowNs, m_cost, 1, static_cast<int>(runningCount()));
}

void ContinuousReplica::onIterationEnd(std::int64_t nowNs)
{
    std::int64_t tokens = 0;
    const auto running = static_cast<int>(runningCount());
    std::int64_t prefillTokens = 0;
    const std::int64_t decodeTokens = m_stepThisIteration ? m_decoding : 0;

    if (m_stepThisIteration) {
        ++m_step;
        tokens += m_decoding;
        while (!m_completions.empty() && m_completions.front().step <= m_step) {
            const Completion c = popCompletion();
            Request &r = m_host.request(c.id);
            if (r.generation != c.generation || r.state != RequestState::Decoding)
                continue; // preempted since this entry was made
            r.generated = r.outputTokens;
            leaveDecode(r);
            unlinkAdmitted(c.id);
            finish(c.id, nowNs);
        }
    }
    for (const Chunk &chunk : m_chunks) {
        prefillTokens += chunk.tokens;
        Request &r = m_host.request(chunk.id);
        r.prefillDone += chunk.tokens;
        if (r.prefillDone < r.prefillTarget)
            continue;
        // Prompt fully processed: the iteration that finishes it also yields one token.
        m_prefillReserved -= r.prefillTarget;
        m_prefilling.erase(std::find(m_prefilling.begin(), m_prefilling.end(), chunk.id));
        ++r.generated;
        ++tokens;
        if (r.firstTokenNs < 0)
            m_host.onFirstToken(chunk.id, nowNs);
        if (r.generated >= r.outputTokens) {
            unlinkAdmitted(chunk.id);
            finish(chunk.id, nowNs);
        } else {
            joinDecode(chunk.id);
        }
    }
    emitIteration(m_iterationStartNs, nowNs, m_cost, 1, running, prefillTokens, decodeTokens,
                  tokens);
    startIteration(nowNs);
}

namespace {
// Heap order: earliest step on top; equal steps by request id, so the order in which
// same-step completions are reported does not depend on the standard library's heap.
bool laterFirst(const ContinuousReplica::Completion &a, const ContinuousReplica::Completion &b)
{
    return a.step != b.step ? a.step > b.step : a.id > b.id;
}
} // namespace

void ContinuousReplica::pushCompletion(const Completion &c)
{
    m_completions.push_back(c);
    std::push_heap(m_completions.begin(), m_completions.end(), laterFirst);
}

ContinuousReplica::Completion ContinuousReplica::popCompletion()
{
    std::pop_heap(m_completions.begin(), m_completions.end(), laterFirst);
    const Completion c = m_completions.back();
    m_completions.pop_back();
    return c;
}

} // namespace tw::sim
