// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sandbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::store {
namespace {

using ::testing::HasSubstr;

// A small OMOP workspace, written as the hub writes one (Database::Open: WAL).
void WriteWorkspace(const std::filesystem::path& path) {
  auto db = Database::Open(path, {.create = true});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(db->Exec(R"sql(
    CREATE TABLE person (person_id INTEGER PRIMARY KEY, gender_concept_id INTEGER,
                         year_of_birth INTEGER);
    CREATE TABLE drug_exposure (drug_exposure_id INTEGER PRIMARY KEY, person_id INTEGER,
                                drug_source_value TEXT, quantity REAL);
    INSERT INTO person VALUES (1, 8507, 1950), (2, 8532, 1961), (3, 8532, 1975),
                              (4, 8507, 1980), (5, 8532, 1990);
    INSERT INTO drug_exposure VALUES (1, 1, 'A10BA02', 30), (2, 1, 'C09AA05', 28.5),
                                     (3, 2, 'A10BA02', 60), (4, 3, 'N02BE01', NULL);
    CREATE INDEX drug_exposure_person ON drug_exposure(person_id);
  )sql").ok());
}

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteWorkspace(workspace_); }

  std::unique_ptr<Sandbox> OpenSandbox(const SandboxLimits& limits = {}) {
    auto sandbox = Sandbox::Open(workspace_, scratch_, limits);
    EXPECT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    return sandbox.ok() ? std::move(sandbox).value() : nullptr;
  }

  // The rows of `sql`'s result, each cell as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> Rows(Sandbox& sandbox, std::string_view sql) {
    auto result = sandbox.Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    std::vector<std::vector<std::string>> rows;
    if (!result.ok()) return rows;
    for (const auto& row : result->rows) {
      auto& text = rows.emplace_back();
      for (const auto& cell : row) text.push_back(cell.value_or("NULL"));
    }
    return rows;
  }

  // Expects `sql` to fail with `code` and a message containing `fragment`.
  void ExpectError(Sandbox& sandbox, std::string_view sql, StatusCode code,
                   std::string_view fragment) {
    auto result = sandbox.Query(sql);
    ASSERT_FALSE(result.ok()) << sql << " was not refused";
    EXPECT_EQ(result.status().code(), code) << sql << ": " << result.status().ToString();
    EXPECT_THAT(result.status().message(), HasSubstr(std::string(fragment))) << sql;
  }
  void ExpectRefused(Sandbox& sandbox, std::string_view sql, std::string_view fragment) {
    ExpectError(sandbox, sql, StatusCode::kPermissionDenied, fragment);
  }

  testing::TempDir dir_;
  std::filesystem::path workspace_ = dir_ / "workspace.db";
  std::filesystem::path scratch_ = dir_ / "scratch.db";
};

TEST_F(SandboxTest, SelectWithGroupByWorks) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  auto result = sandbox->Query(
      "SELECT gender_concept_id, count(*) AS n FROM person GROUP BY gender_concept_id "
      "ORDER BY gender_concept_id");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->columns, (std::vector<std::string>{"gender_concept_id", "n"}));
  EXPECT_EQ(Rows(*sandbox, "SELECT gender_concept_id, count(*) FROM person GROUP BY 1 ORDER BY 1"),
            (std::vector<std::vector<std::string>>{{"8507", "2"}, {"8532", "3"}}));
  EXPECT_EQ(Rows(*sandbox,
                 "SELECT p.year_of_birth, count(d.drug_exposure_id) FROM person p JOIN "
                 "drug_exposure d USING (person_id) GROUP BY 1 ORDER BY 1"),
            (std::vector<std::vector<std::string>>{{"1950", "2"}, {"1961", "1"}, {"1975", "1"}}));
}

TEST_F(SandboxTest, RendersCellsAsSqliteText) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  auto result = sandbox->Query("SELECT 1, 2.5, 1.0, 1e20, 'é', NULL, x'00ff10', x''");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->rows.size(), 1u);
  const auto& row = result->rows[0];
  EXPECT_EQ(row[0], "1");
  EXPECT_EQ(row[1], "2.5");
  EXPECT_EQ(row[2], "1.0");
  EXPECT_EQ(row[3], "1.0e+20");
  EXPECT_EQ(row[4], "é");
  EXPECT_EQ(row[5], std::nullopt);
  EXPECT_EQ(row[6], "x'00ff10'");
  EXPECT_EQ(row[7], "x''");
  EXPECT_EQ(Rows(*sandbox, "SELECT quantity FROM drug_exposure ORDER BY 1"),
            (std::vector<std::vector<std::string>>{{"NULL"}, {"28.5"}, {"30.0"}, {"60.0"}}));
}

TEST_F(SandboxTest, RunsSeveralStatementsAndReturnsTheLastResult) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  auto result = sandbox->Query(
      "SELECT 'first';\n"
      "CREATE TABLE scratch.a(x);  -- a comment; with a semicolon\n"
      "INSERT INTO scratch.a VALUES (1), (2), (';');\n"
      "SELECT count(*) FROM scratch.a;\n"
      "UPDATE scratch.a SET x = 0 WHERE x = 1;\n"
      "/* trailing comment */ ;;");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows, (std::vector<std::vector<std::optional<std::string>>>{{"3"}}));
  EXPECT_EQ(result->rows_changed, 4);
  auto empty = sandbox->Query("DELETE FROM scratch.a");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->columns.empty());
  EXPECT_EQ(empty->rows_changed, 3);
  EXPECT_TRUE(sandbox->Query("-- nothing\n").ok());
}

TEST_F(SandboxTest, ReportsSqlErrorsWithSqliteMessage) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  ExpectError(*sandbox, "SELECT * FROM no_such_table", StatusCode::kInvalidArgument,
              "no such table: no_such_table");
  ExpectError(*sandbox, "SELEC 1", StatusCode::kInvalidArgument, "syntax error");
  ExpectError(*sandbox, "SELECT 1; SELECT nope FROM person", StatusCode::kInvalidArgument,
              "statement 2: no such column: nope");
  constexpr char kWithNul[] = "SELECT 1\0; DROP TABLE person";
  ExpectError(*sandbox, std::string_view(kWithNul, sizeof(kWithNul) - 1),
              StatusCode::kInvalidArgument, "NUL");
}

TEST_F(SandboxTest, ScratchTablesPersistBetweenOpens) {
  {
    auto sandbox = OpenSandbox();
    ASSERT_NE(sandbox, nullptr);
    ASSERT_TRUE(sandbox
                    ->Query("CREATE TABLE scratch.cohort AS SELECT person_id FROM person "
                            "WHERE year_of_birth < 1970")
                    .ok());
    ASSERT_TRUE(sandbox->Query("CREATE INDEX scratch.cohort_person ON cohort(person_id)").ok());
    ASSERT_TRUE(sandbox->Query("CREATE VIEW scratch.cohort_view AS SELECT * FROM cohort").ok());
  }
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(Rows(*sandbox,
                 "SELECT count(*) FROM scratch.cohort c JOIN person p USING (person_id)"),
            (std::vector<std::vector<std::string>>{{"2"}}));
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM scratch.cohort_view"),
            (std::vector<std::vector<std::string>>{{"2"}}));
}

TEST_F(SandboxTest, ScratchSchemaChangesWork) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  for (std::string_view sql : {
           "CREATE TABLE scratch.t (id INTEGER PRIMARY KEY AUTOINCREMENT, x)",
           "INSERT INTO scratch.t(x) VALUES (1)",
           "ALTER TABLE scratch.t ADD COLUMN y",
           "ALTER TABLE scratch.t RENAME TO u",
           "ALTER TABLE scratch.u RENAME COLUMN y TO z",
           "CREATE TABLE scratch.log (x)",
           "CREATE TRIGGER scratch.u_log AFTER INSERT ON u BEGIN INSERT INTO log VALUES "
           "(new.x); END",
           "INSERT INTO scratch.u(x) VALUES (2)",
           "BEGIN; INSERT INTO scratch.u(x) VALUES (3); COMMIT",
           "SAVEPOINT s; INSERT INTO scratch.u(x) VALUES (4); RELEASE s",
           "ANALYZE scratch",
           "DROP TRIGGER scratch.u_log",
           "DROP TABLE scratch.log",
       }) {
    auto result = sandbox->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
  }
  EXPECT_EQ(Rows(*sandbox, "SELECT group_concat(x) FROM (SELECT x FROM scratch.u ORDER BY x)"),
            (std::vector<std::vector<std::string>>{{"1,2,3,4"}}));
  // Reading the schema and the table-valued functions researchers use.
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM sqlite_master WHERE name = 'person'"),
            (std::vector<std::vector<std::string>>{{"1"}}));
  EXPECT_EQ(Rows(*sandbox, "SELECT name FROM scratch.sqlite_schema WHERE type = 'table' "
                           "AND name = 'u'"),
            (std::vector<std::vector<std::string>>{{"u"}}));
  EXPECT_EQ(Rows(*sandbox, "SELECT sum(value) FROM json_each('[1, 2, 3]')"),
            (std::vector<std::vector<std::string>>{{"6"}}));
}

TEST_F(SandboxTest, ExtractTablesAreReadOnly) {
  std::string before = testing::ReadFileOrFail(workspace_);
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  for (std::string_view sql : {
           "INSERT INTO person VALUES (6, 8507, 2000)",
           "INSERT INTO main.person SELECT * FROM person",
           "UPDATE person SET year_of_birth = 1900",
           "DELETE FROM person",
           "DELETE FROM drug_exposure WHERE person_id = 1",
           "REPLACE INTO person VALUES (1, 0, 0)",
           "DROP TABLE person",
           "ALTER TABLE person ADD COLUMN nir TEXT",
           "ALTER TABLE person RENAME TO people",
           "CREATE TABLE t (x)",
           "CREATE TABLE main.t AS SELECT * FROM person",
           "CREATE INDEX person_year ON person(year_of_birth)",
           "CREATE VIEW v AS SELECT 1",
           "CREATE TRIGGER tr AFTER INSERT ON person BEGIN SELECT 1; END",
           "ANALYZE",
           "ANALYZE main",
           "REINDEX",
           "REINDEX drug_exposure",
           "REINDEX main.drug_exposure_person",
       }) {
    ExpectRefused(*sandbox, sql, "the extract tables (schema main) are read-only");
  }
  ExpectRefused(*sandbox, "UPDATE person SET year_of_birth = 1900", "CREATE TABLE scratch.t");
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*), sum(year_of_birth) FROM person"),
            (std::vector<std::vector<std::string>>{{"5", "9856"}}));
  sandbox.reset();
  EXPECT_EQ(testing::ReadFileOrFail(workspace_), before);
}

TEST_F(SandboxTest, SchemaTablesAreNeverWritten) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  ASSERT_TRUE(sandbox->Query("CREATE TABLE scratch.t (x)").ok());
  ExpectRefused(*sandbox, "INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, '')",
                "sqlite_master is SQLite's own schema table");
  ExpectRefused(*sandbox, "INSERT INTO scratch.sqlite_master VALUES ('table', 'x', 'x', 0, '')",
                "sqlite_master is SQLite's own schema table");
  // SQLite refuses these itself, before asking the authorizer.
  ExpectRefused(*sandbox, "UPDATE sqlite_master SET sql = 'x'", "may not be modified");
  ExpectRefused(*sandbox, "UPDATE scratch.sqlite_schema SET sql = 'x'", "may not be modified");
  ExpectRefused(*sandbox, "DELETE FROM scratch.sqlite_master", "may not be modified");
  ExpectRefused(*sandbox, "PRAGMA writable_schema = 1", "PRAGMA writable_schema is not allowed");
  ExpectRefused(*sandbox, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = ''",
                "PRAGMA writable_schema is not allowed");
}

TEST_F(SandboxTest, TempSchemaIsRefused) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  for (std::string_view sql : {
           "CREATE TEMP TABLE t (x)",
           "CREATE TEMPORARY TABLE t AS SELECT * FROM person",
           "CREATE TABLE temp.t (x)",
           "CREATE TEMP VIEW v AS SELECT 1",
           "CREATE TEMP TRIGGER tr AFTER INSERT ON person BEGIN SELECT 1; END",
       }) {
    ExpectRefused(*sandbox, sql, "the temp schema is not available in a workspace: use scratch");
  }
  ExpectRefused(*sandbox, "SELECT * FROM sqlite_temp_master", "the temp schema cannot be read");
  ExpectRefused(*sandbox, "SELECT * FROM temp.sqlite_master", "the temp schema cannot be read");
  ExpectRefused(*sandbox, "SELECT * FROM temp.sqlite_schema", "the temp schema cannot be read");
  ExpectRefused(*sandbox, "SELECT count(*) FROM sqlite_temp_master",
                "the temp schema cannot be read");
  ExpectRefused(*sandbox, "SELECT count(*) FROM temp.sqlite_master",
                "the temp schema cannot be read");
  ExpectRefused(*sandbox, "PRAGMA temp.table_info(sqlite_temp_master)",
                "the temp schema cannot be read");
}

TEST_F(SandboxTest, AttachAndDetachAreRefused) {
  // An existing database the sandbox must not reach.
  auto other = dir_ / "other.db";
  { ASSERT_TRUE(Database::Open(other, {.create = true}).ok()); }
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  for (std::string sql : {
           "ATTACH '" + other.string() + "' AS other",
           "ATTACH DATABASE '" + (dir_ / "new.db").string() + "' AS fresh",
           std::string("ATTACH ':memory:' AS m"),
           std::string("ATTACH '' AS anonymous"),
           std::string("ATTACH 'file:x?mode=memory' AS x"),
           std::string("ATTACH 'file:x?mode=memory&cache=shared' AS x"),
           "ATTACH 'file:" + other.string() + "?mode=rw' AS other",
           "ATTACH 'file:" + workspace_.string() + "?mode=rwc' AS rw",
       }) {
    ExpectRefused(*sandbox, sql, "ATTACH is not allowed in a workspace");
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "new.db"));
  EXPECT_FALSE(std::filesystem::exists("file:x"));
  ExpectRefused(*sandbox, "DETACH scratch", "DETACH is not allowed in a workspace");
  ExpectRefused(*sandbox, "DETACH DATABASE main", "DETACH is not allowed in a workspace");
  // Both schemas are still there.
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM person, scratch.sqlite_master"),
            (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_F(SandboxTest, ExtensionsAndFileFunctionsAreRefused) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  ExpectRefused(*sandbox, "SELECT load_extension('x')", "load_extension() is not allowed");
  ExpectRefused(*sandbox, "SELECT load_extension('/usr/lib/x.so', 'sqlite3_x_init')",
                "load_extension() is not allowed");
  ExpectRefused(*sandbox, "SELECT LOAD_EXTENSION('x')", "load_extension() is not allowed");
  ExpectRefused(*sandbox, "CREATE TABLE scratch.t AS SELECT load_extension('x')",
                "load_extension() is not allowed");
  ExpectRefused(*sandbox, "SELECT fts3_tokenizer('simple')", "fts3_tokenizer() is not allowed");
  // Core SQLite has no file functions: refused by name if a build had them,
  // unknown otherwise. Either way they do not run.
  for (std::string_view sql : {"SELECT readfile('/etc/passwd')",
                               "SELECT writefile('/tmp/x', 'y')", "SELECT edit('x')"}) {
    auto result = sandbox->Query(sql);
    ASSERT_FALSE(result.ok()) << sql;
    EXPECT_THAT(result.status().message(),
                ::testing::AnyOf(HasSubstr("is not allowed"), HasSubstr("no such function")));
  }
  ExpectRefused(*sandbox, "CREATE VIRTUAL TABLE scratch.f USING fts5(x)",
                "virtual tables (CREATE VIRTUAL TABLE) are not allowed");
}

TEST_F(SandboxTest, OnlyDescriptivePragmasAreAllowed) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(Rows(*sandbox, "PRAGMA table_info(person)").size(), 3u);
  EXPECT_EQ(Rows(*sandbox, "PRAGMA main.table_xinfo(person)").size(), 3u);
  EXPECT_EQ(Rows(*sandbox, "PRAGMA TABLE_INFO = drug_exposure").size(), 4u);
  EXPECT_EQ(Rows(*sandbox, "SELECT name FROM pragma_table_info('person') ORDER BY cid"),
            (std::vector<std::vector<std::string>>{
                {"person_id"}, {"gender_concept_id"}, {"year_of_birth"}}));
  EXPECT_TRUE(sandbox->Query("PRAGMA index_list(person)").ok());
  EXPECT_TRUE(sandbox->Query("PRAGMA foreign_key_list(drug_exposure)").ok());
  ASSERT_TRUE(sandbox->Query("CREATE TABLE scratch.t (x)").ok());
  EXPECT_EQ(Rows(*sandbox, "PRAGMA scratch.table_info(t)").size(), 1u);
  for (std::string_view sql : {
           "PRAGMA journal_mode = off",
           "PRAGMA journal_mode",
           "PRAGMA scratch.journal_mode = memory",
           "PRAGMA query_only = 0",
           "PRAGMA trusted_schema = 1",
           "PRAGMA foreign_keys = off",
           "PRAGMA temp_store = memory",
           "PRAGMA temp_store_directory = '/tmp'",
           "PRAGMA cell_size_check = off",
           "PRAGMA mmap_size = 1000000",
           "PRAGMA database_list",
           "SELECT * FROM pragma_database_list",
           "PRAGMA compile_options",
       }) {
    ExpectRefused(*sandbox, sql, "is not allowed in a workspace");
  }
  ExpectRefused(*sandbox, "PRAGMA journal_mode = off", "the ones allowed only describe tables");
}

TEST_F(SandboxTest, VacuumIsRefused) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  auto copy = dir_ / "copy.db";
  ExpectRefused(*sandbox, "VACUUM INTO '" + copy.string() + "'", "VACUUM is not allowed");
  ExpectRefused(*sandbox, "VACUUM INTO '/tmp/x'", "VACUUM is not allowed");
  ExpectRefused(*sandbox, "VACUUM main INTO 'file:copy.db?mode=rwc'", "VACUUM is not allowed");
  ExpectRefused(*sandbox, "VACUUM", "VACUUM is not allowed");
  ExpectRefused(*sandbox, "/* tidy */ VACUUM scratch", "VACUUM is not allowed");
  EXPECT_FALSE(std::filesystem::exists(copy));
}

TEST_F(SandboxTest, StopsAStatementAtTheTimeLimit) {
  auto sandbox = OpenSandbox({.statement_time = std::chrono::milliseconds(200)});
  ASSERT_NE(sandbox, nullptr);
  auto start = std::chrono::steady_clock::now();
  ExpectError(*sandbox,
              "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
              "SELECT count(*) FROM forever",
              StatusCode::kUnavailable, "statement stopped after 200 ms (limit)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The limit is per statement, and the sandbox goes on working.
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM person"),
            (std::vector<std::vector<std::string>>{{"5"}}));
  ExpectError(*sandbox,
              "SELECT 1; WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM "
              "forever) INSERT INTO scratch.never SELECT n FROM forever",
              StatusCode::kInvalidArgument, "no such table");
  ASSERT_TRUE(sandbox->Query("CREATE TABLE scratch.never (n)").ok());
  ExpectError(*sandbox,
              "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
              "INSERT INTO scratch.never SELECT n FROM forever",
              StatusCode::kUnavailable, "statement stopped after 200 ms (limit)");
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM scratch.never"),
            (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_F(SandboxTest, DescribesWholeSecondLimitsInSeconds) {
  auto sandbox = OpenSandbox({.statement_time = std::chrono::seconds(1)});
  ASSERT_NE(sandbox, nullptr);
  ExpectError(*sandbox,
              "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
              "SELECT max(n) FROM forever",
              StatusCode::kUnavailable, "statement stopped after 1 s (limit)");
}

TEST_F(SandboxTest, RefusesAResultAboveTheRowLimit) {
  auto sandbox = OpenSandbox({.max_rows = 1000});
  ASSERT_NE(sandbox, nullptr);
  ExpectError(*sandbox,
              "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10000000) "
              "SELECT n FROM c",
              StatusCode::kUnavailable,
              "result has more than 1000 rows (limit); aggregate or add LIMIT");
  auto exactly = sandbox->Query(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10000000) "
      "SELECT n FROM c LIMIT 1000");
  ASSERT_TRUE(exactly.ok()) << exactly.status().ToString();
  EXPECT_EQ(exactly->rows.size(), 1000u);
  // The limit is on rows returned, not rows read.
  EXPECT_EQ(Rows(*sandbox,
                 "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE "
                 "n < 1000000) SELECT count(*) FROM c"),
            (std::vector<std::vector<std::string>>{{"1000000"}}));
}

TEST_F(SandboxTest, RefusesValuesAndResultsAboveTheirSizeLimits) {
  auto sandbox = OpenSandbox({.max_result_bytes = 1 << 20, .max_value_bytes = 1 << 20});
  ASSERT_NE(sandbox, nullptr);
  ExpectError(*sandbox, "SELECT zeroblob(1000000000)", StatusCode::kUnavailable,
              "(limit: 1 MiB per value or row)");
  ExpectError(*sandbox,
              "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100) "
              "SELECT randomblob(100000) FROM c",
              StatusCode::kUnavailable, "result is larger than 1 MiB (limit)");
}

TEST_F(SandboxTest, LeavesNoTransactionOpen) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  ASSERT_TRUE(sandbox->Query("CREATE TABLE scratch.t (x)").ok());
  ExpectError(*sandbox, "BEGIN; INSERT INTO scratch.t VALUES (1)", StatusCode::kInvalidArgument,
              "a transaction was left open");
  ExpectError(*sandbox, "BEGIN; INSERT INTO scratch.t VALUES (2); SELECT nope",
              StatusCode::kInvalidArgument, "(the open transaction was rolled back)");
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM scratch.t"),
            (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_F(SandboxTest, ClosedProjectIsReadOnly) {
  {
    auto sandbox = OpenSandbox();
    ASSERT_NE(sandbox, nullptr);
    ASSERT_TRUE(sandbox->Query("CREATE TABLE scratch.t AS SELECT * FROM person").ok());
  }
  auto sandbox = OpenSandbox({.read_only = true});
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM scratch.t JOIN person USING (person_id)"),
            (std::vector<std::vector<std::string>>{{"5"}}));
  for (std::string_view sql : {
           "CREATE TABLE scratch.u (x)",
           "CREATE TABLE scratch.u AS SELECT * FROM person",
           "INSERT INTO scratch.t SELECT * FROM person",
           "UPDATE scratch.t SET year_of_birth = 0",
           "DELETE FROM scratch.t",
           "DROP TABLE scratch.t",
           "ALTER TABLE scratch.t ADD COLUMN y",
           "CREATE INDEX scratch.i ON t(person_id)",
       }) {
    ExpectRefused(*sandbox, sql, "the project is closed: its workspace is read-only");
  }
  ExpectRefused(*sandbox, "DELETE FROM person", "the extract tables (schema main) are read-only");
}

TEST_F(SandboxTest, ClosedProjectWithoutScratchOpens) {
  auto sandbox = OpenSandbox({.read_only = true});
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM scratch.sqlite_master"),
            (std::vector<std::vector<std::string>>{{"0"}}));
  ExpectRefused(*sandbox, "CREATE TABLE scratch.u (x)", "the project is closed");
}

TEST_F(SandboxTest, SeesTheHubsLaterWrites) {
  auto sandbox = OpenSandbox();
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM person"),
            (std::vector<std::vector<std::string>>{{"5"}}));
  {
    // An opposition reaches a live workspace: the hub deletes the person.
    auto hub = Database::Open(workspace_, {});
    ASSERT_TRUE(hub.ok());
    ASSERT_TRUE(hub->Exec("DELETE FROM drug_exposure WHERE person_id = 2; "
                          "DELETE FROM person WHERE person_id = 2")
                    .ok());
  }
  EXPECT_EQ(Rows(*sandbox, "SELECT count(*) FROM person"),
            (std::vector<std::vector<std::string>>{{"4"}}));
}

TEST(SandboxOpenTest, MissingWorkspaceIsNotFound) {
  testing::TempDir dir;
  auto sandbox = Sandbox::Open(dir / "absent.db", dir / "scratch.db", {});
  EXPECT_EQ(sandbox.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(sandbox.status().message(), HasSubstr("workspace database not found"));
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "scratch.db"));
}

}  // namespace
}  // namespace sovhub::store
