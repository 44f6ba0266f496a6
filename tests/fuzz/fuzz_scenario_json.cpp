// libFuzzer target: the scenario JSON reader (see fuzz_bodies.h and README.md).

#include "fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tw::fuzz::scenarioJsonInput({reinterpret_cast<const char *>(data), size});
    return 0;
}
