// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite_rights_store.h"

#include <set>

namespace sovhub::store {
namespace {

// The OMOP CDM tables of the event layer that hold a person's rows (the
// code summaries of 006 repeat them and are left out).
constexpr const char* kOmopPersonTables[] = {
    "person", "observation_period", "visit_occurrence", "condition_occurrence",
    "drug_exposure", "procedure_occurrence", "death",
};

// A source table whose rows carry no person column and reach a person
// through a parent table that does: the same joins as the event layer
// (store/event_layer_sqlite.cc). `integer` compares the keys as integers,
// as the layer does where producers type them differently.
struct SourceLink {
  const char* child;
  const char* parent;
  std::vector<const char*> keys;
  bool integer = false;
};

const std::vector<SourceLink>& SourceLinks() {
  static const std::vector<SourceLink> kLinks = {
      {"ER_PHA_F", "ER_PRS_F",
       {"DCT_ORD_NUM", "FLX_DIS_DTD", "FLX_EMT_NUM", "FLX_EMT_ORD", "FLX_EMT_TYP", "FLX_TRT_DTD",
        "ORG_CLE_NUM", "PRS_ORD_NUM", "REM_TYP_AFF"}},
      {"T_MCOaaB", "T_MCOaaC", {"ETA_NUM", "RSA_NUM"}, true},
      {"T_MCOaaD", "T_MCOaaC", {"ETA_NUM", "RSA_NUM"}, true},
      {"T_MCOaaA", "T_MCOaaC", {"ETA_NUM", "RSA_NUM"}, true},
  };
  return kLinks;
}

constexpr std::string_view kRequestColumns =
    "id, kind, pid, received, calendar, reference, state, extension_date, extension_reason, answered_on, "
    "answer_summary, refusal_date, refusal_reasons, opposition_leaf, opposition_scope, created_at, updated_at";

std::string TextOrEmpty(const Statement& stmt, int column) {
  return stmt.ColumnIsNull(column) ? std::string() : stmt.ColumnText(column);
}

RightsRequestRecord ReadRequest(const Statement& stmt) {
  RightsRequestRecord r;
  r.id = stmt.ColumnText(0);
  r.kind = stmt.ColumnText(1);
  r.pid = stmt.ColumnText(2);
  r.received = stmt.ColumnText(3);
  r.calendar = stmt.ColumnText(4);
  r.reference = stmt.ColumnText(5);
  r.state = stmt.ColumnText(6);
  r.extension_date = TextOrEmpty(stmt, 7);
  r.extension_reason = TextOrEmpty(stmt, 8);
  r.answered_on = TextOrEmpty(stmt, 9);
  r.answer_summary = stmt.ColumnText(10);
  r.refusal_date = TextOrEmpty(stmt, 11);
  r.refusal_reasons = TextOrEmpty(stmt, 12);
  if (!stmt.ColumnIsNull(13)) r.opposition_leaf = static_cast<std::uint64_t>(stmt.ColumnInt64(13));
  r.opposition_scope = TextOrEmpty(stmt, 14);
  r.created_at = stmt.ColumnText(15);
  r.updated_at = stmt.ColumnText(16);
  return r;
}

// Binds "" as NULL: the optional columns.
Status BindOptional(Statement& stmt, int index, const std::string& text) {
  return text.empty() ? stmt.BindNull(index) : stmt.BindText(index, text);
}

// Binds every column but id (1..16 in kRequestColumns order without id).
Status BindRequest(Statement& stmt, const RightsRequestRecord& r, int first) {
  int i = first;
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.kind));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.pid));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.received));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.calendar));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.reference));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.state));
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.extension_date));
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.extension_reason));
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.answered_on));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.answer_summary));
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.refusal_date));
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.refusal_reasons));
  if (r.opposition_leaf) {
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(i++, static_cast<std::int64_t>(*r.opposition_leaf)));
  } else {
    SOVHUB_RETURN_IF_ERROR(stmt.BindNull(i++));
  }
  SOVHUB_RETURN_IF_ERROR(BindOptional(stmt, i++, r.opposition_scope));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(i++, r.created_at));
  return stmt.BindText(i, r.updated_at);
}

class SqliteRightsStore final : public RightsStore {
 public:
  explicit SqliteRightsStore(Database& db) : db_(db) {}

  Status InsertRequest(const RightsRequestRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("INSERT INTO rights_requests (" + std::string(kRequestColumns) +
                                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, r.id));
    SOVHUB_RETURN_IF_ERROR(BindRequest(stmt, r, 2));
    Status run = stmt.Run();
    if (!run.ok() && stmt.last_error_is_constraint()) {
      return Status::Conflict("rights request " + r.id + " exists already, or breaks a constraint: " + run.message());
    }
    return run;
  }

  Status UpdateRequest(const RightsRequestRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("UPDATE rights_requests SET kind = ?, pid = ?, received = ?, calendar = ?, reference = ?, "
                    "state = ?, extension_date = ?, extension_reason = ?, answered_on = ?, answer_summary = ?, "
                    "refusal_date = ?, refusal_reasons = ?, opposition_leaf = ?, opposition_scope = ?, "
                    "created_at = ?, updated_at = ? WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(BindRequest(stmt, r, 1));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(17, r.id));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t changed, db_.QueryInt64("SELECT changes()"));
    if (changed == 0) return Status::NotFound("no rights request " + r.id);
    return Status::Ok();
  }

  Result<std::optional<RightsRequestRecord>> FindRequest(const std::string& id) override {
    SOVHUB_ASSIGN_OR_RETURN(auto found, Requests("WHERE id = ?", id));
    if (found.empty()) return std::optional<RightsRequestRecord>();
    return std::optional<RightsRequestRecord>(std::move(found.front()));
  }

  Result<std::vector<RightsRequestRecord>> ListRequests() override { return Requests("", std::nullopt); }

  Result<std::vector<RightsRequestRecord>> ListRequestsOf(const std::string& pid) override {
    return Requests("WHERE pid = ?", pid);
  }

  Result<std::int64_t> CountRequestIds(const std::string& prefix) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT count(*) FROM rights_requests WHERE substr(id, 1, ?) = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, static_cast<std::int64_t>(prefix.size())));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, prefix));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Internal("count(*) returned no row");
    return stmt.ColumnInt64(0);
  }

  Status AppendStep(const RightsStepRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO rights_steps (request_id, seq, action, date, text, actor, "
                                        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, r.request_id));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(2, r.seq));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, r.action));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.date));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, r.text));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(6, r.actor));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(7, r.recorded_at));
    Status run = stmt.Run();
    if (!run.ok() && stmt.last_error_is_constraint()) {
      return Status::Conflict("step " + std::to_string(r.seq) + " of request " + r.request_id + " exists already");
    }
    return run;
  }

  Result<std::vector<RightsStepRecord>> ListSteps(const std::string& request_id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT request_id, seq, action, date, text, actor, recorded_at "
                                        "FROM rights_steps WHERE request_id = ? ORDER BY seq"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, request_id));
    std::vector<RightsStepRecord> steps;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return steps;
      steps.push_back({stmt.ColumnText(0), stmt.ColumnInt64(1), stmt.ColumnText(2), stmt.ColumnText(3),
                       stmt.ColumnText(4), stmt.ColumnText(5), stmt.ColumnText(6)});
    }
  }

  Result<std::vector<PersonTableRows>> PersonRows(
      const std::string& pid, const std::map<std::string, std::vector<std::string>>& source_person_columns) override {
    std::vector<PersonTableRows> out;
    const std::string person_ids = "(SELECT person_id FROM omop_person_ids WHERE pid = ?1)";
    for (const char* table : kOmopPersonTables) {
      SOVHUB_RETURN_IF_ERROR(Collect(out, table, "omop", "",
                                     "SELECT * FROM " + QuoteIdentifier(table) + " WHERE person_id IN " + person_ids +
                                         " ORDER BY rowid",
                                     pid));
    }
    SOVHUB_RETURN_IF_ERROR(Collect(out, "location", "omop", "",
                                   "SELECT * FROM location WHERE location_id IN (SELECT location_id FROM person "
                                   "WHERE person_id IN " + person_ids + ")",
                                   pid));
    for (const auto& [table, columns] : source_person_columns) {
      if (columns.empty()) continue;
      std::string where, matched;
      for (const std::string& column : columns) {
        where += (where.empty() ? "" : " OR ") + QuoteIdentifier(column) + " = ?1";
        matched += (matched.empty() ? "" : ", ") + column;
      }
      SOVHUB_RETURN_IF_ERROR(Collect(out, table, "source", matched,
                                     "SELECT * FROM " + QuoteIdentifier(table) + " WHERE " + where + " ORDER BY rowid",
                                     pid));
    }
    SOVHUB_ASSIGN_OR_RETURN(std::set<std::string> tables, TableNames());
    for (const SourceLink& link : SourceLinks()) {
      auto parent = source_person_columns.find(link.parent);
      if (!tables.contains(link.child) || parent == source_person_columns.end() || parent->second.empty() ||
          source_person_columns.contains(link.child)) {
        continue;
      }
      std::string on, where;
      for (const char* key : link.keys) {
        const std::string k = QuoteIdentifier(key);
        on += std::string(on.empty() ? "" : " AND ") +
              (link.integer ? "CAST(c." + k + " AS INTEGER) = CAST(p." + k + " AS INTEGER)" : "c." + k + " = p." + k);
      }
      for (const std::string& column : parent->second) {
        where += (where.empty() ? "" : " OR ") + std::string("p.") + QuoteIdentifier(column) + " = ?1";
      }
      SOVHUB_RETURN_IF_ERROR(Collect(out, link.child, "source", std::string("via ") + link.parent,
                                     "SELECT c.* FROM " + QuoteIdentifier(link.child) + " c WHERE EXISTS (SELECT 1 FROM " +
                                         QuoteIdentifier(link.parent) + " p WHERE " + on + " AND (" + where +
                                         ")) ORDER BY c.rowid",
                                     pid));
    }
    // OMOP CSV deliveries: event rows name the producer's person_id, which
    // OMOPSRC_PERSON maps to the person within the same batch.
    if (source_person_columns.contains("OMOPSRC_PERSON")) {
      for (const std::string& table : tables) {
        if (!table.starts_with("OMOPSRC_") || table == "OMOPSRC_PERSON" || source_person_columns.contains(table)) {
          continue;
        }
        SOVHUB_ASSIGN_OR_RETURN(std::set<std::string> columns, ColumnNames(table));
        if (!columns.contains("person_id") || !columns.contains("sovhub_batch")) continue;
        SOVHUB_RETURN_IF_ERROR(Collect(
            out, table, "source", "via OMOPSRC_PERSON",
            "SELECT c.* FROM " + QuoteIdentifier(table) + " c WHERE EXISTS (SELECT 1 FROM OMOPSRC_PERSON p WHERE "
            "p.person_id = c.person_id AND p.sovhub_batch = c.sovhub_batch AND p.person_source_value = ?1) "
            "ORDER BY c.rowid",
            pid));
      }
    }
    return out;
  }

  Result<std::vector<OppositionEventOfPerson>> OppositionEventsOf(const std::string& pid) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt, db_.Prepare("SELECT leaf_idx, event, scope, time FROM reg_events WHERE pid = ? ORDER BY leaf_idx"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, pid));
    std::vector<OppositionEventOfPerson> events;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return events;
      events.push_back({static_cast<std::uint64_t>(stmt.ColumnInt64(0)), stmt.ColumnText(1), stmt.ColumnText(2),
                        stmt.ColumnText(3)});
    }
  }

  Status AddExtractPersons(std::int64_t extract_id, const std::vector<std::int64_t>& project_person_ids) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement insert,
                            db_.Prepare("INSERT OR IGNORE INTO proj_extract_persons (extract_id, project_person_id) "
                                        "VALUES (?, ?)"));
    for (std::int64_t id : project_person_ids) {
      SOVHUB_RETURN_IF_ERROR(insert.BindInt64(1, extract_id));
      SOVHUB_RETURN_IF_ERROR(insert.BindInt64(2, id));
      Status run = insert.Run();
      insert.Reset();
      SOVHUB_RETURN_IF_ERROR(run);
    }
    SOVHUB_ASSIGN_OR_RETURN(Statement mark, db_.Prepare("UPDATE proj_extracts SET persons_recorded = 1 WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(mark.BindInt64(1, extract_id));
    return mark.Run();
  }

  Result<std::vector<ExtractOfPerson>> ExtractsWithPerson(const std::string& project_id,
                                                          std::int64_t project_person_id) override {
    return Extracts("SELECT e.id, e.project_id, e.built_at, e.checkpoint_size FROM proj_extracts e "
                    "JOIN proj_extract_persons m ON m.extract_id = e.id "
                    "WHERE e.project_id = ? AND m.project_person_id = ? ORDER BY e.id",
                    project_id, project_person_id);
  }

  Result<std::vector<ExtractOfPerson>> ExtractsNotRecorded(const std::string& project_id) override {
    return Extracts("SELECT id, project_id, built_at, checkpoint_size FROM proj_extracts "
                    "WHERE project_id = ? AND persons_recorded = 0 ORDER BY id",
                    project_id, std::nullopt);
  }

 private:
  Result<std::vector<RightsRequestRecord>> Requests(const std::string& where, std::optional<std::string> param) {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT " + std::string(kRequestColumns) +
                                                         " FROM rights_requests " + where + " ORDER BY received, id"));
    if (param) SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, *param));
    std::vector<RightsRequestRecord> records;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return records;
      records.push_back(ReadRequest(stmt));
    }
  }

  Result<std::vector<ExtractOfPerson>> Extracts(const std::string& sql, const std::string& project_id,
                                                std::optional<std::int64_t> person) {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(sql));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, project_id));
    if (person) SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(2, *person));
    std::vector<ExtractOfPerson> extracts;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return extracts;
      extracts.push_back({stmt.ColumnInt64(0), stmt.ColumnText(1), stmt.ColumnText(2),
                          static_cast<std::uint64_t>(stmt.ColumnInt64(3))});
    }
  }

  Result<std::set<std::string>> TableNames() {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table'"));
    std::set<std::string> names;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return names;
      names.insert(stmt.ColumnText(0));
    }
  }

  Result<std::set<std::string>> ColumnNames(const std::string& table) {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT name FROM pragma_table_info(?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, table));
    std::set<std::string> names;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return names;
      names.insert(stmt.ColumnText(0));
    }
  }

  // Runs `sql` (?1 = pid) and appends its rows as one table, if any.
  Status Collect(std::vector<PersonTableRows>& out, const std::string& table, const char* layer,
                 const std::string& matched_by, const std::string& sql, const std::string& pid) {
    auto prepared = db_.Prepare(sql);
    if (!prepared.ok()) return prepared.status().WithContext("reading " + table);
    Statement& stmt = *prepared;
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, pid));
    PersonTableRows rows{table, layer, matched_by, {}, {}};
    for (int c = 0; c < stmt.ColumnCount(); ++c) {
      rows.columns.push_back(stmt.ColumnName(c));
    }
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::vector<std::optional<std::string>> cells;
      for (int c = 0; c < stmt.ColumnCount(); ++c) {
        cells.push_back(stmt.ColumnIsNull(c) ? std::nullopt : std::optional(stmt.ColumnText(c)));
      }
      rows.rows.push_back(std::move(cells));
    }
    if (!rows.rows.empty()) out.push_back(std::move(rows));
    return Status::Ok();
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<RightsStore> MakeSqliteRightsStore(Database& db) { return std::make_unique<SqliteRightsStore>(db); }

}  // namespace sovhub::store
