// SPDX-License-Identifier: AGPL-3.0-or-later
//
// After `sovhub demo`, no raw NIR the generator produced may appear anywhere
// sovhub wrote outside the producer's own input: not in the hub folder
// (database, WAL, journal head, manifests, quarantine files, config), not in
// the producer tool's output, not on the program's stdout or stderr. Nor may a
// stage-1 identifier reach the hub: the hub holds pids only.
#include <gtest/gtest.h>

#include <sstream>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "command.h"
#include "ingest/csv_reader.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

bool NirChar(char c) { return (c >= '0' && c <= '9') || c == 'A' || c == 'B' || c == 'a' || c == 'b'; }

bool Base62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// How many windows of the given `lengths`, inside runs of characters that
// `in_run` accepts, are in `ids`. A linear scan with set look-ups, so that a
// whole database file can be checked against every identifier at once.
int CountWindows(const std::string& text, const std::unordered_set<std::string>& ids,
                 std::initializer_list<std::size_t> lengths, bool (*in_run)(char)) {
  int found = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!in_run(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && in_run(text[j])) ++j;
    for (std::size_t start = i; start < j; ++start) {
      for (std::size_t length : lengths) {
        if (start + length <= j && ids.count(text.substr(start, length))) ++found;
      }
    }
    i = j;
  }
  return found;
}

// Raw NIRs: their 15-character form and 13-character body.
int CountNirs(const std::string& text, const std::unordered_set<std::string>& nirs) {
  return CountWindows(text, nirs, {13, 15}, NirChar);
}

// Stage-1 identifiers: 17 base-62 characters.
int CountStage1(const std::string& text, const std::unordered_set<std::string>& ids) {
  return CountWindows(text, ids, {17}, Base62);
}

TEST(DemoTest, NoRawNirAndNoStageOneIdentifierReachesTheHub) {
  TempDir dir;
  std::filesystem::path demo = dir / "demo";
  // The demo exactly as `make demo` runs it (10,000 persons).
  CommandResult run = RunSovhub({"demo", demo.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("quarantined"), std::string::npos);

  // Every damaged row the generator made is caught, none more: the bad NIR
  // keys at the producer, the rest in the hub's quarantine.
  auto lines = [](const std::filesystem::path& path) {
    std::string text = ReadFileOrFail(path);
    return static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) - 1;  // header
  };
  std::string defects = ReadFileOrFail(demo / "producer/raw/defects.csv");
  std::int64_t bad_keys = 0;
  for (std::size_t at = 0; (at = defects.find(",bad_nir_key", at)) != std::string::npos; ++at) {
    ++bad_keys;
  }
  std::int64_t made = lines(demo / "producer/raw/defects.csv");
  std::int64_t at_producer = lines(demo / "producer/delivery/rejects.csv");
  ASSERT_GT(made, 100);
  EXPECT_EQ(at_producer, bad_keys);
  CommandResult batches = RunSovhub({"batches", "--hub", (demo / "hub").string(), "--json"});
  ASSERT_EQ(batches.exit_code, 0);
  auto manifest = nlohmann::json::parse(batches.out).at(0);
  EXPECT_EQ(manifest["rows_quarantined"].get<std::int64_t>(), made - bad_keys);
  EXPECT_EQ(manifest["rows_read"], manifest["rows_loaded"].get<std::int64_t>() +
                                       manifest["rows_quarantined"].get<std::int64_t>());
  EXPECT_NE(run.out.find("caught ("), std::string::npos);
  EXPECT_EQ(run.out.find("MISMATCH"), std::string::npos);

  std::unordered_set<std::string> nirs;
  {
    auto reader = ingest::CsvFileReader::Open(demo / "producer/raw/identities.csv").value();
    ingest::CsvParser::Record record;
    std::string error;
    ASSERT_TRUE(reader.Next(record, error).value());
    while (reader.Next(record, error).value()) {
      nirs.insert(record.fields[0]);
      nirs.insert(record.fields[0].substr(0, 13));
    }
  }
  ASSERT_EQ(nirs.size(), 20000u);
  // The scan works: the producer's raw input is full of NIRs.
  EXPECT_GT(CountNirs(ReadFileOrFail(demo / "producer/raw/IR_BEN_R.csv"), nirs), 9900);

  EXPECT_EQ(CountNirs(run.out, nirs), 0);
  EXPECT_EQ(CountNirs(run.err, nirs), 0);
  std::unordered_set<std::string> stage1;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(demo / "producer/delivery")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::string content = ReadFileOrFail(entry.path());
    EXPECT_EQ(CountNirs(content, nirs), 0) << entry.path();
    if (entry.path().filename() == "IR_BEN_R.csv") {
      auto reader = ingest::CsvFileReader::Open(entry.path()).value();
      ingest::CsvParser::Record record;
      std::string error;
      ASSERT_TRUE(reader.Next(record, error).value());
      while (reader.Next(record, error).value()) stage1.insert(record.fields[0]);
    }
  }
  EXPECT_GT(files, 5);
  ASSERT_GT(stage1.size(), 9900u);
  // The window scan works: it finds them where they are.
  EXPECT_GT(CountStage1(ReadFileOrFail(demo / "producer/delivery/IR_BEN_R.csv"), stage1), 9900);
  int hub_files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(demo / "hub")) {
    if (!entry.is_regular_file()) continue;
    ++hub_files;
    std::string content = ReadFileOrFail(entry.path());
    EXPECT_EQ(CountNirs(content, nirs), 0) << entry.path();
    EXPECT_EQ(CountStage1(content, stage1), 0) << "stage-1 identifier in " << entry.path();
  }
  EXPECT_GE(hub_files, 5);  // config, key, database, journal head, manifest, quarantine

  // The citizens' receipts hold no NIR either, and the command the demo
  // printed verifies the first one with its holder's NIR.
  int receipts = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(demo / "citizens")) {
    ++receipts;
    EXPECT_EQ(CountNirs(ReadFileOrFail(entry.path()), nirs), 0) << entry.path();
  }
  EXPECT_EQ(receipts, 3);
  std::size_t at = run.out.find("sovhub receipt verify ");
  ASSERT_NE(at, std::string::npos) << run.out;
  std::istringstream command(run.out.substr(at, run.out.find('\n', at) - at));
  std::string word, receipt;
  command >> word >> word >> word >> receipt;
  std::size_t line_at = run.out.find("the NIR is on line ");
  ASSERT_NE(line_at, std::string::npos);
  int line = std::atoi(run.out.c_str() + line_at + 19);
  std::istringstream identities(ReadFileOrFail(demo / "producer/raw/identities.csv"));
  std::string row;
  for (int i = 0; i < line; ++i) std::getline(identities, row);
  std::string vkey = ReadFileOrFail(demo / "hub/log.vkey");
  vkey.pop_back();
  CommandResult verify = RunSovhub({"receipt", "verify", receipt, "--log-key", vkey, "--nir",
                                    row.substr(0, row.find(','))});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;

  // Step 7: the demo project is active with an extract that passes its audit
  // and answers in the sandbox; the public directory has no e-mail address.
  const std::string hub = (demo / "hub").string();
  EXPECT_NE(run.out.find("7. Research project demo-diabetes"), std::string::npos);
  CommandResult audit = RunSovhub({"extract", "audit", "--hub", hub, "--project", "demo-diabetes"});
  EXPECT_EQ(audit.exit_code, 0) << audit.err;
  CommandResult query = RunSovhub({"workspace", "query", "--hub", hub, "--project", "demo-diabetes", "--json",
                                   "SELECT count(*) AS persons FROM person"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_GT(nlohmann::json::parse(query.out)["rows"][0][0].get<std::string>().size(), 1u);  // >= 10 persons
  CommandResult directory = RunSovhub({"projects", "list", "--hub", hub, "--public", "--json"});
  ASSERT_EQ(directory.exit_code, 0) << directory.err;
  auto listed = nlohmann::json::parse(directory.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["state"], "active");
  EXPECT_EQ(directory.out.find("@example.org"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::testing
