// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "testing/testing.h"

namespace sovhub::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One parsed record as the tests compare it.
struct Parsed {
  std::vector<std::string> fields;
  std::int64_t line = 0;
  std::string error;

  bool operator==(const Parsed&) const = default;
};

void PrintTo(const Parsed& parsed, std::ostream* os) {
  *os << "{line " << parsed.line << ", fields [";
  for (std::size_t i = 0; i < parsed.fields.size(); ++i) {
    *os << (i ? ", " : "") << ::testing::PrintToString(parsed.fields[i]);
  }
  *os << "], error \"" << parsed.error << "\"}";
}

struct Outcome {
  std::vector<Parsed> records;
  Status finish;
};

void Drain(CsvParser& parser, std::vector<Parsed>& out) {
  CsvParser::Record record;
  std::string error;
  while (parser.Next(record, error)) {
    out.push_back(Parsed{record.fields, record.line, error});
  }
}

// Feeds `input` in pieces of `chunk` bytes (0: all at once), then finishes.
Outcome ParseInChunks(std::string_view input, std::size_t chunk, char delimiter = ',') {
  CsvParser parser(delimiter);
  Outcome outcome;
  if (chunk == 0) chunk = input.size() + 1;
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    parser.Feed(input.substr(at, chunk));
    Drain(parser, outcome.records);
  }
  outcome.finish = parser.Finish();
  Drain(parser, outcome.records);
  return outcome;
}

std::vector<Parsed> ParseAll(std::string_view input, char delimiter = ',') {
  Outcome outcome = ParseInChunks(input, 0, delimiter);
  EXPECT_TRUE(outcome.finish.ok()) << outcome.finish.ToString();
  return outcome.records;
}

std::vector<std::vector<std::string>> FieldsOf(const std::vector<Parsed>& records) {
  std::vector<std::vector<std::string>> fields;
  for (const Parsed& record : records) fields.push_back(record.fields);
  return fields;
}

std::vector<std::int64_t> LinesOf(const std::vector<Parsed>& records) {
  std::vector<std::int64_t> lines;
  for (const Parsed& record : records) lines.push_back(record.line);
  return lines;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvParserTest, SimpleRecords) {
  std::vector<Parsed> records = ParseAll("a,b,c\n1,2,3\n");
  EXPECT_EQ(FieldsOf(records), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  for (const Parsed& record : records) EXPECT_EQ(record.error, "");
}

TEST(CsvParserTest, EmptyFieldsAreKept) {
  EXPECT_EQ(FieldsOf(ParseAll(",a,,\n")), (Rows{{"", "a", "", ""}}));
}

TEST(CsvParserTest, OtherDelimiter) {
  EXPECT_EQ(FieldsOf(ParseAll("a;b,c\n1;2\n", ';')), (Rows{{"a", "b,c"}, {"1", "2"}}));
}

TEST(CsvParserTest, QuotedFieldsWithDelimitersNewlinesAndDoubledQuotes) {
  std::vector<Parsed> records =
      ParseAll("\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\",\"\"\nx,y,z,w\n");
  EXPECT_EQ(FieldsOf(records),
            (Rows{{"a,b", "line1\nline2", "say \"hi\"", ""}, {"x", "y", "z", "w"}}));
  EXPECT_EQ(records[0].error, "");
}

TEST(CsvParserTest, QuotedFieldKeepsCrlfInside) {
  EXPECT_EQ(FieldsOf(ParseAll("\"a\r\nb\",c\r\n")), (Rows{{"a\r\nb", "c"}}));
}

TEST(CsvParserTest, CrlfLineEnds) {
  std::vector<Parsed> records = ParseAll("a,b\r\n1,\"2\"\r\n3,4\r\n");
  EXPECT_EQ(FieldsOf(records), (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_THAT(LinesOf(records), ElementsAre(1, 2, 3));
}

TEST(CsvParserTest, ByteOrderMarkIsDropped) {
  CsvParser parser;
  parser.Feed("\xEF\xBB\xBFid,name\n1,x\n");
  ASSERT_TRUE(parser.Finish().ok());
  std::vector<Parsed> records;
  Drain(parser, records);
  EXPECT_EQ(FieldsOf(records), (Rows{{"id", "name"}, {"1", "x"}}));
  EXPECT_EQ(parser.bytes_consumed(), 3 + 8 + 4);
}

TEST(CsvParserTest, ByteOrderMarkOnlyAtTheStart) {
  EXPECT_EQ(FieldsOf(ParseAll("a\n\xEF\xBB\xBF" "b\n")), (Rows{{"a"}, {"\xEF\xBB\xBF" "b"}}));
}

// Regression: a byte-order mark split over two Feed calls was kept as data.
TEST(CsvParserTest, ByteOrderMarkSplitOverFeedsIsDropped) {
  for (std::size_t chunk = 1; chunk <= 3; ++chunk) {
    Outcome outcome = ParseInChunks("\xEF\xBB\xBFid\n1\n", chunk);
    ASSERT_TRUE(outcome.finish.ok());
    EXPECT_EQ(FieldsOf(outcome.records), (Rows{{"id"}, {"1"}})) << "chunk " << chunk;
  }
}

TEST(CsvParserTest, PartialByteOrderMarkAloneIsData) {
  EXPECT_EQ(FieldsOf(ParseAll("\xEF\xBB")), (Rows{{"\xEF\xBB"}}));
}

TEST(CsvParserTest, FinalLineWithoutNewline) {
  std::vector<Parsed> records = ParseAll("a,b\n1,2");
  EXPECT_EQ(FieldsOf(records), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_THAT(LinesOf(records), ElementsAre(1, 2));
}

TEST(CsvParserTest, FinalQuotedFieldWithoutNewline) {
  EXPECT_EQ(FieldsOf(ParseAll("a,\"b\"")), (Rows{{"a", "b"}}));
}

TEST(CsvParserTest, FinalRecordIsHeldUntilFinish) {
  CsvParser parser;
  parser.Feed("a,b\n1,2");
  std::vector<Parsed> records;
  Drain(parser, records);
  EXPECT_EQ(FieldsOf(records), (Rows{{"a", "b"}}));
  ASSERT_TRUE(parser.Finish().ok());
  Drain(parser, records);
  EXPECT_EQ(FieldsOf(records), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvParserTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ParseAll("").empty());
  EXPECT_TRUE(ParseAll("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(ParseAll("\n\r\n\n").empty());
}

TEST(CsvParserTest, BlankLinesAreSkippedButCounted) {
  std::vector<Parsed> records = ParseAll("h\n\n1\r\n\r\n\n2\n\n");
  EXPECT_EQ(FieldsOf(records), (Rows{{"h"}, {"1"}, {"2"}}));
  EXPECT_THAT(LinesOf(records), ElementsAre(1, 3, 6));
}

TEST(CsvParserTest, LineNumbersArePhysicalLinesWhereRecordsStart) {
  std::vector<Parsed> records =
      ParseAll("header,notes\n1,\"two\nlines\"\n2,\"three\r\nphysical\nlines\"\n3,plain\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(LinesOf(records), ElementsAre(1, 2, 4, 7));
  EXPECT_EQ(records[2].fields[1], "three\r\nphysical\nlines");
}

// Regression: a second stray quote in a record was dropped from its field.
TEST(CsvParserTest, MalformedQuotingKeepsEveryQuote) {
  std::vector<Parsed> records = ParseAll("a\"b\"c,d\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a\"b\"c", "d"}));
  EXPECT_EQ(records[0].error, "a quote inside an unquoted field");
}

TEST(CsvParserTest, MalformedQuotingReturnsTheRecordWithAnError) {
  struct Case {
    std::string input;
    std::vector<std::string> fields;
    std::string error;
  };
  const Case kCases[] = {
      {"ab\"c\",d\n", {"ab\"c\"", "d"}, "a quote inside an unquoted field"},
      {"\"ab\"c,d\n", {"abc", "d"}, "text after a closing quote"},
      {"x,\"ab\" ,d\n", {"x", "ab ", "d"}, "text after a closing quote"},
      {"\"a\"\"\"b,c\n", {"a\"b", "c"}, "text after a closing quote"},
  };
  for (const Case& c : kCases) {
    std::vector<Parsed> records = ParseAll(c.input);
    ASSERT_EQ(records.size(), 1u) << c.input;
    EXPECT_EQ(records[0].fields, c.fields) << c.input;
    EXPECT_EQ(records[0].error, c.error) << c.input;
  }
}

// Regression: a stray quote in an unquoted field opened a quoted section for
// the record splitter, which swallowed the following lines up to the next
// quote (or failed at the end of the file) instead of returning the record
// with its error.
TEST(CsvParserTest, StrayQuoteDoesNotSwallowTheFollowingLines) {
  std::vector<Parsed> records = ParseAll("ok,1\nbad\"x,2\nok,3\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_NE(records[1].error, "");
  EXPECT_EQ(records[2].error, "");
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"ok", "3"}));
  EXPECT_THAT(LinesOf(records), ElementsAre(1, 2, 3));

  Outcome outcome = ParseInChunks("5\" floppy,1\n", 0);
  EXPECT_TRUE(outcome.finish.ok());
  ASSERT_EQ(outcome.records.size(), 1u);
  EXPECT_EQ(outcome.records[0].fields, (std::vector<std::string>{"5\" floppy", "1"}));
}

TEST(CsvParserTest, QuoteAfterTextAfterClosingQuoteIsLiteral) {
  std::vector<Parsed> records = ParseAll("\"a\"b\",c\nnext\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"ab\"", "c"}));
  EXPECT_NE(records[0].error, "");
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"next"}));
}

TEST(CsvParserTest, UnterminatedQuoteAtEndFailsNamingTheLine) {
  Outcome outcome = ParseInChunks("h\n1\n\"open,\nstill open\n", 0);
  EXPECT_EQ(outcome.finish.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(outcome.finish.message(), HasSubstr("line 3"));
  EXPECT_THAT(outcome.finish.message(), HasSubstr("not closed"));
  EXPECT_EQ(FieldsOf(outcome.records), (Rows{{"h"}, {"1"}}));
}

TEST(CsvParserTest, UnterminatedQuoteAfterMultilineRecordNamesItsOwnLine) {
  Outcome outcome = ParseInChunks("\"a\nb\"\n\n\"c", 0);
  EXPECT_FALSE(outcome.finish.ok());
  EXPECT_THAT(outcome.finish.message(), HasSubstr("line 4"));
  EXPECT_EQ(FieldsOf(outcome.records), (Rows{{"a\nb"}}));
}

// Whatever the chunking, the parser must see the same records, lines, errors
// and end status.
TEST(CsvParserTest, FeedingByteByByteGivesTheSameRecords) {
  const std::string kInputs[] = {
      "a,b,c\n1,2,3\n",
      "a,b\r\n1,2",
      "\xEF\xBB\xBFid,name\r\n1,\"x, y\"\r\n",
      "\"multi\nline\",\"q\"\"q\"\n\n\nlast,\"\"",
      "h\n\"a\r\n\"\"b\"\"\r\n\",2\r\n\r\n3,4\r\n",
      "bad\"quote,1\n\"closed\"tail,2\n",
      "\"never closed\n1,2\n",
      "\n\n\r\n",
      ",,\n,\n",
      "\xEF\xBB",
      "x\r",
      "\"a\"\r",
  };
  for (const std::string& input : kInputs) {
    Outcome whole = ParseInChunks(input, 0);
    for (std::size_t chunk : {1u, 2u, 3u, 5u, 7u}) {
      Outcome pieces = ParseInChunks(input, chunk);
      EXPECT_EQ(pieces.records, whole.records) << "chunk " << chunk << " of " << input;
      EXPECT_EQ(pieces.finish.ok(), whole.finish.ok()) << input;
      EXPECT_EQ(pieces.finish.message(), whole.finish.message()) << input;
    }
  }
}

TEST(CsvParserTest, FeedingAtRandomSplitsGivesTheSameRecords) {
  std::mt19937 random(20240611);
  const std::string kAlphabet = "ab,\"\n\r ";
  for (int round = 0; round < 300; ++round) {
    std::string input;
    std::size_t length = random() % 40;
    for (std::size_t i = 0; i < length; ++i) {
      input.push_back(kAlphabet[random() % kAlphabet.size()]);
    }
    Outcome whole = ParseInChunks(input, 0);
    Outcome bytes = ParseInChunks(input, 1);
    EXPECT_EQ(bytes.records, whole.records) << ::testing::PrintToString(input);
    EXPECT_EQ(bytes.finish.message(), whole.finish.message());
    for (std::size_t k = 1; k < whole.records.size(); ++k) {
      EXPECT_LT(whole.records[k - 1].line, whole.records[k].line);
    }
  }
}

TEST(CsvParserTest, BytesConsumedCountsCompleteRecords) {
  CsvParser parser;
  parser.Feed("ab,c\nde");
  EXPECT_EQ(parser.bytes_consumed(), 5);
  parser.Feed("f\n");
  EXPECT_EQ(parser.bytes_consumed(), 9);
  ASSERT_TRUE(parser.Finish().ok());
  EXPECT_EQ(parser.bytes_consumed(), 9);
}

TEST(AppendCsvRecordTest, QuotesOnlyWhatNeedsIt) {
  std::string out;
  AppendCsvRecord({"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""}, out);
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n");
  out.clear();
  AppendCsvRecord({"a;b", "c,d"}, out, ';');
  EXPECT_EQ(out, "\"a;b\";c,d\n");
}

// Regression: a record of one empty field was written as a blank line, which
// the parser skips.
TEST(AppendCsvRecordTest, LoneEmptyFieldSurvivesTheRoundTrip) {
  std::string out;
  AppendCsvRecord({"a"}, out);
  AppendCsvRecord({""}, out);
  AppendCsvRecord({"b"}, out);
  EXPECT_EQ(FieldsOf(ParseAll(out)), (Rows{{"a"}, {""}, {"b"}}));
}

// Regression: a first field starting with a byte-order mark lost it.
TEST(AppendCsvRecordTest, LeadingByteOrderMarkSurvivesTheRoundTrip) {
  std::string out;
  AppendCsvRecord({"\xEF\xBB\xBFx", "y"}, out);
  EXPECT_EQ(FieldsOf(ParseAll(out)), (Rows{{"\xEF\xBB\xBFx", "y"}}));
}

TEST(AppendCsvRecordTest, RandomFieldsRoundTripThroughTheParser) {
  std::mt19937 random(4180);
  const std::string kAlphabet[] = {"a", "Z", "0", " ", ",", ";",
                                   "\"", "\n", "\r", "\r\n", "é", "\t"};
  for (char delimiter : {',', ';', '\t'}) {
    Rows rows;
    std::string out;
    for (int row = 0; row < 200; ++row) {
      std::vector<std::string> fields(1 + random() % 5);
      for (std::string& field : fields) {
        std::size_t length = random() % 8;
        for (std::size_t i = 0; i < length; ++i) {
          field += kAlphabet[random() % std::size(kAlphabet)];
        }
      }
      AppendCsvRecord(fields, out, delimiter);
      rows.push_back(std::move(fields));
    }
    std::vector<Parsed> records = ParseAll(out, delimiter);
    EXPECT_EQ(FieldsOf(records), rows) << "delimiter " << delimiter;
    for (const Parsed& record : records) EXPECT_EQ(record.error, "");
    EXPECT_EQ(FieldsOf(ParseInChunks(out, 1, delimiter).records), rows);
  }
}

TEST(CsvFileReaderTest, MissingFileIsNotFound) {
  testing::TempDir dir;
  Result<CsvFileReader> reader = CsvFileReader::Open(dir / "absent.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

TEST(CsvFileReaderTest, DirectoryIsRefused) {
  testing::TempDir dir;
  Result<CsvFileReader> reader = CsvFileReader::Open(dir.path());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good());
}

TEST(CsvFileReaderTest, ReadsEveryRecordAcrossTheReadChunkBoundary) {
  testing::TempDir dir;
  std::string content = "\xEF\xBB\xBFid,text,amount\r\n";
  Rows expected = {{"id", "text", "amount"}};
  int i = 0;
  // Quoted multi-line fields make records straddle the 1 MiB chunk boundary
  // in every state (inside quotes, between \r and \n...).
  while (content.size() < (std::size_t{5} << 19)) {  // 2.5 MiB
    std::vector<std::string> fields = {std::to_string(i),
                                       i % 3 == 0 ? "multi\r\nline \"quoted\", text" : "plain",
                                       std::to_string(i * 7)};
    std::string record;
    AppendCsvRecord(fields, record);
    record.insert(record.size() - 1, "\r");
    content += record;
    expected.push_back(fields);
    ++i;
  }
  content += "last,no,newline";
  expected.push_back({"last", "no", "newline"});
  ASSERT_GT(content.size(), std::size_t{1} << 21);
  WriteFile(dir / "big.csv", content);

  Result<CsvFileReader> reader = CsvFileReader::Open(dir / "big.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->size(), static_cast<std::int64_t>(content.size()));
  CsvParser::Record record;
  std::string error;
  Rows rows;
  std::int64_t last_line = 0;
  while (true) {
    Result<bool> next = reader->Next(record, error);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (!*next) break;
    EXPECT_EQ(error, "");
    EXPECT_GT(record.line, last_line);
    last_line = record.line;
    rows.push_back(record.fields);
  }
  EXPECT_EQ(rows.size(), expected.size());
  EXPECT_TRUE(rows == expected);
  EXPECT_EQ(reader->bytes_read(), reader->size());
  // One line per record plus the extra line of each multi-line one.
  EXPECT_EQ(last_line, static_cast<std::int64_t>(expected.size()) + (i + 2) / 3);
}

TEST(CsvFileReaderTest, UnterminatedQuoteNamesTheFileAndLine) {
  testing::TempDir dir;
  WriteFile(dir / "open.csv", "a\n\"b\n");
  Result<CsvFileReader> reader = CsvFileReader::Open(dir / "open.csv");
  ASSERT_TRUE(reader.ok());
  CsvParser::Record record;
  std::string error;
  Result<bool> first = reader->Next(record, error);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  Result<bool> second = reader->Next(record, error);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("open.csv"));
  EXPECT_THAT(second.status().message(), HasSubstr("line 2"));
}

TEST(CsvFileReaderTest, MovedReaderKeepsReading) {
  testing::TempDir dir;
  WriteFile(dir / "m.csv", "a\nb\n");
  Result<CsvFileReader> opened = CsvFileReader::Open(dir / "m.csv");
  ASSERT_TRUE(opened.ok());
  CsvFileReader reader = std::move(opened).value();
  CsvParser::Record record;
  std::string error;
  Rows rows;
  while (true) {
    Result<bool> next = reader.Next(record, error);
    ASSERT_TRUE(next.ok());
    if (!*next) break;
    rows.push_back(record.fields);
  }
  EXPECT_EQ(rows, (Rows{{"a"}, {"b"}}));
}

}  // namespace
}  // namespace sovhub::ingest
