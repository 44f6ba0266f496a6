#pragma once

#include <filesystem>
#include <string>

namespace tw {

/// Reads a whole file as bytes (no newline translation, no encoding check).
/// Throws tw::InputError with an empty path and the message "cannot open FILE: REASON" when the
/// file cannot be opened (REASON is the C library's text, e.g. "No such file or directory", or
/// "it is a directory"), or "cannot read FILE: REASON" when reading fails part way.
std::string readTextFile(const std::filesystem::path &file);

} // namespace tw
