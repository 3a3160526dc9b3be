// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Terminal rendering shared by the commands: a progress line (rows/s, ETA)
// drawn only when stderr is a terminal, and batch summaries.
#ifndef SOVHUB_CLI_RENDER_H_
#define SOVHUB_CLI_RENDER_H_

#include <chrono>
#include <cstdint>
#include <ostream>

#include "ingest/batch.h"

namespace sovhub::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool wanted);
  void Update(std::int64_t rows, std::int64_t bytes, std::int64_t total_bytes);
  void Done();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

void PrintBatchSummary(const ingest::BatchOutcome& outcome, std::ostream& out);

}  // namespace sovhub::cli

#endif  // SOVHUB_CLI_RENDER_H_
