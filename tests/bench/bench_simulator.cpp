// The simulator benchmark: the standard workload of the core issue, timed on one core.
// 1,000,000 chat-like requests to Llama-3.1-70B (bf16) on H100 SXM, TP4, four replicas,
// continuous batching with chunked prefill. Prints the median over several runs of the
// simulated requests per wall-clock second, and the process's peak RSS.
//
// Usage: tokenwatt-bench [--runs N] [--requests N]

#include "core/catalog/catalog.h"
#include "core/run/simulate.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

tw::scenario::LengthDistribution lognormal(double mean, double cv, int maxTokens)
{
    tw::scenario::LengthDistribution d;
    d.kind = tw::scenario::LengthKind::Lognormal;
    d.mean = mean;
    d.cv = cv;
    d.maxTokens = maxTokens;
    return d;
}

tw::scenario::Scenario standardWorkload(double requests)
{
    const tw::catalog::Catalog &catalog = tw::catalog::Catalog::builtIn();
    tw::scenario::Scenario s;
    s.name = "benchmark: 1M chat requests, Llama-3.1-70B, H100 TP4 x 4";
    // 30 requests/s keeps four replicas ~75 % busy with these lengths.
    const double rate = 30.0;
    s.simulation.horizonSeconds = requests / rate;
    s.simulation.warmupSeconds = 0.0;
    s.simulation.maxRequests = static_cast<std::uint64_t>(requests * 2);
    s.workload.arrival.kind = tw::scenario::ArrivalKind::Poisson;
    s.workload.arrival.ratePerSecond = rate;
    tw::scenario::RequestClass chat;
    chat.name = "chat";
    chat.promptTokens = lognormal(1000.0, 1.0, 8192);
    chat.outputTokens = lognormal(250.0, 0.8, 2048);
    s.workload.classes.push_back(chat);
    tw::scenario::Deployment d;
    d.model = *catalog.findModel("llama-3.1-70b");
    d.hardware.gpu = *catalog.findGpu("h100_sxm");
    d.hardware.gpusPerReplica = 4;
    d.hardware.replicas = 4;
    d.serving.policy = tw::scenario::BatchingPolicy::Continuous;
    s.deployments.push_back(d);
    return s;
}

long peakRssKib()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

} // namespace

int main(int argc, char **argv)
{
    int runs = 5;
    double requests = 1e6;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--requests") == 0)
            requests = std::max(1000.0, std::atof(argv[i + 1]));
    }
    const tw::scenario::Scenario scenario = standardWorkload(requests);
    std::vector<double> rates;
    std::uint64_t arrived = 0;
    double p95Ttft = 0.0;
    double busy = 0.0;
    double batch = 0.0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const tw::metrics::Results r = tw::run::simulate(scenario);
        const double wall
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        arrived = r.arrivedRequests;
        p95Ttft = r.ttftSeconds.p95;
        busy = r.busyFraction;
        batch = r.meanRunningBatch;
        rates.push_back(static_cast<double>(r.arrivedRequests) / wall);
        std::printf("run %d: %llu requests, %llu events, %.3f s wall, %.0f requests/s\n", run + 1,
                    static_cast<unsigned long long>(r.arrivedRequests),
                    static_cast<unsigned long long>(r.eventsProcessed), wall, rates.back());
    }
    std::sort(rates.begin(), rates.end());
    std::printf("\nworkload: %llu requests, busy %.2f, mean running batch %.1f, p95 TTFT %.3f s\n",
                static_cast<unsigned long long>(arrived), busy, batch, p95Ttft);
    std::printf("median: %.0f simulated requests per wall-second (min %.0f, max %.0f, %d runs)\n",
                rates[rates.size() / 2], rates.front(), rates.back(), runs);
    std::printf("peak RSS: %.1f MB\n", static_cast<double>(peakRssKib()) / 1024.0);
    return 0;
}
