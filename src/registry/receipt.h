// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The receipt a citizen keeps for an opposition: enough to check offline,
// without trusting the hub, that the opposition is in the log the hub signed
// and, given their NIR, that it is theirs.
//
// JSON, version 1 (docs/registry.md shows one):
//   format           "sovhub-opposition-receipt/v1"
//   origin           the log's origin (and key name)
//   leaf_index       the leaf's 0-based index
//   leaf             the leaf's bytes (text, see domain/opposition.h)
//   salt             base64, or null when the receipt re-proves an opposition
//                    registered earlier (the first receipt holds the salt)
//   inclusion_proof  base64 hashes, RFC 9162 order
//   checkpoint       the signed checkpoint the proof leads to
// The file is written canonically; verification refuses any other bytes.
#ifndef SOVHUB_REGISTRY_RECEIPT_H_
#define SOVHUB_REGISTRY_RECEIPT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "crypto/note_keys.h"
#include "domain/merkle.h"
#include "registry/request.h"

namespace sovhub::registry {

struct Receipt {
  std::string origin;
  std::uint64_t leaf_index = 0;
  std::string leaf;
  std::optional<Salt> salt;
  std::vector<merkle::Hash> inclusion_proof;
  std::string checkpoint;
};

std::string ReceiptToJson(const Receipt& receipt);
Result<Receipt> ReceiptFromJson(std::string_view json);

struct ReceiptCheck {
  std::vector<std::string> checked;  // what held, in order, for the report
  opposition::Leaf leaf;
  std::uint64_t tree_size = 0;
  bool holder_checked = false;
};

// Verifies a receipt file's bytes offline: canonical form, the checkpoint's
// signature by `log_key`, the leaf's encoding, its inclusion at its index
// under the checkpoint's root and, when `nir` is given, that the commitment
// is to that NIR. InvalidArgument names the first check that failed.
Result<ReceiptCheck> VerifyReceipt(std::string_view receipt_json,
                                   const crypto::NoteVerifier& log_key,
                                   std::optional<std::string_view> nir);

}  // namespace sovhub::registry

#endif  // SOVHUB_REGISTRY_RECEIPT_H_
