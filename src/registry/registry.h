// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The opposition registry: registrations and withdrawals, each a leaf of the
// hub's transparency log, acknowledged only once the event, its leaf and a
// new signed checkpoint are durably committed. Concurrent submissions share
// one transaction, one fsync and one checkpoint (group commit: the first
// waiting caller commits for everyone queued behind it).
//
// It is also the one door to person data for projects: ProjectReader takes a
// checkpoint and leaves out every pid opposed at that checkpoint, and fails
// closed when the log does not verify.
#ifndef SOVHUB_REGISTRY_REGISTRY_H_
#define SOVHUB_REGISTRY_REGISTRY_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "crypto/merkle_hasher.h"
#include "crypto/note_keys.h"
#include "registry/opposed_set.h"
#include "registry/receipt.h"
#include "registry/request.h"
#include "store/store.h"

namespace sovhub::registry {

struct Ack {
  // false: the same event was already in effect; nothing was appended and
  // the receipt re-proves the earlier leaf against the latest checkpoint.
  bool appended = true;
  Receipt receipt;
  std::uint64_t tree_size = 0;
};

struct LogAudit {
  std::uint64_t leaves = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t oppositions_active = 0;
  std::vector<std::string> problems;  // empty: everything verified
};

class ProjectReader;

class Registry {
 public:
  // `store` must outlive the registry; calls into it are serialised here.
  Registry(store::Store& store, crypto::HmacSha256 hub_key, crypto::NoteSigner log_signer,
           Clock& clock);

  const std::string& origin() const { return signer_.name(); }
  std::string verifier_key() const { return signer_.VerifierKey(); }

  // Thread-safe. Returns once the event is durable (or refused).
  // NotFound: a withdrawal with no opposition to withdraw.
  Result<Ack> Submit(const OppositionRequest& request);

  // Called by the committing thread after each commit, before the acks of
  // that commit are released, with the new tree size: the hub purges live
  // workspaces there, so a citizen hears back once the purge is done. The
  // listener handles its own failures (the events are durable either way).
  using CommitListener = std::function<void(std::uint64_t tree_size)>;
  void SetCommitListener(CommitListener listener) { commit_listener_ = std::move(listener); }

  // Runs `work` holding the lock that serialises the store connection the
  // registry shares with the hub's other services.
  Status WithStoreLock(const std::function<Status()>& work);

  // Signs the checkpoint of the empty log if the log has none (at hub init).
  Status EnsureCheckpoint();

  Result<store::CheckpointRecord> LatestCheckpoint();
  Result<std::vector<merkle::Hash>> ProveInclusion(std::uint64_t index, std::uint64_t size);
  Result<std::vector<merkle::Hash>> ProveConsistency(std::uint64_t size1, std::uint64_t size2);
  // The root of the log's first `size` leaves, from the stored nodes.
  Result<merkle::Hash> RootAt(std::uint64_t size);
  // A receipt for leaf `index` against the latest checkpoint, without salt.
  Result<Receipt> ReceiptFor(std::uint64_t index);

  // Recomputes everything from the leaves: hashes, stored nodes, every
  // checkpoint's root and signature, the events and the current state.
  Result<LogAudit> Audit();

  // The pids opposed at the latest checkpoint (or at `size`), globally or for
  // `project_id` when given.
  Result<OpposedSet> Opposed(const std::string& project_id, std::optional<std::uint64_t> size);

  // pid = HMAC(K_hub, stage-1), as the ingest computes it.
  std::string PidOf(std::string_view stage1) const;

  // The reader of person data for one project (see ProjectReader). Checks the
  // checkpoint (signature, and its root against the stored tree) first and
  // fails closed.
  Result<std::unique_ptr<ProjectReader>> OpenProjectReader(
      const std::string& project_id, std::optional<std::uint64_t> checkpoint_size,
      std::vector<std::string> person_id_columns);

 private:
  struct Pending;
  class CachedTree;
  friend class ProjectReader;

  void CommitBatch(std::vector<Pending*>& batch);
  Status CommitBatchLocked(std::vector<Pending*>& batch, store::CheckpointRecord& checkpoint);
  Result<std::vector<merkle::Hash>> ProveInclusionLocked(std::uint64_t index, std::uint64_t size);
  Status WarmNodeCache(std::uint64_t size);
  Result<store::CheckpointRecord> SignCheckpoint(std::uint64_t size, const merkle::Hash& root);
  Result<store::CheckpointRecord> VerifiedCheckpoint(std::optional<std::uint64_t> size);
  // The verified checkpoint and the pids opposed at it in "all" or `scope`,
  // read in one snapshot.
  Result<std::pair<store::CheckpointRecord, OpposedSet>> OpposedAtLocked(
      const std::string& scope, std::optional<std::uint64_t> size);

  store::Store& store_;
  crypto::HmacSha256 hub_key_;
  crypto::NoteSigner signer_;
  crypto::NoteVerifier verifier_;
  Clock& clock_;
  crypto::Rfc9162Hasher hasher_;

  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;
  bool committing_ = false;
  std::mutex store_mutex_;  // everything else that touches store_
  // Committed nodes of the upper levels, for proofs (guarded by store_mutex_).
  std::unordered_map<std::uint64_t, merkle::Hash> node_cache_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, merkle::Hash> range_cache_;
  bool cache_warmed_ = false;
  CommitListener commit_listener_;
};

// Reads source tables for one project, without the rows of any person
// opposed at its checkpoint (globally or for the project). A row is left out
// when any of its person-id columns holds an opposed pid.
class ProjectReader {
 public:
  std::uint64_t checkpoint_size() const { return checkpoint_.size; }
  const merkle::Hash& checkpoint_root() const { return checkpoint_.root; }
  std::size_t opposed_count() const { return opposed_.size(); }

  struct ScanCounts {
    std::uint64_t rows_read = 0;
    std::uint64_t rows_withheld = 0;
  };
  // Writes a project's extract (see store::ProjectStore::WriteExtract): the
  // persons opposed at the checkpoint are left out here, whatever the
  // caller; the others get `project_person_id(pid)`.
  Result<store::ExtractWritten> WriteExtract(
      const store::ExtractSpec& spec, const std::function<std::int64_t(std::string_view pid)>& project_person_id);

  // Visits `columns` of the kept rows of `table`.
  Result<ScanCounts> ScanTable(
      const std::string& table, const std::vector<std::string>& columns,
      const std::function<Status(std::span<const std::optional<std::string>>)>& visit);

 private:
  friend class Registry;
  ProjectReader(Registry& registry, store::CheckpointRecord checkpoint, OpposedSet opposed,
                std::vector<std::string> person_id_columns)
      : registry_(registry),
        checkpoint_(std::move(checkpoint)),
        opposed_(std::move(opposed)),
        person_id_columns_(std::move(person_id_columns)) {}

  Registry& registry_;
  store::CheckpointRecord checkpoint_;
  OpposedSet opposed_;
  std::vector<std::string> person_id_columns_;
};

}  // namespace sovhub::registry

#endif  // SOVHUB_REGISTRY_REGISTRY_H_
