// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite_registry_store.h"

#include <algorithm>

namespace sovhub::store {
namespace {

Result<merkle::Hash> HashColumn(const Statement& stmt, int column, std::string_view what) {
  std::string blob = stmt.ColumnBlob(column);
  if (blob.size() != 32) {
    return Status::Corruption(std::string(what) + " is " + std::to_string(blob.size()) +
                              " bytes, not 32");
  }
  merkle::Hash hash;
  std::copy(blob.begin(), blob.end(), hash.begin());
  return hash;
}

std::int64_t Signed(std::uint64_t value) { return static_cast<std::int64_t>(value); }

class SqliteRegistryStore final : public RegistryStore {
 public:
  explicit SqliteRegistryStore(Database& db) : db_(db) {}

  Result<std::uint64_t> LeafCount() override {
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t max, db_.QueryInt64("SELECT coalesce(max(idx) + 1, 0) FROM log_leaves"));
    return static_cast<std::uint64_t>(max);
  }

  Result<merkle::Hash> Node(int level, std::uint64_t idx) override {
    Statement* stmt;
    if (level == 0) {
      if (!leaf_hash_) {
        SOVHUB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT hash FROM log_leaves WHERE idx = ?"));
        leaf_hash_ = std::make_unique<Statement>(std::move(s));
      }
      stmt = leaf_hash_.get();
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(1, Signed(idx)));
    } else {
      if (!node_hash_) {
        SOVHUB_ASSIGN_OR_RETURN(Statement s,
                                db_.Prepare("SELECT hash FROM log_nodes WHERE level = ? AND idx = ?"));
        node_hash_ = std::make_unique<Statement>(std::move(s));
      }
      stmt = node_hash_.get();
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(1, level));
      SOVHUB_RETURN_IF_ERROR(stmt->BindInt64(2, Signed(idx)));
    }
    Result<bool> row = stmt->Step();
    Result<merkle::Hash> hash = Status::NotFound("log node " + std::to_string(level) + "/" +
                                                 std::to_string(idx) + " is missing");
    if (!row.ok()) {
      hash = row.status();
    } else if (*row) {
      hash = HashColumn(*stmt, 0, "log node " + std::to_string(level) + "/" + std::to_string(idx));
    }
    stmt->Reset();
    return hash;
  }

  Result<std::string> LeafData(std::uint64_t idx) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT data FROM log_leaves WHERE idx = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(idx)));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::NotFound("log leaf " + std::to_string(idx) + " does not exist");
    return stmt.ColumnBlob(0);
  }

  Status AppendLeaf(std::uint64_t idx, std::string_view data, const merkle::Hash& hash) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO log_leaves(idx, data, hash) VALUES (?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, Signed(idx)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(2, data.data(), data.size()));
    SOVHUB_RETURN_IF_ERROR(stmt.BindBlob(3, hash.data(), hash.size()));
    return stmt.Run();
  }

  Status PutNode(int level, std::uint64_t idx, const merkle::Hash& hash) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO log_nodes(level, idx, hash) VALUES (?, ?, ?)"));
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
                              HashColumn(stmt, 2, "hash of log leaf " + std::to_string(idx)));
      SOVHUB_RETURN_IF_ERROR(visit(idx, stmt.ColumnBlob(1), hash));
    }
  }

  Status ScanNodes(
      const std::function<Status(int, std::uint64_t, const merkle::Hash&)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT level, idx, hash FROM log_nodes ORDER BY level, idx"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      int level = static_cast<int>(stmt.ColumnInt64(0));
      auto idx = static_cast<std::uint64_t>(stmt.ColumnInt64(1));
      SOVHUB_ASSIGN_OR_RETURN(merkle::Hash hash, HashColumn(stmt, 2, "log node"));
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
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO reg_events(leaf_idx, pid, event, scope, time, mac) "
                    "VALUES (?, ?, ?, ?, ?, ?)"));
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
      SOVHUB_ASSIGN_OR_RETURN(record.mac, HashColumn(stmt, 5, "event mac"));
      SOVHUB_RETURN_IF_ERROR(visit(record));
    }
  }

  Result<std::optional<OppositionRecord>> FindOpposition(const std::string& pid,
                                                        const std::string& scope) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT pid, scope, status, registered_at, updated_at, leaf_idx "
                    "FROM reg_oppositions WHERE pid = ? AND scope = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, pid));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, scope));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<OppositionRecord>();
    return std::optional<OppositionRecord>(ReadOpposition(stmt));
  }

  Status PutOpposition(const OppositionRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO reg_oppositions(pid, scope, status, registered_at, updated_at, "
                    "leaf_idx) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(pid, scope) DO UPDATE SET "
                    "status = excluded.status, registered_at = excluded.registered_at, "
                    "updated_at = excluded.updated_at, leaf_idx = excluded.leaf_idx"));
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
    SOVHUB_ASSIGN_OR_RETURN(record.root, HashColumn(stmt, 1, "checkpoint root"));
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

  Database& db_;
  std::unique_ptr<Statement> leaf_hash_;
  std::unique_ptr<Statement> node_hash_;
};

}  // namespace

std::unique_ptr<RegistryStore> MakeSqliteRegistryStore(Database& db) {
  return std::make_unique<SqliteRegistryStore>(db);
}

}  // namespace sovhub::store
