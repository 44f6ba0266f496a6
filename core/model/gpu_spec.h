#pragma once

#include "core/model/precision.h"

#include <string>

namespace tw::model {

/// One accelerator. Throughputs are dense (no sparsity) peak figures from the datasheet;
/// 0 means the GPU has no such mode.
struct GpuSpec
{
    std::string id;   ///< catalog id, e.g. "h100_sxm"; empty for an inline GPU
    std::string name; ///< e.g. "NVIDIA H100 SXM5 80GB"
    std::string architecture;
    double memoryGb = 0.0;                ///< 10^9 bytes
    double memoryBandwidthGbPerSec = 0.0; ///< 10^9 bytes/s
    double bf16Tflops = 0.0;
    double fp16Tflops = 0.0;
    double fp8Tflops = 0.0;
    double int8Tops = 0.0;
    double fp4Tflops = 0.0;
    double tdpWatts = 0.0;
    double idleWatts = 0.0; ///< 0 = unknown
    /// GPU-to-GPU bandwidth per GPU, both directions added (NVLink convention); 0 = PCIe only.
    double interconnectGbPerSec = 0.0;
    /// GPUs joined by that interconnect (NVLink domain): 8 on an HGX board, 2 for PCIe cards
    /// with an NVLink bridge, 1 without. 0 = unknown: the whole node when the GPU has an
    /// interconnect, else 1 (docs/model.md, "Topology").
    int nvlinkDomainGpus = 0;
    /// GPUs in one server node (joined at least by PCIe); 0 = unknown, taken as kNodeGpus.
    int nodeGpus = 0;
    /// Network bandwidth between nodes per GPU, one direction, 10^9 bytes/s (a 400 Gb/s NIC
    /// per GPU is 50); 0 = unknown, and a replica larger than a node is refused.
    double scaleOutGbPerSec = 0.0;
    std::string source;
    std::string verification;

    /// Peak dense throughput in FLOP/s for matrix multiplies whose weights are stored in
    /// @p weights. fp8 and int8 use their own tensor-core rate when the GPU has one (W8A8);
    /// int4 is weight-only (W4A16) and computes in 16-bit. Falls back to the 16-bit rate.
    double peakFlopsPerSecond(Precision weights) const;

    bool operator==(const GpuSpec &) const = default;
};

/// GPUs per server node when the catalog does not say: every 8-GPU HGX/DGX board, and the
/// largest instances of AWS (p4d, p5, g5.48xlarge, g6e.48xlarge), GCP (a3) and Azure
/// (ND H100 v5) have 8.
inline constexpr int kNodeGpus = 8;

} // namespace tw::model
