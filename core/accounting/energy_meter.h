#pragma once

#include "core/hardware/perf_model.h"
#include "core/scenario/scenario.h"
#include "core/sim/observer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tw::accounting {

/// Integrates the GPU energy of every self-hosted deployment exactly from the engine's iteration
/// records (docs/model.md, "Power and energy").
///
/// Each GPU draws its idle power for the whole horizon; an iteration record adds, on every GPU
/// of its replica, the dynamic power of hardware::PowerModel (constant over the record) times
/// the record's wall span. Only the dynamic part needs metering; the idle part, being constant,
/// is distributed over time analytically by account(). Dynamic energy is split over
/// time-series bins and hours of the day in proportion to time, which is exact for constant
/// power over the record.
///
/// Runs on the engine's thread; read it after the run. It keeps what it needs of the scenario
/// (power models, carbon profile), not a reference to it.
class EnergyMeter final : public sim::EngineObserver
{
public:
    static constexpr int kHoursPerDay = 24;

    /// What the meter gathered for one deployment. For API deployments everything is 0.
    struct DeploymentEnergy
    {
        bool selfHosted = false;
        int gpus = 0; ///< gpusPerReplica x replicas
        int gpusPerReplica = 0;
        double idleWattsPerGpu = 0.0;
        double dynamicGpuJoules = 0.0; ///< above idle, all GPUs
        double busyGpuSeconds = 0.0;   ///< record spans x gpusPerReplica
        std::uint64_t records = 0;     ///< iteration records counted
        std::vector<double> dynamicGpuJoulesPerBin;
        /// Dynamic GPU joules per bin weighted by the region's hourly carbon multiplier of
        /// the hour each part fell in (normalised to mean 1; all 1 without a profile).
        std::vector<double> carbonWeightedDynamicGpuJoulesPerBin;
        /// Dynamic GPU joules by hour of the day (0 = midnight to 1 am), over all days.
        std::array<double, kHoursPerDay> dynamicGpuJoulesPerHourOfDay{};
        /// Deployments whose provisioning varies only (scenario::provisioningVaries: autoscaled
        /// or spot; sim::EngineObserver::onProvisioned): GPU-seconds
        /// provisioned, in all and per bin (also weighted by the hourly carbon multiplier).
        /// Without autoscaling every GPU is provisioned for the whole accounted time.
        bool provisioningVaries = false;
        double provisionedGpuSeconds = 0.0;
        std::vector<double> provisionedGpuSecondsPerBin;
        std::vector<double> carbonWeightedProvisionedGpuSecondsPerBin;
        int provisionedReplicas = 0;         ///< the count since provisionedSinceNs
        std::int64_t provisionedSinceNs = 0; ///< integrated up to here
    };

    /// @p horizonNs and @p binNs must be those of the engine, so the bins line up with the other
    /// time series (bin count = ceil(horizon / bin)). Throws tw::InputError for a power cap at or
    /// below a GPU's idle power.
    EnergyMeter(const scenario::Scenario &scenario, std::int64_t horizonNs, std::int64_t binNs);

    void onIteration(const sim::IterationRecord &record) override;
    void onProvisioned(int deployment, int replicas, std::int64_t timeNs) override;
    /// Records when the run ended: a cancelled run is accounted up to that time.
    void onFinished(std::int64_t timeNs) override;

    std::size_t deploymentCount() const { return m_deployments.size(); }
    const DeploymentEnergy &deployment(std::size_t index) const { return m_deployments[index]; }

    /// Simulated time accounted: the horizon, or where a cancelled run stopped.
    std::int64_t endNs() const { return m_endNs; }
    double endSeconds() const { return static_cast<double>(m_endNs) * 1e-9; }
    std::int64_t horizonNs() const { return m_horizonNs; }
    std::int64_t binNs() const { return m_binNs; }
    std::size_t binCount() const { return m_binCount; }

    /// Seconds of accounted time in each bin (the last bin may be short, and bins after a
    /// cancellation are empty).
    std::vector<double> binSeconds() const;
    /// The same seconds weighted by the hourly carbon multiplier (equal to binSeconds() without
    /// a profile): a constant power P contributes P x this to a bin's carbon-weighted energy.
    std::vector<double> carbonWeightedBinSeconds() const;
    /// Accounted seconds falling in each hour of the day.
    std::array<double, kHoursPerDay> hourOfDaySeconds() const;
    /// The region's hourly carbon multipliers normalised to mean 1 (all 1 without a profile).
    const std::array<double, kHoursPerDay> &carbonMultipliers() const { return m_multipliers; }

private:
    /// A stretch of time within one bin and one hour of the day.
    struct Segment
    {
        std::int64_t startNs = 0;
        std::int64_t endNs = 0; ///< exclusive
        std::size_t bin = 0;
        int hourOfDay = 0;
    };
    /// The segment containing @p timeNs (bin edges and hour-of-day edges cut time into them).
    Segment segmentAt(std::int64_t timeNs) const;
    /// Calls @p visit(segment, seconds) for each piece of [startNs, endNs) cut at bin and
    /// hour-of-day edges, in time order.
    template<class Visit>
    void forEachPiece(std::int64_t startNs, std::int64_t endNs, Visit &&visit) const;
    void deposit(DeploymentEnergy &energy, const Segment &segment, double joules) const;
    /// Adds the provisioned GPU-seconds of @p energy up to @p timeNs.
    void integrateProvisioned(DeploymentEnergy &energy, std::int64_t timeNs) const;

    std::int64_t m_horizonNs = 0;
    std::int64_t m_binNs = 1;
    std::size_t m_binCount = 0;
    std::int64_t m_endNs = 0;
    double m_startHour = 0.0;
    std::array<double, kHoursPerDay> m_multipliers{};
    std::vector<DeploymentEnergy> m_deployments;
    std::vector<hardware::PowerModel> m_power;
    /// The segment of the last record: records mostly fall in it, which spares the search.
    Segment m_lastSegment;
};

} // namespace tw::accounting
