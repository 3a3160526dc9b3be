// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The store port of the opposition registry and its transparency log
// (tables reg_ and log_). Used within the Store's transactions.
#ifndef SOVHUB_STORE_REGISTRY_STORE_H_
#define SOVHUB_STORE_REGISTRY_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"
#include "domain/merkle.h"

namespace sovhub::store {

struct CheckpointRecord {
  std::uint64_t size = 0;
  merkle::Hash root{};
  std::string note;  // the signed note, as published
};

struct EventRecord {
  std::uint64_t leaf_idx = 0;
  std::string pid;
  std::string event;  // register | withdraw
  std::string scope;
  std::string time;
  merkle::Hash mac{};  // HMAC(K_hub, the canonical row), see the registry
};

struct OppositionRecord {
  std::string pid;
  std::string scope;
  std::string status;  // active | withdrawn
  std::string registered_at;
  std::string updated_at;
  std::uint64_t leaf_idx = 0;
};

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  virtual Result<std::uint64_t> LeafCount() = 0;
  // Node (level, idx): level 0 is the leaf hash. NotFound when absent.
  virtual Result<merkle::Hash> Node(int level, std::uint64_t idx) = 0;
  virtual Result<std::string> LeafData(std::uint64_t idx) = 0;
  virtual Status AppendLeaf(std::uint64_t idx, std::string_view data, const merkle::Hash& hash) = 0;
  virtual Status PutNode(int level, std::uint64_t idx, const merkle::Hash& hash) = 0;
  virtual Status ScanLeaves(
      const std::function<Status(std::uint64_t idx, const std::string& data,
                                 const merkle::Hash& hash)>& visit) = 0;
  // The stored inner nodes of level >= min_level (>= 1).
  virtual Status ScanNodes(
      int min_level,
      const std::function<Status(int level, std::uint64_t idx, const merkle::Hash& hash)>& visit) = 0;

  virtual Status AddCheckpoint(const CheckpointRecord& record) = 0;
  virtual Result<std::optional<CheckpointRecord>> LatestCheckpoint() = 0;
  virtual Result<std::optional<CheckpointRecord>> CheckpointAt(std::uint64_t size) = 0;
  virtual Status ScanCheckpoints(const std::function<Status(const CheckpointRecord&)>& visit) = 0;

  virtual Status AddEvent(const EventRecord& record) = 0;
  virtual Status ScanEvents(const std::function<Status(const EventRecord&)>& visit) = 0;
  virtual Result<std::optional<OppositionRecord>> FindOpposition(const std::string& pid,
                                                                const std::string& scope) = 0;
  virtual Status PutOpposition(const OppositionRecord& record) = 0;
  virtual Status ScanOppositions(const std::function<Status(const OppositionRecord&)>& visit) = 0;

  // The pids under an opposition at tree size `size` (events at leaves below
  // it), in scope "all" or in `project_scope` (may be empty: "all" only).
  virtual Status ScanOpposedAt(std::uint64_t size, const std::string& project_scope,
                               const std::function<Status(const std::string& pid)>& visit) = 0;
};

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_REGISTRY_STORE_H_
