// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes the cohort language's reader with arbitrary bytes. Besides crashes
// and sanitizer reports, it aborts when:
// - a refusal has no message or no path ("path: reason");
// - an accepted definition fails Validate, or its canonical text does not
//   read back to the same definition, or is not a fixed point;
// - compiling an accepted definition gives SQL whose placeholders do not
//   match its parameters (SQLite ?N, PostgreSQL $N).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cohort/cohort_json.h"
#include "cohort/cohort_sql.h"

namespace {

namespace cohort = sovhub::cohort;

void Check(bool condition) {
  if (!condition) std::abort();
}

// The highest N of the placeholders `marker`N in `sql`.
std::size_t HighestPlaceholder(const std::string& sql, char marker) {
  std::size_t highest = 0;
  for (std::size_t i = 0; i + 1 < sql.size(); ++i) {
    if (sql[i] != marker || sql[i + 1] < '0' || sql[i + 1] > '9') continue;
    std::size_t n = 0;
    for (std::size_t j = i + 1; j < sql.size() && sql[j] >= '0' && sql[j] <= '9'; ++j) {
      n = n * 10 + static_cast<std::size_t>(sql[j] - '0');
    }
    if (n > highest) highest = n;
  }
  return highest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sovhub::Result<cohort::Definition> parsed = cohort::ParseCohort(text);
  if (!parsed.ok()) {
    const std::string& message = parsed.status().message();
    Check(!message.empty());
    Check(message.find(": ") != std::string::npos);
    return 0;
  }
  Check(cohort::Validate(parsed.value()).ok());
  std::string canonical = cohort::CanonicalJson(parsed.value());
  sovhub::Result<cohort::Definition> again = cohort::ParseCohort(canonical);
  Check(again.ok());
  Check(again.value() == parsed.value());
  Check(cohort::CanonicalJson(again.value()) == canonical);
  for (const cohort::Dialect* dialect : {&cohort::SqliteDialect(), &cohort::PostgresDialect()}) {
    cohort::CompiledQuery query = cohort::Compile(parsed.value(), *dialect);
    Check(!query.sql.empty());
    Check(HighestPlaceholder(query.sql, dialect == &cohort::SqliteDialect() ? '?' : '$') ==
          query.params.size());
    cohort::CompiledQuery count = cohort::CompileCount(parsed.value(), *dialect);
    Check(!count.sql.empty());
  }
  return 0;
}
