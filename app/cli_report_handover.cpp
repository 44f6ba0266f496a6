// tokenwatt-cli's side of `report`: finds the renderer and hands the command over to it.

#include "app/cli_report.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace tw::cli {
namespace fs = std::filesystem;

namespace {

constexpr const char *kRenderer = "tokenwatt-report";

/// Where the renderer may be, in the order tried, for a tokenwatt-cli at @p self.
std::vector<fs::path> rendererCandidates(const fs::path &self)
{
    const fs::path bin = self.parent_path();
    return {bin / kRenderer, bin.parent_path() / "libexec" / "tokenwatt" / kRenderer};
}

} // namespace

int handOverToReport(const std::vector<std::string> &args)
{
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    std::vector<fs::path> tried;
    if (!error)
        tried = rendererCandidates(self);
    for (const fs::path &candidate : tried) {
        if (::access(candidate.c_str(), X_OK) != 0)
            continue;
        std::vector<std::string> words{"tokenwatt-cli report"};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char *> argv;
        for (std::string &word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);
        std::cout.flush();
        ::execv(candidate.c_str(), argv.data());
        std::cerr << "tokenwatt-cli: cannot start the report renderer " << candidate.string()
                  << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    std::cerr << "tokenwatt-cli: report: the report renderer (" << kRenderer
              << ") is not installed";
    if (!tried.empty()) {
        std::cerr << "; looked for";
        for (std::size_t i = 0; i < tried.size(); ++i)
            std::cerr << (i == 0 ? " " : " and ") << tried[i].string();
    }
    std::cerr << ". Every other command works without it.\n";
    return 1;
}

} // namespace tw::cli
