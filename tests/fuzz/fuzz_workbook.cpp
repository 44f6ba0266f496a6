// libFuzzer target: the workbook loader, on files made of arbitrary bytes (see fuzz_bodies.h
// and README.md).

#include "fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tw::fuzz::workbookInput({reinterpret_cast<const char *>(data), size},
                            tw::fuzz::scratchFolder());
    return 0;
}
