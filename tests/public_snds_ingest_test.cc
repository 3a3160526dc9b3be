// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Ingests the public synthetic SNDS core tables (Health Data Hub / INDS,
// Etalab 2.0) through the hub. Their values are random and break their own
// schemas: the counts below are pinned from a reading of the Table Schema
// standard and checked cell by cell against the quarantine file.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "hub/hub.h"
#include "ingest/csv_reader.h"
#include "testing/testing.h"

namespace sovhub {
namespace {

ingest::BatchRequest PublicBatch() {
  ingest::BatchRequest request;
  request.source = "public-synthetic-snds";
  std::map<std::string, std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           testing::SharedData("snds/synthetic-snds/schemas"))) {
    if (entry.path().extension() == ".csv") files[entry.path().stem().string()] = entry.path();
  }
  for (const auto& [table, path] : files) request.tables.push_back({table, {path}});
  return request;
}

class PublicSndsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(hub::Hub::Init(dir_ / "hub", {}, clock_, random).ok());
    auto opened = hub::Hub::Open(dir_ / "hub", clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    hub_ = std::move(opened).value();
  }
  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  std::unique_ptr<hub::Hub> hub_;
};

TEST_F(PublicSndsTest, QuarantinesEveryRowThatBreaksItsSchemaAndLoadsTheRest) {
  ingest::BatchRequest request = PublicBatch();
  ASSERT_EQ(request.tables.size(), 24u);
  request.max_reject_rate = 1.0;  // this sample is mostly broken on purpose
  auto outcome = hub_->Ingest(request, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->kind, ingest::BatchOutcome::Kind::kLoaded);
  EXPECT_EQ(outcome->rows_read, 240);
  EXPECT_EQ(outcome->rows_quarantined, 105);
  EXPECT_EQ(outcome->rows_loaded, 135);

  // Rows quarantined per table. 97 rows break a type, length or range
  // constraint; 8 more repeat a primary key or a unique value (their
  // generator drew keys from the parent table with replacement).
  const std::map<std::string, std::int64_t> expected = {
      {"BE_IDE_R", 2}, {"CT_IDE_AAAA_GN", 3}, {"DA_PRA_R", 10}, {"ER_BIO_F", 9},
      {"ER_CAM_F", 9}, {"ER_ETE_F", 9},       {"ER_PHA_F", 10}, {"ER_PRS_F", 10},
      {"IR_IBA_R", 3}, {"NS_PHA_F", 10},      {"NS_PRS_F", 10}, {"T_MCOaaB", 10},
      {"T_MCOaaC", 10}};
  for (const auto& table : outcome->tables) {
    auto it = expected.find(table.table);
    std::int64_t want = it == expected.end() ? 0 : it->second;
    EXPECT_EQ(table.rows_quarantined, want) << table.table;
    EXPECT_EQ(table.rows_read, table.rows_loaded + table.rows_quarantined) << table.table;
    EXPECT_EQ(hub_->CountRows(table.table).value(), table.rows_loaded) << table.table;
  }

  // Cell by cell: 177 broken cells (68 above a maximum, 52 longer than
  // maxLength, 37 shorter than minLength, 20 non-integers) and 8 key clashes.
  std::map<std::string, int> kinds;
  auto reader = ingest::CsvFileReader::Open(outcome->quarantine_path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ingest::CsvParser::Record record;
  std::string error;
  ASSERT_TRUE(reader->Next(record, error).value());  // header
  while (reader->Next(record, error).value()) {
    ASSERT_EQ(record.fields.size(), 4u);
    const std::string& reason = record.fields[3];
    std::string kind = reason.rfind("above the maximum", 0) == 0       ? "maximum"
                       : reason.rfind("longer than maxLength", 0) == 0 ? "maxLength"
                       : reason.rfind("shorter than minLength", 0) == 0 ? "minLength"
                       : reason == "not an integer"                     ? "integer"
                       : reason.find("constraint") != std::string::npos ? "key"
                                                                        : reason;
    ++kinds[kind];
    EXPECT_GT(std::stoll(record.fields[1]), 1) << "line numbers count the header as line 1";
  }
  EXPECT_EQ(kinds, (std::map<std::string, int>{
                       {"maximum", 68}, {"maxLength", 52}, {"minLength", 37}, {"integer", 20},
                       {"key", 8}}));
}

TEST_F(PublicSndsTest, SameContentTwiceIsANoOp) {
  ingest::BatchRequest request = PublicBatch();
  request.max_reject_rate = 1.0;
  auto first = hub_->Ingest(request, nullptr);
  ASSERT_TRUE(first.ok());
  auto second = hub_->Ingest(request, nullptr);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->kind, ingest::BatchOutcome::Kind::kAlreadyLoaded);
  EXPECT_EQ(second->batch_id, first->batch_id);
  EXPECT_EQ(hub_->CountRows("IR_BEN_R").value(), 10);
  EXPECT_EQ(hub_->ListBatches().value().size(), 1u);
}

TEST_F(PublicSndsTest, RejectRateAboveTheLimitLoadsNothing) {
  ingest::BatchRequest request = PublicBatch();  // default limit: 5%
  auto outcome = hub_->Ingest(request, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->kind, ingest::BatchOutcome::Kind::kRejected);
  EXPECT_NE(outcome->rejection.find("above the limit of 5.00%"), std::string::npos)
      << outcome->rejection;
  EXPECT_TRUE(hub_->ListBatches().value().empty());
  EXPECT_FALSE(hub_->CountRows("IR_BEN_R").ok()) << "not even the tables were created";
  auto journal = hub_->VerifyJournal().value();
  EXPECT_TRUE(journal.ok);
  EXPECT_EQ(journal.entries, 2);  // hub.init, batch.reject
}

TEST_F(PublicSndsTest, PersonIdentifiersAreReplacedByPids) {
  ingest::BatchRequest request = PublicBatch();
  request.max_reject_rate = 1.0;
  ASSERT_TRUE(hub_->Ingest(request, nullptr).ok());
  // No stage-1 identifier of IR_BEN_R's BEN_NIR_PSA column is in the database.
  auto reader = ingest::CsvFileReader::Open(
      testing::SharedData("snds/synthetic-snds/schemas/BENEFICIAIRE/IR_BEN_R.csv"));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::string db = testing::ReadFileOrFail(hub_->config().database);
  std::string wal = testing::ReadFileOrFail(hub_->config().database.string() + "-wal");
  ingest::CsvParser::Record record;
  std::string error;
  ASSERT_TRUE(reader->Next(record, error).value());
  int checked = 0;
  while (reader->Next(record, error).value()) {
    EXPECT_EQ(db.find(record.fields[0]), std::string::npos);
    EXPECT_EQ(wal.find(record.fields[0]), std::string::npos);
    ++checked;
  }
  EXPECT_EQ(checked, 10);
}

}  // namespace
}  // namespace sovhub
