// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/synth.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/civil_date.h"
#include "domain/nir.h"
#include "domain/stage1.h"
#include "synth/codes.h"
#include "testing/testing.h"

namespace sovhub::synth {
namespace {

using sovhub::testing::ReadFileOrFail;
using sovhub::testing::SharedData;
using sovhub::testing::TempDir;

const char* const kTables[] = {"IR_BEN_R", "ER_PRS_F", "ER_PHA_F", "T_MCOaaB",
                               "T_MCOaaC", "T_MCOaaD", "T_MCOaaA"};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// The lines of a file without their "\n"; the file must end with one.
std::vector<std::string_view> Lines(const std::string& content) {
  EXPECT_TRUE(!content.empty() && content.back() == '\n');
  std::vector<std::string_view> lines =
      Split(std::string_view(content).substr(0, content.empty() ? 0 : content.size() - 1), '\n');
  return lines;
}

// A generated CSV held in memory; `Row(i)` splits line i (1 = header).
class Csv {
 public:
  explicit Csv(const std::filesystem::path& path) : content_(ReadFileOrFail(path)) {
    lines_ = Lines(content_);
    header_ = Split(lines_.at(0), ',');
  }
  std::int64_t data_rows() const { return static_cast<std::int64_t>(lines_.size()) - 1; }
  std::string_view Line(std::int64_t line) const { return lines_.at(static_cast<std::size_t>(line - 1)); }
  std::vector<std::string_view> Row(std::int64_t line) const { return Split(Line(line), ','); }
  int Column(std::string_view name) const {
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
  const std::vector<std::string_view>& header() const { return header_; }
  // Calls `visit(line, fields)` for every data row.
  void ForEachRow(const std::function<void(std::int64_t, const std::vector<std::string_view>&)>& visit) const {
    for (std::size_t i = 1; i < lines_.size(); ++i) {
      visit(static_cast<std::int64_t>(i + 1), Split(lines_[i], ','));
    }
  }

 private:
  std::string content_;
  std::vector<std::string_view> lines_;
  std::vector<std::string_view> header_;
};

SynthSummary GenerateOrDie(const std::filesystem::path& out, std::int64_t persons,
                           std::uint64_t seed, double defect_rate) {
  SynthOptions options;
  options.persons = persons;
  options.seed = seed;
  options.defect_rate = defect_rate;
  Result<SynthSummary> summary = Generate(out, options);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  return summary.ok() ? std::move(summary).value() : SynthSummary{};
}

// Lines damaged in `file`, by line number.
std::map<std::int64_t, std::string> DefectsOf(const SynthSummary& summary, std::string_view file) {
  std::map<std::int64_t, std::string> lines;
  for (const DefectRecord& defect : summary.defects) {
    if (defect.file == file) lines[defect.line] = defect.kind;
  }
  return lines;
}

int Days(std::string_view iso) {
  Result<CivilDate> date = ParseIsoDate(iso);
  EXPECT_TRUE(date.ok()) << iso;
  return date.ok() ? static_cast<int>(DaysFromCivil(*date)) : 0;
}

TEST(SynthTest, SameSeedGivesIdenticalFilesAndAnotherSeedDifferentOnes) {
  TempDir dir;
  SynthSummary first = GenerateOrDie(dir / "a", 1500, 7, 0.01);
  GenerateOrDie(dir / "b", 1500, 7, 0.01);
  GenerateOrDie(dir / "c", 1500, 8, 0.01);
  for (const FileSummary& file : first.files) {
    EXPECT_EQ(ReadFileOrFail(dir / "a" / file.file), ReadFileOrFail(dir / "b" / file.file))
        << file.file;
  }
  EXPECT_EQ(ReadFileOrFail(dir / "a" / "defects.csv"), ReadFileOrFail(dir / "b" / "defects.csv"));
  EXPECT_NE(ReadFileOrFail(dir / "a" / "identities.csv"),
            ReadFileOrFail(dir / "c" / "identities.csv"));
  EXPECT_NE(ReadFileOrFail(dir / "a" / "ER_PRS_F.csv"), ReadFileOrFail(dir / "c" / "ER_PRS_F.csv"));
}

TEST(SynthTest, APersonsRowsDoNotDependOnThePersonsThatFollow) {
  TempDir dir;
  GenerateOrDie(dir / "small", 300, 3, 0.01);
  GenerateOrDie(dir / "large", 600, 3, 0.01);
  for (const char* file : {"identities.csv", "IR_BEN_R.csv", "ER_PRS_F.csv", "T_MCOaaC.csv"}) {
    std::string small = ReadFileOrFail(dir / "small" / file);
    std::string large = ReadFileOrFail(dir / "large" / file);
    EXPECT_EQ(large.substr(0, small.size()), small) << file;
  }
}

TEST(SynthTest, RowCountsMatchTheSummaryAndDefectsCsv) {
  TempDir dir;
  SynthSummary summary = GenerateOrDie(dir / "out", 2000, 1, 0.01);
  EXPECT_EQ(summary.persons, 2000);
  std::set<std::string> names;
  for (const FileSummary& file : summary.files) {
    names.insert(file.file);
    EXPECT_EQ(Csv(dir / "out" / file.file).data_rows(), file.rows) << file.file;
  }
  for (const char* table : kTables) EXPECT_TRUE(names.count(std::string(table) + ".csv")) << table;
  EXPECT_TRUE(names.count("identities.csv"));
  EXPECT_TRUE(names.count("IR_PHA_R.csv"));
  EXPECT_EQ(names.size(), summary.files.size());
  for (const FileSummary& file : summary.files) {
    if (file.file == "identities.csv" || file.file == "IR_BEN_R.csv") {
      EXPECT_EQ(file.rows, 2000) << file.file;
    } else {
      EXPECT_GT(file.rows, 0) << file.file;
    }
  }

  Csv defects(dir / "out" / "defects.csv");
  ASSERT_EQ(defects.data_rows(), static_cast<std::int64_t>(summary.defects.size()));
  EXPECT_GT(summary.defects.size(), 0u);
  for (std::size_t i = 0; i < summary.defects.size(); ++i) {
    const DefectRecord& defect = summary.defects[i];
    std::vector<std::string_view> row = defects.Row(static_cast<std::int64_t>(i) + 2);
    ASSERT_EQ(row.size(), 3u);
    EXPECT_EQ(row[0], defect.file);
    EXPECT_EQ(row[1], std::to_string(defect.line));
    EXPECT_EQ(row[2], defect.kind);
    EXPECT_NE(defect.file, "identities.csv");
    EXPECT_NE(defect.file, "IR_PHA_R.csv");
  }
}

TEST(SynthTest, IdentitiesHoldUniqueValidNirsConsistentWithBirthAndSex) {
  TempDir dir;
  GenerateOrDie(dir / "out", 20000, 5, 0);
  Csv identities(dir / "out" / "identities.csv");
  ASSERT_EQ(identities.header(), (std::vector<std::string_view>{"NIR", "BIRTH_DATE", "SEX"}));
  std::unordered_set<std::string_view> seen;
  int corsica = 0, overseas = 0, abroad = 0, unknown_month = 0;
  identities.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    ASSERT_EQ(row.size(), 3u) << line;
    std::string_view nir = row[0];
    EXPECT_EQ(nir.size(), 15u) << line;
    nir::Identifier id = nir::Classify(nir);
    ASSERT_EQ(id.kind, nir::IdentifierKind::kNir) << line << ": " << id.problem;
    EXPECT_TRUE(seen.insert(nir).second) << "duplicate NIR on line " << line;
    Result<CivilDate> birth = ParseIsoDate(row[1]);
    ASSERT_TRUE(birth.ok()) << line;
    int sex = row[2] == "1" ? 1 : row[2] == "2" ? 2 : 0;
    ASSERT_NE(sex, 0) << line;
    EXPECT_EQ(id.sex, sex) << line;
    EXPECT_EQ(id.birth_year2, birth->year % 100) << line;
    if (id.birth_month != 0) {
      EXPECT_EQ(id.birth_month, birth->month) << line;
    }
    Result<std::string> message = pseudonym::Stage1Message(nir, *birth, sex);
    EXPECT_TRUE(message.ok()) << line << ": " << message.status().ToString();
    corsica += id.department == "2A" || id.department == "2B";
    overseas += id.department.size() == 3 && id.department[0] == '9' && id.department[1] == '7';
    abroad += id.department == "99";
    unknown_month += id.birth_month == 0;
    EXPECT_LE(*birth, (CivilDate{kLastCareYear, 12, 31})) << line;
  });
  EXPECT_EQ(seen.size(), 20000u);
  // Corsica is 0.5% of residents, overseas 3%, births abroad near 8%.
  EXPECT_GT(corsica, 20);
  EXPECT_GT(overseas, 200);
  EXPECT_GT(abroad, 800);
  EXPECT_GT(unknown_month, 20);
}

TEST(SynthTest, JoinKeysResolve) {
  TempDir dir;
  SynthSummary summary = GenerateOrDie(dir / "out", 3000, 2, 0.01);
  const std::filesystem::path out = dir / "out";

  std::unordered_set<std::string> nirs;
  Csv(out / "identities.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    nirs.insert(std::string(row[0]));
  });

  // Parent rows are indexed whole, damaged or not: damage keeps their keys.
  auto key_of = [](const std::vector<std::string_view>& row, std::size_t count) {
    std::string key;
    for (std::size_t i = 0; i < count && i < row.size(); ++i) {
      key.append(row[i]);
      key.push_back('|');
    }
    return key;
  };
  Csv prs(out / "ER_PRS_F.csv");
  std::unordered_set<std::string> claims;
  std::map<std::int64_t, std::string> prs_defects = DefectsOf(summary, "ER_PRS_F.csv");
  int nir_column = prs.Column("BEN_NIR_PSA");
  prs.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    ASSERT_GE(row.size(), 9u) << line;
    EXPECT_TRUE(claims.insert(key_of(row, 9)).second) << "duplicate ER_PRS_F key, line " << line;
    if (!prs_defects.count(line)) {
      EXPECT_TRUE(nirs.count(std::string(row[static_cast<std::size_t>(nir_column)]))) << line;
    }
  });
  std::map<std::int64_t, std::string> pha_defects = DefectsOf(summary, "ER_PHA_F.csv");
  int dispensings = 0;
  Csv(out / "ER_PHA_F.csv").ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    if (pha_defects.count(line)) return;
    ++dispensings;
    EXPECT_TRUE(claims.count(key_of(row, 9))) << "ER_PHA_F line " << line;
  });
  EXPECT_GT(dispensings, 1000);

  std::unordered_set<std::string> stays;
  Csv(out / "T_MCOaaB.csv").ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    ASSERT_GE(row.size(), 2u);
    EXPECT_TRUE(stays.insert(key_of(row, 2)).second) << "duplicate T_MCOaaB key, line " << line;
  });
  for (const char* table : {"T_MCOaaC", "T_MCOaaD", "T_MCOaaA"}) {
    std::string file = std::string(table) + ".csv";
    std::map<std::int64_t, std::string> defects = DefectsOf(summary, file);
    Csv csv(out / file);
    csv.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
      if (defects.count(line)) return;
      EXPECT_TRUE(stays.count(key_of(row, 2))) << file << " line " << line;
    });
  }
  Csv c(out / "T_MCOaaC.csv");
  std::map<std::int64_t, std::string> c_defects = DefectsOf(summary, "T_MCOaaC.csv");
  int c_nir = c.Column("NIR_ANO_17");
  c.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    if (c_defects.count(line)) return;
    EXPECT_TRUE(nirs.count(std::string(row[static_cast<std::size_t>(c_nir)]))) << line;
  });
  // One beneficiary row per person.
  std::map<std::int64_t, std::string> ben_defects = DefectsOf(summary, "IR_BEN_R.csv");
  std::unordered_set<std::string> beneficiaries;
  Csv(out / "IR_BEN_R.csv").ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    if (ben_defects.count(line)) return;
    EXPECT_TRUE(nirs.count(std::string(row[0]))) << line;
    EXPECT_TRUE(beneficiaries.insert(std::string(row[0])).second) << line;
  });
  EXPECT_EQ(beneficiaries.size() + ben_defects.size(), nirs.size());
}

// Damage must change only the damaged rows, and each in its announced way:
// compared here with the same delivery generated without defects.
TEST(SynthTest, DefectsChangeOnlyTheirRowsAsRecorded) {
  TempDir dir;
  GenerateOrDie(dir / "clean", 2000, 11, 0);
  SynthSummary summary = GenerateOrDie(dir / "damaged", 2000, 11, 0.05);
  std::map<std::string, int> kinds;
  for (const char* table : kTables) {
    std::string file = std::string(table) + ".csv";
    Csv clean(dir / "clean" / file);
    Csv damaged(dir / "damaged" / file);
    ASSERT_EQ(clean.data_rows(), damaged.data_rows()) << file;
    std::map<std::int64_t, std::string> defects = DefectsOf(summary, file);
    std::size_t columns = clean.header().size();
    for (std::int64_t line = 2; line <= clean.data_rows() + 1; ++line) {
      auto defect = defects.find(line);
      if (defect == defects.end()) {
        ASSERT_EQ(clean.Line(line), damaged.Line(line)) << file << " line " << line;
        continue;
      }
      const std::string& kind = defect->second;
      ++kinds[kind];
      std::vector<std::string_view> before = clean.Row(line);
      std::vector<std::string_view> after = damaged.Row(line);
      SCOPED_TRACE(file + " line " + std::to_string(line) + " " + kind);
      if (kind == "truncated_line") {
        EXPECT_LT(after.size(), columns);
        EXPECT_TRUE(clean.Line(line).starts_with(damaged.Line(line)));
        continue;
      }
      ASSERT_EQ(after.size(), columns);
      int changed = -1;
      for (std::size_t i = 0; i < columns; ++i) {
        if (before[i] != after[i]) {
          EXPECT_EQ(changed, -1) << "more than one cell changed";
          changed = static_cast<int>(i);
        }
      }
      ASSERT_NE(changed, -1);
      std::string_view was = before[static_cast<std::size_t>(changed)];
      std::string_view is = after[static_cast<std::size_t>(changed)];
      if (kind == "bad_nir_key") {
        EXPECT_EQ(nir::Classify(was).kind, nir::IdentifierKind::kNir);
        nir::Identifier bad = nir::Classify(is);
        EXPECT_EQ(bad.kind, nir::IdentifierKind::kInvalid);
        EXPECT_EQ(was.substr(0, 13), is.substr(0, 13));
      } else if (kind == "bad_date") {
        ASSERT_TRUE(is.size() == 10 || is.size() == 8 || is.size() == 2) << is;
        int year = 2000, month = 0, day = 1;
        if (is.size() == 10) {
          year = std::stoi(std::string(is.substr(0, 4)));
          month = std::stoi(std::string(is.substr(5, 2)));
          day = std::stoi(std::string(is.substr(8, 2)));
        } else if (is.size() == 8) {
          day = std::stoi(std::string(is.substr(0, 2)));
          month = std::stoi(std::string(is.substr(2, 2)));
          year = std::stoi(std::string(is.substr(4, 4)));
        } else {
          month = std::stoi(std::string(is));
        }
        EXPECT_FALSE(month >= 1 && month <= 12 && IsValidDate(year, month, day)) << is;
      } else if (kind == "wrong_type") {
        EXPECT_EQ(was.find_first_not_of("0123456789"), std::string_view::npos) << was;
        EXPECT_NE(is.find_first_not_of("0123456789"), std::string_view::npos) << is;
      } else {
        ADD_FAILURE() << "unknown kind";
      }
    }
  }
  for (const char* kind : {"bad_nir_key", "bad_date", "truncated_line", "wrong_type"}) {
    EXPECT_GT(kinds[kind], 5) << kind;
  }
}

TEST(SynthTest, ZeroDefectRateGivesNoDefects) {
  TempDir dir;
  SynthSummary summary = GenerateOrDie(dir / "out", 2000, 4, 0);
  EXPECT_TRUE(summary.defects.empty());
  EXPECT_EQ(ReadFileOrFail(dir / "out" / "defects.csv"), "file,line,kind\n");
}

// Care happens inside the window, after birth and no later than death; the
// living carry the SNDS "no date" as their death date.
TEST(SynthTest, CareDatesFallBetweenBirthDeathAndTheWindow) {
  TempDir dir;
  GenerateOrDie(dir / "out", 5000, 6, 0);
  const std::filesystem::path out = dir / "out";
  std::unordered_map<std::string, std::pair<int, int>> lives;  // NIR -> birth, death
  std::unordered_map<std::string, int> births;
  Csv(out / "identities.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    births[std::string(row[0])] = Days(row[1]);
  });
  int deaths = 0;
  Csv(out / "IR_BEN_R.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    std::string nir(row[0]);
    int death = row[6] == "1600-01-01" ? Days("9999-12-31") : Days(row[6]);
    deaths += row[6] != "1600-01-01";
    lives[nir] = {births.at(nir), death};
  });
  EXPECT_GT(deaths, 25);   // about 2.5% over the window
  EXPECT_LT(deaths, 250);
  int window_start = static_cast<int>(DaysFromCivil({kFirstCareYear, 1, 1}));
  int window_end = static_cast<int>(DaysFromCivil({kLastCareYear, 12, 31}));
  auto check = [&](std::string_view nir, int day, std::int64_t line) {
    const auto& [birth, death] = lives.at(std::string(nir));
    EXPECT_GE(day, window_start) << line;
    EXPECT_LE(day, window_end) << line;
    EXPECT_GE(day, birth) << line;
    EXPECT_LE(day, death) << line;
  };
  Csv prs(out / "ER_PRS_F.csv");
  int prs_nir = prs.Column("BEN_NIR_PSA");
  int prs_day = prs.Column("EXE_SOI_DTD");
  prs.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    check(row[static_cast<std::size_t>(prs_nir)], Days(row[static_cast<std::size_t>(prs_day)]), line);
  });
  Csv c(out / "T_MCOaaC.csv");
  int c_nir = c.Column("NIR_ANO_17");
  auto dmy = [](std::string_view text) {
    return static_cast<int>(DaysFromCivil({std::stoi(std::string(text.substr(4, 4))),
                                           std::stoi(std::string(text.substr(2, 2))),
                                           std::stoi(std::string(text.substr(0, 2)))}));
  };
  int entry_column = c.Column("ENT_DAT");
  int exit_column = c.Column("SOR_DAT");
  c.ForEachRow([&](std::int64_t line, const std::vector<std::string_view>& row) {
    std::string_view nir = row[static_cast<std::size_t>(c_nir)];
    int entry = dmy(row[static_cast<std::size_t>(entry_column)]);
    int exit = dmy(row[static_cast<std::size_t>(exit_column)]);
    EXPECT_LE(entry, exit) << line;
    check(nir, entry, line);
    check(nir, exit, line);
  });
}

// The chronic conditions show at their announced shares (5 standard errors
// of margin at 20,000 persons), through the codes a cohort query would use.
TEST(SynthTest, ChronicConditionsHaveRealisticPrevalence) {
  TempDir dir;
  GenerateOrDie(dir / "out", 20000, 9, 0);
  const std::filesystem::path out = dir / "out";
  std::unordered_map<std::string, std::string> atc_of;
  Csv(out / "IR_PHA_R.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    atc_of[std::string(row[0])] = std::string(row[3]);
  });
  std::unordered_set<std::string> adults;
  Csv(out / "identities.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    if (std::stoi(std::string(row[1].substr(0, 4))) <= kLastCareYear - 18) {
      adults.insert(std::string(row[0]));
    }
  });
  std::unordered_map<std::string, std::string> nir_of_claim;
  Csv(out / "ER_PRS_F.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    nir_of_claim[std::string(row[0])] = std::string(row[9]);  // DCT_ORD_NUM is unique
  });
  std::unordered_set<std::string> metformin, antihypertensive, inhaler;
  std::unordered_map<std::string, int> metformin_dispensings;
  Csv pha(out / "ER_PHA_F.csv");
  int cip = pha.Column("PHA_PRS_C13");
  pha.ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    const std::string& nir = nir_of_claim.at(std::string(row[0]));
    const std::string& atc = atc_of.at(std::string(row[static_cast<std::size_t>(cip)]));
    if (atc == "A10BA02") {
      metformin.insert(nir);
      ++metformin_dispensings[nir];
    }
    if (atc.starts_with("C09") || atc.starts_with("C07") || atc.starts_with("C08")) {
      if (adults.count(nir)) antihypertensive.insert(nir);
    }
    if (atc.starts_with("R03")) inhaler.insert(nir);
  });
  double diabetes = metformin.size() / 20000.0;
  double hypertension = antihypertensive.size() / static_cast<double>(adults.size());
  double asthma = inhaler.size() / 20000.0;
  EXPECT_NEAR(diabetes, kType2DiabetesShare, 0.008);
  EXPECT_NEAR(hypertension, kHypertensionAdultShare, 0.015);
  EXPECT_NEAR(asthma, kAsthmaShare, 0.009);
  // Metformin is dispensed monthly: a diabetic followed over the whole
  // window has about 36 dispensings.
  int long_followed = 0;
  for (const auto& [nir, count] : metformin_dispensings) long_followed += count >= 30;
  EXPECT_GT(long_followed, static_cast<int>(metformin.size()) / 2);

  // Their stays carry E11 codes, as principal or associated diagnosis.
  std::unordered_map<std::string, std::string> nir_of_stay;
  Csv(out / "T_MCOaaC.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    nir_of_stay[std::string(row[0]) + "|" + std::string(row[1])] = std::string(row[2]);
  });
  std::unordered_set<std::string> e11;
  auto visit_diagnosis = [&](std::string_view stay_key, std::string_view code) {
    if (code.starts_with("E11")) e11.insert(nir_of_stay.at(std::string(stay_key)));
  };
  Csv b(out / "T_MCOaaB.csv");
  int dp = b.Column("DGN_PAL");
  b.ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    visit_diagnosis(std::string(row[0]) + "|" + std::string(row[1]), row[static_cast<std::size_t>(dp)]);
  });
  Csv(out / "T_MCOaaD.csv").ForEachRow([&](std::int64_t, const std::vector<std::string_view>& row) {
    visit_diagnosis(std::string(row[0]) + "|" + std::string(row[1]), row[3]);
  });
  EXPECT_GT(e11.size(), 100u);
  // Nearly all of them: a stay between diagnosis and the first dispensing
  // may be someone's last.
  std::size_t treated = 0;
  for (const std::string& nir : e11) treated += metformin.count(nir);
  EXPECT_GE(treated * 100, e11.size() * 97);
}

TEST(SynthTest, RefusesANonEmptyFolderAndBadOptions) {
  TempDir dir;
  std::filesystem::create_directories(dir / "full");
  std::ofstream(dir / "full" / "keep.txt") << "mine\n";
  SynthOptions options;
  options.persons = 10;
  Result<SynthSummary> summary = Generate(dir / "full", options);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kConflict);
  EXPECT_EQ(ReadFileOrFail(dir / "full" / "keep.txt"), "mine\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "full" / "identities.csv"));

  summary = Generate(dir / "full" / "keep.txt", options);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kConflict);

  options.persons = -1;
  EXPECT_EQ(Generate(dir / "a", options).status().code(), StatusCode::kInvalidArgument);
  options.persons = 10;
  options.defect_rate = 1.5;
  EXPECT_EQ(Generate(dir / "b", options).status().code(), StatusCode::kInvalidArgument);

  // An existing empty folder is fine, and so are missing parents.
  options.defect_rate = 0;
  std::filesystem::create_directories(dir / "empty");
  EXPECT_TRUE(Generate(dir / "empty", options).ok());
  EXPECT_TRUE(Generate(dir / "new" / "nested", options).ok());
}

TEST(SynthTest, ReportsProgress) {
  TempDir dir;
  std::vector<std::int64_t> calls;
  SynthOptions options;
  options.persons = 25000;
  options.defect_rate = 0;
  options.progress = [&calls](std::int64_t done) { calls.push_back(done); };
  ASSERT_TRUE(Generate(dir / "out", options).ok());
  EXPECT_EQ(calls, (std::vector<std::int64_t>{10000, 20000, 25000}));
  calls.clear();
  options.persons = 20000;
  ASSERT_TRUE(Generate(dir / "again", options).ok());
  EXPECT_EQ(calls, (std::vector<std::int64_t>{10000, 20000}));
}

TEST(SynthTest, ZeroPersonsGivesHeadersOnly) {
  TempDir dir;
  SynthSummary summary = GenerateOrDie(dir / "out", 0, 1, 0.5);
  for (const FileSummary& file : summary.files) {
    if (file.file != "IR_PHA_R.csv") {
      EXPECT_EQ(file.rows, 0) << file.file;
    }
  }
  EXPECT_EQ(ReadFileOrFail(dir / "out" / "identities.csv"), "NIR,BIRTH_DATE,SEX\n");
}

// Every column is a field of the table's published schema.
TEST(SynthTest, ColumnsAreFieldsOfTheTableSchemas) {
  TempDir dir;
  GenerateOrDie(dir / "out", 10, 1, 0);
  const std::map<std::string, std::string> products = {
      {"IR_BEN_R", "BENEFICIAIRE"}, {"ER_PRS_F", "DCIR"},     {"ER_PHA_F", "DCIR"},
      {"T_MCOaaB", "PMSI_MCO"},     {"T_MCOaaC", "PMSI_MCO"}, {"T_MCOaaD", "PMSI_MCO"},
      {"T_MCOaaA", "PMSI_MCO"}};
  for (const auto& [table, product] : products) {
    std::string schema = ReadFileOrFail(
        SharedData("snds/synthetic-snds/schemas/" + product + "/" + table + ".json"));
    Csv csv(dir / "out" / (table + ".csv"));
    for (std::string_view column : csv.header()) {
      EXPECT_NE(schema.find("\"name\": \"" + std::string(column) + "\""), std::string::npos)
          << table << "." << column;
    }
  }
  std::string drugs = ReadFileOrFail(SharedData("snds/synthetic-snds/nomenclatures/DREES/IR_PHA_R.json"));
  Csv referential(dir / "out" / "IR_PHA_R.csv");
  for (std::string_view column : referential.header()) {
    EXPECT_NE(drugs.find("\"name\": \"" + std::string(column) + "\""), std::string::npos) << column;
  }
}

// The hard-coded codes are real ones: CIM-10 in MS_CIM_V, CCAM in
// IR_CCAM_V63, ATC in openmedic_ATC5; CIP13 codes have the real shape.
TEST(SynthTest, CodesComeFromTheNomenclatures) {
  std::string cim = ReadFileOrFail(SharedData("snds/synthetic-snds/nomenclatures/ORAVAL/MS_CIM_V.csv"));
  std::string ccam = ReadFileOrFail(SharedData("snds/synthetic-snds/nomenclatures/ATIH/IR_CCAM_V63.csv"));
  std::string atc = ReadFileOrFail(SharedData("snds/synthetic-snds/nomenclatures/OPENMEDIC/openmedic_ATC5.csv"));
  auto in_cim = [&cim](std::string_view code) {
    return cim.find("\n" + std::string(code) + ";") != std::string::npos;
  };
  for (int i = 0; i < kStayReasonCount; ++i) {
    const StayReason& reason = ReasonFor(static_cast<Stay>(i));
    EXPECT_TRUE(in_cim(reason.principal_diagnosis)) << reason.principal_diagnosis;
    EXPECT_EQ(reason.ghm_root.size(), 5u);
    for (std::string_view act : {reason.first_act, reason.second_act}) {
      if (act.empty()) continue;
      EXPECT_NE(ccam.find("\"" + std::string(act) + "\";"), std::string::npos) << act;
    }
  }
  for (std::string_view das : {kDiabetesDas, kHypertensionDas, kAsthmaDas, kLipidsDas, kLiveBirthDas}) {
    EXPECT_TRUE(in_cim(das)) << das;
  }
  for (const Drug& drug : Drugs()) {
    EXPECT_NE(atc.find("\n" + std::string(drug.atc) + ";" + std::string(drug.atc_label) + "\n"),
              std::string::npos)
        << drug.atc;
    ASSERT_EQ(drug.cip13.size(), 13u);
    EXPECT_TRUE(drug.cip13.starts_with("34009"));
    EXPECT_EQ(drug.cip13.substr(5, 7), drug.cip7);
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i) sum += (drug.cip13[i] - '0') * (i % 2 == 0 ? 1 : 3);
    EXPECT_EQ(drug.cip13[12] - '0', (10 - sum % 10) % 10) << drug.cip13;
    EXPECT_EQ(drug.name.find(','), std::string_view::npos);
  }
}

// Not run by default: SOVHUB_SYNTH_SCALE_PERSONS=1000000 measures a large
// delivery (written under $TMPDIR and removed).
TEST(SynthTest, Scale) {
  const char* persons = std::getenv("SOVHUB_SYNTH_SCALE_PERSONS");
  if (persons == nullptr) GTEST_SKIP() << "set SOVHUB_SYNTH_SCALE_PERSONS to run";
  TempDir dir;
  auto start = std::chrono::steady_clock::now();
  SynthSummary summary = GenerateOrDie(dir / "out", std::atoll(persons), 1, 0.002);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::int64_t rows = 0;
  for (const FileSummary& file : summary.files) {
    std::cout << file.file << ": " << file.rows << " rows\n";
    rows += file.rows;
  }
  std::cout << summary.persons << " persons, " << rows << " rows, " << summary.defects.size()
            << " defects in " << seconds << " s\n";
}

}  // namespace
}  // namespace sovhub::synth
