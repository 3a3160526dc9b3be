// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/table_schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/civil_date.h"
#include "core/date_pattern.h"

namespace sovhub::schema {
namespace {

// Messages never quote the cell: a misplaced identifier must not reach the
// quarantine file. They say what is wrong and the rule that was broken.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

int TwoDigits(std::string_view text, std::size_t at) {
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// Drops leading and trailing characters that cannot belong to a number
// (bareNumber: false, e.g. "€ 12" or "95%").
// The decimal character is kept, whatever the field declares ("," in French
// data): ",5 €" is half a euro.
std::string_view StripNonNumeric(std::string_view text, std::string_view decimal_char) {
  auto decimal = [&](std::string_view rest) {
    return !decimal_char.empty() && rest.substr(0, decimal_char.size()) == decimal_char;
  };
  auto tail_decimal = [&](std::string_view rest) {
    return !decimal_char.empty() && rest.size() >= decimal_char.size() &&
           rest.substr(rest.size() - decimal_char.size()) == decimal_char;
  };
  while (!text.empty() && !IsDigit(text.front()) && text.front() != '-' && text.front() != '+' &&
         !decimal(text)) {
    text.remove_prefix(1);
  }
  while (!text.empty() && !IsDigit(text.back()) && !tail_decimal(text)) text.remove_suffix(1);
  return text;
}

Result<CellValue> CastInteger(const Field& field, std::string_view text) {
  if (!field.bare_number) text = StripNonNumeric(text, "");
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  if (!AllDigits(digits)) return Status::InvalidArgument("not an integer");
  if (text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("integer out of the 64-bit range");
  }
  return CellValue(value);
}

Result<CellValue> CastNumber(const Field& field, std::string_view text) {
  if (text == "NaN") return CellValue(std::nan(""));
  if (text == "INF") return CellValue(HUGE_VAL);
  if (text == "-INF") return CellValue(-HUGE_VAL);
  if (!field.bare_number) text = StripNonNumeric(text, field.decimal_char);
  std::string normal;
  normal.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!field.group_char.empty() && text.substr(i, field.group_char.size()) == field.group_char) {
      i += field.group_char.size() - 1;
      continue;
    }
    if (text.substr(i, field.decimal_char.size()) == field.decimal_char) {
      normal.push_back('.');
      i += field.decimal_char.size() - 1;
      continue;
    }
    normal.push_back(text[i]);
  }
  // Grammar: [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits]
  std::size_t i = 0;
  if (i < normal.size() && (normal[i] == '+' || normal[i] == '-')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < normal.size() && IsDigit(normal[i])) ++i, ++int_digits;
  if (i < normal.size() && normal[i] == '.') {
    ++i;
    while (i < normal.size() && IsDigit(normal[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return Status::InvalidArgument("not a number");
  if (i < normal.size() && (normal[i] == 'e' || normal[i] == 'E')) {
    ++i;
    if (i < normal.size() && (normal[i] == '+' || normal[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < normal.size() && IsDigit(normal[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return Status::InvalidArgument("not a number (bad exponent)");
  }
  if (i != normal.size()) return Status::InvalidArgument("not a number");
  const char* begin = normal.data() + (normal[0] == '+' ? 1 : 0);
  double value = 0;
  auto [end, error] = std::from_chars(begin, normal.data() + normal.size(), value);
  if (error != std::errc() || end != normal.data() + normal.size()) {
    return Status::InvalidArgument("number out of range");
  }
  return CellValue(value);
}

Result<CellValue> CastBoolean(const Field& field, std::string_view text) {
  for (const std::string& v : field.true_values) {
    if (text == v) return CellValue(std::int64_t{1});
  }
  for (const std::string& v : field.false_values) {
    if (text == v) return CellValue(std::int64_t{0});
  }
  return Status::InvalidArgument("not a boolean (accepted: the field's true and false values)");
}

std::string Pad(int value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
  return buffer;
}

// Canonical text of the parts a pattern matched: "YYYY-MM-DD", "YYYY-MM",
// "YYYY", "MM", "MM-DD", then "THH:MM:SS" when there is a time.
std::string RenderParts(const TemporalParts& parts) {
  std::string text;
  if (parts.year) text += Pad(*parts.year, 4);
  if (parts.month) text += (text.empty() ? "" : "-") + Pad(*parts.month, 2);
  if (parts.day) text += (text.empty() ? "" : "-") + Pad(*parts.day, 2);
  if (parts.hour || parts.minute || parts.second) {
    if (!text.empty()) text += 'T';
    text += Pad(parts.hour.value_or(0), 2) + ":" + Pad(parts.minute.value_or(0), 2) + ":" +
            Pad(parts.second.value_or(0), 2);
  }
  return text;
}

// The Table Schema spec's older "fmt:" prefix is accepted and ignored.
std::string_view PatternOf(const Field& field) {
  std::string_view format = field.format;
  if (format.substr(0, 4) == "fmt:") format.remove_prefix(4);
  return format;
}

Result<CellValue> FromParts(Result<TemporalParts> parts, std::string_view what) {
  if (!parts.ok()) {
    return Status::InvalidArgument(std::string("not a valid ") + std::string(what) + ": " +
                                   parts.status().message());
  }
  if (IsMissingDatePlaceholder(*parts)) return CellValue();
  return CellValue(RenderParts(*parts));
}

Result<CellValue> CastDate(const Field& field, std::string_view text) {
  if (field.format == "default" || field.format.empty()) {
    // Fast path for the common case, strict YYYY-MM-DD.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        !AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) ||
        !AllDigits(text.substr(8, 2))) {
      return Status::InvalidArgument("not a date in the form YYYY-MM-DD");
    }
    int year = std::stoi(std::string(text.substr(0, 4)));
    int month = TwoDigits(text, 5), day = TwoDigits(text, 8);
    if (!IsValidDate(year, month, day)) {
      return Status::InvalidArgument("not a real calendar date");
    }
    if (year == 1600 && month == 1 && day == 1) return CellValue();
    return CellValue(std::string(text));
  }
  if (field.format == "any") {
    for (std::string_view pattern : {"%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d%m%Y", "%d%b%Y"}) {
      auto parts = ParseWithPattern(text, pattern);
      if (parts.ok()) return FromParts(std::move(parts), "date");
    }
    return Status::InvalidArgument("not a date in any known form");
  }
  return FromParts(ParseWithPattern(text, PatternOf(field)), "date");
}

Result<CellValue> CastTime(const Field& field, std::string_view text) {
  std::string_view pattern = field.format == "default" || field.format == "any"
                                 ? std::string_view("%H:%M:%S")
                                 : PatternOf(field);
  return FromParts(ParseWithPattern(text, pattern), "time");
}

Result<CellValue> CastDatetime(const Field& field, std::string_view text) {
  if (field.format == "default" || field.format == "any" || field.format.empty()) {
    // RFC 3339 in UTC: YYYY-MM-DDThh:mm:ss[Z].
    if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
    return FromParts(ParseWithPattern(text, "%Y-%m-%dT%H:%M:%S"), "datetime");
  }
  return FromParts(ParseWithPattern(text, PatternOf(field)), "datetime");
}

Result<CellValue> CastYear(std::string_view text) {
  if (text.size() != 4 || !AllDigits(text)) {
    return Status::InvalidArgument("not a year (4 digits)");
  }
  return CellValue(static_cast<std::int64_t>(std::stoi(std::string(text))));
}

Result<CellValue> CastYearMonth(std::string_view text) {
  std::string_view year, month;
  if (text.size() == 7 && text[4] == '-') {
    year = text.substr(0, 4);
    month = text.substr(5, 2);
  } else if (text.size() == 6) {  // SNDS form YYYYMM
    year = text.substr(0, 4);
    month = text.substr(4, 2);
  } else {
    return Status::InvalidArgument("not a year-month (YYYY-MM or YYYYMM)");
  }
  if (!AllDigits(year) || !AllDigits(month)) {
    return Status::InvalidArgument("not a year-month (YYYY-MM or YYYYMM)");
  }
  int m = TwoDigits(month, 0);
  if (m < 1 || m > 12) return Status::InvalidArgument("year-month with a month outside 01-12");
  return CellValue(std::string(year) + "-" + std::string(month));
}

bool IsHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

Status CheckStringFormat(const Field& field, std::string_view text) {
  if (field.format == "email") {
    std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == text.size() ||
        text.find('@', at + 1) != std::string_view::npos ||
        text.find_first_of(" \t") != std::string_view::npos ||
        text.find('.', at) == std::string_view::npos) {
      return Status::InvalidArgument("not an email address");
    }
  } else if (field.format == "uri") {
    std::size_t colon = text.find(':');
    bool scheme_ok = colon != std::string_view::npos && colon > 0 &&
                     std::isalpha(static_cast<unsigned char>(text[0]));
    for (std::size_t i = 1; scheme_ok && i < colon; ++i) {
      char c = text[i];
      scheme_ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    }
    if (!scheme_ok || text.find_first_of(" \t") != std::string_view::npos) {
      return Status::InvalidArgument("not a URI");
    }
  } else if (field.format == "uuid") {
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
        text[23] != '-' || !IsHex(text.substr(0, 8)) || !IsHex(text.substr(9, 4)) ||
        !IsHex(text.substr(14, 4)) || !IsHex(text.substr(19, 4)) || !IsHex(text.substr(24))) {
      return Status::InvalidArgument("not a UUID");
    }
  } else if (field.format == "binary") {
    if (text.size() % 4 != 0 ||
        !std::all_of(text.begin(), text.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
        })) {
      return Status::InvalidArgument("not base64 binary");
    }
  }
  return Status::Ok();
}

Result<CellValue> CastByType(const Field& field, std::string_view text) {
  switch (field.type) {
    case FieldType::kString:
    case FieldType::kAny:
      return CellValue(std::string(text));
    case FieldType::kInteger: return CastInteger(field, text);
    case FieldType::kNumber: return CastNumber(field, text);
    case FieldType::kBoolean: return CastBoolean(field, text);
    case FieldType::kDate: return CastDate(field, text);
    case FieldType::kTime: return CastTime(field, text);
    case FieldType::kDatetime: return CastDatetime(field, text);
    case FieldType::kYear: return CastYear(text);
    case FieldType::kYearMonth: return CastYearMonth(text);
  }
  return Status::Internal("unknown field type");
}

// Orders two cast values of the same field; numbers compare numerically,
// temporal values by their canonical (fixed-width ISO) text.
int Compare(const CellValue& a, const CellValue& b) {
  auto as_double = [](const CellValue& v) {
    return std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v))
                                                   : std::get<double>(v);
  };
  if (std::holds_alternative<std::int64_t>(a) && std::holds_alternative<std::int64_t>(b)) {
    std::int64_t x = std::get<std::int64_t>(a), y = std::get<std::int64_t>(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b)) {
    return std::get<std::string>(a).compare(std::get<std::string>(b));
  }
  double x = as_double(a), y = as_double(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

std::string Describe(const CellValue& value) {
  if (std::holds_alternative<std::int64_t>(value)) return std::to_string(std::get<std::int64_t>(value));
  if (std::holds_alternative<double>(value)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", std::get<double>(value));
    return buffer;
  }
  if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  return "null";
}

bool SupportsRange(FieldType type) {
  return type != FieldType::kString && type != FieldType::kBoolean && type != FieldType::kAny;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString: return "string";
    case FieldType::kInteger: return "integer";
    case FieldType::kNumber: return "number";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kDate: return "date";
    case FieldType::kTime: return "time";
    case FieldType::kDatetime: return "datetime";
    case FieldType::kYear: return "year";
    case FieldType::kYearMonth: return "yearmonth";
    case FieldType::kAny: return "any";
  }
  return "unknown";
}

Result<FieldType> ParseFieldType(std::string_view name) {
  static constexpr FieldType kAll[] = {
      FieldType::kString, FieldType::kInteger, FieldType::kNumber, FieldType::kBoolean,
      FieldType::kDate, FieldType::kTime, FieldType::kDatetime, FieldType::kYear,
      FieldType::kYearMonth, FieldType::kAny};
  for (FieldType type : kAll) {
    if (FieldTypeName(type) == name) return type;
  }
  if (name == "object" || name == "array" || name == "duration" || name == "geopoint" ||
      name == "geojson") {
    return Status::InvalidArgument("type \"" + std::string(name) +
                                   "\" is not supported by sovhub's tabular ingest");
  }
  return Status::InvalidArgument("unknown type \"" + std::string(name) + "\"");
}

int TableSchema::FieldIndex(std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return static_cast<int>(i);
  }
  return -1;
}

Status PrepareSchema(TableSchema& schema) {
  std::set<std::string> names;
  for (Field& field : schema.fields) {
    if (field.name.empty()) return Status::InvalidArgument("a field has an empty name");
    if (!names.insert(field.name).second) {
      return Status::InvalidArgument("field " + field.name + " is declared twice");
    }
    // An empty decimalChar would match everywhere and never advance.
    if (field.type == FieldType::kNumber && field.decimal_char.empty()) {
      return Status::InvalidArgument("field " + field.name + ": decimalChar is empty");
    }
    Constraints& c = field.constraints;
    auto cast_bound = [&](const std::optional<std::string>& bound, const char* what,
                          CellValue& out) -> Status {
      if (!bound) return Status::Ok();
      if (!SupportsRange(field.type)) {
        return Status::InvalidArgument("field " + field.name + ": " + what +
                                       " does not apply to type " +
                                       std::string(FieldTypeName(field.type)));
      }
      Field plain = field;
      plain.constraints = Constraints();
      auto value = CastByType(plain, *bound);
      if (!value.ok()) {
        return Status::InvalidArgument("field " + field.name + ": " + what + " " + *bound +
                                       " is not a valid " +
                                       std::string(FieldTypeName(field.type)));
      }
      out = std::move(value).value();
      return Status::Ok();
    };
    SOVHUB_RETURN_IF_ERROR(cast_bound(c.minimum, "minimum", c.minimum_value));
    SOVHUB_RETURN_IF_ERROR(cast_bound(c.maximum, "maximum", c.maximum_value));
    c.enum_cast.clear();
    for (const std::string& option : c.enum_values) {
      if (std::find(schema.missing_values.begin(), schema.missing_values.end(), option) !=
          schema.missing_values.end()) {
        continue;  // a missing value never reaches the enum check
      }
      Field plain = field;
      plain.constraints = Constraints();
      auto value = CastByType(plain, option);
      if (!value.ok()) {
        return Status::InvalidArgument("field " + field.name + ": enum value " + option +
                                       " is not a valid " +
                                       std::string(FieldTypeName(field.type)));
      }
      c.enum_cast.push_back(std::move(value).value());
    }
    if (c.pattern) {
      try {
        c.compiled_pattern = std::make_shared<const std::regex>(*c.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& error) {
        return Status::InvalidArgument("field " + field.name + ": pattern does not compile: " +
                                       error.what());
      }
    }
    if (c.min_length && *c.min_length < 0) {
      return Status::InvalidArgument("field " + field.name + ": negative minLength");
    }
    if (c.max_length && *c.max_length < 0) {
      return Status::InvalidArgument("field " + field.name + ": negative maxLength");
    }
  }
  for (const std::string& key : schema.primary_key) {
    if (schema.FieldIndex(key) < 0) {
      return Status::InvalidArgument("primary key field " + key + " is not a field");
    }
  }
  return Status::Ok();
}

Result<std::int64_t> Utf8Length(std::string_view text) {
  std::int64_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::size_t extra;
    std::uint32_t min;
    if (byte < 0x80) {
      ++i;
      ++count;
      continue;
    } else if ((byte & 0xe0) == 0xc0) {
      extra = 1, min = 0x80;
    } else if ((byte & 0xf0) == 0xe0) {
      extra = 2, min = 0x800;
    } else if ((byte & 0xf8) == 0xf0) {
      extra = 3, min = 0x10000;
    } else {
      return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
    }
    if (i + extra >= text.size() + (extra == 0)) {
      return Status::InvalidArgument("truncated UTF-8 sequence at byte " + std::to_string(i));
    }
    std::uint32_t code = byte & (0x3f >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) {
        return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(i + k));
      }
      code = code << 6 | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

Result<CellValue> CastCell(const TableSchema& schema, const Field& field, std::string_view text) {
  for (const std::string& missing : schema.missing_values) {
    if (text == missing) {
      if (field.constraints.required) return Status::InvalidArgument("required value is missing");
      return CellValue();
    }
  }
  const Constraints& c = field.constraints;
  if (field.type == FieldType::kString || field.type == FieldType::kAny) {
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t length, Utf8Length(text));
    if (field.type == FieldType::kString) {
      SOVHUB_RETURN_IF_ERROR(CheckStringFormat(field, text));
      if (c.min_length && length < *c.min_length) {
        return Status::InvalidArgument("shorter than minLength " + std::to_string(*c.min_length) +
                                       " (" + std::to_string(length) + " characters)");
      }
      if (c.max_length && length > *c.max_length) {
        return Status::InvalidArgument("longer than maxLength " + std::to_string(*c.max_length) +
                                       " (" + std::to_string(length) + " characters)");
      }
      if (c.compiled_pattern &&
          !std::regex_match(text.begin(), text.end(), *c.compiled_pattern)) {
        return Status::InvalidArgument("does not match the pattern " + *c.pattern);
      }
    }
  }
  SOVHUB_ASSIGN_OR_RETURN(CellValue value, CastByType(field, text));
  if (std::holds_alternative<std::monostate>(value)) {
    if (c.required) return Status::InvalidArgument("required value is missing (1600-01-01)");
    return value;
  }
  if (!std::holds_alternative<std::monostate>(c.minimum_value) &&
      Compare(value, c.minimum_value) < 0) {
    return Status::InvalidArgument("below the minimum " + Describe(c.minimum_value));
  }
  if (!std::holds_alternative<std::monostate>(c.maximum_value) &&
      Compare(value, c.maximum_value) > 0) {
    return Status::InvalidArgument("above the maximum " + Describe(c.maximum_value));
  }
  if (c.has_enum &&
      std::none_of(c.enum_cast.begin(), c.enum_cast.end(),
                   [&](const CellValue& option) { return option == value; })) {
    return Status::InvalidArgument("not one of the enum values");
  }
  return value;
}

}  // namespace sovhub::schema
