#pragma once

// tokenwatt-cli check-measurements and calibrate: argument handling and output only; the
// mapping, prediction, statistics and fit live in core/calibration/.

#include <string>
#include <string_view>
#include <vector>

namespace tw::cli {

/// `check-measurements FILE.csv [--report DIR] [--software NAME] [--software-from-framework]
/// [--only SOURCE_KEY] [--threads N]`. Returns the exit status; throws tw::InputError.
int checkMeasurementsCommand(const std::vector<std::string> &args);

/// `calibrate FILE.csv [--out FILE.json] [--threads N]`.
int calibrateCommand(const std::vector<std::string> &args);

/// Usage text of the two commands ("" for another command).
std::string calibrationUsage(std::string_view command);

} // namespace tw::cli
