#include "core/defaults/accuracy.h"

#include "core/common/embedded.h"
#include "core/common/error.h"
#include "core/metrics/text_format.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace tw::calibration {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kAccuracyFile = "accuracy.json";

struct Group
{
    std::string name;
    int rows = 0;
    Accuracy accuracy;
};

struct AccuracyTable
{
    std::vector<Group> fitted;
    Accuracy borrowedGeneration;
    Accuracy borrowedTiming; ///< timing of another generation, power weights of its own
    Accuracy borrowedSoftware;
};

Accuracy readFigures(const Json &object)
{
    Accuracy a;
    a.throughputPercent = object.value("throughput", 0.0);
    a.latencyPercent = object.value("latency", 0.0);
    a.energyPercent = object.value("energy", 0.0);
    a.powerPercent = object.value("power", 0.0);
    for (double value : {a.throughputPercent, a.latencyPercent, a.energyPercent, a.powerPercent})
        if (!(value >= 0.0 && value < 1e4))
            throw InputError(std::string(kAccuracyFile), "a median error is not a percentage");
    return a;
}

const AccuracyTable &table()
{
    static const AccuracyTable parsed = [] {
        AccuracyTable t;
        const auto &files = resources::calibrationFiles();
        const auto found = files.find(std::string(kAccuracyFile));
        if (found == files.end())
            return t;
        const Json root = Json::parse(found->second);
        for (const Json &g : root.value("fitted", Json::array())) {
            Group group;
            group.name = g.value("group", std::string());
            group.rows = g.value("rows", 0);
            group.accuracy = readFigures(g);
            const Json batch = g.value("batch", Json::array());
            const Json params = g.value("modelParamsB", Json::array());
            if (batch.size() == 2) {
                group.accuracy.minBatch = batch[0].get<int>();
                group.accuracy.maxBatch = batch[1].get<int>();
            }
            if (params.size() == 2) {
                group.accuracy.minModelParamsB = params[0].get<double>();
                group.accuracy.maxModelParamsB = params[1].get<double>();
            }
            group.accuracy.pipelineMeasured = g.value("pipeline", false);
            t.fitted.push_back(std::move(group));
        }
        t.borrowedGeneration = readFigures(root.value("borrowedGeneration", Json::object()));
        t.borrowedGeneration.basis
                = "median errors when a GPU generation's parameters are borrowed from another: "
                  + root.value("borrowedGeneration", Json::object()).value("basis", std::string());
        t.borrowedTiming = readFigures(root.value("borrowedTiming", Json::object()));
        t.borrowedTiming.basis
                = "median errors when a GPU generation's timing is borrowed from another and "
                  "its power weights are its own: "
                  + root.value("borrowedTiming", Json::object()).value("basis", std::string());
        t.borrowedSoftware = readFigures(root.value("borrowedSoftware", Json::object()));
        t.borrowedSoftware.basis
                = "median errors when parameters come from another serving software: "
                  + root.value("borrowedSoftware", Json::object()).value("basis", std::string());
        return t;
    }();
    return parsed;
}

} // namespace

Accuracy accuracyFor(const ParameterOrigin &origin)
{
    const AccuracyTable &t = table();
    if (origin.group.empty())
        return {};
    if (origin.borrowed && origin.otherSoftware)
        return t.borrowedSoftware;
    if (origin.borrowed)
        return origin.powerGroup.empty() ? t.borrowedGeneration : t.borrowedTiming;
    for (const Group &g : t.fitted) {
        if (g.name == origin.group) {
            Accuracy a = g.accuracy;
            a.basis = "median errors of " + g.name + " on its " + std::to_string(g.rows)
                      + " measured rows";
            return a;
        }
    }
    return {};
}

std::string outsideMeasuredRange(const Accuracy &accuracy, const RunShape &shape)
{
    const double meanBatch = shape.meanBatch;
    const double modelParamsB = shape.modelParamsB;
    auto grouped = [](double value) { return metrics::formatGrouped(value, 0); };
    std::string out;
    auto add = [&out](const std::string &part) { out += (out.empty() ? "" : "; ") + part; };
    if (accuracy.maxBatch > 0 && meanBatch > accuracy.maxBatch)
        add("mean batch " + grouped(meanBatch) + " beyond the largest measured ("
            + grouped(accuracy.maxBatch) + ")");
    if (accuracy.maxModelParamsB > 0.0
        && modelParamsB > 0.0
        // Sources name models by nominal size ("405B" for 405.85e9): 5 % either side.
        && (modelParamsB > accuracy.maxModelParamsB * 1.05
            || modelParamsB < accuracy.minModelParamsB / 1.05))
        add("a " + grouped(modelParamsB) + "B-parameter model, outside the measured "
            + grouped(accuracy.minModelParamsB) + "B–" + grouped(accuracy.maxModelParamsB) + "B");
    if (shape.pipelineStages > 1 && !accuracy.pipelineMeasured)
        add("pipeline parallelism, which none of these rows uses");
    if (shape.tensorParallelAcrossNodes)
        add("tensor parallelism across nodes, which no calibration row measures");
    return out;
}

} // namespace tw::calibration
