// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The bulk check a producer runs before a delivery: which of these persons
// are under an opposition? (England's national data opt-out check service
// answers such a file in about an hour; this takes seconds for 10M lines.)
//
// Input, one per line: stage-1 identifiers (17 base-62 characters), or, with
// identities mode, NIR,BIRTH_DATE,SEX lines (the producer's identities.csv,
// header first) where the hub also holds the producer's key.
// Output: the opposed stage-1 identifiers, one per line in input order; in
// identities mode the input LINE numbers instead, never a NIR.
#ifndef SOVHUB_REGISTRY_BULK_CHECK_H_
#define SOVHUB_REGISTRY_BULK_CHECK_H_

#include <filesystem>
#include <functional>
#include <optional>

#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "registry/opposed_set.h"

namespace sovhub::registry {

struct BulkCheckOptions {
  // Set: the input is NIR,BIRTH_DATE,SEX lines and this is K_source.
  std::optional<crypto::HmacSha256> source_key;
  std::function<void(std::uint64_t lines)> progress;  // called every 1M lines
};

struct BulkCheckReport {
  std::uint64_t lines = 0;
  std::uint64_t opposed = 0;
};

// Reads `input`, writes `output` atomically (nothing at all on error); an
// empty `output` means stdout, printed once the whole input is checked.
// InvalidArgument names the file and line of a malformed entry, not its value.
Result<BulkCheckReport> BulkCheck(const std::filesystem::path& input,
                                  const std::filesystem::path& output,
                                  const crypto::HmacSha256& hub_key, const OpposedSet& opposed,
                                  const BulkCheckOptions& options);

}  // namespace sovhub::registry

#endif  // SOVHUB_REGISTRY_BULK_CHECK_H_
