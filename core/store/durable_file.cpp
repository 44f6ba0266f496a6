#include "core/store/durable_file.h"

#include "core/common/error.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace tw::store::detail {
namespace fs = std::filesystem;
namespace {

std::string reason(int error)
{
    return std::strerror(error);
}

/// fsync of a file or a folder: the data and the folder entry reach the disk.
void sync(const fs::path &path, bool directory, const fs::path &reportedFile)
{
    const int fd
            = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        throw InputError(reportedFile.string(), "cannot save: cannot open " + path.string()
                                                        + " to flush it: " + reason(errno));
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (result != 0)
        throw InputError(reportedFile.string(),
                         "cannot save: flushing " + path.string() + " failed: " + reason(error));
}

fs::path folderOf(const fs::path &file)
{
    const fs::path parent = file.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

} // namespace

fs::path temporarySibling(const fs::path &file)
{
    // The name is reserved by creating the file exclusively (O_EXCL), so two writers, even two
    // threads of one process, can never share it; SQLite then fills the empty file. The pid
    // and the clock make a clash rare, the loop makes it harmless.
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    for (int attempt = 0;; ++attempt) {
        const fs::path candidate
                = folderOf(file)
                  / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-"
                     + std::to_string(ticks + attempt));
        const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::close(fd);
            return candidate;
        }
        if (errno != EEXIST || attempt >= 1000) {
            throw InputError(file.string(), "cannot save in the folder " + folderOf(file).string()
                                                    + ": " + reason(errno));
        }
    }
}

void writeAtomically(const fs::path &file, const std::function<void(const fs::path &)> &write)
{
    const fs::path temporary = temporarySibling(file);
    try {
        write(temporary);
        sync(temporary, false, file);
        if (std::rename(temporary.c_str(), file.c_str()) != 0)
            throw InputError(file.string(), "cannot save: renaming " + temporary.string()
                                                    + " into place failed: " + reason(errno));
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
    sync(folderOf(file), true, file);
}

void copyAtomically(const fs::path &source, const fs::path &target)
{
    writeAtomically(target, [&](const fs::path &temporary) {
        std::error_code error;
        if (!fs::copy_file(source, temporary, fs::copy_options::overwrite_existing, error))
            throw InputError(target.string(),
                             "cannot copy " + source.string() + ": " + error.message());
    });
}

fs::path unusedBackupPath(const fs::path &file, int version)
{
    const std::string base = file.string() + ".bak-v" + std::to_string(version);
    std::error_code error;
    fs::path candidate = base;
    for (int n = 2; n <= 1000; ++n) {
        if (!fs::exists(candidate, error) && !error)
            return candidate;
        candidate = base + "." + std::to_string(n);
    }
    throw InputError(file.string(), "cannot keep a backup before upgrading: " + base
                                            + " and 999 numbered copies exist already; move "
                                              "some away and open the file again");
}

} // namespace tw::store::detail

namespace tw::store {

void writeTextFile(const std::filesystem::path &file, std::string_view text)
{
    detail::writeAtomically(file, [&](const std::filesystem::path &temporary) {
        std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
        if (!stream || !stream.write(text.data(), static_cast<std::streamsize>(text.size()))
            || !stream.flush())
            throw InputError(file.string(), "cannot write " + temporary.string());
    });
}

} // namespace tw::store
