// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The release workflow (docs/releases.md): the only way an output leaves a
// project. A researcher submits an output from their workspace (a query
// result, or a CSV file made inside the workspace folder) with a
// description; the hub runs the gate (domain/release_gate.h) and disclosure
// control (control.h) at once; two checkers review independently; one
// decision follows. The rules are in domain/release.h; this class stores,
// journals and writes files.
//
// Files:
//   projects/<id>/outputs/<n>/submitted.csv          the output as submitted (never leaves)
//   projects/<id>/outputs/<n>/query.sql              the query of a query-result output
//   projects/<id>/outputs/<n>/protected.csv          the protected table (after control)
//   projects/<id>/outputs/<n>/disclosure-report.json its disclosure report
//   releases/<id>/<n>/                               the release store: approved outputs only
//       protected.csv, disclosure-report.json, release.json (who, when, hashes)
// The release store is written only by Decide, and only for an approved
// output: files are written in releases/<id>/.<n>.pending/ (each synced),
// the decision committed and journaled, then the folder renamed into place.
//
// Every step is journaled (release.submit, release.gate, release.control,
// release.review, release.decide) and so is every refused attempt by a
// person (release.denied), with the rule that refused it.
//
// Actors are project members known by name (`actor`), not authenticated yet
// (docs/threat-model.md). Thread-safety: one thread at a time.
#ifndef SOVHUB_RELEASES_RELEASES_H_
#define SOVHUB_RELEASES_RELEASES_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/release.h"
#include "domain/release_gate.h"
#include "journal/journal.h"
#include "projects/projects.h"
#include "registry/registry.h"
#include "releases/control.h"
#include "store/store.h"

namespace sovhub::releases {

struct Submission {
  std::string project_id;
  std::string actor;  // a project member's name, with the researcher role
  std::string description;
  OutputSpec spec;
  // Exactly one: SQL run in the project's sandbox (Projects::Query), or a
  // CSV file inside the project's workspace folder.
  std::optional<std::string> sql;
  std::optional<std::filesystem::path> file;
};

// An output with its reviews and decision.
struct OutputView {
  store::OutputRecord record;
  std::vector<store::ReviewRecord> reviews;
  std::optional<store::DecisionRecord> decision;
  std::filesystem::path folder;    // projects/<id>/outputs/<n>
  std::filesystem::path released;  // releases/<id>/<n>, when approved
};

class Releases {
 public:
  Releases(store::Store& store, journal::Journal& journal, registry::Registry& registry,
           projects::Projects& projects, Clock& clock, std::filesystem::path releases_dir,
           release::GateLimits limits = {});

  // Submits an output of an active project. The gate and disclosure control
  // run at once; an output they refuse is kept (state refused, with the
  // reason) and PermissionDenied (gate) or InvalidArgument (control) is
  // returned with that reason and the output's number. Refused before
  // anything is stored: PermissionDenied for a non-researcher or a file
  // outside the workspace folder (journaled release.denied), InvalidArgument
  // for a bad submission (no description, both or neither of sql and file,
  // no dimensions or count), the query's own errors, Conflict for a project
  // that is not active.
  Result<OutputView> Submit(const Submission& submission);

  // A checker's review. PermissionDenied / Conflict as domain/release.h
  // says (journaled release.denied); NotFound for an unknown output.
  Result<OutputView> Review(std::int64_t output_id, const std::string& actor, release::Verdict verdict,
                            const std::string& comment);

  // The decision, after two reviews. Approve copies the protected table and
  // its report to the release store. `reason` is required to reject.
  Result<OutputView> Decide(std::int64_t output_id, const std::string& actor, release::Verdict verdict,
                            const std::string& reason);

  Result<OutputView> Show(std::int64_t output_id);
  // Every output, or a project's (empty: all).
  Result<std::vector<store::OutputRecord>> List(const std::string& project_id);

  // The release store folder of an approved output: the one place an output
  // leaves from. Conflict when the output is not approved.
  Result<std::filesystem::path> ReleasedFolder(std::int64_t output_id);

  std::filesystem::path OutputFolder(const std::string& project_id, std::int64_t output_id) const;

 private:
  Result<OutputView> Load(std::int64_t output_id);
  Result<release::Actor> ActorOf(const std::string& project_id, const std::string& name);
  // Journals a refused attempt and returns `refusal`.
  Status Deny(const std::string& actor, const std::string& action, const std::string& object, const Status& refusal);
  // Reads the file or runs the query: the output as CSV text.
  Result<std::string> Fetch(const Submission& submission, std::string& file_name, std::string& source);
  // The project's outputs that are approved or in review, read back for the
  // joint audit (control.h, EarlierOutput).
  Result<std::vector<EarlierOutput>> EarlierOutputs(const std::string& project_id);
  // Which of `candidates` are person ids of the project's workspace.
  Result<std::set<std::int64_t>> PersonIdsAmong(const std::string& project_id,
                                                const std::set<std::int64_t>& candidates);

  store::Store& store_;
  journal::Journal& journal_;
  registry::Registry& registry_;
  projects::Projects& projects_;
  Clock& clock_;
  std::filesystem::path releases_dir_;
  release::GateLimits limits_;
};

}  // namespace sovhub::releases

#endif  // SOVHUB_RELEASES_RELEASES_H_
