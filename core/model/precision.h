#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tw::model {

/// Numeric format of weights or of the KV cache.
enum class Precision { Bf16, Fp16, Fp8, Int8, Int4 };

/// Bytes per stored element: 2 for bf16/fp16, 1 for fp8/int8, 0.5 for int4. Group-wise
/// quantisation scales (about 0.25 bit per weight for int4 with groups of 128) are neglected.
double bytesPerElement(Precision precision);

/// Canonical lower-case name used in scenario files: "bf16", "fp16", "fp8", "int8", "int4".
std::string_view toString(Precision precision);

/// Parses a name; also accepts the spellings found in published measurements
/// ("bfloat16", "float16", "half", "FP8"). Returns nullopt for anything else.
std::optional<Precision> parsePrecision(std::string_view text);

/// The accepted names, for error messages.
inline constexpr std::string_view kPrecisionNames = "bf16, fp16, fp8, int8, int4";

} // namespace tw::model
