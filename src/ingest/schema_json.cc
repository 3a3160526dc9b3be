// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/schema_json.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/bytes.h"
#include "crypto/hmac_sha256.h"

namespace sovhub::ingest {
namespace {

using nlohmann::json;

// Table Schema writes bounds as JSON numbers or strings (dates).
std::optional<std::string> BoundText(const json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) {
    std::ostringstream text;
    text.precision(17);
    text << value.get<double>();
    return text.str();
  }
  return value.dump();
}

std::vector<std::string> StringList(const json& value, const std::string& what) {
  std::vector<std::string> list;
  if (!value.is_array()) throw std::invalid_argument(what + " must be an array");
  for (const json& item : value) {
    if (item.is_string()) {
      list.push_back(item.get<std::string>());
    } else {
      list.push_back(BoundText(item).value_or(""));
    }
  }
  return list;
}

schema::Field ParseField(const json& node, std::size_t index,
                         const std::vector<std::string>& person_id_columns) {
  if (!node.is_object()) {
    throw std::invalid_argument("fields[" + std::to_string(index) + "] is not an object");
  }
  schema::Field field;
  if (!node.contains("name") || !node["name"].is_string()) {
    throw std::invalid_argument("fields[" + std::to_string(index) + "] has no name");
  }
  field.name = node["name"].get<std::string>();
  std::string where = "field " + field.name;
  std::string type = node.value("type", "string");
  auto parsed = schema::ParseFieldType(type);
  if (!parsed.ok()) throw std::invalid_argument(where + ": " + parsed.status().message());
  field.type = *parsed;
  if (node.contains("format") && node["format"].is_string()) field.format = node["format"];
  if (node.contains("trueValues")) field.true_values = StringList(node["trueValues"], where + ": trueValues");
  if (node.contains("falseValues")) field.false_values = StringList(node["falseValues"], where + ": falseValues");
  if (node.contains("bareNumber")) field.bare_number = node["bareNumber"].get<bool>();
  if (node.contains("decimalChar")) field.decimal_char = node["decimalChar"].get<std::string>();
  if (node.contains("groupChar")) field.group_char = node["groupChar"].get<std::string>();
  if (node.contains("constraints")) {
    const json& c = node["constraints"];
    if (!c.is_object()) throw std::invalid_argument(where + ": constraints is not an object");
    schema::Constraints& out = field.constraints;
    out.required = c.value("required", false);
    out.unique = c.value("unique", false);
    if (c.contains("minLength")) out.min_length = c["minLength"].get<std::int64_t>();
    if (c.contains("maxLength")) out.max_length = c["maxLength"].get<std::int64_t>();
    if (c.contains("minimum")) out.minimum = BoundText(c["minimum"]);
    if (c.contains("maximum")) out.maximum = BoundText(c["maximum"]);
    if (c.contains("pattern")) out.pattern = c["pattern"].get<std::string>();
    if (c.contains("enum")) {
      out.enum_values = StringList(c["enum"], where + ": enum");
      out.has_enum = true;
    }
  }
  // sovhub's own descriptors (source_tables.h) mark their person columns;
  // the SNDS ones are recognised by name.
  field.person_id = IsPersonIdColumn(field.name, person_id_columns) ||
                    node.value(kPersonIdProperty, false);
  return field;
}

}  // namespace

bool IsPersonIdColumn(std::string_view name, const std::vector<std::string>& person_id_columns) {
  auto same = [&](const std::string& column) {
    return column.size() == name.size() &&
           std::equal(column.begin(), column.end(), name.begin(), [](char a, char b) {
             return std::toupper(static_cast<unsigned char>(a)) ==
                    std::toupper(static_cast<unsigned char>(b));
           });
  };
  return std::any_of(person_id_columns.begin(), person_id_columns.end(), same);
}

const std::vector<std::string>& DefaultPersonIdColumns() {
  // SNDS columns that carry a person's pseudonymised NIR: the beneficiary
  // (BEN_NIR_PSA, BEN_NIR_ANO, BEN_IDT_ANO, NIR_ANO_17), the insured who opens
  // the rights (ASS_NIR_ANO) and a newborn's mother (NIR_ANO_MAM).
  static const std::vector<std::string> kColumns = {
      "BEN_NIR_PSA", "BEN_NIR_ANO", "BEN_IDT_ANO", "NIR_ANO_17", "ASS_NIR_ANO", "NIR_ANO_MAM"};
  return kColumns;
}

Result<LoadedSchema> ParseTableSchema(const std::string& json_text, const std::string& table_name,
                                      const std::vector<std::string>& person_id_columns,
                                      const std::filesystem::path& origin) {
  LoadedSchema loaded;
  loaded.json = json_text;
  loaded.path = origin;
  loaded.hash = ToHex(crypto::Sha256(json_text));
  schema::TableSchema& table = loaded.schema;
  table.name = table_name;
  try {
    json doc = json::parse(json_text);
    if (!doc.is_object() || !doc.contains("fields") || !doc["fields"].is_array()) {
      return Status::InvalidArgument(origin.string() + ": not a Table Schema (no fields array)");
    }
    std::size_t index = 0;
    for (const json& node : doc["fields"]) {
      table.fields.push_back(ParseField(node, index++, person_id_columns));
    }
    if (doc.contains("primaryKey")) {
      const json& key = doc["primaryKey"];
      if (key.is_string()) {
        table.primary_key = {key.get<std::string>()};
      } else {
        table.primary_key = StringList(key, "primaryKey");
      }
    }
    if (doc.contains("missingValues")) {
      table.missing_values = StringList(doc["missingValues"], "missingValues");
    }
  } catch (const std::exception& error) {
    // nlohmann and the field parser throw; the boundary turns it into a Status.
    return Status::InvalidArgument(origin.string() + ": " + error.what());
  }
  SOVHUB_RETURN_IF_ERROR(schema::PrepareSchema(table).WithContext(origin.string()));
  return loaded;
}

Result<LoadedSchema> LoadTableSchema(const std::filesystem::path& schemas_dir,
                                     const std::string& table,
                                     const std::vector<std::string>& person_id_columns) {
  std::error_code error;
  if (!std::filesystem::is_directory(schemas_dir, error)) {
    return Status::NotFound("schemas folder " + schemas_dir.string() + " does not exist");
  }
  std::vector<std::filesystem::path> found;
  for (auto it = std::filesystem::recursive_directory_iterator(schemas_dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && it->path().filename() == table + ".json") found.push_back(it->path());
  }
  if (found.empty()) {
    return Status::NotFound("no Table Schema " + table + ".json under " + schemas_dir.string());
  }
  if (found.size() > 1) {
    return Status::InvalidArgument("two Table Schemas for " + table + ": " + found[0].string() +
                                   " and " + found[1].string());
  }
  std::ifstream in(found[0], std::ios::binary);
  if (!in) return Status::IoError("cannot read " + found[0].string());
  std::ostringstream text;
  text << in.rdbuf();
  return ParseTableSchema(text.str(), table, person_id_columns, found[0]);
}

}  // namespace sovhub::ingest
