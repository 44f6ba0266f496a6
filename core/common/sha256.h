#pragma once

#include <string>
#include <string_view>

namespace tw {

/// SHA-256 of @p data as 64 lower-case hex digits (FIPS 180-4), to record which measurement
/// file a fit used; `sha256sum FILE` prints the same digits.
std::string sha256Hex(std::string_view data);

} // namespace tw
