#include "core/common/file_io.h"

#include "core/common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

namespace tw {

std::string readTextFile(const std::filesystem::path &file)
{
    // fopen succeeds on a directory on some systems and the first read fails with a less
    // helpful EISDIR, so directories are refused up front.
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw InputError("", "cannot open " + file.string() + ": it is a directory");
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE *)> stream(std::fopen(file.c_str(), "rb"),
                                                                  &std::fclose);
    if (!stream)
        throw InputError("", "cannot open " + file.string() + ": " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    std::size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0)
        text.append(buffer, count);
    if (std::ferror(stream.get()))
        throw InputError("", "cannot read " + file.string() + ": " + std::strerror(errno));
    return text;
}

} // namespace tw
