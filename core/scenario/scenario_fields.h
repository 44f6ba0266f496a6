#pragma once

// The schema of the scenario types: every scalar member of every struct in scenario.h, with its
// key in the scenario file, its accepted range and unit. One row per field; the file reader and
// writer (core/scenario_io), the key lists and their check against docs/scenario-format.md, the
// calibration's parameter list (core/defaults) and parameter paths all read these tables.
// Enumerated strings, arrays and nested objects are declared in core/scenario_io/json_schema.h.

#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"
#include "core/scenario/scenario.h"

#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace tw::scenario::detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kMaxTokens = 10'000'000.0;
inline constexpr double kSecondsPerYear = 365.0 * 86'400.0;

/// Whole numbers without a fraction, others in the shortest form that reads back the same.
std::string formatNumber(double value);

/// An accepted interval of values and its unit, which also writes its own message.
struct Range
{
    double low = -kInf;
    double high = kInf;
    bool lowOpen = false;
    bool highOpen = false;
    std::string_view unit{};

    bool contains(double value) const
    {
        return (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high);
    }
    /// "must be between 0 and 1", "must be > 0 s", ...
    std::string describe() const;
};

constexpr Range above(double low, std::string_view unit = {})
{
    return {low, kInf, true, false, unit};
}
constexpr Range atLeast(double low, std::string_view unit = {})
{
    return {low, kInf, false, false, unit};
}
constexpr Range between(double low, double high, std::string_view unit = {})
{
    return {low, high, false, false, unit};
}
constexpr Range aboveUpTo(double low, double high, std::string_view unit = {})
{
    return {low, high, true, false, unit};
}
constexpr Range fromBelow(double low, double high, std::string_view unit = {})
{
    return {low, high, false, true, unit};
}

// ---- Scalar fields (tables in scenario_fields.cpp) ----------------------------------------------

/// One scalar member of a struct, read and written by the same table. Exactly one of the
/// member pointers is set. `whole` marks a double that must hold a whole number (token counts).
template<class T> struct Field
{
    std::string_view key;
    double T::*real = nullptr;
    int T::*integer = nullptr;
    bool T::*flag = nullptr;
    std::string T::*text = nullptr;
    Range range{};
    bool whole = false;
    bool requiredInline = false; ///< models and GPUs defined without a catalog entry
};

inline constexpr bool kRequiredInline = true;

template<class T>
constexpr Field<T> realField(std::string_view key, double T::*member, Range range,
                             bool requiredInline = false)
{
    return {key, member, nullptr, nullptr, nullptr, range, false, requiredInline};
}
/// A double that must hold a whole number (token counts).
template<class T>
constexpr Field<T> wholeField(std::string_view key, double T::*member, Range range)
{
    return {key, member, nullptr, nullptr, nullptr, range, true, false};
}
template<class T>
constexpr Field<T> intField(std::string_view key, int T::*member, Range range,
                            bool requiredInline = false)
{
    return {key, nullptr, member, nullptr, nullptr, range, false, requiredInline};
}
template<class T> constexpr Field<T> flagField(std::string_view key, bool T::*member)
{
    return {key, nullptr, nullptr, member, nullptr, {}, false, false};
}
template<class T> constexpr Field<T> textField(std::string_view key, std::string T::*member)
{
    return {key, nullptr, nullptr, nullptr, member, {}, false, false};
}

/// The scalar keys of each object, in the order toJson writes them. Enumerated strings,
/// arrays and nested objects are read and written outside the tables.
extern const std::span<const Field<model::ModelSpec>> kModelFields;
extern const std::span<const Field<model::GpuSpec>> kGpuFields;
extern const std::span<const Field<SimulationSettings>> kSimulationFields;
extern const std::span<const Field<ArrivalSpec>> kArrivalFields;
extern const std::span<const Field<RequestClass>> kClassFields;
extern const std::span<const Field<LengthDistribution>> kLengthFields;
extern const std::span<const Field<HardwareSpec>> kHardwareFields;
extern const std::span<const Field<ServingSpec>> kServingFields;
extern const std::span<const Field<PerformanceParams>> kPerformanceFields;
extern const std::span<const Field<Slo>> kSloFields;
extern const std::span<const Field<ApiSpec>> kApiFields;
extern const std::span<const Field<PowerParams>> kPowerFields;
extern const std::span<const Field<HostingSpec>> kHostingFields;
extern const std::span<const Field<AutoscalingSpec>> kAutoscalingFields;
extern const std::span<const Field<OverflowSpec>> kOverflowFields;
extern const std::span<const Field<RoutingRule>> kRuleFields;
extern const std::span<const Field<Route>> kRouteFields;
extern const std::span<const Field<CacheSpec>> kCacheFields;
extern const std::span<const Field<RegionSpec>> kRegionFields;
extern const std::span<const Field<PricesSpec>> kPricesFields;

} // namespace tw::scenario::detail
