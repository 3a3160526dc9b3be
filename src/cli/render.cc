// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/render.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace sovhub::cli {

ProgressLine::ProgressLine(bool wanted)
    : enabled_(wanted && ::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void ProgressLine::Update(std::int64_t rows, std::int64_t bytes, std::int64_t total_bytes) {
  if (!enabled_) return;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  double fraction = total_bytes > 0 ? static_cast<double>(bytes) / static_cast<double>(total_bytes) : 0;
  double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r  %lld rows  %.0f rows/s  %3.0f%%  ETA %.0fs   ",
               static_cast<long long>(rows), rate, 100 * fraction, eta);
  drawn_ = true;
}

void ProgressLine::Done() {
  if (drawn_) std::fprintf(stderr, "\r%60s\r", "");
  drawn_ = false;
}

void PrintBatchSummary(const ingest::BatchOutcome& outcome, std::ostream& out) {
  using Kind = ingest::BatchOutcome::Kind;
  if (outcome.kind == Kind::kAlreadyLoaded) {
    out << "batch already loaded as batch " << outcome.batch_id << " (same content "
        << outcome.content_hash.substr(0, 16) << "): nothing to do\n";
  } else if (outcome.kind == Kind::kRejected) {
    out << "batch REJECTED: " << outcome.rejection << "\n";
  } else {
    out << "batch " << outcome.batch_id << " loaded in " << outcome.seconds << " s\n";
  }
  for (const auto& table : outcome.tables) {
    out << "  " << table.table << ": read " << table.rows_read << ", loaded " << table.rows_loaded
        << ", quarantined " << table.rows_quarantined << "\n";
    std::vector<std::pair<std::string, std::int64_t>> reasons(table.reasons.begin(),
                                                              table.reasons.end());
    std::sort(reasons.begin(), reasons.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < reasons.size() && i < 8; ++i) {
      out << "      " << reasons[i].second << " x " << reasons[i].first << "\n";
    }
    if (reasons.size() > 8) out << "      ... and " << reasons.size() - 8 << " other reasons\n";
  }
  if (!outcome.quarantine_path.empty()) out << "  quarantine: " << outcome.quarantine_path.string() << "\n";
  if (!outcome.manifest_path.empty()) out << "  manifest:   " << outcome.manifest_path.string() << "\n";
}

}  // namespace sovhub::cli
