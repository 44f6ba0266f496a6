#include "core/accounting/energy_meter.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tw::accounting {
namespace {

constexpr double kNsPerHour = 3600e9;

} // namespace

EnergyMeter::EnergyMeter(const scenario::Scenario &scenario, std::int64_t horizonNs,
                         std::int64_t binNs)
    : m_horizonNs(std::max<std::int64_t>(0, horizonNs))
    , m_binNs(std::max<std::int64_t>(1, binNs))
    , m_binCount(static_cast<std::size_t>((m_horizonNs + m_binNs - 1) / m_binNs))
    , m_endNs(m_horizonNs)
    , m_startHour(scenario.workload.arrival.startHour)
{
    m_multipliers.fill(1.0);
    if (scenario.region.hourlyCarbonProfile) {
        const std::array<double, kHoursPerDay> &raw = scenario.region.hourlyCarbonMultipliers;
        const double mean = std::accumulate(raw.begin(), raw.end(), 0.0) / kHoursPerDay;
        // The contract is a profile with mean 1; dividing by the mean makes a profile given in
        // any unit (or not quite normalised) mean what it says, and leaves a normalised one as
        // it is.
        for (int h = 0; h < kHoursPerDay; ++h)
            m_multipliers[static_cast<std::size_t>(h)]
                    = mean > 0.0 ? raw[static_cast<std::size_t>(h)] / mean
                                 : raw[static_cast<std::size_t>(h)];
    }
    for (const scenario::Deployment &d : scenario.deployments) {
        DeploymentEnergy energy;
        if (d.kind == scenario::DeploymentKind::SelfHosted) {
            m_power.emplace_back(d);
            energy.selfHosted = true;
            energy.gpusPerReplica = std::max(1, d.hardware.gpusPerReplica);
            energy.gpus = energy.gpusPerReplica * std::max(0, d.hardware.replicas);
            energy.idleWattsPerGpu = m_power.back().idleWatts();
            energy.dynamicGpuJoulesPerBin.assign(m_binCount, 0.0);
            energy.carbonWeightedDynamicGpuJoulesPerBin.assign(m_binCount, 0.0);
            energy.provisioningVaries = scenario::provisioningVaries(d);
            if (energy.provisioningVaries) {
                energy.provisionedGpuSecondsPerBin.assign(m_binCount, 0.0);
                energy.carbonWeightedProvisionedGpuSecondsPerBin.assign(m_binCount, 0.0);
            }
        } else {
            m_power.emplace_back();
        }
        m_deployments.push_back(std::move(energy));
    }
}

EnergyMeter::Segment EnergyMeter::segmentAt(std::int64_t timeNs) const
{
    // Hour k of the simulation's calendar spans [(k - startHour) h, (k + 1 - startHour) h);
    // its hour of day is k mod 24. Edges are rounded to whole nanoseconds once, here, and the
    // loops make the choice of k consistent with the rounded edges.
    auto edgeNs = [this](long long k) {
        return static_cast<std::int64_t>(
                std::llround((static_cast<double>(k) - m_startHour) * kNsPerHour));
    };
    auto k = static_cast<long long>(
            std::floor(m_startHour + static_cast<double>(timeNs) / kNsPerHour));
    while (edgeNs(k + 1) <= timeNs)
        ++k;
    while (edgeNs(k) > timeNs)
        --k;
    Segment segment;
    const std::int64_t bin = timeNs / m_binNs;
    segment.bin = static_cast<std::size_t>(bin);
    segment.startNs = std::max(bin * m_binNs, edgeNs(k));
    segment.endNs = std::min((bin + 1) * m_binNs, edgeNs(k + 1));
    segment.hourOfDay = static_cast<int>(((k % kHoursPerDay) + kHoursPerDay) % kHoursPerDay);
    return segment;
}

template<class Visit>
void EnergyMeter::forEachPiece(std::int64_t startNs, std::int64_t endNs, Visit &&visit) const
{
    std::int64_t t = startNs;
    while (t < endNs) {
        const Segment segment = segmentAt(t);
        const std::int64_t pieceEnd = std::min(endNs, segment.endNs);
        visit(segment, static_cast<double>(pieceEnd - t) * 1e-9);
        t = pieceEnd;
    }
}

void EnergyMeter::deposit(DeploymentEnergy &energy, const Segment &segment, double joules) const
{
    const auto hour = static_cast<std::size_t>(segment.hourOfDay);
    energy.dynamicGpuJoulesPerBin[segment.bin] += joules;
    energy.carbonWeightedDynamicGpuJoulesPerBin[segment.bin] += joules * m_multipliers[hour];
    energy.dynamicGpuJoulesPerHourOfDay[hour] += joules;
}

void EnergyMeter::onIteration(const sim::IterationRecord &record)
{
    if (record.deployment < 0
        || static_cast<std::size_t>(record.deployment) >= m_deployments.size())
        return;
    const auto index = static_cast<std::size_t>(record.deployment);
    DeploymentEnergy &energy = m_deployments[index];
    const std::int64_t spanNs = record.endNs - record.startNs;
    if (!energy.selfHosted || spanNs <= 0)
        return;
    ++energy.records;
    // The engine stops at the horizon; clip defensively all the same.
    const std::int64_t startNs = std::max<std::int64_t>(0, record.startNs);
    const std::int64_t endNs = std::min(record.endNs, m_horizonNs);
    if (endNs <= startNs)
        return;

    // Power is constant over the record: the seconds fields are totals over the folded
    // iterations, so activity = active seconds / wall span is their average.
    const hardware::PowerModel &power = m_power[index];
    const double watts = power.dynamicWatts(sim::gpuWorkOf(record)) * energy.gpusPerReplica;
    const double seconds = static_cast<double>(endNs - startNs) * 1e-9;
    energy.busyGpuSeconds += seconds * energy.gpusPerReplica;
    energy.dynamicGpuJoules += watts * seconds;
    if (watts <= 0.0)
        return;
    // Records arrive in end-time order and are short next to bins and hours: most fall inside
    // the previous record's segment.
    if (startNs >= m_lastSegment.startNs && endNs <= m_lastSegment.endNs) {
        deposit(energy, m_lastSegment, watts * seconds);
        return;
    }
    forEachPiece(startNs, endNs, [&](const Segment &segment, double pieceSeconds) {
        deposit(energy, segment, watts * pieceSeconds);
        m_lastSegment = segment;
    });
}

void EnergyMeter::integrateProvisioned(DeploymentEnergy &energy, std::int64_t timeNs) const
{
    const std::int64_t endNs = std::clamp<std::int64_t>(timeNs, 0, m_horizonNs);
    const double gpus = static_cast<double>(energy.provisionedReplicas) * energy.gpusPerReplica;
    if (gpus > 0.0 && endNs > energy.provisionedSinceNs)
        forEachPiece(energy.provisionedSinceNs, endNs, [&](const Segment &segment, double seconds) {
            const double gpuSeconds = gpus * seconds;
            energy.provisionedGpuSeconds += gpuSeconds;
            energy.provisionedGpuSecondsPerBin[segment.bin] += gpuSeconds;
            energy.carbonWeightedProvisionedGpuSecondsPerBin[segment.bin]
                    += gpuSeconds * m_multipliers[static_cast<std::size_t>(segment.hourOfDay)];
        });
    energy.provisionedSinceNs = std::max(energy.provisionedSinceNs, endNs);
}

void EnergyMeter::onProvisioned(int deployment, int replicas, std::int64_t timeNs)
{
    if (deployment < 0 || static_cast<std::size_t>(deployment) >= m_deployments.size())
        return;
    DeploymentEnergy &energy = m_deployments[static_cast<std::size_t>(deployment)];
    if (!energy.provisioningVaries)
        return;
    integrateProvisioned(energy, timeNs);
    energy.provisionedReplicas = std::max(0, replicas);
}

void EnergyMeter::onFinished(std::int64_t timeNs)
{
    m_endNs = std::clamp<std::int64_t>(timeNs, 0, m_horizonNs);
    for (DeploymentEnergy &energy : m_deployments)
        if (energy.provisioningVaries)
            integrateProvisioned(energy, m_endNs);
}

std::vector<double> EnergyMeter::binSeconds() const
{
    std::vector<double> seconds(m_binCount, 0.0);
    for (std::size_t b = 0; b < m_binCount; ++b) {
        const std::int64_t start = static_cast<std::int64_t>(b) * m_binNs;
        const std::int64_t end = std::min(start + m_binNs, m_endNs);
        seconds[b] = end > start ? static_cast<double>(end - start) * 1e-9 : 0.0;
    }
    return seconds;
}

std::vector<double> EnergyMeter::carbonWeightedBinSeconds() const
{
    std::vector<double> seconds(m_binCount, 0.0);
    forEachPiece(0, m_endNs, [&](const Segment &segment, double pieceSeconds) {
        seconds[segment.bin]
                += pieceSeconds * m_multipliers[static_cast<std::size_t>(segment.hourOfDay)];
    });
    return seconds;
}

std::array<double, EnergyMeter::kHoursPerDay> EnergyMeter::hourOfDaySeconds() const
{
    std::array<double, kHoursPerDay> seconds{};
    forEachPiece(0, m_endNs, [&](const Segment &segment, double pieceSeconds) {
        seconds[static_cast<std::size_t>(segment.hourOfDay)] += pieceSeconds;
    });
    return seconds;
}

} // namespace tw::accounting
