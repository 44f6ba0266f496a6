// Helper of tst_store_kill: saves two contents into a workbook, alternately and forever, until
// it is killed. Prints "ready" once the first save has finished.
//
//   store_save_child FILE save    Workbook::save into the open file (one transaction each)
//   store_save_child FILE write   Workbook::writeFile (temporary file + rename), "Save As"

#include "store_fixtures.h"

#include "core/common/error.h"
#include "core/store/workbook.h"

#include <cstdio>
#include <cstring>
#include <exception>

int main(int argc, char **argv)
{
    if (argc != 3 || (std::strcmp(argv[2], "save") != 0 && std::strcmp(argv[2], "write") != 0)) {
        std::fprintf(stderr, "usage: store_save_child FILE save|write\n");
        return 2;
    }
    const std::filesystem::path file = argv[1];
    const bool inPlace = std::strcmp(argv[2], "save") == 0;
    const tw::store::WorkbookContent contents[2]
            = {tw::test::killTestContent('A'), tw::test::killTestContent('B')};
    try {
        std::optional<tw::store::Workbook> workbook;
        if (inPlace)
            workbook = tw::store::Workbook::open(file);
        for (unsigned long i = 1;; ++i) {
            const tw::store::WorkbookContent &content = contents[i % 2];
            if (inPlace)
                workbook->save(content);
            else
                tw::store::Workbook::writeFile(file, content);
            if (i == 1) {
                std::puts("ready");
                std::fflush(stdout);
            }
        }
    } catch (const std::exception &error) {
        std::fprintf(stderr, "store_save_child: %s\n", error.what());
        return 1;
    }
}
