// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Releases::Submit: fetching the output, the gate, disclosure control, and
// recording it all in one transaction.
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/bytes.h"
#include "crypto/hmac_sha256.h"
#include "domain/disclosure/csv_line.h"
#include "files/atomic_file.h"
#include "releases/releases.h"

namespace sovhub::releases {
namespace {

using json = nlohmann::json;

// Person ids are looked up in the workspace this many at a time (SQLite's
// default limit on a statement's length is far above it).
constexpr std::size_t kLookupChunk = 500;

// The output as the gate sees it; a malformed line becomes a gate problem.
release::GateInput ParseOutput(std::string_view csv, const std::string& file_name, const OutputSpec& spec,
                               std::vector<std::string>& malformed) {
  release::GateInput input;
  input.file_name = file_name;
  input.bytes = static_cast<std::int64_t>(csv.size());
  input.dimensions = spec.dimensions;
  input.count_column = spec.count_column;
  input.value_column = spec.value_column;
  input.top_columns = spec.top_columns;
  std::vector<std::string_view> lines = disclosure::SplitLines(csv);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto fields = disclosure::SplitCsvLine(lines[i]);
    if (!fields.ok()) {
      malformed.push_back(file_name + ":" + std::to_string(i + 1) + ": " + fields.status().message());
      continue;
    }
    if (i == 0) input.header = std::move(*fields);
    else input.rows.push_back(std::move(*fields));
  }
  return input;
}

std::string QueryResultCsv(const store::QueryResult& result) {
  std::string csv;
  for (std::size_t c = 0; c < result.columns.size(); ++c) {
    csv += (c ? "," : "") + disclosure::CsvField(result.columns[c]);
  }
  csv += "\n";
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      csv += (c ? "," : "") + (row[c] ? disclosure::CsvField(*row[c]) : std::string());
    }
    csv += "\n";
  }
  return csv;
}

// True when `path` is `folder` or inside it (both canonical).
bool IsInside(const std::filesystem::path& path, const std::filesystem::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

}  // namespace

Result<std::string> Releases::Fetch(const Submission& submission, std::string& file_name, std::string& source) {
  if (submission.sql) {
    store::SandboxLimits limits;
    // One row over the gate's limit, so the gate names the limit.
    limits.max_rows = limits_.max_rows + 1;
    limits.max_result_bytes = limits_.max_bytes * 2;
    auto result = projects_.Query(submission.project_id, *submission.sql, limits);
    if (!result.ok()) return result.status().WithContext("the output's query");
    file_name = "query.csv";
    source = *submission.sql;
    return QueryResultCsv(*result);
  }
  // A file: only from inside the project's workspace folder, symbolic links
  // resolved, so that nothing from outside the environment passes through
  // the release store.
  std::error_code error;
  const std::filesystem::path workspace = std::filesystem::canonical(projects_.WorkspaceDir(submission.project_id), error);
  if (error) return Status::NotFound("project " + submission.project_id + " has no workspace folder yet");
  const std::filesystem::path path = std::filesystem::canonical(*submission.file, error);
  if (error) return Status::NotFound(submission.file->string() + ": " + error.message());
  if (!IsInside(path, workspace) || path == workspace) {
    return Deny(submission.actor, "submit", "project/" + submission.project_id,
                Status::PermissionDenied(submission.file->string() + " is outside the project's workspace folder " +
                                         workspace.string() +
                                         ": only files made inside the environment may be submitted"));
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::InvalidArgument(submission.file->string() + " is not a regular file");
  }
  file_name = path.filename().string();
  source = path.string();
  if (path.extension() != ".csv" && path.extension() != ".CSV") {
    return Deny(submission.actor, "submit", "project/" + submission.project_id,
                Status::PermissionDenied("the release gate refuses " + file_name +
                                         ": only CSV files leave the hub (a table with a header line)"));
  }
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > static_cast<std::uintmax_t>(limits_.max_bytes)) {
    // Not even read: an output is an aggregate table.
    return Deny(submission.actor, "submit", "project/" + submission.project_id,
                Status::PermissionDenied("the release gate refuses " + file_name + ": " + std::to_string(size) +
                                         " bytes: more than the limit of " + std::to_string(limits_.max_bytes)));
  }
  return files::ReadWholeFile(path, static_cast<std::size_t>(limits_.max_bytes) + 1);
}

Result<std::set<std::int64_t>> Releases::PersonIdsAmong(const std::string& project_id,
                                                        const std::set<std::int64_t>& candidates) {
  std::set<std::int64_t> found;
  std::vector<std::int64_t> all(candidates.begin(), candidates.end());
  for (std::size_t start = 0; start < all.size(); start += kLookupChunk) {
    std::ostringstream sql;
    sql << "SELECT DISTINCT person_id FROM person WHERE person_id IN (";
    for (std::size_t i = start; i < std::min(all.size(), start + kLookupChunk); ++i) sql << (i > start ? "," : "") << all[i];
    sql << ")";
    store::SandboxLimits limits;
    limits.read_only = true;
    auto result = projects_.Query(project_id, sql.str(), limits);
    if (!result.ok()) return result.status().WithContext("looking for the project's person ids in the output");
    for (const auto& row : result->rows) {
      if (row.size() == 1 && row[0]) found.insert(std::stoll(*row[0]));
    }
  }
  return found;
}

Result<std::vector<EarlierOutput>> Releases::EarlierOutputs(const std::string& project_id) {
  SOVHUB_ASSIGN_OR_RETURN(std::vector<store::OutputRecord> outputs, List(project_id));
  std::vector<EarlierOutput> earlier;
  for (const store::OutputRecord& record : outputs) {
    SOVHUB_ASSIGN_OR_RETURN(release::State state, release::ParseState(record.state));
    // Refused and rejected outputs never leave; the others may, or have.
    if (state == release::State::kRefused || state == release::State::kRejected || record.protected_hash.empty()) {
      continue;
    }
    EarlierOutput output;
    output.id = record.id;
    const json spec = json::parse(record.spec, nullptr, false);
    if (spec.is_discarded()) return Status::Internal("output " + std::to_string(record.id) + ": its spec is not JSON");
    output.spec.dimensions = spec.value("dimensions", std::vector<std::string>{});
    output.spec.count_column = spec.value("count", std::string());
    output.spec.value_column = spec.value("value", std::string());
    output.spec.threshold = spec.value("threshold", std::int64_t{10});
    output.spec.top_columns = spec.value("top", std::vector<std::string>{});
    output.spec.p_percent = spec.value("p_percent", 0.0);
    output.spec.dominance = spec.value("nk", std::vector<std::pair<int, double>>{});
    const std::filesystem::path folder = OutputFolder(project_id, record.id);
    const auto limit = static_cast<std::size_t>(limits_.max_bytes) + 1;
    SOVHUB_ASSIGN_OR_RETURN(output.submitted_csv, files::ReadWholeFile(folder / "submitted.csv", limit));
    SOVHUB_ASSIGN_OR_RETURN(output.protected_csv, files::ReadWholeFile(folder / "protected.csv", limit));
    if (ToHex(crypto::Sha256(output.protected_csv)) != record.protected_hash) {
      return Status::Internal(folder.string() + "/protected.csv does not match the hash recorded at its control");
    }
    earlier.push_back(std::move(output));
  }
  return earlier;
}

Result<OutputView> Releases::Submit(const Submission& s) {
  if (s.description.empty()) return Status::InvalidArgument("an output needs a description (--description)");
  if (s.sql.has_value() == s.file.has_value()) return Status::InvalidArgument("give a query or a file, not both");
  SOVHUB_RETURN_IF_ERROR(CheckSpec(s.spec));
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, projects_.Find(s.project_id));
  if (p.state != project::State::kActive) {
    return Status::Conflict("project " + p.id + " is " + std::string(project::StateName(p.state)) +
                            ": only an active project submits outputs");
  }
  SOVHUB_ASSIGN_OR_RETURN(release::Actor actor, ActorOf(p.id, s.actor));
  Status may = release::MaySubmit(actor);
  if (!may.ok()) return Deny(s.actor, "submit", "project/" + p.id, may);

  std::string file_name, source;
  SOVHUB_ASSIGN_OR_RETURN(std::string csv, Fetch(s, file_name, source));
  std::vector<std::string> malformed;
  release::GateInput input = ParseOutput(csv, file_name, s.spec, malformed);
  std::set<std::int64_t> person_ids;
  if (input.bytes <= limits_.max_bytes) {
    SOVHUB_ASSIGN_OR_RETURN(person_ids, PersonIdsAmong(p.id, release::WholeNumberCells(input)));
  }
  Status gate = release::CheckGate(input, limits_, person_ids);
  if (!malformed.empty()) {
    std::string lines;
    for (const std::string& line : malformed) lines += "\n  " + line;
    gate = Status::PermissionDenied((gate.ok() ? "the release gate refuses " + file_name + ":" : gate.message()) + lines);
  }

  // The steps of domain/release.h, run in memory; stored once.
  const release::Actor hub{true, "sovhub", {}};
  release::OutputFacts facts{release::State::kSubmitted, s.actor, {}};
  std::optional<ControlledOutput> controlled;
  Status control = Status::Ok();
  SOVHUB_ASSIGN_OR_RETURN(facts.state, release::Next(facts, gate.ok() ? release::Action::kPassGate
                                                                      : release::Action::kRefuseGate, hub));
  if (gate.ok()) {
    SOVHUB_ASSIGN_OR_RETURN(std::vector<EarlierOutput> earlier, EarlierOutputs(p.id));
    auto done = ControlOutput(csv, file_name, s.spec, earlier);
    if (done.ok()) controlled = std::move(*done);
    else control = done.status();
    SOVHUB_ASSIGN_OR_RETURN(facts.state, release::Next(facts, control.ok() ? release::Action::kControl
                                                                           : release::Action::kFailControl, hub));
  }

  const std::string now = clock_.NowIso();
  store::OutputRecord record;
  record.project_id = p.id;
  record.submitter = s.actor;
  record.description = s.description;
  record.kind = s.sql ? "query" : "file";
  record.source = source;
  record.state = std::string(release::StateName(facts.state));
  record.reason = !gate.ok() ? gate.message() : (!control.ok() ? control.message() : "");
  record.spec = json({{"dimensions", s.spec.dimensions},
                      {"count", s.spec.count_column},
                      {"value", s.spec.value_column},
                      {"threshold", s.spec.threshold},
                      {"top", s.spec.top_columns},
                      {"p_percent", s.spec.p_percent},
                      {"nk", s.spec.dominance}})
                    .dump();
  record.file_hash = ToHex(crypto::Sha256(csv));
  if (controlled) {
    record.protected_hash = ToHex(crypto::Sha256(controlled->protected_csv));
    record.report = controlled->report_json;
  }
  record.created_at = record.updated_at = now;

  Status locked1 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    auto stored = [&]() -> Status {
      SOVHUB_ASSIGN_OR_RETURN(record.id, store_.releases().InsertOutput(record));
      const std::filesystem::path folder = OutputFolder(p.id, record.id);
      std::error_code error;
      std::filesystem::create_directories(folder, error);
      if (error) return Status::IoError("cannot create " + folder.string() + ": " + error.message());
      if (input.bytes <= limits_.max_bytes) SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(folder / "submitted.csv", csv));
      if (s.sql) SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(folder / "query.sql", *s.sql + "\n"));
      if (controlled) {
        SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(folder / "protected.csv", controlled->protected_csv));
        SOVHUB_RETURN_IF_ERROR(
            files::WriteFileAtomically(folder / "disclosure-report.json", controlled->report_json + "\n"));
      }
      const std::string object = "release/" + std::to_string(record.id);
      SOVHUB_RETURN_IF_ERROR(journal_.Append({s.actor, "release.submit", object,
                                              json({{"project", p.id},
                                                    {"kind", record.kind},
                                                    {"description", s.description},
                                                    {"file_hash", record.file_hash}})
                                                  .dump()})
                                 .status());
      SOVHUB_RETURN_IF_ERROR(journal_.Append({"sovhub", "release.gate", object,
                                              json({{"passed", gate.ok()}, {"reason", gate.ok() ? "" : gate.message()}})
                                                  .dump()})
                                 .status());
      if (gate.ok()) {
        json details = {{"passed", control.ok()}};
        if (controlled) {
          details["cells"] = controlled->cells;
          details["primary"] = controlled->primary;
          details["secondary"] = controlled->secondary;
          details["protected_hash"] = record.protected_hash;
          details["linked_outputs"] = controlled->linked;
        } else {
          details["reason"] = control.message();
        }
        SOVHUB_RETURN_IF_ERROR(journal_.Append({"sovhub", "release.control", object, details.dump()}).status());
      }
      return Status::Ok();
    }();
    if (!stored.ok()) {
      (void)store_.Rollback();
      return stored;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
  SOVHUB_RETURN_IF_ERROR(locked1);
  const std::string kept = "\n(output " + std::to_string(record.id) + " kept as refused: sovhub release show " +
                           std::to_string(record.id) + ")";
  if (!gate.ok()) return Status::PermissionDenied(gate.message() + kept);
  if (!control.ok()) return Status::InvalidArgument("disclosure control refuses the output: " + control.message() + kept);
  return Load(record.id);
}

}  // namespace sovhub::releases
