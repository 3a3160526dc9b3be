// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Process exit codes of `sovhub`, documented in docs/cli.md:
//   0 success; 1 usage error; 2 input rejected (malformed, invalid, refused,
//   or a verification that failed); 3 internal or environment error.
#ifndef SOVHUB_CLI_EXIT_CODES_H_
#define SOVHUB_CLI_EXIT_CODES_H_

#include "core/status.h"

namespace sovhub::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitRejected = 2;
inline constexpr int kExitInternal = 3;

inline int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kConflict:
    case StatusCode::kPermissionDenied:
    case StatusCode::kCorruption: return kExitRejected;
    default: return kExitInternal;
  }
}

}  // namespace sovhub::cli

#endif  // SOVHUB_CLI_EXIT_CODES_H_
