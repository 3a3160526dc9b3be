// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Frictionless Table Schema (specs.frictionlessdata.io/table-schema, v1): the
// model of a table's fields and the rules that turn one CSV cell into a typed
// value or say exactly why it cannot be. The SNDS publishes its tables in this
// format; the hub creates, types and validates its source tables from it.
//
// Supported types: string (formats default, email, uri, uuid, binary), integer,
// number, boolean, date, time, datetime, year, yearmonth, any. Other types
// (object, array, duration, geopoint, geojson) are refused when the schema is
// built, never silently accepted.
// Constraints: required, unique (enforced by the store), minLength, maxLength,
// minimum, maximum, pattern, enum.
// SNDS conventions on top of the standard, each documented in docs/ingest.md:
// - `yearmonth` also accepts YYYYMM, the form SNDS files carry;
// - a date or datetime equal to 1600-01-01 is the SNDS placeholder for
//   "missing" and becomes null;
// - the non-standard `decimals` constraint is the source's storage scale and
//   is kept as information, not enforced.
#ifndef SOVHUB_DOMAIN_TABLE_SCHEMA_H_
#define SOVHUB_DOMAIN_TABLE_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace sovhub::schema {

enum class FieldType {
  kString, kInteger, kNumber, kBoolean, kDate, kTime, kDatetime, kYear,
  kYearMonth, kAny,
};

std::string_view FieldTypeName(FieldType type);
// InvalidArgument for unknown or unsupported type names.
Result<FieldType> ParseFieldType(std::string_view name);

// A typed cell. Dates and times are canonical ISO text ("2021-03-04",
// "2021-03", "05" for a month alone, "2007-01-02T22:12:17"), booleans 0/1.
using CellValue = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Constraints {
  bool required = false;
  bool unique = false;
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  // Kept as the schema wrote them; compared after casting with the field's type.
  std::optional<std::string> minimum;
  std::optional<std::string> maximum;
  std::optional<std::string> pattern;
  std::vector<std::string> enum_values;
  bool has_enum = false;

  // Filled by PrepareSchema from the fields above.
  CellValue minimum_value;
  CellValue maximum_value;
  std::vector<CellValue> enum_cast;
  std::shared_ptr<const std::regex> compiled_pattern;
};

struct Field {
  std::string name;
  FieldType type = FieldType::kString;
  std::string format = "default";
  Constraints constraints;
  std::vector<std::string> true_values = {"true", "True", "TRUE", "1"};
  std::vector<std::string> false_values = {"false", "False", "FALSE", "0"};
  bool bare_number = true;
  std::string decimal_char = ".";
  std::string group_char;  // empty: no grouping
  // True for person-identifier columns, whose values the hub replaces by pids.
  bool person_id = false;
};

struct TableSchema {
  std::string name;  // the table's name, e.g. "IR_BEN_R"
  std::vector<Field> fields;
  std::vector<std::string> primary_key;
  std::vector<std::string> missing_values = {""};

  // Index of the field named `name`, or -1.
  int FieldIndex(std::string_view name) const;
};

// Checks a schema's internal consistency (field names unique and non-empty,
// primary-key fields exist, constraint values castable to their field's
// type, patterns compile; messages name the field) and precomputes the cast
// constraint values. CastCell needs a prepared schema.
Status PrepareSchema(TableSchema& schema);

// Casts and checks one cell. Missing values (per the schema's missingValues,
// and the SNDS 1600-01-01 date placeholder) give std::monostate, or an error
// when the field is required. The error message says what is wrong with the
// value without quoting it for person-identifier fields.
Result<CellValue> CastCell(const TableSchema& schema, const Field& field,
                           std::string_view text);

// Number of Unicode code points in valid UTF-8, or an error at the first
// invalid byte sequence.
Result<std::int64_t> Utf8Length(std::string_view text);

}  // namespace sovhub::schema

#endif  // SOVHUB_DOMAIN_TABLE_SCHEMA_H_
