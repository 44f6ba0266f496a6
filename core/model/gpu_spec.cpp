#include "core/model/gpu_spec.h"

namespace tw::model {

double GpuSpec::peakFlopsPerSecond(Precision weights) const
{
    const double sixteenBit = bf16Tflops > 0.0 ? bf16Tflops : fp16Tflops;
    double tflops = sixteenBit;
    switch (weights) {
    case Precision::Fp16:
        tflops = fp16Tflops > 0.0 ? fp16Tflops : sixteenBit;
        break;
    case Precision::Fp8:
        tflops = fp8Tflops > 0.0 ? fp8Tflops : sixteenBit;
        break;
    case Precision::Int8:
        tflops = int8Tops > 0.0 ? int8Tops : sixteenBit;
        break;
    case Precision::Bf16:
    case Precision::Int4:
        break;
    }
    return tflops * 1e12;
}

} // namespace tw::model
