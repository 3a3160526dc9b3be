// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite_project_store.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "cohort/cohort_sql.h"

namespace sovhub::store {
namespace {

// The OMOP tables a project may receive, with the column that dates a row
// (for the period) and the table's own id, renumbered in a workspace.
struct ExtractTable {
  const char* name;
  const char* date;  // nullptr: not dated (person, location, omop_drug_atc)
  const char* id;    // nullptr: no id of its own to renumber
};
constexpr ExtractTable kExtractTables[] = {
    {"person", nullptr, nullptr},
    {"observation_period", "observation_period_start_date", "observation_period_id"},
    {"visit_occurrence", "visit_start_date", "visit_occurrence_id"},
    {"condition_occurrence", "condition_start_date", "condition_occurrence_id"},
    {"drug_exposure", "drug_exposure_start_date", "drug_exposure_id"},
    {"procedure_occurrence", "procedure_date", "procedure_occurrence_id"},
    {"death", "death_date", nullptr},
    {"location", nullptr, nullptr},
    {"omop_drug_atc", nullptr, nullptr},
};

// Never copied: the pid, which would link a workspace back to the warehouse
// and, across projects, to itself.
constexpr const char* kNeverCopied = "person_source_value";

const ExtractTable* FindExtractTable(const std::string& name) {
  for (const ExtractTable& table : kExtractTables) {
    if (name == table.name) return &table;
  }
  return nullptr;
}

Status BindParams(Statement& stmt, const std::vector<cohort::SqlParam>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
      SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(index, *n));
    } else {
      SOVHUB_RETURN_IF_ERROR(stmt.BindText(index, std::get<std::string>(params[i])));
    }
  }
  return Status::Ok();
}

ProjectRecord ReadProject(const Statement& stmt) {
  return {stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2), stmt.ColumnText(3),
          stmt.ColumnText(4)};
}

ExtractRecord ReadExtract(const Statement& stmt) {
  ExtractRecord r;
  r.id = stmt.ColumnInt64(0);
  r.project_id = stmt.ColumnText(1);
  r.built_at = stmt.ColumnText(2);
  r.checkpoint_size = static_cast<std::uint64_t>(stmt.ColumnInt64(3));
  r.checkpoint_root = stmt.ColumnText(4);
  r.cohort_hash = stmt.ColumnText(5);
  r.manifest = stmt.ColumnText(6);
  return r;
}

class SqliteProjectStore final : public ProjectStore {
 public:
  explicit SqliteProjectStore(Database& db) : db_(db) {}

  Status InsertProject(const ProjectRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("INSERT INTO proj_projects (id, state, document, created_at, "
                                        "updated_at) VALUES (?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, r.id));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, r.state));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, r.document));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.created_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, r.updated_at));
    Status run = stmt.Run();
    if (!run.ok() && stmt.last_error_is_constraint()) {
      return Status::Conflict("project " + r.id + " exists already");
    }
    return run;
  }

  Status UpdateProject(const ProjectRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("UPDATE proj_projects SET state = ?, document = ?, updated_at = ? WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, r.state));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, r.document));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, r.updated_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.id));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t changed, db_.QueryInt64("SELECT changes()"));
    if (changed == 0) return Status::NotFound("no project " + r.id);
    return Status::Ok();
  }

  Result<std::optional<ProjectRecord>> FindProject(const std::string& id) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT id, state, document, created_at, updated_at "
                                        "FROM proj_projects WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, id));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<ProjectRecord>();
    return std::optional<ProjectRecord>(ReadProject(stmt));
  }

  Result<std::vector<ProjectRecord>> ListProjects() override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT id, state, document, created_at, updated_at "
                                        "FROM proj_projects ORDER BY id"));
    std::vector<ProjectRecord> records;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      records.push_back(ReadProject(stmt));
    }
    return records;
  }

  Result<std::int64_t> AddExtract(const ExtractRecord& r) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO proj_extracts (project_id, built_at, checkpoint_size, checkpoint_root, "
                    "cohort_hash, manifest) VALUES (?, ?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, r.project_id));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, r.built_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(3, static_cast<std::int64_t>(r.checkpoint_size)));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, r.checkpoint_root));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, r.cohort_hash));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(6, r.manifest));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    return db_.LastInsertRowId();
  }

  Result<std::optional<ExtractRecord>> LatestExtract(const std::string& project_id) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT id, project_id, built_at, checkpoint_size, checkpoint_root, cohort_hash, "
                    "manifest FROM proj_extracts WHERE project_id = ? ORDER BY id DESC LIMIT 1"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, project_id));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<ExtractRecord>();
    return std::optional<ExtractRecord>(ReadExtract(stmt));
  }

  Result<std::map<std::string, std::vector<std::string>>> ExtractableColumns() override {
    std::map<std::string, std::vector<std::string>> tables;
    for (const ExtractTable& table : kExtractTables) {
      SOVHUB_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnsOf("main", table.name));
      std::erase(columns, std::string(kNeverCopied));
      tables[table.name] = std::move(columns);
    }
    return tables;
  }

  Status SelectCohort(const cohort::Definition& definition,
                      const std::function<Status(const CohortMember&)>& visit) override {
    cohort::CompiledQuery query = cohort::Compile(definition, cohort::SqliteDialect());
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT c.person_id, m.pid, c.index_date FROM (" + query.sql +
                    ") c JOIN omop_person_ids m ON m.person_id = c.person_id ORDER BY c.person_id"));
    SOVHUB_RETURN_IF_ERROR(BindParams(stmt, query.params));
    CohortMember member;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      member.person_id = stmt.ColumnInt64(0);
      member.pid = stmt.ColumnText(1);
      member.index_date = stmt.ColumnText(2);
      SOVHUB_RETURN_IF_ERROR(visit(member));
    }
    return Status::Ok();
  }

  Result<std::int64_t> CountCohort(const cohort::Definition& definition) override {
    cohort::CompiledQuery query = cohort::CompileCount(definition, cohort::SqliteDialect());
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(query.sql));
    SOVHUB_RETURN_IF_ERROR(BindParams(stmt, query.params));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Internal("the cohort count returned no row");
    return stmt.ColumnInt64(0);
  }

  Result<ExtractWritten> WriteExtract(const ExtractSpec& spec, const AdmitPerson& admit) override {
    SOVHUB_ASSIGN_OR_RETURN(auto extractable, ExtractableColumns());
    for (const auto& [table, columns] : spec.variables) {
      auto known = extractable.find(table);
      if (known == extractable.end()) {
        return Status::InvalidArgument("variables: " + table + " is not a table an extract can hold");
      }
      for (const std::string& column : columns) {
        if (std::find(known->second.begin(), known->second.end(), column) == known->second.end()) {
          return Status::InvalidArgument("variables." + table + ": " + column +
                                         (column == kNeverCopied ? " holds the hub's pid and never leaves it"
                                                                 : " is not a column of " + table));
        }
      }
    }
    {
      // An attached file gets the main connection's open flags, which do not
      // create files: the empty file is made here (an empty file is a valid,
      // empty SQLite database).
      std::ofstream touch(spec.workspace, std::ios::binary | std::ios::app);
      if (!touch) return Status::IoError("cannot create " + spec.workspace.string());
    }
    {
      SOVHUB_ASSIGN_OR_RETURN(Statement attach, db_.Prepare("ATTACH DATABASE ? AS workspace"));
      SOVHUB_RETURN_IF_ERROR(attach.BindText(1, spec.workspace.string()));
      SOVHUB_RETURN_IF_ERROR(attach.Run());
    }
    // A rollback journal, not a WAL: the file is later renamed over the
    // previous workspace, whose -wal must not pair with it.
    Status journal = db_.Exec("PRAGMA workspace.journal_mode=DELETE");
    if (!journal.ok()) {
      (void)db_.Exec("DETACH DATABASE workspace");
      return journal;
    }
    Result<ExtractWritten> written = Extract(spec, admit);
    if (!written.ok()) (void)db_.Exec("ROLLBACK");
    Status detached = db_.Exec("DETACH DATABASE workspace");
    if (!written.ok()) return written.status();
    SOVHUB_RETURN_IF_ERROR(detached);
    return written;
  }

 private:
  static std::string Quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
  }

  Result<std::vector<std::string>> ColumnsOf(const std::string& schema, const std::string& table) {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT name FROM pragma_table_info(?, ?) ORDER BY cid"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, table));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, schema));
    std::vector<std::string> columns;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      columns.push_back(stmt.ColumnText(0));
    }
    return columns;
  }

  // One transaction: the warehouse is read from one snapshot, and the
  // workspace file gets everything or nothing.
  Result<ExtractWritten> Extract(const ExtractSpec& spec, const AdmitPerson& admit) {
    SOVHUB_RETURN_IF_ERROR(db_.Exec("BEGIN"));
    // The admitted persons, and the visits renumbered in the project's
    // order, in temporary tables of this connection.
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "CREATE TEMP TABLE IF NOT EXISTS extract_persons (person_id INTEGER PRIMARY KEY, "
        "project_person_id INTEGER NOT NULL)"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "CREATE TEMP TABLE IF NOT EXISTS extract_visits (visit_occurrence_id INTEGER PRIMARY KEY, "
        "new_id INTEGER NOT NULL)"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.extract_persons; DELETE FROM temp.extract_visits"));
    ExtractWritten written;
    {
      // No UNIQUE index on project_person_id: keyed hashes arrive in random
      // order, and that index's random inserts cost more than the rest of the
      // cohort's selection. The caller checks they are distinct (its admit
      // function makes them).
      SOVHUB_ASSIGN_OR_RETURN(Statement insert, db_.Prepare("INSERT INTO temp.extract_persons VALUES (?, ?)"));
      auto admit_member = [&](const CohortMember& member) -> Status {
        ++written.cohort_persons;
        SOVHUB_ASSIGN_OR_RETURN(std::optional<std::int64_t> project_person_id, admit(member));
        if (!project_person_id) {
          ++written.persons_withheld;
          return Status::Ok();
        }
        SOVHUB_RETURN_IF_ERROR(insert.BindInt64(1, member.person_id));
        SOVHUB_RETURN_IF_ERROR(insert.BindInt64(2, *project_person_id));
        Status run = insert.Run();
        insert.Reset();
        return run;
      };
      SOVHUB_RETURN_IF_ERROR(SelectCohort(spec.population, admit_member));
    }
    bool visits_kept = false;
    for (const auto& [table, columns] : spec.variables) {
      visits_kept = visits_kept || table == "visit_occurrence" ||
                    std::find(columns.begin(), columns.end(), "visit_occurrence_id") != columns.end();
    }
    if (visits_kept) SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO temp.extract_visits SELECT t.visit_occurrence_id, ROW_NUMBER() OVER "
        "(ORDER BY c.project_person_id, t.visit_start_date, t.visit_occurrence_id) "
        "FROM temp.extract_persons c CROSS JOIN main.visit_occurrence t ON t.person_id = c.person_id "
        "WHERE t.visit_start_date BETWEEN " +
        Quote(spec.period_from) + " AND " + Quote(spec.period_to)));
    for (const auto& [table, wanted] : spec.variables) {
      SOVHUB_RETURN_IF_ERROR(CopyTable(*FindExtractTable(table), wanted, spec).WithContext("extracting " + table));
      // The rows the copy's one INSERT wrote (into a new, empty table): no
      // second pass over millions of rows to count them.
      SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, db_.QueryInt64("SELECT changes()"));
      written.tables.push_back({table, rows});
    }
    SOVHUB_RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.extract_persons; DELETE FROM temp.extract_visits"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec("COMMIT"));
    return written;
  }

  Status CopyTable(const ExtractTable& table, const std::vector<std::string>& wanted,
                   const ExtractSpec& spec) {
    // The columns in the table's own order; a table of persons' rows always
    // keeps person_id (as the project's person id).
    SOVHUB_ASSIGN_OR_RETURN(std::vector<std::string> all, ColumnsOf("main", table.name));
    const bool has_person = std::find(all.begin(), all.end(), "person_id") != all.end();
    std::set<std::string> keep(wanted.begin(), wanted.end());
    if (has_person) keep.insert("person_id");
    SOVHUB_ASSIGN_OR_RETURN(Statement types,
                            db_.Prepare("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid"));
    SOVHUB_RETURN_IF_ERROR(types.BindText(1, table.name));
    std::string ddl = "CREATE TABLE workspace." + QuoteIdentifier(table.name) + " (";
    std::string names, values;
    bool uses_visits = false;
    bool keyed_by_person = false;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, types.Step());
      if (!row) break;
      const std::string name = types.ColumnText(0);
      if (!keep.contains(name)) continue;
      const bool own_id = table.id != nullptr && name == table.id;
      const bool primary = types.ColumnInt64(2) != 0;
      if (!names.empty()) {
        ddl += ", ";
        names += ", ";
        values += ", ";
      }
      ddl += QuoteIdentifier(name) + " " + types.ColumnText(1) + (primary ? " PRIMARY KEY" : "");
      names += QuoteIdentifier(name);
      if (name == "person_id") {
        values += "c.project_person_id";
        keyed_by_person = primary;
      } else if (name == "visit_occurrence_id" && std::string(table.name) != "visit_occurrence") {
        values += "v.new_id";
        uses_visits = true;
      } else if (own_id && std::string(table.name) == "visit_occurrence") {
        values += "v.new_id";
        uses_visits = true;
      } else if (own_id) {
        values += "NULL";  // INTEGER PRIMARY KEY: numbered in insertion order
      } else if (name == "preceding_visit_occurrence_id") {
        values += "NULL";  // not mapped (the layer leaves it empty)
      } else if (std::string(table.name) == "observation_period" &&
                 name == "observation_period_start_date") {
        values += "MAX(t.observation_period_start_date, " + Quote(spec.period_from) + ")";
      } else if (std::string(table.name) == "observation_period" && name == "observation_period_end_date") {
        values += "MIN(t.observation_period_end_date, " + Quote(spec.period_to) + ")";
      } else {
        values += "t." + QuoteIdentifier(name);
      }
    }
    SOVHUB_RETURN_IF_ERROR(db_.Exec(ddl + ")"));

    std::string select = "INSERT INTO workspace." + QuoteIdentifier(table.name) + " (" + names + ") SELECT " + values;
    const std::string source = " FROM main." + QuoteIdentifier(table.name) + " t";
    if (std::string(table.name) == "location") {
      select += source + " WHERE t.location_id IN (SELECT p.location_id FROM main.person p "
                         "JOIN temp.extract_persons c ON c.person_id = p.person_id)";
      return db_.Exec(select);
    }
    if (!has_person) return db_.Exec(select + source);  // reference data (omop_drug_atc)
    // Driven by the cohort (CROSS JOIN fixes the order in SQLite): each
    // person's rows are read through the table's person_id index, so the
    // copy's cost follows the extract's size, not the warehouse's. On the
    // 1M-person bench (a 23% cohort holding 2/3 of the drug rows) this is
    // also faster than scanning the table: 5.7 s instead of 7.5 s.
    select += " FROM temp.extract_persons c CROSS JOIN main." + QuoteIdentifier(table.name) +
              " t ON t.person_id = c.person_id";
    if (uses_visits) select += " LEFT JOIN temp.extract_visits v ON v.visit_occurrence_id = t.visit_occurrence_id";
    if (std::string(table.name) == "observation_period") {
      select += " WHERE t.observation_period_start_date <= " + Quote(spec.period_to) +
                " AND t.observation_period_end_date >= " + Quote(spec.period_from);
    } else if (table.date != nullptr) {
      select += " WHERE t." + std::string(table.date) + " BETWEEN " + Quote(spec.period_from) + " AND " +
                Quote(spec.period_to);
    }
    // Rows go in the warehouse's person order and are numbered in it:
    // sorting them by project person id would hide that order too, but
    // doubles the copy's time (docs/projects.md, bench/run extract). Visits
    // are numbered in the project's order (extract_visits). A table keyed by
    // person (person, death) is the exception: its key is the project person
    // id, a keyed hash, and rows inserted in key order append to the file
    // instead of splitting pages at random (0.6 s instead of 1.0 s for 234k
    // persons).
    if (keyed_by_person) select += " ORDER BY c.project_person_id";
    return db_.Exec(select);
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<ProjectStore> MakeSqliteProjectStore(Database& db) {
  return std::make_unique<SqliteProjectStore>(db);
}

}  // namespace sovhub::store
