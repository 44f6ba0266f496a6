#include "core/model/precision.h"

#include <algorithm>
#include <cctype>

namespace tw::model {

double bytesPerElement(Precision precision)
{
    switch (precision) {
    case Precision::Bf16:
    case Precision::Fp16:
        return 2.0;
    case Precision::Fp8:
    case Precision::Int8:
        return 1.0;
    case Precision::Int4:
        return 0.5;
    }
    return 2.0;
}

std::string_view toString(Precision precision)
{
    switch (precision) {
    case Precision::Bf16:
        return "bf16";
    case Precision::Fp16:
        return "fp16";
    case Precision::Fp8:
        return "fp8";
    case Precision::Int8:
        return "int8";
    case Precision::Int4:
        return "int4";
    }
    return "bf16";
}

std::optional<Precision> parsePrecision(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "bf16" || lower == "bfloat16")
        return Precision::Bf16;
    if (lower == "fp16" || lower == "float16" || lower == "half")
        return Precision::Fp16;
    if (lower == "fp8" || lower == "float8" || lower == "e4m3")
        return Precision::Fp8;
    if (lower == "int8" || lower == "w8a8")
        return Precision::Int8;
    if (lower == "int4" || lower == "w4a16" || lower == "awq" || lower == "gptq")
        return Precision::Int4;
    return std::nullopt;
}

} // namespace tw::model
