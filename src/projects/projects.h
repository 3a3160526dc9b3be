// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The projects service: research projects and their lifecycle, extracts
// built through the registry's one door, live purges when a person objects,
// the extract audit, and the researchers' sandboxed queries. The rules are
// in domain/project.h; this class stores, journals and writes files.
//
// Files, under the hub's projects/ folder:
//   <id>/workspace.db   the extract (OMOP tables, project person ids)
//   <id>/scratch.db     the researchers' scratch schema
//   <id>/manifest.json  the extract's manifest, extended by each purge
//
// Thread-safety: one thread at a time, except OnCommit, which the registry
// calls from a committing thread (it touches the store only under the
// registry's store lock).
#ifndef SOVHUB_PROJECTS_PROJECTS_H_
#define SOVHUB_PROJECTS_PROJECTS_H_

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "domain/project.h"
#include "journal/journal.h"
#include "registry/registry.h"
#include "store/sandbox.h"
#include "store/store.h"

namespace sovhub::projects {

struct ExtractReport {
  std::string project_id;
  std::uint64_t checkpoint_size = 0;
  std::string checkpoint_root;  // hex
  std::string cohort_hash;      // hex
  std::int64_t cohort_persons = 0;
  std::int64_t persons_withheld = 0;  // opposed at the checkpoint
  std::vector<store::ExtractTableCount> tables;
  double seconds = 0;
  std::filesystem::path workspace;
  std::string manifest_json;
};

struct PurgeReport {
  std::string project_id;
  std::uint64_t checkpoint_size = 0;
  std::int64_t persons = 0;  // opposed persons looked for
  std::vector<store::ExtractTableCount> rows_removed;
};

struct AuditReport {
  std::string project_id;
  std::uint64_t checkpoint_size = 0;
  std::int64_t opposed_persons = 0;
  // Rows of opposed persons found in the workspace, per table: empty when
  // the audit passes.
  std::vector<store::ExtractTableCount> rows_found;
  std::vector<std::string> problems;  // e.g. the manifest's root differs from the log's
  bool ok() const { return rows_found.empty() && problems.empty(); }
};

// A dummy workspace (BuildDummy): synthetic persons who all satisfy the
// project's population, in a file with the schema of its extract.
struct DummyReport {
  std::string project_id;
  std::int64_t persons = 0;  // generated, each selected by the population
  std::uint64_t seed = 0;
  std::string cohort_hash;  // hex
  std::vector<store::ExtractTableCount> tables;
  double seconds = 0;
  std::filesystem::path workspace;
  std::string manifest_json;
};

class Projects {
 public:
  Projects(store::Store& store, journal::Journal& journal, registry::Registry& registry, Clock& clock,
           const crypto::HmacSha256& hub_key, std::filesystem::path projects_dir);

  // A new project, as a draft. Conflict when the id exists.
  Result<project::Project> Create(std::string_view document_json, const std::string& actor);
  // Replaces a draft's or a submitted project's document (the approved
  // content is frozen). The id must match.
  Result<project::Project> Update(std::string_view document_json, const std::string& actor);
  // Applies a lifecycle action (domain/project.h decides).
  Result<project::Project> Apply(const std::string& id, project::Action action, const std::string& actor);

  Result<project::Project> Find(const std::string& id);
  Result<std::vector<project::Project>> List();

  // Closes every project past its end date (journaled "project.close" with
  // the reason); returns the ids closed. Called when the hub opens and
  // before every project operation.
  Result<std::vector<std::string>> CloseExpired();

  // The number of persons of a population at the latest state of the
  // warehouse (before oppositions).
  Result<std::int64_t> CountCohort(const cohort::Definition& population);

  // Builds the extract of an active project at the latest checkpoint or at
  // `checkpoint_size`: a new workspace.db (replacing the previous one
  // atomically), its manifest, a proj_extracts row, journaled
  // "extract.build".
  Result<ExtractReport> BuildExtract(const std::string& id, std::optional<std::uint64_t> checkpoint_size,
                                     const std::string& actor);

  // Removes from every active workspace the rows of the persons opposed at
  // `tree_size` (globally or for the project), records the purge in the
  // manifest and journals "workspace.purge". Idempotent.
  Result<std::vector<PurgeReport>> PurgeLiveWorkspaces(std::uint64_t tree_size);
  // The registry's commit listener: purges, and reports failures on stderr
  // (the next commit or the next opening of the hub purges again).
  void OnCommit(std::uint64_t tree_size);

  // Recomputes, for the manifest's checkpoint (its latest purge, else its
  // build), that no person opposed at it is in the workspace.
  Result<AuditReport> AuditExtract(const std::string& id);

  // A researcher's query on the project's workspace (docs/sandbox.md). A
  // closed project's workspace is read-only, scratch included.
  Result<store::QueryResult> Query(const std::string& id, std::string_view sql, const store::SandboxLimits& limits);

  // The project's person id for a pid: HMAC-SHA256 under a key derived from
  // the hub key and the project id, truncated to 62 bits (never 0).
  std::int64_t ProjectPersonId(const std::string& project_id, std::string_view pid) const;

  std::filesystem::path WorkspaceDir(const std::string& id) const { return projects_dir_ / id; }

 private:
  // The key of ProjectPersonId, derived once per extract, purge or audit.
  crypto::HmacSha256 ProjectKey(const std::string& project_id) const;
  static std::int64_t PersonIdUnder(const crypto::HmacSha256& project_key, std::string_view pid);

  Result<project::Project> Load(const std::string& id);
  Status Save(const project::Project& project, bool create, const std::string& actor, const std::string& action,
              const std::string& details);
  Result<PurgeReport> Purge(const project::Project& project, std::uint64_t tree_size);

  store::Store& store_;
  journal::Journal& journal_;
  registry::Registry& registry_;
  Clock& clock_;
  const crypto::HmacSha256& hub_key_;
  std::filesystem::path projects_dir_;
  std::mutex purge_mutex_;  // one purge at a time

 public:
  // Writes projects/<id>/dummy/workspace.db for researchers to develop on
  // before they see real data (docs/projects.md, "Dummy data"): `persons`
  // synthetic persons (cohort::Generate, with `seed`, events in the
  // project's period) who all satisfy the project's population, written
  // into a scratch hub database (projects/<id>/dummy/warehouse.db, deleted
  // afterwards) and extracted from it as BuildExtract does, with the
  // project's variables and period: the same tables and columns as the real
  // extract. Its manifest.json says it is dummy data. Any state but closed
  // (a draft may develop); journaled "workspace.dummy". Errors:
  // InvalidArgument from cohort::Generate (an unsatisfiable population,
  // named by its path), Conflict for a closed project, NotFound.
  Result<DummyReport> BuildDummy(const std::string& id, int persons, std::uint64_t seed, const std::string& actor);

  // Query, on the dummy workspace (and its own scratch schema,
  // projects/<id>/dummy/scratch.db). Any state; read-only when closed.
  // NotFound when the project has no dummy workspace yet.
  Result<store::QueryResult> QueryDummy(const std::string& id, std::string_view sql,
                                        const store::SandboxLimits& limits);
};

}  // namespace sovhub::projects

#endif  // SOVHUB_PROJECTS_PROJECTS_H_
