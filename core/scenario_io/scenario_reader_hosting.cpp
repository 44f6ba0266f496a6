#include "core/scenario_io/scenario_reader.h"

#include "core/hardware/perf_model.h"
#include "core/scenario_io/catalog_references.h"

#include <array>

// How a deployment is paid for and powered: API deployments (per-token prices, optionally from
// the catalog's api_prices.csv), the GPU power model's parameters, and cloud or on-premises
// hosting (cloud prices from cloud_gpu_prices.csv).

namespace tw::scenario::detail {
namespace {

/// Keys that describe our own hardware and so have no meaning for an API deployment.
constexpr std::array<std::string_view, 10> kSelfHostedKeys
        = {"model",       "weightPrecision", "kvPrecision", "hardware",    "serving",
           "performance", "power",           "hosting",     "autoscaling", "overflow"};

/// Up to @p max catalog offerings that rent @p gpuId, priced ones first.
std::vector<std::string> offeringsFor(const std::vector<CloudOfferingEntry> &offerings,
                                      std::string_view gpuId, std::size_t max)
{
    std::vector<std::string> keys;
    for (const bool priced : {true, false}) {
        for (const CloudOfferingEntry &entry : offerings) {
            if (keys.size() < max && equalsIgnoringCase(entry.gpuId, gpuId)
                && entry.pricePerGpuHourUsd.has_value() == priced)
                keys.push_back(entry.key());
        }
    }
    return keys;
}

std::string quotedList(const std::vector<std::string> &items)
{
    std::string text;
    for (const std::string &item : items)
        text += (text.empty() ? "" : ", ") + singleQuoted(item);
    return text;
}

} // namespace

void Reader::readApiDeployment(const Json &object, const std::string &path, Deployment &out)
{
    for (std::string_view key : kSelfHostedKeys) {
        if (member(object, key))
            add(join(path, key), "an api deployment has no " + std::string(key)
                                         + ": the provider serves the model (remove the key, or "
                                           "set \"kind\": \"selfHosted\")");
    }
    if (const Json *api = this->object(object, path, "api", Node::Api, true,
                                       "a catalog entry such as {\"catalog\": "
                                       "\"OpenAI/gpt-4o-mini-2024-07-18\"}, or provider, model "
                                       "and prices"))
        readApi(*api, join(path, "api"), out.api);
}

void Reader::readApi(const Json &object, const std::string &path, ApiSpec &out)
{
    const Json *catalogKey = member(object, "catalog");
    std::string key;
    if (catalogKey && text(*catalogKey, join(path, "catalog"), key)) {
        const std::vector<ApiPriceEntry> entries = apiPrices(m_catalog);
        const ApiPriceEntry *entry = findEntry(entries, key);
        if (!entry) {
            add(join(path, "catalog"),
                "unknown API model " + singleQuoted(key) + suggestIds(key, entryKeys(entries)));
            return;
        }
        out.provider = entry->provider;
        out.model = entry->model;
        // A catalog row whose price is missing (left empty rather than guessed) must be
        // completed by the file rather than read as free.
        std::string unpriced;
        const auto price
                = [&](const std::optional<double> &figure, std::string_view name, double &target) {
                      if (figure)
                          target = *figure;
                      else if (!member(object, name))
                          unpriced += (unpriced.empty() ? "" : " and ") + std::string(name);
                  };
        price(entry->inputUsdPerMillionTokens, "inputUsdPerMillionTokens",
              out.inputUsdPerMillionTokens);
        price(entry->outputUsdPerMillionTokens, "outputUsdPerMillionTokens",
              out.outputUsdPerMillionTokens);
        if (!unpriced.empty())
            add(join(path, "catalog"), "the catalog has no price for " + singleQuoted(entry->key())
                                               + "; give " + unpriced);
    }
    fields<ApiSpec>(object, path, kApiFields, out);
    if (catalogKey)
        return;
    std::string missingKeys;
    for (std::string_view name : {"inputUsdPerMillionTokens", "outputUsdPerMillionTokens"}) {
        if (!member(object, name))
            missingKeys += (missingKeys.empty() ? "" : ", ") + std::string(name);
    }
    if (!missingKeys.empty())
        add(path, "an api without a catalog entry needs its prices; missing " + missingKeys
                          + " (or start from a catalog entry with \"catalog\", e.g. "
                            "\"OpenAI/gpt-4o-mini-2024-07-18\")");
}

void Reader::readPower(const Json &object, const std::string &path, const model::GpuSpec *gpu,
                       PowerParams &out)
{
    if (!fields<PowerParams>(object, path, kPowerFields, out) || !gpu)
        return;
    const double tdp = gpu->tdpWatts;
    if (out.idleWatts > tdp) {
        add(join(path, "idleWatts"), "must be <= the GPU's tdpWatts (" + formatNumber(tdp)
                                             + " W), got " + formatNumber(out.idleWatts));
        return;
    }
    const std::string capProblem = hardware::powerCapProblem(*gpu, out);
    if (!capProblem.empty())
        add(join(path, "powerCapWatts"), capProblem);
}

std::string Reader::hostingHint(const model::GpuSpec &gpu) const
{
    const std::vector<std::string> offerings = offeringsFor(cloudOfferings(m_catalog), gpu.id, 1);
    const std::string cloud
            = offerings.empty()
                      ? "{\"type\": \"cloud\", \"pricePerGpuHourUsd\": ...}"
                      : "{\"type\": \"cloud\", \"offering\": \"" + offerings.front() + "\"}";
    return "how the GPUs are paid for, e.g. " + cloud
           + ", or {\"type\": \"onPremises\", \"purchasePricePerGpuUsd\": ...}";
}

void Reader::readHosting(const Json &object, const std::string &path, const model::GpuSpec *gpu,
                         HostingSpec &out)
{
    const std::size_t before = m_issues.size();
    choice<HostingKind>(object, path, "type", kHostingKinds, false, out.kind);
    fields<HostingSpec>(object, path, kHostingFields, out);
    if (m_issues.size() != before)
        return;
    const std::vector<CloudOfferingEntry> offerings = cloudOfferings(m_catalog);
    const std::string gpuId = gpu ? gpu->id : std::string();
    const bool cloud = out.kind == HostingKind::Cloud;
    bool priceReported = false;
    if (!out.offering.empty()) {
        const std::string offeringPath = join(path, "offering");
        const CloudOfferingEntry *entry = findEntry(offerings, out.offering);
        if (!entry) {
            add(offeringPath, "unknown cloud offering " + singleQuoted(out.offering)
                                      + suggestIds(out.offering, entryKeys(offerings)));
            return;
        }
        out.offering = entry->key();
        if (!gpuId.empty() && !equalsIgnoringCase(entry->gpuId, gpuId)) {
            const std::vector<std::string> matching = offeringsFor(offerings, gpuId, 3);
            add(offeringPath,
                singleQuoted(entry->key()) + " rents " + entry->gpuId
                        + " GPUs, but this deployment runs on " + gpuId + " ("
                        + (matching.empty() ? std::string("the catalog has no offering for it")
                                            : "offerings for it: " + quotedList(matching))
                        + "; or give pricePerGpuHourUsd without an offering)");
            return;
        }
        if (!member(object, "priceType"))
            out.priceType = entry->priceType;
        if (!member(object, "pricePerGpuHourUsd")) {
            if (entry->pricePerGpuHourUsd) {
                out.pricePerGpuHourUsd = *entry->pricePerGpuHourUsd;
            } else if (cloud) {
                add(offeringPath, "the catalog has no price for " + singleQuoted(entry->key())
                                          + "; give pricePerGpuHourUsd");
                priceReported = true;
            }
        }
    }
    if (cloud && !priceReported && !(out.pricePerGpuHourUsd > 0.0)) {
        const std::vector<std::string> matching = offeringsFor(offerings, gpuId, 3);
        add(path, "a cloud deployment needs an offering or pricePerGpuHourUsd > 0"
                          + (matching.empty() ? std::string()
                                              : " (offerings for " + gpuId + ": "
                                                        + quotedList(matching) + ")"));
    }
    if (!cloud && !(out.purchasePricePerGpuUsd > 0.0) && !(out.purchasePricePerNodeUsd > 0.0))
        add(path, "an on-premises deployment needs purchasePricePerGpuUsd or "
                  "purchasePricePerNodeUsd > 0");
}

} // namespace tw::scenario::detail
