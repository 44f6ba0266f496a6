#pragma once

// Writing whole files so that a crash or a kill at any moment leaves either the old file or
// the new one (the detail functions are internal to core/store; writeTextFile is for anyone
// above it who saves a user's file). The new content goes to a temporary file in the same
// folder (a rename is atomic only within one file system), is flushed to disk, and is renamed
// over the target; then the folder is flushed so the rename itself survives a power cut.

#include <filesystem>
#include <functional>
#include <string_view>

namespace tw::store {

/// Replaces @p file by @p text atomically and durably (see detail::writeAtomically): never a
/// half-written file. Errors are tw::InputError naming @p file.
void writeTextFile(const std::filesystem::path &file, std::string_view text);

} // namespace tw::store

namespace tw::store::detail {

/// Creates an empty temporary file beside @p file and returns its name, ".NAME.tmp-PID-N"
/// (hidden, and recognisable if a crash leaves it behind). Throws tw::InputError naming
/// @p file when the folder does not exist or cannot be written.
std::filesystem::path temporarySibling(const std::filesystem::path &file);

/// Calls @p write with a fresh temporary path beside @p file, then flushes what it wrote and
/// renames it over @p file. If @p write throws, the temporary file is removed and @p file is
/// left untouched. Errors are tw::InputError naming @p file.
void writeAtomically(const std::filesystem::path &file,
                     const std::function<void(const std::filesystem::path &temporary)> &write);

/// Copies @p source to @p target the same way (never a half-written target).
void copyAtomically(const std::filesystem::path &source, const std::filesystem::path &target);

/// "FILE.bak-vN", or "FILE.bak-vN.2", ".3", ... if that exists already: a backup is never
/// overwritten.
std::filesystem::path unusedBackupPath(const std::filesystem::path &file, int version);

} // namespace tw::store::detail
