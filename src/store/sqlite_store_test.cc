// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "testing/testing.h"

namespace sovhub::store {
namespace {

schema::TableSchema PersonTable() {
  schema::TableSchema table;
  table.name = "PERSONS";
  schema::Field id;
  id.name = "ID";
  id.type = schema::FieldType::kString;
  schema::Field rank;
  rank.name = "RANK";
  rank.type = schema::FieldType::kInteger;
  schema::Field born;
  born.name = "BORN";
  born.type = schema::FieldType::kDate;
  table.fields = {id, rank, born};
  table.primary_key = {"ID", "RANK"};
  EXPECT_TRUE(schema::PrepareSchema(table).ok());
  return table;
}

TEST(SqliteStoreTest, CreatesMigratesAndReopens) {
  testing::TempDir dir;
  auto path = dir / "hub.db";
  EXPECT_EQ(OpenSqliteStore(path, {}).status().code(), StatusCode::kNotFound);
  {
    auto store = OpenSqliteStore(path, {.create = true, .now = "2026-01-01T00:00:00Z"});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->SetHubValue("hub_id", "x").ok());
  }
  auto store = OpenSqliteStore(path, {.now = "2026-01-02T00:00:00Z"});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->GetHubValue("hub_id").value(), std::optional<std::string>("x"));
  auto db = Database::Open(path, {});
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->QueryInt64("SELECT count(*) FROM gov_migrations").value(),
            static_cast<std::int64_t>(sqliteMigrations().size()));
  EXPECT_EQ(db->QueryInt64("SELECT count(*) FROM gov_migrations WHERE applied_at LIKE "
                           "'2026-01-01%'").value(),
            static_cast<std::int64_t>(sqliteMigrations().size()));
}

TEST(SqliteStoreTest, RefusesADatabaseNewerThanTheBinary) {
  testing::TempDir dir;
  auto path = dir / "hub.db";
  ASSERT_TRUE(OpenSqliteStore(path, {.create = true, .now = "t"}).ok());
  {
    auto db = Database::Open(path, {});
    ASSERT_TRUE(db->Exec("INSERT INTO gov_migrations VALUES (999, 'future', 't')").ok());
  }
  EXPECT_EQ(OpenSqliteStore(path, {.now = "t"}).status().code(), StatusCode::kCorruption);
}

TEST(SqliteStoreTest, SourceTableFromSchemaWithPrimaryKeyAndBatches) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "hub.db", {.create = true, .now = "t"}).value();
  auto table = PersonTable();
  ASSERT_TRUE(store->Begin().ok());
  ASSERT_TRUE(store->EnsureSource("cpam", "t").ok());
  ASSERT_TRUE(store->CreateSourceTable(table, "{}", "h1", "t").ok());
  EXPECT_EQ(store->SourceTableSchemaHash("PERSONS").value(), std::optional<std::string>("h1"));
  BatchRecord batch{.source = "cpam", .content_hash = "c1", .started_at = "t"};
  batch.id = store->ReserveBatch(batch).value();
  const int all_fields[] = {0, 1, 2};
  auto inserter = store->OpenInserter(table, all_fields, batch.id).value();
  std::vector<schema::CellValue> row = {std::string("A"), std::int64_t{1}, std::string("2000-01-02")};
  ASSERT_TRUE(inserter->Insert(row).ok());
  Status duplicate = inserter->Insert(row);
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict);
  EXPECT_NE(duplicate.message().find("UNIQUE"), std::string::npos) << duplicate.message();
  row[1] = std::int64_t{2};
  row[2] = schema::CellValue();
  ASSERT_TRUE(inserter->Insert(row).ok());
  // Counts must reconcile: the CHECK refuses a batch whose counts do not add up.
  batch.rows_read = 3;
  batch.rows_loaded = 2;
  batch.rows_quarantined = 0;
  batch.finished_at = "t2";
  EXPECT_FALSE(store->FinishBatch(batch).ok());
  batch.rows_quarantined = 1;
  batch.tables = {{"PERSONS", 3, 2, 1}};
  ASSERT_TRUE(store->FinishBatch(batch).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->CountRows("PERSONS").value(), 2);
  auto found = store->FindBatch("c1").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rows_loaded, 2);
  ASSERT_EQ(found->tables.size(), 1u);
  EXPECT_EQ(found->tables[0].rows_quarantined, 1);
  EXPECT_FALSE(store->FindBatch("c2").value().has_value());
}

TEST(SqliteStoreTest, ColumnsAreAddedWhenADeliveryFirstCarriesThem) {
  testing::TempDir dir;
  auto path = dir / "hub.db";
  auto store = OpenSqliteStore(path, {.create = true, .now = "t"}).value();
  auto table = PersonTable();
  ASSERT_TRUE(store->Begin().ok());
  ASSERT_TRUE(store->EnsureSource("cpam", "t").ok());
  ASSERT_TRUE(store->CreateSourceTable(table, "{}", "h1", "t").ok());
  BatchRecord batch{.source = "cpam", .content_hash = "c1", .started_at = "t"};
  batch.id = store->ReserveBatch(batch).value();
  const int keys_only[] = {1, 0};  // RANK, ID: the primary key, in file order
  auto first = store->OpenInserter(table, keys_only, batch.id).value();
  std::vector<schema::CellValue> short_row = {std::int64_t{1}, std::string("A")};
  ASSERT_TRUE(first->Insert(short_row).ok());
  const int with_birth[] = {0, 1, 2};
  auto second = store->OpenInserter(table, with_birth, batch.id).value();
  std::vector<schema::CellValue> long_row = {std::string("B"), std::int64_t{1},
                                             std::string("2001-02-03")};
  ASSERT_TRUE(second->Insert(long_row).ok());
  ASSERT_TRUE(store->Commit().ok());
  store.reset();
  auto db = Database::Open(path, {}).value();
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_table_info('PERSONS')").value(), 4);
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM PERSONS WHERE BORN IS NULL AND ID = 'A'").value(), 1);
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM PERSONS WHERE BORN = '2001-02-03'").value(), 1);
}

TEST(SqliteStoreTest, RollbackLeavesNothing) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "hub.db", {.create = true, .now = "t"}).value();
  auto table = PersonTable();
  ASSERT_TRUE(store->Begin().ok());
  ASSERT_TRUE(store->EnsureSource("cpam", "t").ok());
  ASSERT_TRUE(store->CreateSourceTable(table, "{}", "h1", "t").ok());
  ASSERT_TRUE(store->Rollback().ok());
  EXPECT_FALSE(store->SourceTableSchemaHash("PERSONS").value().has_value());
  EXPECT_FALSE(store->CountRows("PERSONS").ok());
}

}  // namespace
}  // namespace sovhub::store
