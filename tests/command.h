// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Runs the `sovhub` program as a user would, capturing its output.
#ifndef SOVHUB_TESTS_COMMAND_H_
#define SOVHUB_TESTS_COMMAND_H_

#include <string>
#include <vector>

namespace sovhub::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs SOVHUB_BINARY with `args` and waits for it.
CommandResult RunSovhub(const std::vector<std::string>& args);

// Starts SOVHUB_BINARY with `args` (output discarded); returns its pid.
int StartSovhub(const std::vector<std::string>& args);

}  // namespace sovhub::testing

#endif  // SOVHUB_TESTS_COMMAND_H_
