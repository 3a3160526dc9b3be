// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The OMOP tables sovhub creates against OHDSI's machine-readable OMOP CDM
// v5.4 specification (../shared/data/omop): every field of the event-layer
// tables, in order, with its type, its required flag and its primary key.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "store/sqlite.h"
#include "store/store.h"
#include "testing/testing.h"

namespace sovhub::store {
namespace {

// RFC 4180 records (the spec's guidance columns hold quoted commas and line
// breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      records.back().push_back(field);
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !records.back().empty()) records.back().push_back(field);
  if (records.back().empty()) records.pop_back();
  return records;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The SQLite declared type sovhub uses for a spec type. varchar(MAX) is
// TEXT: SQLite's grammar takes only a number in a type's parentheses.
std::string DeclaredTypeFor(const std::string& spec_type) {
  std::string type = Lower(spec_type);
  if (type == "varchar(max)") return "text";
  return type;
}

struct SpecField {
  std::string name;
  std::string type;
  bool required = false;
  bool primary_key = false;
};

TEST(OmopSchemaTest, EventLayerTablesMatchTheOmopCdm54Specification) {
  auto records = ParseCsv(testing::ReadFileOrFail(
      testing::SharedData("omop/csv/OMOP_CDMv5.4_Field_Level.csv")));
  ASSERT_GT(records.size(), 100u);
  const auto& header = records[0];
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t table_at = column("cdmTableName"), field_at = column("cdmFieldName"),
                    required_at = column("isRequired"), type_at = column("cdmDatatype"),
                    key_at = column("isPrimaryKey");
  const std::vector<std::string> tables = {"person", "observation_period", "visit_occurrence",
                                           "condition_occurrence", "drug_exposure",
                                           "procedure_occurrence", "death", "location"};
  std::map<std::string, std::vector<SpecField>> spec;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& record = records[r];
    if (record.size() == 1 && record[0].empty()) continue;  // a blank line
    ASSERT_EQ(record.size(), header.size()) << "record " << r;
    std::string table = Lower(record[table_at]);
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) continue;
    spec[table].push_back({Lower(record[field_at]), record[type_at], record[required_at] == "Yes",
                           record[key_at] == "Yes"});
  }

  testing::TempDir dir;
  {
    auto store = OpenSqliteStore(dir / "hub.db", {.create = true, .now = "2026-01-01T00:00:00Z"});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  auto db = Database::Open(dir / "hub.db", {});
  ASSERT_TRUE(db.ok());
  for (const std::string& table : tables) {
    SCOPED_TRACE(table);
    ASSERT_FALSE(spec[table].empty());
    auto stmt = db->Prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(stmt->BindText(1, table).ok());
    std::vector<SpecField> made;
    while (*stmt->Step()) {
      made.push_back({Lower(stmt->ColumnText(0)), Lower(stmt->ColumnText(1)),
                      stmt->ColumnInt64(2) != 0 || stmt->ColumnInt64(3) != 0, stmt->ColumnInt64(3) != 0});
    }
    ASSERT_EQ(made.size(), spec[table].size());
    for (std::size_t i = 0; i < made.size(); ++i) {
      const SpecField& want = spec[table][i];
      SCOPED_TRACE(want.name);
      EXPECT_EQ(made[i].name, want.name);
      EXPECT_EQ(made[i].type, DeclaredTypeFor(want.type));
      EXPECT_EQ(made[i].required, want.required);
      EXPECT_EQ(made[i].primary_key, want.primary_key);
    }
  }
}

}  // namespace
}  // namespace sovhub::store
