// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes ingest::CsvParser with arbitrary bytes, with ',' and ';' as
// delimiter. Besides crashes and sanitizer reports, it aborts when:
// - feeding the input whole, in two pieces (split at a point the input
//   chooses) and byte by byte disagree on the records, their lines, their
//   errors or the end status: chunking must never change what is read;
// - line numbers do not increase from record to record, start below 1 or
//   point past the input's last line, or a record has no field;
// - a clean Finish leaves bytes unconsumed, or a failed one consumes them all
//   or does not name the line;
// - the records without quoting errors, written back with AppendCsvRecord,
//   do not parse to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/csv_reader.h"

namespace {

using sovhub::Status;
using sovhub::ingest::AppendCsvRecord;
using sovhub::ingest::CsvParser;

void Check(bool condition) {
  if (!condition) std::abort();
}

struct Parsed {
  std::vector<std::string> fields;
  std::int64_t line = 0;
  std::string error;

  bool operator==(const Parsed&) const = default;
};

struct Outcome {
  std::vector<Parsed> records;
  Status finish;
  std::int64_t bytes_consumed = 0;
};

void Drain(CsvParser& parser, std::vector<Parsed>& out) {
  CsvParser::Record record;
  std::string error;
  while (parser.Next(record, error)) out.push_back(Parsed{record.fields, record.line, error});
}

// Feeds the pieces of `input` cut at `cuts` (ascending offsets), then finishes.
Outcome Parse(std::string_view input, const std::vector<std::size_t>& cuts, char delimiter) {
  CsvParser parser(delimiter);
  Outcome outcome;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    parser.Feed(input.substr(from, cut - from));
    Drain(parser, outcome.records);
    from = cut;
  }
  parser.Feed(input.substr(from));
  outcome.finish = parser.Finish();
  Drain(parser, outcome.records);
  outcome.bytes_consumed = parser.bytes_consumed();
  return outcome;
}

bool SameOutcome(const Outcome& a, const Outcome& b) {
  return a.records == b.records && a.finish.ok() == b.finish.ok() &&
         a.finish.message() == b.finish.message() && a.bytes_consumed == b.bytes_consumed;
}

// FNV-1a: a split point that moves when the input does, without taking bytes
// away from the CSV (the seeds stay plain CSV files).
std::uint64_t Hash(std::string_view input) {
  std::uint64_t hash = 14695981039346656037u;
  for (char c : input) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211u;
  }
  return hash;
}

void CheckDelimiter(std::string_view input, char delimiter) {
  Outcome whole = Parse(input, {}, delimiter);

  std::size_t split = static_cast<std::size_t>(Hash(input) % (input.size() + 1));
  Check(SameOutcome(whole, Parse(input, {split}, delimiter)));
  std::vector<std::size_t> every_byte;
  for (std::size_t i = 1; i < input.size(); ++i) every_byte.push_back(i);
  Check(SameOutcome(whole, Parse(input, every_byte, delimiter)));

  std::int64_t physical_lines = 1;
  for (char c : input) physical_lines += c == '\n';
  std::int64_t last_line = 0;
  for (const Parsed& record : whole.records) {
    Check(record.line > last_line);
    Check(record.line <= physical_lines);
    Check(!record.fields.empty());
    last_line = record.line;
  }
  auto size = static_cast<std::int64_t>(input.size());
  if (whole.finish.ok()) {
    Check(whole.bytes_consumed == size);
  } else {
    Check(whole.bytes_consumed < size);
    Check(whole.finish.message().find("line ") != std::string::npos);
  }

  std::string written;
  std::vector<std::vector<std::string>> clean;
  for (const Parsed& record : whole.records) {
    if (!record.error.empty()) continue;
    AppendCsvRecord(record.fields, written, delimiter);
    clean.push_back(record.fields);
  }
  Outcome reread = Parse(written, {}, delimiter);
  Check(reread.finish.ok());
  Check(reread.records.size() == clean.size());
  for (std::size_t i = 0; i < clean.size(); ++i) {
    Check(reread.records[i].error.empty());
    Check(reread.records[i].fields == clean[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckDelimiter(input, ',');
  CheckDelimiter(input, ';');
  return 0;
}
