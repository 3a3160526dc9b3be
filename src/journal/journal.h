// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The hash-chained, append-only audit journal. Every state-changing action of
// the hub (init, batch, quarantine, key use, ...) is an entry with actor,
// action, object, time, details, and the previous entry's hash:
//
//   hash(n) = SHA-256( "sovhub-journal-v1" ‖ LP(seq) ‖ LP(time) ‖ LP(actor) ‖
//                      LP(action) ‖ LP(object) ‖ LP(details) ‖ LP(hash(n-1)) )
//
// where LP(x) is x's decimal byte length, ':', x, and hash(0) is 64 zeros.
// Altering, deleting or reordering any entry breaks the chain; truncating the
// tail is caught against the head anchor, kept outside the database.
#ifndef SOVHUB_JOURNAL_JOURNAL_H_
#define SOVHUB_JOURNAL_JOURNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace sovhub::journal {

struct Head {
  std::int64_t seq = 0;
  std::string hash;
};

// Where the latest head is kept outside the database (a file beside it, a
// printed receipt...), so that a truncated journal can be told from a short one.
class HeadAnchor {
 public:
  virtual ~HeadAnchor() = default;
  virtual Status Save(const Head& head) = 0;
  virtual Result<std::optional<Head>> Load() = 0;
};

struct Entry {
  std::string actor;
  std::string action;
  std::string object;
  std::string details;  // canonical JSON text, or ""
};

std::string GenesisHash();
std::string HashRecord(const store::JournalRecord& record);

struct VerifyReport {
  std::int64_t entries = 0;
  Head head;
  bool ok = true;
  std::vector<std::string> problems;  // one line each, naming the seq
};

class Journal {
 public:
  Journal(store::Store& store, Clock& clock, HeadAnchor* anchor)
      : store_(store), clock_(clock), anchor_(anchor) {}

  // Appends inside the caller's open transaction; call AnchorHead after the
  // transaction commits.
  Result<store::JournalRecord> Append(const Entry& entry);
  // Records the database's current head in the anchor (no-op without one).
  Status AnchorHead();
  // Walks the whole chain; never stops at the first problem.
  Result<VerifyReport> Verify();

 private:
  store::Store& store_;
  Clock& clock_;
  HeadAnchor* anchor_;
};

}  // namespace sovhub::journal

#endif  // SOVHUB_JOURNAL_JOURNAL_H_
