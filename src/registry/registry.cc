// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/registry.h"

#include <algorithm>
#include <bit>
#include <map>
#include <utility>

#include "core/bytes.h"
#include "domain/opposition.h"
#include "domain/signed_note.h"
#include "domain/stage1.h"
#include "ingest/schema_json.h"

namespace sovhub::registry {
namespace {

// The stored tree as the Merkle code reads it, straight from the database:
// what verification uses, so that a changed row is seen.
class StoredTree final : public merkle::SubtreeSource {
 public:
  explicit StoredTree(store::RegistryStore& store) : store_(store) {}
  Result<merkle::Hash> Subtree(int level, std::uint64_t index) const override {
    return store_.Node(level, index);
  }

 private:
  store::RegistryStore& store_;
};

// A read snapshot of the store for the length of a scope.
class ReadSnapshot {
 public:
  static Result<ReadSnapshot> Open(store::Store& store) {
    SOVHUB_RETURN_IF_ERROR(store.BeginRead());
    return ReadSnapshot(store);
  }
  ReadSnapshot(ReadSnapshot&& other) noexcept : store_(std::exchange(other.store_, nullptr)) {}
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ~ReadSnapshot() {
    if (store_ != nullptr) (void)store_->Rollback();
  }

 private:
  explicit ReadSnapshot(store::Store& store) : store_(&store) {}
  store::Store* store_;
};

std::string Num(std::uint64_t n) { return std::to_string(n); }

// The canonical encoding of an event row that its mac covers.
std::string EventMessage(const store::EventRecord& e) {
  return "sovhub-event/v1\n" + Num(e.leaf_idx) + "\n" + e.pid + "\n" + e.event + "\n" + e.scope +
         "\n" + e.time + "\n";
}

}  // namespace

// Proofs read the upper levels of the tree from memory: a perfect subtree's
// hash never changes once committed, and these are few (n / 2^kCachedLevel).
class Registry::CachedTree final : public merkle::SubtreeSource {
 public:
  static constexpr int kCachedLevel = 4;
  explicit CachedTree(Registry& registry) : registry_(registry) {}
  Result<merkle::Hash> Subtree(int level, std::uint64_t index) const override {
    if (level < kCachedLevel) return registry_.store_.registry().Node(level, index);
    std::uint64_t key = static_cast<std::uint64_t>(level) << 58 | index;
    auto found = registry_.node_cache_.find(key);
    if (found != registry_.node_cache_.end()) return found->second;
    SOVHUB_ASSIGN_OR_RETURN(merkle::Hash hash, registry_.store_.registry().Node(level, index));
    registry_.node_cache_.emplace(key, hash);
    return hash;
  }
  // Ranges ending at the tree's right edge: keyed by (start, n), they never
  // change either, since both ends are fixed.
  std::optional<merkle::Hash> RecallRange(std::uint64_t start, std::uint64_t n) const override {
    auto found = registry_.range_cache_.find({start, n});
    if (found == registry_.range_cache_.end()) return std::nullopt;
    return found->second;
  }
  void RememberRange(std::uint64_t start, std::uint64_t n, const merkle::Hash& hash) const override {
    if (registry_.range_cache_.size() > 4096) registry_.range_cache_.clear();
    registry_.range_cache_.emplace(std::make_pair(start, n), hash);
  }

 private:
  Registry& registry_;
};

struct Registry::Pending {
  const OppositionRequest* request;
  Result<Ack> result = Status::Internal("not committed");
  bool done = false;
};

Registry::Registry(store::Store& store, crypto::HmacSha256 hub_key,
                   crypto::NoteSigner log_signer, Clock& clock)
    : store_(store),
      hub_key_(std::move(hub_key)),
      signer_(std::move(log_signer)),
      verifier_(crypto::NoteVerifier::FromVerifierKey(signer_.VerifierKey()).value()),
      clock_(clock) {}

std::string Registry::PidOf(std::string_view stage1) const {
  return pseudonym::EncodeIdentifier(hub_key_.Compute(stage1));
}

Result<Ack> Registry::Submit(const OppositionRequest& request) {
  SOVHUB_RETURN_IF_ERROR(ValidateRequest(request));
  Pending pending{&request};
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  while (!pending.done) {
    if (committing_) {
      done_.wait(lock);
      continue;
    }
    // Lead: commit everything queued so far, this request included.
    committing_ = true;
    std::vector<Pending*> batch;
    batch.swap(queue_);
    lock.unlock();
    CommitBatch(batch);
    if (commit_listener_ && std::any_of(batch.begin(), batch.end(), [](const Pending* p) { return p->result.ok(); })) {
      std::uint64_t size = 0;
      for (const Pending* p : batch) {
        if (p->result.ok()) size = std::max(size, p->result->tree_size);
      }
      commit_listener_(size);
    }
    lock.lock();
    for (Pending* p : batch) p->done = true;
    committing_ = false;
    done_.notify_all();
  }
  return std::move(pending.result);
}

void Registry::CommitBatch(std::vector<Pending*>& batch) {
  std::lock_guard store_lock(store_mutex_);
  store::CheckpointRecord checkpoint;
  Status status = CommitBatchLocked(batch, checkpoint);
  if (!status.ok()) {
    (void)store_.Rollback();
    for (Pending* p : batch) {
      if (p->result.ok() || p->result.status().code() == StatusCode::kInternal) p->result = status;
    }
    return;
  }
  // Durable: now the receipts, against the checkpoint just committed.
  auto snapshot = ReadSnapshot::Open(store_);
  for (Pending* p : batch) {
    if (!p->result.ok()) continue;
    Ack& ack = p->result.value();
    auto proof = ProveInclusionLocked(ack.receipt.leaf_index, checkpoint.size);
    if (!proof.ok()) {
      p->result = proof.status().WithContext("committed, but the receipt could not be made");
      continue;
    }
    ack.receipt.origin = origin();
    ack.receipt.inclusion_proof = std::move(*proof);
    ack.receipt.checkpoint = checkpoint.note;
    ack.tree_size = checkpoint.size;
  }
}

Status Registry::CommitBatchLocked(std::vector<Pending*>& batch,
                                   store::CheckpointRecord& checkpoint) {
  store::RegistryStore& log = store_.registry();
  SOVHUB_RETURN_IF_ERROR(store_.Begin());
  SOVHUB_ASSIGN_OR_RETURN(std::uint64_t size, log.LeafCount());
  std::vector<merkle::Hash> frontier;
  for (auto [level, index] : merkle::TreeBuilder::FrontierAddresses(size)) {
    SOVHUB_ASSIGN_OR_RETURN(merkle::Hash hash, log.Node(level, index));
    frontier.push_back(hash);
  }
  merkle::TreeBuilder builder(size, std::move(frontier));
  std::string now = clock_.NowIso();
  std::map<std::pair<std::string, std::string>, store::OppositionRecord> in_batch;
  std::vector<merkle::TreeBuilder::Node> completed;

  for (Pending* p : batch) {
    const OppositionRequest& request = *p->request;
    std::string pid = PidOf(request.stage1);
    auto key = std::make_pair(pid, request.scope);
    std::optional<store::OppositionRecord> current;
    if (auto it = in_batch.find(key); it != in_batch.end()) {
      current = it->second;
    } else {
      SOVHUB_ASSIGN_OR_RETURN(current, log.FindOpposition(pid, request.scope));
    }
    bool registering = request.event == opposition::Event::kRegister;
    if (!registering && !current) {
      p->result = Status::NotFound("no opposition in scope \"" + request.scope +
                                   "\" to withdraw for this person");
      continue;
    }
    bool in_effect = current && (current->status == "active") == registering;
    Ack ack;
    if (in_effect) {
      ack.appended = false;
      ack.receipt.leaf_index = current->leaf_idx;
      SOVHUB_ASSIGN_OR_RETURN(ack.receipt.leaf, log.LeafData(current->leaf_idx));
      p->result = std::move(ack);
      continue;
    }
    opposition::Leaf leaf{.event = request.event, .scope = request.scope, .time = now,
                          .commitment = request.commitment};
    std::string bytes = opposition::EncodeLeaf(leaf);
    std::uint64_t index = builder.size();
    completed.clear();
    builder.Append(hasher_, hasher_.Leaf(AsBytes(bytes)), completed);
    for (const auto& node : completed) {
      if (node.level == 0) {
        SOVHUB_RETURN_IF_ERROR(log.AppendLeaf(index, bytes, node.hash));
      } else {
        SOVHUB_RETURN_IF_ERROR(log.PutNode(node.level, node.index, node.hash));
      }
    }
    store::EventRecord event{index, pid, std::string(opposition::EventName(request.event)),
                             request.scope, now};
    event.mac = hub_key_.Compute(EventMessage(event));
    SOVHUB_RETURN_IF_ERROR(log.AddEvent(event));
    store::OppositionRecord record{pid, request.scope, registering ? "active" : "withdrawn",
                                   registering ? now : current->registered_at, now, index};
    SOVHUB_RETURN_IF_ERROR(log.PutOpposition(record));
    in_batch[key] = record;
    ack.receipt.leaf_index = index;
    ack.receipt.leaf = std::move(bytes);
    ack.receipt.salt = request.salt;
    p->result = std::move(ack);
  }

  if (builder.size() > size || size == 0) {
    SOVHUB_ASSIGN_OR_RETURN(checkpoint, SignCheckpoint(builder.size(), builder.Root(hasher_)));
    SOVHUB_ASSIGN_OR_RETURN(auto existing, log.CheckpointAt(checkpoint.size));
    if (!existing) SOVHUB_RETURN_IF_ERROR(log.AddCheckpoint(checkpoint));
  } else {
    SOVHUB_ASSIGN_OR_RETURN(auto latest, log.LatestCheckpoint());
    if (!latest) {
      SOVHUB_ASSIGN_OR_RETURN(checkpoint, SignCheckpoint(size, builder.Root(hasher_)));
      SOVHUB_RETURN_IF_ERROR(log.AddCheckpoint(checkpoint));
    } else {
      checkpoint = *latest;
    }
  }
  return store_.Commit();
}

Result<store::CheckpointRecord> Registry::SignCheckpoint(std::uint64_t size,
                                                         const merkle::Hash& root) {
  std::string text = note::FormatCheckpoint({.origin = origin(), .size = size, .root = root});
  SOVHUB_ASSIGN_OR_RETURN(std::string signed_note, crypto::SignNote(text, std::span(&signer_, 1)));
  return store::CheckpointRecord{size, root, signed_note};
}

Status Registry::EnsureCheckpoint() {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(auto latest, store_.registry().LatestCheckpoint());
  if (latest) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(store_.Begin());
  Status status = [&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(std::uint64_t size, store_.registry().LeafCount());
    StoredTree tree(store_.registry());
    SOVHUB_ASSIGN_OR_RETURN(merkle::Hash root, merkle::Root(hasher_, tree, size));
    SOVHUB_ASSIGN_OR_RETURN(auto checkpoint, SignCheckpoint(size, root));
    SOVHUB_RETURN_IF_ERROR(store_.registry().AddCheckpoint(checkpoint));
    return store_.Commit();
  }();
  if (!status.ok()) (void)store_.Rollback();
  return status;
}

Result<store::CheckpointRecord> Registry::LatestCheckpoint() {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(auto latest, store_.registry().LatestCheckpoint());
  if (!latest) return Status::NotFound("the log has no checkpoint yet");
  return *latest;
}

Result<std::vector<merkle::Hash>> Registry::ProveInclusion(std::uint64_t index,
                                                           std::uint64_t size) {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  SOVHUB_ASSIGN_OR_RETURN(std::uint64_t leaves, store_.registry().LeafCount());
  if (size > leaves) {
    return Status::InvalidArgument("size " + Num(size) + " is above the log's size " + Num(leaves));
  }
  return ProveInclusionLocked(index, size);
}

Status Registry::WarmNodeCache(std::uint64_t size) {
  // Once, the top of the tree in one scan: about 2^16 nodes at most, so that
  // a proof reads the database only near its leaf.
  if (cache_warmed_) return Status::Ok();
  cache_warmed_ = true;
  int levels = std::bit_width(size);
  int min_level = std::max(CachedTree::kCachedLevel, levels - 16);
  return store_.registry().ScanNodes(min_level, [this](int level, std::uint64_t idx,
                                                       const merkle::Hash& hash) {
    node_cache_.emplace(static_cast<std::uint64_t>(level) << 58 | idx, hash);
    return Status::Ok();
  });
}

Result<std::vector<merkle::Hash>> Registry::ProveInclusionLocked(std::uint64_t index,
                                                                 std::uint64_t size) {
  SOVHUB_RETURN_IF_ERROR(WarmNodeCache(size));
  CachedTree tree(*this);
  return merkle::InclusionProof(tree, hasher_, index, size);
}

Result<std::vector<merkle::Hash>> Registry::ProveConsistency(std::uint64_t size1,
                                                             std::uint64_t size2) {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  SOVHUB_ASSIGN_OR_RETURN(std::uint64_t size, store_.registry().LeafCount());
  if (size2 > size) {
    return Status::InvalidArgument("size " + Num(size2) + " is above the log's size " + Num(size));
  }
  SOVHUB_RETURN_IF_ERROR(WarmNodeCache(size2));
  CachedTree tree(*this);
  return merkle::ConsistencyProof(tree, hasher_, size1, size2);
}

Result<merkle::Hash> Registry::RootAt(std::uint64_t size) {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  SOVHUB_ASSIGN_OR_RETURN(std::uint64_t leaves, store_.registry().LeafCount());
  if (size > leaves) {
    return Status::InvalidArgument("size " + Num(size) + " is above the log's size " + Num(leaves));
  }
  StoredTree tree(store_.registry());
  return merkle::Root(hasher_, tree, size);
}

Result<Receipt> Registry::ReceiptFor(std::uint64_t index) {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  SOVHUB_ASSIGN_OR_RETURN(auto latest, store_.registry().LatestCheckpoint());
  if (!latest) return Status::NotFound("the log has no checkpoint yet");
  const store::CheckpointRecord& checkpoint = *latest;
  if (index >= checkpoint.size) {
    return Status::NotFound("leaf " + Num(index) + " is not in the latest checkpoint (size " +
                            Num(checkpoint.size) + ")");
  }
  Receipt receipt;
  receipt.origin = origin();
  receipt.leaf_index = index;
  SOVHUB_ASSIGN_OR_RETURN(receipt.leaf, store_.registry().LeafData(index));
  SOVHUB_ASSIGN_OR_RETURN(receipt.inclusion_proof, ProveInclusionLocked(index, checkpoint.size));
  receipt.checkpoint = checkpoint.note;
  return receipt;
}

Result<store::CheckpointRecord> Registry::VerifiedCheckpoint(std::optional<std::uint64_t> size) {
  store::RegistryStore& log = store_.registry();
  std::optional<store::CheckpointRecord> record;
  if (size) {
    SOVHUB_ASSIGN_OR_RETURN(record, log.CheckpointAt(*size));
  } else {
    SOVHUB_ASSIGN_OR_RETURN(record, log.LatestCheckpoint());
  }
  if (!record) {
    return Status::NotFound(size ? "the log signed no checkpoint at size " + Num(*size)
                                 : std::string("the log has no checkpoint"));
  }
  auto opened = crypto::OpenNote(record->note, std::span(&verifier_, 1));
  if (!opened.ok()) {
    return Status::Corruption("checkpoint at size " + Num(record->size) + ": " +
                              opened.status().message());
  }
  auto parsed = note::ParseCheckpoint(opened->text);
  if (!parsed.ok() || parsed->origin != origin() || parsed->size != record->size ||
      parsed->root != record->root) {
    return Status::Corruption("checkpoint at size " + Num(record->size) +
                              ": its signed text does not match its stored size and root");
  }
  StoredTree tree(log);
  auto root = merkle::Root(hasher_, tree, record->size);
  if (!root.ok() || *root != record->root) {
    return Status::Corruption("checkpoint at size " + Num(record->size) +
                              ": the stored tree does not lead to its root");
  }
  return *record;
}

Result<std::pair<store::CheckpointRecord, OpposedSet>> Registry::OpposedAtLocked(
    const std::string& scope, std::optional<std::uint64_t> size) {
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  SOVHUB_ASSIGN_OR_RETURN(store::CheckpointRecord checkpoint, VerifiedCheckpoint(size));
  OpposedSet set;
  SOVHUB_RETURN_IF_ERROR(store_.registry().ScanOpposedAt(
      checkpoint.size, scope, [&set](const std::string& pid) {
        set.Insert(pid);
        return Status::Ok();
      }));
  return std::make_pair(std::move(checkpoint), std::move(set));
}

Result<OpposedSet> Registry::Opposed(const std::string& project_id,
                                     std::optional<std::uint64_t> size) {
  std::string scope;
  if (!project_id.empty()) {
    scope = opposition::ProjectScope(project_id);
    SOVHUB_RETURN_IF_ERROR(opposition::ValidateScope(scope));
  }
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(auto opposed, OpposedAtLocked(scope, size));
  return std::move(opposed.second);
}

Result<std::unique_ptr<ProjectReader>> Registry::OpenProjectReader(
    const std::string& project_id, std::optional<std::uint64_t> checkpoint_size,
    std::vector<std::string> person_id_columns) {
  if (project_id.empty()) return Status::InvalidArgument("a project reader needs a project");
  std::string scope = opposition::ProjectScope(project_id);
  SOVHUB_RETURN_IF_ERROR(opposition::ValidateScope(scope));
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(auto opposed, OpposedAtLocked(scope, checkpoint_size));
  return std::unique_ptr<ProjectReader>(new ProjectReader(
      *this, std::move(opposed.first), std::move(opposed.second), std::move(person_id_columns)));
}

Status Registry::WithStoreLock(const std::function<Status()>& work) {
  std::lock_guard store_lock(store_mutex_);
  return work();
}

Result<store::ExtractWritten> ProjectReader::WriteExtract(
    const store::ExtractSpec& spec, const std::function<std::int64_t(std::string_view pid)>& project_person_id) {
  std::lock_guard store_lock(registry_.store_mutex_);
  return registry_.store_.projects().WriteExtract(
      spec, [&](const store::CohortMember& member) -> Result<std::optional<std::int64_t>> {
        if (opposed_.Contains(member.pid)) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(project_person_id(member.pid));
      });
}

Result<ProjectReader::ScanCounts> ProjectReader::ScanTable(
    const std::string& table, const std::vector<std::string>& columns,
    const std::function<Status(std::span<const std::optional<std::string>>)>& visit) {
  std::lock_guard store_lock(registry_.store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(auto tables, registry_.store_.ListSourceTables());
  auto found = std::find_if(tables.begin(), tables.end(),
                            [&](const auto& t) { return t.first == table; });
  if (found == tables.end()) return Status::NotFound("no source table " + table);
  SOVHUB_ASSIGN_OR_RETURN(ingest::LoadedSchema schema,
                          ingest::ParseTableSchema(found->second, table, person_id_columns_,
                                                   "gov_tables/" + table));
  // Person columns first (read to filter, whether asked for or not).
  std::vector<std::string> read;
  for (const auto& field : schema.schema.fields) {
    if (field.person_id) read.push_back(field.name);
  }
  std::size_t person_columns = read.size();
  read.insert(read.end(), columns.begin(), columns.end());
  ScanCounts counts;
  SOVHUB_RETURN_IF_ERROR(registry_.store_.ScanTable(
      table, read, [&](std::span<const std::optional<std::string>> row) {
        ++counts.rows_read;
        for (std::size_t i = 0; i < person_columns; ++i) {
          if (row[i] && opposed_.Contains(*row[i])) {
            ++counts.rows_withheld;
            return Status::Ok();
          }
        }
        return visit(row.subspan(person_columns));
      }));
  return counts;
}

Result<LogAudit> Registry::Audit() {
  std::lock_guard store_lock(store_mutex_);
  SOVHUB_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Open(store_));
  store::RegistryStore& log = store_.registry();
  LogAudit audit;
  auto problem = [&audit](std::string text) {
    if (audit.problems.size() < 100) audit.problems.push_back(std::move(text));
  };

  // Leaves: contiguous, hash = H(0x00 || bytes), canonical encoding.
  std::vector<opposition::Leaf> leaves;
  merkle::TreeBuilder builder;
  std::vector<merkle::TreeBuilder::Node> completed;
  std::uint64_t inner_nodes_checked = 0;
  Status scanned = log.ScanLeaves([&](std::uint64_t idx, const std::string& data,
                                       const merkle::Hash& hash) -> Status {
    if (idx != leaves.size()) {
      return Status::Corruption("log_leaves: leaf " + Num(leaves.size()) +
                                " is missing (the next is " + Num(idx) + ")");
    }
    merkle::Hash computed = hasher_.Leaf(AsBytes(data));
    if (computed != hash) problem("log_leaves: leaf " + Num(idx) + ": hash does not match its bytes");
    auto leaf = opposition::DecodeLeaf(data);
    if (!leaf.ok()) {
      problem("log_leaves: leaf " + Num(idx) + ": " + leaf.status().message());
      leaves.push_back({});
    } else {
      leaves.push_back(*leaf);
    }
    completed.clear();
    builder.Append(hasher_, computed, completed);
    for (const auto& node : completed) {
      if (node.level == 0) continue;
      ++inner_nodes_checked;
      auto stored = log.Node(node.level, node.index);
      if (!stored.ok() || *stored != node.hash) {
        problem("log_nodes: node " + Num(node.level) + "/" + Num(node.index) +
                (stored.ok() ? " does not match its children" : " is missing"));
      }
    }
    return Status::Ok();
  });
  if (scanned.code() == StatusCode::kCorruption) {
    problem(scanned.message());
  } else {
    SOVHUB_RETURN_IF_ERROR(scanned);
  }
  audit.leaves = leaves.size();
  std::uint64_t stored_nodes = 0;
  SOVHUB_RETURN_IF_ERROR(log.ScanNodes(1, [&](int, std::uint64_t, const merkle::Hash&) {
    ++stored_nodes;
    return Status::Ok();
  }));
  if (stored_nodes != inner_nodes_checked) {
    problem("log_nodes: " + Num(stored_nodes) + " rows for " + Num(inner_nodes_checked) +
            " nodes the leaves make");
  }

  // Checkpoints: signed by the log key, text = stored size and root, root =
  // the tree at that size.
  StoredTree tree(log);
  SOVHUB_RETURN_IF_ERROR(log.ScanCheckpoints([&](const store::CheckpointRecord& record) {
    ++audit.checkpoints;
    std::string where = "log_checkpoints: size " + Num(record.size) + ": ";
    auto opened = crypto::OpenNote(record.note, std::span(&verifier_, 1));
    if (!opened.ok()) {
      problem(where + opened.status().message());
      return Status::Ok();
    }
    auto parsed = note::ParseCheckpoint(opened->text);
    if (!parsed.ok() || parsed->origin != origin() || parsed->size != record.size ||
        parsed->root != record.root) {
      problem(where + "the signed text does not match the stored size and root");
      return Status::Ok();
    }
    if (record.size > leaves.size()) {
      problem(where + "above the log's " + Num(leaves.size()) + " leaves");
      return Status::Ok();
    }
    auto root = merkle::Root(hasher_, tree, record.size);
    if (!root.ok() || *root != record.root) problem(where + "the tree does not lead to its root");
    return Status::Ok();
  }));
  if (audit.checkpoints == 0) problem("log_checkpoints: the log has no checkpoint");

  // Events: one per leaf, agreeing with it; the state is their replay.
  std::map<std::pair<std::string, std::string>, store::OppositionRecord> replay;
  std::uint64_t events = 0;
  SOVHUB_RETURN_IF_ERROR(log.ScanEvents([&](const store::EventRecord& event) {
    std::string where = "reg_events: leaf " + Num(event.leaf_idx) + ": ";
    if (event.leaf_idx != events) {
      problem("reg_events: no event for leaf " + Num(events));
      events = event.leaf_idx;
    }
    ++events;
    if (event.leaf_idx >= leaves.size()) {
      problem(where + "no such leaf");
      return Status::Ok();
    }
    if (hub_key_.Compute(EventMessage(event)) != event.mac) {
      problem(where + "the row was changed without the hub key (its mac does not match)");
    }
    const opposition::Leaf& leaf = leaves[event.leaf_idx];
    if (event.event != opposition::EventName(leaf.event) || event.scope != leaf.scope ||
        event.time != leaf.time) {
      problem(where + "event, scope or time differ from the leaf's");
    }
    auto key = std::make_pair(event.pid, event.scope);
    auto& state = replay[key];
    bool registering = event.event == "register";
    if (state.pid.empty()) state.registered_at = event.time;
    if (registering && state.status != "active") state.registered_at = event.time;
    state = {event.pid, event.scope, registering ? "active" : "withdrawn", state.registered_at,
             event.time, event.leaf_idx};
    return Status::Ok();
  }));
  if (events != leaves.size()) {
    problem("reg_events: " + Num(events) + " events for " + Num(leaves.size()) + " leaves");
  }
  std::uint64_t state_rows = 0;
  SOVHUB_RETURN_IF_ERROR(log.ScanOppositions([&](const store::OppositionRecord& record) {
    ++state_rows;
    if (record.status == "active") ++audit.oppositions_active;
    auto it = replay.find({record.pid, record.scope});
    if (it == replay.end() || it->second.status != record.status ||
        it->second.leaf_idx != record.leaf_idx || it->second.updated_at != record.updated_at ||
        it->second.registered_at != record.registered_at) {
      problem("reg_oppositions: the state of one (pid, scope " + record.scope +
              ") differs from its events' replay");
    }
    return Status::Ok();
  }));
  if (state_rows != replay.size()) {
    problem("reg_oppositions: " + Num(state_rows) + " rows for " + Num(replay.size()) +
            " (pid, scope) pairs in the events");
  }
  return audit;
}

}  // namespace sovhub::registry
