// kg::cli: the command-line interface. Parses `kg [--db PATH] COMMAND …`, runs the command, prints results
// and maps errors to exit codes: 0 found, 1 no result, 2 usage or data error (one "error: …" line on stderr).
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace kg::cli {

enum ExitCode { kFound = 0, kNoResult = 1, kError = 2 };

// Runs kg with the given arguments (without the program name), writing to std::cout / std::cerr.
int run(const std::vector<std::string>& args);
// Same, with explicit streams (used by the in-process tests).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kg::cli
