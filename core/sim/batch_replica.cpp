#include "core/sim/batch_replica.h"

#include <algorithm>

namespace tw::sim {

BatchReplica::BatchReplica(ReplicaHost &host, int deployment, int index,
                           const hardware::PerfModel &perf, const scenario::ServingSpec &serving,
                           bool single, bool padded)
    : Replica(host, deployment, index, perf, serving)
{
    m_maxBatch = single ? 1 : std::max(1, serving.maxBatchSize);
    m_timeoutNs = single ? 0 : toNs(serving.batchTimeoutSeconds);
    m_padded = padded;
}

std::unique_ptr<Replica> makeDynamicBatchReplica(ReplicaHost &host, int deployment, int index,
                                                 const hardware::PerfModel &perf,
                                                 const scenario::ServingSpec &serving)
{
    return std::make_unique<BatchReplica>(host, deployment, index, perf, serving, false, false);
}

std::unique_ptr<Replica> makeStaticBatchReplica(ReplicaHost &host, int deployment, int index,
                                                const hardware::PerfModel &perf,
                                                const scenario::ServingSpec &serving)
{
    return std::make_unique<BatchReplica>(host, deployment, index, perf, serving, false, true);
}

std::unique_ptr<Replica> makeUnbatchedReplica(ReplicaHost &host, int deployment, int index,
                                              const hardware::PerfModel &perf,
                                              const scenario::ServingSpec &serving)
{
    return std::make_unique<BatchReplica>(host, deployment, index, perf, serving, true, false);
}

void BatchReplica::enqueue(std::uint32_t id, std::int64_t nowNs)
{
    if (!accept(id, nowNs))
        return;
    m_host.request(id).state = RequestState::Waiting;
    m_waiting.pushBack(id);
    tryStart(nowNs);
}

void BatchReplica::onTimeout(std::int64_t nowNs, std::uint64_t generation)
{
    if (generation != m_timeoutGeneration)
        return; // superseded
    m_timeoutAtNs = -1;
    tryStart(nowNs);
}

void BatchReplica::tryStart(std::int64_t nowNs)
{
    if (m_phase != Phase::Idle || m_waiting.empty())
        return;
    const std::int64_t oldestNs = m_host.request(m_waiting.front()).arrivalNs;
    const std::int64_t dueNs = oldestNs + m_timeoutNs;
    if (m_waiting.size() >= static_cast<std::size_t>(m_maxBatch) || nowNs >= dueNs) {
        startBatch(nowNs);
        return;
    }
    if (m_timeoutAtNs != dueNs) {
        m_timeoutAtNs = dueNs;
        m_host.scheduleTimeout(dueNs, m_index, ++m_timeoutGeneration);
    }
}

void BatchReplica::startBatch(std::int64_t nowNs)
{
    ++m_timeoutGeneration; // any pending timeout is for this batch's requests
    m_timeoutAtNs = -1;
    m_batch.clear();
    m_nextToFinish = 0;
    m_stepsDone = 0;
    m_paddedPrompt = 0;
    m_paddedOutput = 0;
    m_remainingPromptTokens = 0.0;
    m_remainingWindowTokens = 0.0;
    double kvNeeded = 0.0;
    hardware::BatchWork work;
    while (!m_waiting.empty() && m_batch.size() < static_cast<std::size_t>(m_maxBatch)) {
        const Request &next = m_host.request(m_waiting.front());
        // The batch must hold every request's full context at its end (padded for Static).
        const int prompt = std::max(m_paddedPrompt, next.promptTokens);
        const int output = std::max(m_paddedOutput, next.outputTokens);
        // Window layers and states add a fixed share per sequence (PerfModel::fixedKvTokens).
        const double needed
                = m_padded ? static_cast<double>(m_batch.size() + 1)
                                     * (prompt + output + m_perf.fixedKvTokens(prompt + output))
                           : kvNeeded + next.promptTokens + next.outputTokens + next.kvFixedTokens;
        if (!m_batch.empty() && needed > m_kvCapacity)
            break;
        kvNeeded = needed;
        m_paddedPrompt = prompt;
        m_paddedOutput = output;
        const std::uint32_t id = m_waiting.popFront();
        m_batch.push_back(id);
        m_host.request(id).state = RequestState::Prefilling;
        m_host.onAdmitted(id, nowNs);
    }
    for (std::uint32_t id : m_batch) {
        const Request &r = m_host.request(id);
        const double p = m_padded ? m_paddedPrompt : r.promptTokens;
        work.prefillTokens += static_cast<std::int64_t>(p);
        work.prefillAttentionContext += p * (p + 1.0) / 2.0;
        work.prefillWindowAttentionContext += m_perf.windowPrefillContext(0.0, p);
        m_remainingPromptTokens += r.promptTokens;
        m_remainingWindowTokens += r.windowTokens;
    }
    work.prefillSequences = static_cast<std::int64_t>(m_batch.size());
    m_prefillTokens = work.prefillTokens;
    m_cost = m_perf.iteration(work);
    m_phase = Phase::Prefill;
    m_iterationStartNs = nowNs;
    setBusy(true, nowNs);
    m_host.onKvUsage(m_index, kvNeeded / m_kvCapacity, nowNs);
    scheduleIteration(nowNs, m_cost, 1, static_cast<int>(m_batch.size()));
}

void BatchReplica::startDecodeSpan(std::int64_t nowNs)
{
    const auto running = static_cast<int>(m_batch.size() - m_nextToFinish);
    double contextTokens = 0.0;
    if (m_padded) {
        // Every sequence decodes to the longest output: one span for the whole batch.
        m_spanSteps = m_paddedOutput - 1;
        contextTokens = static_cast<double>(m_batch.size()) * (m_paddedPrompt + 1.0);
        const double windowTokens = static_cast<double>(m_batch.size())
                                    * m_perf.windowContext(m_paddedPrompt + m_paddedOutput / 2.0);
        m_cost = m_perf.decodeSpan(static_cast<int>(m_batch.size()), contextTokens, m_spanSteps,
                                   windowTokens);
    } else {
        // Until the next request finishes, the batch is unchanged.
        const Request &shortest = m_host.request(m_batch[m_nextToFinish]);
        m_spanSteps = (shortest.outputTokens - 1) - m_stepsDone;
        contextTokens
                = m_remainingPromptTokens + running * (1.0 + static_cast<double>(m_stepsDone));
        m_cost = m_perf.decodeSpan(running, contextTokens, m_spanSteps, m_remainingWindowTokens);
    }
    m_phase = Phase::Decode;
    m_iterationStartNs = nowNs;
    scheduleIteration(nowNs, m_cost, static_cast<int>(m_spanSteps), running);
}

std::vector<Replica::Held> BatchReplica::heldRequests() const
{
    std::vector<Held> held;
    // In the decode phase each request has its first token plus the steps of the spans done
    // (a padded batch counts its tokens only when the batch ends).
    const std::int64_t tokens = m_phase == Phase::Decode ? 1 + (m_padded ? 0 : m_stepsDone) : 0;
    for (std::size_t i = m_nextToFinish; i < m_batch.size(); ++i)
        held.push_back({m_batch[i], tokens});
    for (std::size_t i = 0; i < m_waiting.size(); ++i)
        held.push_back({m_waiting.at(i), 0});
    return held;
}

void BatchReplica::onIterationEnd(std::int64_t nowNs)
{
    const auto running = static_cast<int>(m_batch.size() - m_nextToFinish);
    if (m_phase == Phase::Prefill) {
        for (std::uint32_t id : m_batch) {
            Request &r = m_host.request(id);
            r.generated = 1;
            r.state = RequestState::Decoding;
            m_host.onFirstToken(id, nowNs);
        }
        emitIteration(m_iterationStartNs, nowNs, m_cost, 1, running, m_prefillTokens, 0, running);
        if (m_padded) {
            if (m_paddedOutput > 1)
                startDecodeSpan(nowNs);
            else
                endBatch(nowNs);
            return;
        }
        std::sort(m_batch.begin(), m_batch.end(), [this](std::uint32_t a, std::uint32_t b) {
            const Request &ra = m_host.request(a);
            const Request &rb = m_host.request(b);
            return ra.outputTokens != rb.outputTokens ? ra.outputTokens < rb.outputTokens : a < b;
        });
    } else {
        m_stepsDone += m_spanSteps;
        const std::int64_t decodeTokens = running * m_spanSteps;
        // Padded batches generate filler for the shorter requests: only real tokens count.
        std::int64_t useful = decodeTokens;
        if (m_padded) {
            useful = 0;
            for (std::uint32_t id : m_batch)
                useful += m_host.request(id).outputTokens - 1;
        }
        emitIteration(m_iterationStartNs, nowNs, m_cost, static_cast<int>(m_spanSteps), running, 0,
                      decodeTokens, useful);
        if (m_padded) {
            endBatch(nowNs);
            return;
        }
    }
    // Unpadded: release every request whose output is complete.
    while (m_nextToFinish < m_batch.size()) {
        const std::uint32_t id = m_batch[m_nextToFinish];
        Request &r = m_host.request(id);
        if (r.outputTokens - 1 > m_stepsDone)
            break;
        r.generated = r.outputTokens;
        m_remainingPromptTokens -= r.promptTokens;
        m_remainingWindowTokens -= r.windowTokens;
        ++m_nextToFinish;
        finish(id, nowNs);
    }
    if (m_nextToFinish < m_batch.size())
        startDecodeSpan(nowNs);
    else
        endBatch(nowNs);
}

void BatchReplica::endBatch(std::int64_t nowNs)
{
    if (m_padded) {
        for (; m_nextToFinish < m_batch.size(); ++m_nextToFinish) {
            const std::uint32_t id = m_batch[m_nextToFinish];
            m_host.request(id).generated = m_host.request(id).outputTokens;
            finish(id, nowNs);
        }
    }
    m_batch.clear();
    m_nextToFinish = 0;
    m_phase = Phase::Idle;
    m_host.onKvUsage(m_index, 0.0, nowNs);
    setBusy(false, nowNs);
    tryStart(nowNs);
}

} // namespace tw::sim
