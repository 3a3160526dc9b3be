// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes schema::CastCell: the input is one cell, cast with every field of a
// fixed prepared schema that covers each type, format and constraint of
// domain/table_schema.h. Besides crashes, hangs and sanitizer reports, it
// aborts when:
// - a refusal is not an InvalidArgument with a message;
// - a value has the wrong alternative for its field's type, a required field
//   gives null, a boolean is neither 0 nor 1, or a string is not the cell;
// - a value does not survive a second cast of its canonical text: integers
//   and years (decimal), numbers ("%.17g", fields with the default decimal
//   character), ISO dates, year-months.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/table_schema.h"

namespace {

using sovhub::Result;
using sovhub::StatusCode;
using sovhub::schema::CastCell;
using sovhub::schema::CellValue;
using sovhub::schema::Field;
using sovhub::schema::FieldType;
using sovhub::schema::TableSchema;

void Check(bool condition) {
  if (!condition) std::abort();
}

Field Make(FieldType type, std::string format = "default") {
  static int count = 0;
  Field field;
  field.name = "F" + std::to_string(++count);
  field.type = type;
  field.format = std::move(format);
  return field;
}

Field Required(Field field) {
  field.constraints.required = true;
  return field;
}

Field Enum(Field field, std::vector<std::string> values) {
  field.constraints.enum_values = std::move(values);
  field.constraints.has_enum = true;
  return field;
}

Field Range(Field field, std::optional<std::string> minimum, std::optional<std::string> maximum) {
  field.constraints.minimum = std::move(minimum);
  field.constraints.maximum = std::move(maximum);
  return field;
}

TableSchema BuildSchema() {
  TableSchema schema;
  schema.name = "FUZZ";
  schema.missing_values = {"", "NA"};
  std::vector<Field>& f = schema.fields;
  f.push_back(Make(FieldType::kString));
  f.push_back(Make(FieldType::kString, "email"));
  f.push_back(Make(FieldType::kString, "uri"));
  f.push_back(Make(FieldType::kString, "uuid"));
  f.push_back(Make(FieldType::kString, "binary"));
  Field lengths = Make(FieldType::kString);
  lengths.constraints.min_length = 2;
  lengths.constraints.max_length = 5;
  lengths.person_id = true;
  f.push_back(lengths);
  Field patterned = Make(FieldType::kString);
  patterned.constraints.pattern = "[A-Z]{2}[0-9]*|2[AB]";
  f.push_back(patterned);
  f.push_back(Enum(Make(FieldType::kString), {"A", "B", "é", "NA"}));
  f.push_back(Required(Make(FieldType::kString)));

  f.push_back(Make(FieldType::kInteger));
  Field loose_integer = Make(FieldType::kInteger);
  loose_integer.bare_number = false;
  f.push_back(loose_integer);
  f.push_back(Range(Make(FieldType::kInteger), "-10", "1000"));
  f.push_back(Enum(Make(FieldType::kInteger), {"1", "2", "10", "-9223372036854775808"}));
  f.push_back(Required(Make(FieldType::kInteger)));

  f.push_back(Make(FieldType::kNumber));
  Field french = Make(FieldType::kNumber);
  french.decimal_char = ",";
  french.group_char = " ";
  f.push_back(french);
  Field dotted = Make(FieldType::kNumber);
  dotted.decimal_char = ",";
  dotted.group_char = ".";
  dotted.bare_number = false;
  f.push_back(dotted);
  Field loose_number = Make(FieldType::kNumber);
  loose_number.bare_number = false;
  loose_number.group_char = ",";
  f.push_back(loose_number);
  f.push_back(Range(Make(FieldType::kNumber), "0", "1e6"));
  f.push_back(Enum(Make(FieldType::kNumber), {"1.5", "2", "INF"}));

  f.push_back(Make(FieldType::kBoolean));
  Field custom_boolean = Make(FieldType::kBoolean);
  custom_boolean.true_values = {"oui", "O"};
  custom_boolean.false_values = {"non", "N"};
  f.push_back(custom_boolean);
  f.push_back(Enum(Make(FieldType::kBoolean), {"true"}));

  f.push_back(Make(FieldType::kDate));
  f.push_back(Make(FieldType::kDate, "%d%m%Y"));
  f.push_back(Make(FieldType::kDate, "%m"));
  f.push_back(Make(FieldType::kDate, "any"));
  f.push_back(Make(FieldType::kDate, "fmt:%d/%m/%Y"));
  f.push_back(Make(FieldType::kDate, "%Y%j"));
  f.push_back(Make(FieldType::kDate, "%y-%b-%d"));
  f.push_back(Range(Make(FieldType::kDate), "2000-01-01", "2020-12-31"));
  f.push_back(Enum(Make(FieldType::kDate, "%d%m%Y"), {"01012020", "01011600"}));
  f.push_back(Required(Make(FieldType::kDate)));

  f.push_back(Make(FieldType::kTime));
  f.push_back(Range(Make(FieldType::kTime, "%H%M"), "0800", "1800"));

  f.push_back(Make(FieldType::kDatetime));
  f.push_back(Make(FieldType::kDatetime, "%d%b%Y:%H:%M:%S"));
  f.push_back(Required(Make(FieldType::kDatetime, "%d%b%Y:%H:%M:%S")));

  f.push_back(Make(FieldType::kYear));
  f.push_back(Range(Make(FieldType::kYear), "1900", "2100"));

  f.push_back(Make(FieldType::kYearMonth));
  f.push_back(Range(Make(FieldType::kYearMonth), "2020-01", "202112"));
  f.push_back(Enum(Make(FieldType::kYearMonth), {"2020-01", "202002"}));

  f.push_back(Make(FieldType::kAny));
  f.push_back(Required(Make(FieldType::kAny)));

  Check(sovhub::schema::PrepareSchema(schema).ok());
  return schema;
}

// The canonical text of a value that a second cast must give back unchanged,
// or "" when the field's type has none the fuzzer checks.
std::string CanonicalText(const Field& field, const CellValue& value) {
  switch (field.type) {
    case FieldType::kInteger:
      return std::to_string(std::get<std::int64_t>(value));
    case FieldType::kYear: {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "%04lld",
                    static_cast<long long>(std::get<std::int64_t>(value)));
      return buffer;
    }
    case FieldType::kNumber: {
      double number = std::get<double>(value);
      if (!std::isfinite(number) || field.decimal_char != "." || !field.group_char.empty()) {
        return "";
      }
      char buffer[40];
      std::snprintf(buffer, sizeof buffer, "%.17g", number);
      return buffer;
    }
    case FieldType::kDate:
      return field.format == "default" ? std::get<std::string>(value) : "";
    case FieldType::kYearMonth:
      return std::get<std::string>(value);
    default:
      return "";
  }
}

void CheckAlternative(const Field& field, const CellValue& value, std::string_view text) {
  if (std::holds_alternative<std::monostate>(value)) {
    Check(!field.constraints.required);
    return;
  }
  switch (field.type) {
    case FieldType::kInteger:
    case FieldType::kYear:
      Check(std::holds_alternative<std::int64_t>(value));
      break;
    case FieldType::kBoolean:
      Check(std::holds_alternative<std::int64_t>(value));
      Check(std::get<std::int64_t>(value) == 0 || std::get<std::int64_t>(value) == 1);
      break;
    case FieldType::kNumber:
      Check(std::holds_alternative<double>(value));
      break;
    case FieldType::kString:
    case FieldType::kAny:
      Check(std::holds_alternative<std::string>(value));
      Check(std::get<std::string>(value) == text);
      Check(sovhub::schema::Utf8Length(text).ok());
      break;
    case FieldType::kDate:
    case FieldType::kTime:
    case FieldType::kDatetime:
    case FieldType::kYearMonth:
      Check(std::holds_alternative<std::string>(value));
      Check(!std::get<std::string>(value).empty());
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TableSchema kSchema = BuildSchema();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const Field& field : kSchema.fields) {
    Result<CellValue> cast = CastCell(kSchema, field, text);
    if (!cast.ok()) {
      Check(cast.status().code() == StatusCode::kInvalidArgument);
      Check(!cast.status().message().empty());
      continue;
    }
    const CellValue& value = *cast;
    CheckAlternative(field, value, text);
    if (std::holds_alternative<std::monostate>(value)) continue;
    std::string canonical = CanonicalText(field, value);
    if (canonical.empty()) continue;
    Result<CellValue> again = CastCell(kSchema, field, canonical);
    Check(again.ok());
    Check(*again == value);
  }
  return 0;
}
