// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/table_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sovhub::schema {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Field Typed(FieldType type, std::string format = "default") {
  Field field;
  field.name = "f";
  field.type = type;
  field.format = std::move(format);
  return field;
}

CellValue Int(std::int64_t value) { return CellValue(value); }
CellValue Num(double value) { return CellValue(value); }
CellValue Text(std::string value) { return CellValue(std::move(value)); }
CellValue Null() { return CellValue(); }
// The expectation of a cast that must fail.
const std::optional<CellValue> kFails = std::nullopt;

TableSchema OneFieldSchema(const Field& field, std::vector<std::string> missing_values) {
  TableSchema schema;
  schema.name = "T";
  schema.fields = {field};
  schema.missing_values = std::move(missing_values);
  return schema;
}

// Prepares a one-field schema (which must succeed) and casts `text`.
Result<CellValue> Cast(const Field& field, std::string_view text,
                       std::vector<std::string> missing_values = {""}) {
  TableSchema schema = OneFieldSchema(field, std::move(missing_values));
  Status prepared = PrepareSchema(schema);
  EXPECT_TRUE(prepared.ok()) << prepared.ToString();
  if (!prepared.ok()) return prepared;
  return CastCell(schema, schema.fields[0], text);
}

struct CastCase {
  Field field;
  std::string text;
  std::optional<CellValue> want;  // kFails: the cast must fail
};

std::string Label(const CastCase& c) {
  return std::string(FieldTypeName(c.field.type)) + " (" + c.field.format + ") <" + c.text + ">";
}

void RunCases(const std::vector<CastCase>& cases) {
  for (const CastCase& c : cases) {
    Result<CellValue> got = Cast(c.field, c.text);
    if (!c.want) {
      EXPECT_FALSE(got.ok()) << Label(c) << " cast to " << ::testing::PrintToString(*got);
      if (!got.ok()) {
        EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << Label(c);
        EXPECT_FALSE(got.status().message().empty()) << Label(c);
      }
      continue;
    }
    ASSERT_TRUE(got.ok()) << Label(c) << ": " << got.status().ToString();
    EXPECT_EQ(*got, *c.want) << Label(c);
  }
}

TEST(ParseFieldTypeTest, NamesRoundTrip) {
  for (FieldType type : {FieldType::kString, FieldType::kInteger, FieldType::kNumber,
                         FieldType::kBoolean, FieldType::kDate, FieldType::kTime,
                         FieldType::kDatetime, FieldType::kYear, FieldType::kYearMonth,
                         FieldType::kAny}) {
    Result<FieldType> parsed = ParseFieldType(FieldTypeName(type));
    ASSERT_TRUE(parsed.ok()) << FieldTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
}

TEST(ParseFieldTypeTest, UnsupportedAndUnknownTypesAreRefused) {
  for (std::string_view name : {"object", "array", "duration", "geopoint", "geojson"}) {
    Result<FieldType> parsed = ParseFieldType(name);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_THAT(parsed.status().message(), HasSubstr("not supported")) << name;
  }
  Result<FieldType> unknown = ParseFieldType("Integer");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("unknown type"));
}

TEST(CastCellTest, StringFormats) {
  Field plain = Typed(FieldType::kString);
  Field email = Typed(FieldType::kString, "email");
  Field uri = Typed(FieldType::kString, "uri");
  Field uuid = Typed(FieldType::kString, "uuid");
  Field binary = Typed(FieldType::kString, "binary");
  RunCases({
      {plain, "anything at all, even 'quotes'", Text("anything at all, even 'quotes'")},
      {plain, "é", Text("é")},
      {email, "jeanne.martin@example.fr", Text("jeanne.martin@example.fr")},
      {email, "a@b.c", Text("a@b.c")},
      {email, "no-at-sign.example.fr", kFails},
      {email, "@example.fr", kFails},
      {email, "jeanne@", kFails},
      {email, "jeanne@example", kFails},
      {email, "a@b@example.fr", kFails},
      {email, "jeanne martin@example.fr", kFails},
      {email, "jeanne\t@example.fr", kFails},
      {uri, "https://www.example.fr/a?b=c", Text("https://www.example.fr/a?b=c")},
      {uri, "urn:isbn:0451450523", Text("urn:isbn:0451450523")},
      {uri, "git+ssh://host/repo", Text("git+ssh://host/repo")},
      {uri, "www.example.fr", kFails},
      {uri, ":nothing", kFails},
      {uri, "1http://example.fr", kFails},
      {uri, "ht_tp://example.fr", kFails},
      {uri, "https://example.fr/a b", kFails},
      {uuid, "123e4567-e89b-12d3-a456-426614174000", Text("123e4567-e89b-12d3-a456-426614174000")},
      {uuid, "123E4567-E89B-12D3-A456-426614174000", Text("123E4567-E89B-12D3-A456-426614174000")},
      {uuid, "123e4567e89b12d3a456426614174000", kFails},
      {uuid, "123e4567-e89b-12d3-a456-42661417400g", kFails},
      {uuid, "123e4567-e89b-12d3-a456-4266141740000", kFails},
      {uuid, "123e456-7e89b-12d3-a456-426614174000", kFails},
      {binary, "SGVsbG8=", Text("SGVsbG8=")},
      {binary, "YWJj", Text("YWJj")},
      {binary, "a+/=", Text("a+/=")},
      {binary, "SGVsbG8", kFails},
      {binary, "SGV$bG8=", kFails},
  });
}

TEST(CastCellTest, Integers) {
  Field integer = Typed(FieldType::kInteger);
  Field loose = Typed(FieldType::kInteger);
  loose.bare_number = false;
  RunCases({
      {integer, "42", Int(42)},
      {integer, "-7", Int(-7)},
      {integer, "+5", Int(5)},
      {integer, "007", Int(7)},
      {integer, "0", Int(0)},
      {integer, "-0", Int(0)},
      {integer, "9223372036854775807", Int(std::numeric_limits<std::int64_t>::max())},
      {integer, "-9223372036854775808", Int(std::numeric_limits<std::int64_t>::min())},
      {integer, "9223372036854775808", kFails},
      {integer, "-9223372036854775809", kFails},
      {integer, "99999999999999999999999999", kFails},
      {integer, "1.0", kFails},
      {integer, "1e3", kFails},
      {integer, " 1", kFails},
      {integer, "1 ", kFails},
      {integer, "1 000", kFails},
      {integer, "-", kFails},
      {integer, "+", kFails},
      {integer, "+-1", kFails},
      {integer, "0x10", kFails},
      {integer, "€ 12", kFails},
      {integer, "", Null()},
      {loose, "€ 12", Int(12)},
      {loose, "95%", Int(95)},
      {loose, "-5 EUR", Int(-5)},
      {loose, "12", Int(12)},
      {loose, "EUR", kFails},
      {loose, "12.5 %", kFails},
      {loose, "9223372036854775808 €", kFails},
  });
}

TEST(CastCellTest, IntegerOverflowMessageSaysSo) {
  Result<CellValue> got = Cast(Typed(FieldType::kInteger), "9223372036854775808");
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.status().message(), HasSubstr("64-bit"));
}

TEST(CastCellTest, Numbers) {
  Field number = Typed(FieldType::kNumber);
  Field french = Typed(FieldType::kNumber);
  french.decimal_char = ",";
  french.group_char = " ";
  Field dotted_groups = Typed(FieldType::kNumber);
  dotted_groups.decimal_char = ",";
  dotted_groups.group_char = ".";
  Field comma_groups = Typed(FieldType::kNumber);
  comma_groups.group_char = ",";
  Field loose = Typed(FieldType::kNumber);
  loose.bare_number = false;
  Field loose_french = french;
  loose_french.bare_number = false;
  const double kInf = std::numeric_limits<double>::infinity();
  RunCases({
      {number, "1.5", Num(1.5)},
      {number, "-0.25", Num(-0.25)},
      {number, "+3", Num(3)},
      {number, "42", Num(42)},
      {number, ".5", Num(0.5)},
      {number, "5.", Num(5)},
      {number, "1e3", Num(1000)},
      {number, "1E-2", Num(0.01)},
      {number, "2.5e+2", Num(250)},
      {number, "-1.5E2", Num(-150)},
      {number, "INF", Num(kInf)},
      {number, "-INF", Num(-kInf)},
      {number, "inf", kFails},
      {number, "nan", kFails},
      {number, "Infinity", kFails},
      {number, "1e", kFails},
      {number, "1e+", kFails},
      {number, "e5", kFails},
      {number, ".", kFails},
      {number, "-", kFails},
      {number, "1.2.3", kFails},
      {number, "1,5", kFails},
      {number, "1 5", kFails},
      {number, "0x1p3", kFails},
      {number, "1e400", kFails},
      {number, "abc", kFails},
      {french, "1 234,5", Num(1234.5)},
      {french, "-0,75", Num(-0.75)},
      {french, "12", Num(12)},
      {dotted_groups, "1.234.567,89", Num(1234567.89)},
      {comma_groups, "1,234,567.89", Num(1234567.89)},
      {loose, "€ 12.5", Num(12.5)},
      {loose, "95%", Num(95)},
      {loose, "-3.5 kg", Num(-3.5)},
      {loose, "kg", kFails},
      {loose_french, "12,5 €", Num(12.5)},
      // Regression: the field's decimal character survives the stripping.
      {loose_french, ",5 €", Num(0.5)},
      {loose_french, "€ -,25", Num(-0.25)},
      {loose, "€ .5", Num(0.5)},
  });
}

TEST(CastCellTest, NotANumber) {
  Result<CellValue> got = Cast(Typed(FieldType::kNumber), "NaN");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(std::holds_alternative<double>(*got));
  EXPECT_TRUE(std::isnan(std::get<double>(*got)));
}

TEST(CastCellTest, Booleans) {
  Field boolean = Typed(FieldType::kBoolean);
  Field french = Typed(FieldType::kBoolean);
  french.true_values = {"oui", "O"};
  french.false_values = {"non", "N"};
  RunCases({
      {boolean, "true", Int(1)},
      {boolean, "True", Int(1)},
      {boolean, "TRUE", Int(1)},
      {boolean, "1", Int(1)},
      {boolean, "false", Int(0)},
      {boolean, "False", Int(0)},
      {boolean, "FALSE", Int(0)},
      {boolean, "0", Int(0)},
      {boolean, "tRUE", kFails},
      {boolean, "yes", kFails},
      {boolean, "2", kFails},
      {boolean, " true", kFails},
      {french, "oui", Int(1)},
      {french, "O", Int(1)},
      {french, "non", Int(0)},
      {french, "N", Int(0)},
      {french, "true", kFails},
      {french, "1", kFails},
      {french, "0", kFails},
  });
}

TEST(CastCellTest, Dates) {
  Field date = Typed(FieldType::kDate);
  Field empty_format = Typed(FieldType::kDate, "");
  Field compact = Typed(FieldType::kDate, "%d%m%Y");
  Field month = Typed(FieldType::kDate, "%m");
  Field slashed = Typed(FieldType::kDate, "fmt:%d/%m/%Y");
  Field any = Typed(FieldType::kDate, "any");
  RunCases({
      {date, "2021-03-04", Text("2021-03-04")},
      {date, "2020-02-29", Text("2020-02-29")},
      {date, "2021-02-29", kFails},
      {date, "2021-13-01", kFails},
      {date, "2021-00-10", kFails},
      {date, "2021-04-31", kFails},
      {date, "2021-3-4", kFails},
      {date, "2021/03/04", kFails},
      {date, "04/03/2021", kFails},
      {date, "2021-03-04T00:00:00", kFails},
      {date, "1600-01-01", Null()},
      {empty_format, "2021-03-04", Text("2021-03-04")},
      {compact, "04032021", Text("2021-03-04")},
      {compact, "29022020", Text("2020-02-29")},
      {compact, "29022021", kFails},
      {compact, "4032021", kFails},
      {compact, "2021-03-04", kFails},
      {compact, "01011600", Null()},
      {month, "05", Text("05")},
      {month, "5", Text("05")},
      {month, "12", Text("12")},
      {month, "13", kFails},
      {month, "00", kFails},
      {slashed, "04/03/2021", Text("2021-03-04")},
      {slashed, "4/3/2021", Text("2021-03-04")},
      {any, "2021-03-04", Text("2021-03-04")},
      {any, "04/03/2021", Text("2021-03-04")},
      {any, "20210304", Text("2021-03-04")},
      {any, "04032021", Text("2021-03-04")},
      {any, "04Mar2021", Text("2021-03-04")},
      {any, "01/01/1600", Null()},
      {any, "yesterday", kFails},
  });
}

TEST(CastCellTest, DatetimesAndTimes) {
  Field datetime = Typed(FieldType::kDatetime);
  Field snds = Typed(FieldType::kDatetime, "%d%b%Y:%H:%M:%S");
  Field time = Typed(FieldType::kTime);
  Field compact_time = Typed(FieldType::kTime, "%H%M");
  RunCases({
      {datetime, "2007-01-02T22:12:17", Text("2007-01-02T22:12:17")},
      {datetime, "2007-01-02T22:12:17Z", Text("2007-01-02T22:12:17")},
      {datetime, "2007-01-02 22:12:17", kFails},
      {datetime, "2007-01-02", kFails},
      {datetime, "2007-02-30T22:12:17", kFails},
      {datetime, "2007-01-02T24:00:00", kFails},
      {datetime, "1600-01-01T00:00:00", Null()},
      {snds, "02Jan2007:22:12:17", Text("2007-01-02T22:12:17")},
      {snds, "02JAN2007:22:12:17", Text("2007-01-02T22:12:17")},
      {snds, "31dec1999:00:00:00", Text("1999-12-31T00:00:00")},
      {snds, "01JAN1600:00:00:00", Null()},
      {snds, "02Foo2007:22:12:17", kFails},
      {snds, "02Jan2007", kFails},
      {snds, "02Jan2007:22:60:17", kFails},
      {time, "22:12:17", Text("22:12:17")},
      {time, "00:00:00", Text("00:00:00")},
      {time, "23:59:59", Text("23:59:59")},
      {time, "24:00:00", kFails},
      {time, "22:12", kFails},
      {time, "22h12", kFails},
      {compact_time, "2212", Text("22:12:00")},
  });
}

TEST(CastCellTest, YearsYearMonthsAndAny) {
  Field year = Typed(FieldType::kYear);
  Field year_month = Typed(FieldType::kYearMonth);
  Field any = Typed(FieldType::kAny);
  RunCases({
      {year, "2020", Int(2020)},
      {year, "0999", Int(999)},
      {year, "20", kFails},
      {year, "20a0", kFails},
      {year, "12345", kFails},
      {year, "-202", kFails},
      {year_month, "2020-03", Text("2020-03")},
      {year_month, "202003", Text("2020-03")},  // the SNDS form
      {year_month, "2020-12", Text("2020-12")},
      {year_month, "2020-13", kFails},
      {year_month, "202000", kFails},
      {year_month, "2020-3", kFails},
      {year_month, "20203", kFails},
      {year_month, "2020/03", kFails},
      {year_month, "2020-03-01", kFails},
      {year_month, "20-0312", kFails},
      {any, "whatever 42", Text("whatever 42")},
      {any, "\xff", kFails},  // not UTF-8
  });
}

TEST(CastCellTest, MissingValuesGiveNullOrRequiredError) {
  Field optional = Typed(FieldType::kInteger);
  Field required = Typed(FieldType::kInteger);
  required.constraints.required = true;
  std::vector<std::string> missing = {"", "NA"};
  for (std::string_view text : {"", "NA"}) {
    Result<CellValue> got = Cast(optional, text, missing);
    ASSERT_TRUE(got.ok()) << text;
    EXPECT_EQ(*got, Null());
    Result<CellValue> refused = Cast(required, text, missing);
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_THAT(refused.status().message(), HasSubstr("required"));
  }
  // With other missing values, "" is an ordinary string.
  Result<CellValue> empty = Cast(Typed(FieldType::kString), "", {"-"});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Text(""));
  Result<CellValue> dash = Cast(Typed(FieldType::kString), "-", {"-"});
  ASSERT_TRUE(dash.ok());
  EXPECT_EQ(*dash, Null());
  // Without missing values, "" is not an integer.
  EXPECT_FALSE(Cast(optional, "", {}).ok());
}

TEST(CastCellTest, RequiredDatePlaceholderIsMissing) {
  struct Case {
    Field field;
    std::string text;
  };
  Field date = Typed(FieldType::kDate);
  Field compact = Typed(FieldType::kDate, "%d%m%Y");
  Field datetime = Typed(FieldType::kDatetime);
  Field snds = Typed(FieldType::kDatetime, "%d%b%Y:%H:%M:%S");
  const Case kCases[] = {{date, "1600-01-01"},
                         {compact, "01011600"},
                         {datetime, "1600-01-01T00:00:00"},
                         {snds, "01JAN1600:00:00:00"}};
  for (const Case& c : kCases) {
    Field required = c.field;
    required.constraints.required = true;
    Result<CellValue> refused = Cast(required, c.text);
    ASSERT_FALSE(refused.ok()) << c.text;
    EXPECT_THAT(refused.status().message(), HasSubstr("missing"));
    Result<CellValue> optional = Cast(c.field, c.text);
    ASSERT_TRUE(optional.ok()) << c.text;
    EXPECT_EQ(*optional, Null());
  }
  // The day after is a real date.
  Field required = date;
  required.constraints.required = true;
  EXPECT_TRUE(Cast(required, "1600-01-02").ok());
}

TEST(CastCellTest, LengthsCountCodePointsNotBytes) {
  Field field = Typed(FieldType::kString);
  field.constraints.min_length = 2;
  field.constraints.max_length = 3;
  Field exactly_one = Typed(FieldType::kString);
  exactly_one.constraints.min_length = 1;
  exactly_one.constraints.max_length = 1;
  RunCases({
      {exactly_one, "é", Text("é")},           // 2 bytes, 1 code point
      {exactly_one, "€", Text("€")},           // 3 bytes
      {exactly_one, "\xF0\x9F\x98\x80", Text("\xF0\x9F\x98\x80")},  // 4 bytes
      {exactly_one, "ab", kFails},
      {field, "é", kFails},
      {field, "éé", Text("éé")},
      {field, "ééé", Text("ééé")},  // 6 bytes
      {field, "éééé", kFails},
      {field, "ab", Text("ab")},
      {field, "abcd", kFails},
      {field, "a", kFails},
  });
  Result<CellValue> too_long = Cast(field, "abcd");
  EXPECT_THAT(too_long.status().message(), HasSubstr("maxLength 3"));
  Result<CellValue> too_short = Cast(field, "é");
  EXPECT_THAT(too_short.status().message(), HasSubstr("minLength 2"));
}

TEST(CastCellTest, InvalidUtf8IsRejected) {
  const std::string kInvalid[] = {
      "\xff",              // never a UTF-8 byte
      "a\x80",             // continuation byte alone
      "\xc3",              // truncated 2-byte sequence
      "\xe2\x82",          // truncated 3-byte sequence
      "\xc3(",             // bad continuation
      "\xc0\xaf",          // overlong '/'
      "\xe0\x80\xaf",      // overlong '/'
      "\xed\xa0\x80",      // UTF-16 surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xf8\x88\x80\x80\x80",  // 5-byte form
  };
  for (const std::string& text : kInvalid) {
    EXPECT_FALSE(Utf8Length(text).ok()) << ::testing::PrintToString(text);
    EXPECT_FALSE(Cast(Typed(FieldType::kString), text).ok()) << ::testing::PrintToString(text);
  }
}

TEST(Utf8LengthTest, CountsCodePoints) {
  struct Case {
    std::string text;
    std::int64_t length;
  };
  const Case kCases[] = {{"", 0},
                         {"abc", 3},
                         {"é", 1},
                         {"\xc2\x80", 1},
                         {"\xdf\xbf", 1},
                         {"\xe0\xa0\x80", 1},
                         {"\xef\xbf\xbf", 1},
                         {"\xf0\x90\x80\x80", 1},
                         {"\xf4\x8f\xbf\xbf", 1},  // U+10FFFF
                         {"Zoë à l'hôpital", 15}};
  for (const Case& c : kCases) {
    Result<std::int64_t> length = Utf8Length(c.text);
    ASSERT_TRUE(length.ok()) << c.text;
    EXPECT_EQ(*length, c.length) << c.text;
  }
}

TEST(CastCellTest, MinimumAndMaximum) {
  Field integer = Typed(FieldType::kInteger);
  integer.constraints.minimum = "10";
  integer.constraints.maximum = "20";
  Field number = Typed(FieldType::kNumber);
  number.constraints.minimum = "0.5";
  number.constraints.maximum = "1e2";
  Field date = Typed(FieldType::kDate);
  date.constraints.minimum = "2000-01-01";
  date.constraints.maximum = "2020-12-31";
  Field compact_date = Typed(FieldType::kDate, "%d%m%Y");
  compact_date.constraints.minimum = "01012000";
  Field year_month = Typed(FieldType::kYearMonth);
  year_month.constraints.minimum = "2020-01";
  year_month.constraints.maximum = "202012";  // the SNDS form casts too
  Field year = Typed(FieldType::kYear);
  year.constraints.minimum = "2000";
  Field time = Typed(FieldType::kTime);
  time.constraints.maximum = "12:00:00";
  RunCases({
      {integer, "10", Int(10)},
      {integer, "20", Int(20)},
      {integer, "15", Int(15)},
      {integer, "9", kFails},
      {integer, "21", kFails},
      {integer, "-15", kFails},
      {number, "0.5", Num(0.5)},
      {number, "100", Num(100)},
      {number, "0.49", kFails},
      {number, "100.01", kFails},
      {date, "2000-01-01", Text("2000-01-01")},
      {date, "2020-12-31", Text("2020-12-31")},
      {date, "1999-12-31", kFails},
      {date, "2021-01-01", kFails},
      {date, "1600-01-01", Null()},  // missing, not below the minimum
      {compact_date, "31121999", kFails},
      {compact_date, "02012000", Text("2000-01-02")},
      {year_month, "202001", Text("2020-01")},
      {year_month, "2020-12", Text("2020-12")},
      {year_month, "2019-12", kFails},
      {year_month, "202101", kFails},
      {year, "2000", Int(2000)},
      {year, "1999", kFails},
      {time, "11:59:59", Text("11:59:59")},
      {time, "12:00:01", kFails},
  });
  Result<CellValue> below = Cast(integer, "9");
  EXPECT_THAT(below.status().message(), HasSubstr("minimum 10"));
  Result<CellValue> above = Cast(year_month, "202101");
  EXPECT_THAT(above.status().message(), HasSubstr("maximum 2020-12"));
}

TEST(CastCellTest, Pattern) {
  Field code = Typed(FieldType::kString);
  code.constraints.pattern = "[A-Z]{3}[0-9]";
  Field alternatives = Typed(FieldType::kString);
  alternatives.constraints.pattern = "2A|2B|[0-9]{2}";
  RunCases({
      {code, "ABC1", Text("ABC1")},
      {code, "ABC12", kFails},  // the whole value must match
      {code, "xABC1", kFails},
      {code, "abc1", kFails},
      {alternatives, "2A", Text("2A")},
      {alternatives, "75", Text("75")},
      {alternatives, "2C", kFails},
      {alternatives, "2AB", kFails},
  });
}

TEST(CastCellTest, Enum) {
  Field letters = Typed(FieldType::kString);
  letters.constraints.enum_values = {"A", "B", ""};
  letters.constraints.has_enum = true;
  Field integers = Typed(FieldType::kInteger);
  integers.constraints.enum_values = {"1", "2", "10"};
  integers.constraints.has_enum = true;
  Field numbers = Typed(FieldType::kNumber);
  numbers.constraints.enum_values = {"1.5", "2"};
  numbers.constraints.has_enum = true;
  Field dates = Typed(FieldType::kDate, "%d%m%Y");
  dates.constraints.enum_values = {"01012020"};
  dates.constraints.has_enum = true;
  Field booleans = Typed(FieldType::kBoolean);
  booleans.constraints.enum_values = {"true"};
  booleans.constraints.has_enum = true;
  Field nothing_allowed = Typed(FieldType::kString);
  nothing_allowed.constraints.has_enum = true;
  RunCases({
      {letters, "A", Text("A")},
      {letters, "B", Text("B")},
      {letters, "C", kFails},
      {letters, "a", kFails},
      {letters, "", Null()},  // missing: never reaches the enum check
      // Compared after casting: "01", "+2" and "010" are 1, 2 and 10.
      {integers, "1", Int(1)},
      {integers, "01", Int(1)},
      {integers, "+2", Int(2)},
      {integers, "010", Int(10)},
      {integers, "3", kFails},
      {integers, "1.0", kFails},
      {numbers, "1.50", Num(1.5)},
      {numbers, "2.0", Num(2)},
      {numbers, "2e0", Num(2)},
      {numbers, "1", kFails},
      {dates, "01012020", Text("2020-01-01")},
      {dates, "02012020", kFails},
      {booleans, "1", Int(1)},
      {booleans, "TRUE", Int(1)},
      {booleans, "false", kFails},
      {nothing_allowed, "x", kFails},
  });
  Result<CellValue> refused = Cast(letters, "C");
  EXPECT_THAT(refused.status().message(), HasSubstr("enum"));
}

TEST(CastCellTest, ConstraintsCombine) {
  Field field = Typed(FieldType::kString);
  field.constraints.required = true;
  field.constraints.min_length = 2;
  field.constraints.pattern = "[a-z]+";
  field.constraints.enum_values = {"ab", "abc", "Ab"};
  field.constraints.has_enum = true;
  RunCases({
      {field, "ab", Text("ab")},
      {field, "abc", Text("abc")},
      {field, "Ab", kFails},   // enum, but not the pattern
      {field, "abd", kFails},  // pattern, but not the enum
      {field, "a", kFails},
      {field, "", kFails},
  });
}

// Prepares a schema and expects a refusal whose message contains `needle`.
void ExpectPrepareFails(TableSchema schema, std::string_view needle) {
  Status status = PrepareSchema(schema);
  ASSERT_FALSE(status.ok()) << "expected a refusal mentioning " << needle;
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(std::string(needle)));
}

Field Named(std::string name, FieldType type) {
  Field field = Typed(type);
  field.name = std::move(name);
  return field;
}

TEST(PrepareSchemaTest, AcceptsAConsistentSchema) {
  TableSchema schema;
  schema.name = "IR_BEN_R";
  schema.fields = {Named("BEN_NIR_PSA", FieldType::kString),
                   Named("BEN_RNG_GEM", FieldType::kInteger),
                   Named("BEN_NAI_ANN", FieldType::kYear)};
  schema.fields[1].constraints.minimum = "1";
  schema.fields[1].constraints.enum_values = {"1", "2", "3"};
  schema.fields[1].constraints.has_enum = true;
  schema.primary_key = {"BEN_NIR_PSA", "BEN_RNG_GEM"};
  ASSERT_TRUE(PrepareSchema(schema).ok());
  EXPECT_EQ(schema.fields[1].constraints.minimum_value, Int(1));
  EXPECT_EQ(schema.fields[1].constraints.enum_cast,
            (std::vector<CellValue>{Int(1), Int(2), Int(3)}));
  EXPECT_EQ(schema.FieldIndex("BEN_NAI_ANN"), 2);
  EXPECT_EQ(schema.FieldIndex("ABSENT"), -1);
  // Preparing twice gives the same result.
  ASSERT_TRUE(PrepareSchema(schema).ok());
  EXPECT_EQ(schema.fields[1].constraints.enum_cast.size(), 3u);
}

TEST(PrepareSchemaTest, RefusesInconsistentSchemas) {
  auto schema_of = [](std::vector<Field> fields) {
    TableSchema schema;
    schema.name = "T";
    schema.fields = std::move(fields);
    return schema;
  };
  ExpectPrepareFails(schema_of({Named("A", FieldType::kString), Named("A", FieldType::kInteger)}),
                     "A is declared twice");
  ExpectPrepareFails(schema_of({Named("", FieldType::kString)}), "empty name");
  {
    TableSchema schema = schema_of({Named("A", FieldType::kString)});
    schema.primary_key = {"A", "B"};
    ExpectPrepareFails(schema, "primary key field B");
  }
  {
    Field field = Named("S", FieldType::kString);
    field.constraints.minimum = "a";
    ExpectPrepareFails(schema_of({field}), "field S: minimum does not apply to type string");
  }
  {
    Field field = Named("B", FieldType::kBoolean);
    field.constraints.maximum = "true";
    ExpectPrepareFails(schema_of({field}), "field B: maximum does not apply");
  }
  {
    Field field = Named("X", FieldType::kAny);
    field.constraints.minimum = "1";
    ExpectPrepareFails(schema_of({field}), "does not apply to type any");
  }
  {
    Field field = Named("N", FieldType::kInteger);
    field.constraints.maximum = "ten";
    ExpectPrepareFails(schema_of({field}), "field N: maximum ten is not a valid integer");
  }
  {
    Field field = Named("D", FieldType::kDate);
    field.constraints.minimum = "01/01/2000";
    ExpectPrepareFails(schema_of({field}), "not a valid date");
  }
  {
    Field field = Named("P", FieldType::kString);
    field.constraints.pattern = "[unclosed";
    ExpectPrepareFails(schema_of({field}), "field P: pattern does not compile");
  }
  {
    Field field = Named("E", FieldType::kInteger);
    field.constraints.enum_values = {"1", "x"};
    field.constraints.has_enum = true;
    ExpectPrepareFails(schema_of({field}), "field E: enum value x is not a valid integer");
  }
  {
    Field field = Named("M", FieldType::kYearMonth);
    field.constraints.enum_values = {"2020-13"};
    field.constraints.has_enum = true;
    ExpectPrepareFails(schema_of({field}), "not a valid yearmonth");
  }
  {
    Field field = Named("L", FieldType::kString);
    field.constraints.min_length = -1;
    ExpectPrepareFails(schema_of({field}), "negative minLength");
  }
  {
    Field field = Named("L", FieldType::kString);
    field.constraints.max_length = -1;
    ExpectPrepareFails(schema_of({field}), "negative maxLength");
  }
}

// Regression: an empty decimalChar matched at every position without moving
// forward, so casting any cell of that field never returned.
TEST(PrepareSchemaTest, EmptyDecimalCharIsRefused) {
  Field field = Named("AMOUNT", FieldType::kNumber);
  field.decimal_char = "";
  TableSchema schema;
  schema.fields = {field};
  ExpectPrepareFails(schema, "field AMOUNT: decimalChar is empty");
  schema.fields[0].constraints.minimum = "1";  // would be cast while preparing
  ExpectPrepareFails(schema, "decimalChar is empty");
}

// A refused cell may be a misplaced identifier: the message says what is
// wrong without quoting it.
TEST(CastCellTest, ErrorMessagesNeverQuoteTheCell) {
  Field email = Typed(FieldType::kString, "email");
  Field uri = Typed(FieldType::kString, "uri");
  Field uuid = Typed(FieldType::kString, "uuid");
  Field binary = Typed(FieldType::kString, "binary");
  Field short_string = Typed(FieldType::kString);
  short_string.constraints.max_length = 4;
  short_string.person_id = true;
  Field long_string = Typed(FieldType::kString);
  long_string.constraints.min_length = 40;
  Field patterned = Typed(FieldType::kString);
  patterned.constraints.pattern = "[0-9]+";
  Field enumerated = Typed(FieldType::kString);
  enumerated.constraints.enum_values = {"A"};
  enumerated.constraints.has_enum = true;
  Field integer = Typed(FieldType::kInteger);
  Field bounded = Typed(FieldType::kInteger);
  bounded.constraints.maximum = "100";
  bounded.constraints.minimum = "-100";
  Field loose = Typed(FieldType::kInteger);
  loose.bare_number = false;
  Field number = Typed(FieldType::kNumber);
  Field bounded_number = Typed(FieldType::kNumber);
  bounded_number.constraints.maximum = "1";
  Field boolean = Typed(FieldType::kBoolean);
  Field date = Typed(FieldType::kDate);
  Field compact = Typed(FieldType::kDate, "%d%m%Y");
  Field any_date = Typed(FieldType::kDate, "any");
  Field datetime = Typed(FieldType::kDatetime);
  Field snds = Typed(FieldType::kDatetime, "%d%b%Y:%H:%M:%S");
  Field time = Typed(FieldType::kTime);
  Field year = Typed(FieldType::kYear);
  Field year_month = Typed(FieldType::kYearMonth);
  Field bounded_date = Typed(FieldType::kDate);
  bounded_date.constraints.maximum = "2000-01-01";
  Field any = Typed(FieldType::kAny);
  struct Case {
    Field field;
    std::string text;
  };
  const Case kCases[] = {
      {email, "1870312345678ZQ"},
      {uri, "1870312345678 ZQ"},
      {uuid, "1870312345678ZQ"},
      {binary, "1870312345678ZQ"},
      {short_string, "1870312345678ZQ"},
      {long_string, "1870312345678ZQ"},
      {patterned, "1870312345678ZQ"},
      {enumerated, "1870312345678ZQ"},
      {integer, "1870312345678ZQ"},
      {integer, "18703123456789012345678"},
      {bounded, "187031234567"},
      {bounded, "-187031234567"},
      {loose, "NIR 18703123456789012345678 !"},
      {number, "1870312345678ZQ"},
      {number, "1870312345678e"},
      {number, "1870312345678e999"},
      {bounded_number, "1870312345678"},
      {boolean, "1870312345678ZQ"},
      {date, "1870312345678ZQ"},
      {date, "1870-31-23"},
      {date, "1987-02-30"},
      {compact, "1870312345678"},
      {compact, "31021987"},
      {any_date, "1870312345678ZQ"},
      {datetime, "1870-03-12T34:56:78"},
      {snds, "18Zorglub1987:12:34:56"},
      {time, "18:70:31"},
      {year, "1870312345678"},
      {year_month, "1870-31"},
      {year_month, "187031"},
      {bounded_date, "2023-11-18"},
      {any, "1870312345678\xff"},
      {short_string, "1870312345678\xc3"},
  };
  for (const Case& c : kCases) {
    Result<CellValue> got = Cast(c.field, c.text);
    ASSERT_FALSE(got.ok()) << FieldTypeName(c.field.type) << " <" << c.text << ">";
    EXPECT_THAT(got.status().message(), Not(HasSubstr(c.text)))
        << FieldTypeName(c.field.type) << " (" << c.field.format << ")";
  }
}

}  // namespace
}  // namespace sovhub::schema
