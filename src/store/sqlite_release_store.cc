// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite_release_store.h"

namespace sovhub::store {
namespace {

constexpr std::string_view kOutputColumns =
    "id, project_id, submitter, description, kind, source, state, reason, spec, file_hash, protected_hash, "
    "report, created_at, updated_at";

OutputRecord ReadOutput(const Statement& stmt) {
  OutputRecord r;
  r.id = stmt.ColumnInt64(0);
  r.project_id = stmt.ColumnText(1);
  r.submitter = stmt.ColumnText(2);
  r.description = stmt.ColumnText(3);
  r.kind = stmt.ColumnText(4);
  r.source = stmt.ColumnText(5);
  r.state = stmt.ColumnText(6);
  r.reason = stmt.ColumnText(7);
  r.spec = stmt.ColumnText(8);
  r.file_hash = stmt.ColumnText(9);
  r.protected_hash = stmt.ColumnText(10);
  r.report = stmt.ColumnText(11);
  r.created_at = stmt.ColumnText(12);
  r.updated_at = stmt.ColumnText(13);
  return r;
}

class SqliteReleaseStore final : public ReleaseStore {
 public:
  explicit SqliteReleaseStore(Database& db) : db_(db) {}

  Result<std::int64_t> InsertOutput(const OutputRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO rel_outputs (project_id, submitter, description, kind, source, state, reason, "
                    "spec, file_hash, protected_hash, report, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int i = 1;
    for (const std::string* text : {&r.project_id, &r.submitter, &r.description, &r.kind, &r.source, &r.state,
                                    &r.reason, &r.spec, &r.file_hash, &r.protected_hash, &r.report, &r.created_at,
                                    &r.updated_at}) {
      SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, *text));
    }
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    return db_.LastInsertRowId();
  }

  Status UpdateOutput(const OutputRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("UPDATE rel_outputs SET submitter = ?, description = ?, kind = ?, source = ?, state = ?, "
                    "reason = ?, spec = ?, file_hash = ?, protected_hash = ?, report = ?, updated_at = ? "
                    "WHERE id = ?"));
    int i = 1;
    for (const std::string* text : {&r.submitter, &r.description, &r.kind, &r.source, &r.state, &r.reason, &r.spec,
                                    &r.file_hash, &r.protected_hash, &r.report, &r.updated_at}) {
      SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, *text));
    }
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(i, r.id));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t changed, db_.QueryInt64("SELECT changes()"));
    if (changed == 0) return Status::NotFound("no output " + std::to_string(r.id));
    return Status::Ok();
  }

  Result<std::optional<OutputRecord>> FindOutput(std::int64_t id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT " + std::string(kOutputColumns) + " FROM rel_outputs WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, id));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<OutputRecord>();
    return std::optional<OutputRecord>(ReadOutput(stmt));
  }

  Result<std::vector<OutputRecord>> ListOutputs(const std::string& project_id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT " + std::string(kOutputColumns) +
                                                        " FROM rel_outputs WHERE ?1 = '' OR project_id = ?1 "
                                                        "ORDER BY id"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, project_id));
    std::vector<OutputRecord> outputs;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return outputs;
      outputs.push_back(ReadOutput(stmt));
    }
  }

  Status AddReview(const ReviewRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO rel_reviews (output_id, checker, verdict, comment, at) "
                                        "VALUES (?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, r.output_id));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, r.checker));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, r.verdict));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.comment));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, r.at));
    Status run = stmt.Run();
    if (!run.ok() && stmt.last_error_is_constraint()) {
      return Status::Conflict("\"" + r.checker + "\" has already reviewed output " + std::to_string(r.output_id));
    }
    return run;
  }

  Result<std::vector<ReviewRecord>> ListReviews(std::int64_t output_id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT output_id, checker, verdict, comment, at FROM rel_reviews "
                                        "WHERE output_id = ? ORDER BY at, rowid"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, output_id));
    std::vector<ReviewRecord> reviews;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return reviews;
      reviews.push_back({stmt.ColumnInt64(0), stmt.ColumnText(1), stmt.ColumnText(2), stmt.ColumnText(3),
                         stmt.ColumnText(4)});
    }
  }

  Status AddDecision(const DecisionRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO rel_decisions (output_id, checker, verdict, reason, at, "
                                        "released_to) VALUES (?, ?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, r.output_id));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, r.checker));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, r.verdict));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.reason));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, r.at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(6, r.released_to));
    Status run = stmt.Run();
    if (!run.ok() && stmt.last_error_is_constraint()) {
      return Status::Conflict("output " + std::to_string(r.output_id) + " has a decision already");
    }
    return run;
  }

  Result<std::optional<DecisionRecord>> FindDecision(std::int64_t output_id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT output_id, checker, verdict, reason, at, released_to "
                                        "FROM rel_decisions WHERE output_id = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, output_id));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<DecisionRecord>();
    return std::optional<DecisionRecord>(DecisionRecord{stmt.ColumnInt64(0), stmt.ColumnText(1), stmt.ColumnText(2),
                                                        stmt.ColumnText(3), stmt.ColumnText(4), stmt.ColumnText(5)});
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<ReleaseStore> MakeSqliteReleaseStore(Database& db) { return std::make_unique<SqliteReleaseStore>(db); }

}  // namespace sovhub::store
