// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite_registry_store.h"

#include <algorithm>
#include <cstring>

namespace sovhub::store {
namespace {

// `what` names the value, for the error only.
template <typename What>
Result<merkle::Hash> HashColumn(const Statement& stmt, int column, const What& what) {
  std::string_view blob = stmt.ColumnBlobView(column);
  if (blob.size() != 32) {
    return Status::Corruption(std::string(what()) + " is " + std::to_string(blob.size()) +
                              " bytes, not 32");
  }
  merkle::Hash hash;
  std::memcpy(hash.data(), blob.data(), 32);
  return hash;
}

auto Named(const char* what) {
  return [what] { return std::string(what); };
}

// Resets a cached statement when the operation using it ends.
class Lease {
 public:
  explicit Lease(Statement* stmt) : stmt_(stmt) {}
  ~Lease() {
    stmt_->Reset();
    stmt_->ClearBindings();
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Statement& operator*() const { return *stmt_; }
  Statement* operator->() const { return stmt_; }

 private:
  Statement* stmt_;
};

std::int64_t Signed(std::uint64_t value) { return static_cast<std::int64_t>(value); }

class SqliteRegistryStore final : public RegistryStore {
 public:
  explicit SqliteRegistryStore(Database& db) : db_(db) {}

  Result<std::uint64_t> LeafCount() override {
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t max, db_.QueryInt64("SELECT coalesce(max(idx) + 1, 0) FROM log_leaves"));
    return static_cast<std::uint64_t>(max);
  }

  Result<merkle::Hash> Node(int level, std::uint64_t idx) override {
    Statement* raw;
    if (level == 0) {
      SOVHUB_ASSIGN_OR_RETURN(raw, Cached(leaf_hash_, "SELECT hash FROM log_leaves WHERE idx = ?"));
    } else {
      SOVHUB_ASSIGN_OR_RETURN(raw, Cached(node_hash_,
                                          "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?"));
    }
    Lease stmt(raw);
    if (level == 0) {
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(1, Signed(idx)));
    } else {
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(1, level));
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(2, Signed(idx)));
    }
    auto name = [&] { return "log node " + std::to_string(level) + "/" + std::to_string(idx); };
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return Status::NotFound(name() + " is missing");
    return HashColumn(*stmt, 0, name);
  }

  Result<std::string> LeafData(std::uint64_t idx) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement * raw, Cached(leaf_data_, "SELECT data FROM log_leaves WHERE idx = ?"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(idx)));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::NotFound("log leaf " + std::to_string(idx) + " does not exist");
    return stmt.ColumnBlob(0);
  }

  Status AppendLeaf(std::uint64_t idx, std::string_view data, const merkle::Hash& hash) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement * raw,
                            Cached(append_leaf_, "INSERT INTO log_leaves(idx, data, hash) VALUES (?, ?, ?)"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(idx)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(2, data.data(), data.size()));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(3, hash.data(), hash.size()));
    return stmt.Run();
  }

  Status PutNode(int level, std::uint64_t idx, const merkle::Hash& hash) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement * raw,
                            Cached(put_node_, "INSERT INTO log_nodes(level, idx, hash) VALUES (?, ?, ?)"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, level));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(2, Signed(idx)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(3, hash.data(), hash.size()));
    return stmt.Run();
  }

  Status ScanLeaves(const std::function<Status(std::uint64_t, const std::string&,
                                               const merkle::Hash&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT idx, data, hash FROM log_leaves ORDER BY idx"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      auto idx = static_cast<std::uint64_t>(stmt.ColumnInt64(0));
      SOVHUB_ASSIGN_OR_RETURN(merkle::Hash hash,
                              HashColumn(stmt, 2, [idx] { return "hash of log leaf " + std::to_string(idx); }));
      SOVHUB_RETURN_IF_ERROR(visit(idx, stmt.ColumnBlob(1), hash));
    }
  }

  Status ScanNodes(
      int min_level,
      const std::function<Status(int, std::uint64_t, const merkle::Hash&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT level, idx, hash FROM log_nodes WHERE level >= ? ORDER BY level, idx"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, min_level));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      int level = static_cast<int>(stmt.ColumnInt64(0));
      auto idx = static_cast<std::uint64_t>(stmt.ColumnInt64(1));
      SOVHUB_ASSIGN_OR_RETURN(merkle::Hash hash, HashColumn(stmt, 2, Named("log node")));
      SOVHUB_RETURN_IF_ERROR(visit(level, idx, hash));
    }
  }

  Status AddCheckpoint(const CheckpointRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO log_checkpoints(size, root, note) VALUES (?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(record.size)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(2, record.root.data(), record.root.size()));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, record.note));
    return stmt.Run();
  }

  Result<std::optional<CheckpointRecord>> LatestCheckpoint() override {
    return OneCheckpoint("SELECT size, root, note FROM log_checkpoints "
                         "ORDER BY size DESC LIMIT 1", std::nullopt);
  }

  Result<std::optional<CheckpointRecord>> CheckpointAt(std::uint64_t size) override {
    return OneCheckpoint("SELECT size, root, note FROM log_checkpoints WHERE size = ?",
                         size);
  }

  Status ScanCheckpoints(const std::function<Status(const CheckpointRecord&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT size, root, note FROM log_checkpoints "
                                        "ORDER BY size"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      SOVHUB_ASSIGN_OR_RETURN(CheckpointRecord record, ReadCheckpoint(stmt));
      SOVHUB_RETURN_IF_ERROR(visit(record));
    }
  }

  Status AddEvent(const EventRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement * raw,
                            Cached(add_event_, "INSERT INTO reg_events(leaf_idx, pid, event, scope, "
                                               "time, mac) VALUES (?, ?, ?, ?, ?, ?)"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(record.leaf_idx)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, record.pid));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, record.event));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, record.scope));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, record.time));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(6, record.mac.data(), record.mac.size()));
    return stmt.Run();
  }

  Status ScanEvents(const std::function<Status(const EventRecord&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT leaf_idx, pid, event, scope, time, mac FROM reg_events ORDER BY leaf_idx"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      EventRecord record{static_cast<std::uint64_t>(stmt.ColumnInt64(0)), stmt.ColumnText(1),
                         stmt.ColumnText(2), stmt.ColumnText(3), stmt.ColumnText(4)};
      SOVHUB_ASSIGN_OR_RETURN(record.mac, HashColumn(stmt, 5, Named("event mac")));
      SOVHUB_RETURN_IF_ERROR(visit(record));
    }
  }

  Result<std::optional<OppositionRecord>> FindOpposition(const std::string& pid,
                                                        const std::string& scope) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement * raw,
                            Cached(find_opposition_,
                                   "SELECT pid, scope, status, registered_at, updated_at, leaf_idx "
                                   "FROM reg_oppositions WHERE pid = ? AND scope = ?"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, pid));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, scope));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<OppositionRecord>();
    return std::optional<OppositionRecord>(ReadOpposition(stmt));
  }

  Status PutOpposition(const OppositionRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement * raw,
        Cached(put_opposition_,
               "INSERT INTO reg_oppositions(pid, scope, status, registered_at, updated_at, "
               "leaf_idx) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(pid, scope) DO UPDATE SET "
               "status = excluded.status, registered_at = excluded.registered_at, "
               "updated_at = excluded.updated_at, leaf_idx = excluded.leaf_idx"));
    Lease lease(raw);
    Statement& stmt = *lease;
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, record.pid));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, record.scope));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, record.status));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, record.registered_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, record.updated_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(6, Signed(record.leaf_idx)));
    return stmt.Run();
  }

  Status ScanOppositions(const std::function<Status(const OppositionRecord&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT pid, scope, status, registered_at, updated_at, leaf_idx "
                    "FROM reg_oppositions ORDER BY pid, scope"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      SOVHUB_RETURN_IF_ERROR(visit(ReadOpposition(stmt)));
    }
  }

  Status ScanOpposedAt(std::uint64_t size, const std::string& project_scope,
                       const std::function<Status(const std::string&)>& visit) override {
    // For each (pid, scope), its last event below `size`; opposed when that
    // event is a registration.
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT DISTINCT e.pid FROM reg_events e "
                    "WHERE e.leaf_idx < ?1 AND e.scope IN ('all', ?2) AND e.event = 'register' "
                    "AND e.leaf_idx = (SELECT max(f.leaf_idx) FROM reg_events f "
                    "WHERE f.pid = e.pid AND f.scope = e.scope AND f.leaf_idx < ?1)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(size)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, project_scope.empty() ? "all" : project_scope));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      SOVHUB_RETURN_IF_ERROR(visit(stmt.ColumnText(0)));
    }
  }

 private:
  static Result<CheckpointRecord> ReadCheckpoint(const Statement& stmt) {
    CheckpointRecord record;
    record.size = static_cast<std::uint64_t>(stmt.ColumnInt64(0));
    SOVHUB_ASSIGN_OR_RETURN(record.root, HashColumn(stmt, 1, Named("checkpoint root")));
    record.note = stmt.ColumnText(2);
    return record;
  }

  static OppositionRecord ReadOpposition(const Statement& stmt) {
    return {stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2),
            stmt.ColumnText(3), stmt.ColumnText(4), static_cast<std::uint64_t>(stmt.ColumnInt64(5))};
  }

  Result<std::optional<CheckpointRecord>> OneCheckpoint(std::string_view sql,
                                                        std::optional<std::uint64_t> size) {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(sql));
    if (size) SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(*size)));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<CheckpointRecord>();
    SOVHUB_ASSIGN_OR_RETURN(CheckpointRecord record, ReadCheckpoint(stmt));
    return std::optional<CheckpointRecord>(std::move(record));
  }

  // Prepared once per connection; each use resets it (Lease).
  Result<Statement*> Cached(std::unique_ptr<Statement>& slot, std::string_view sql) {
    if (!slot) {
      SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(sql));
      slot = std::make_unique<Statement>(std::move(stmt));
    }
    return slot.get();
  }

  Database& db_;
  std::unique_ptr<Statement> leaf_hash_, node_hash_, leaf_data_, append_leaf_, put_node_,
      add_event_, find_opposition_, put_opposition_;
};

}  // namespace

std::unique_ptr<RegistryStore> MakeSqliteRegistryStore(Database& db) {
  return std::make_unique<SqliteRegistryStore>(db);
}

}  // namespace sovhub::store
