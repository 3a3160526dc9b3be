// SPDX-License-Identifier: AGPL-3.0-or-later
#include "projects/projects.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cohort/cohort_json.h"
#include "core/bytes.h"
#include "core/civil_date.h"
#include "domain/dummy_cohort.h"
#include "files/atomic_file.h"
#include "projects/project_json.h"
#include "store/dummy_sqlite.h"
#include "store/sqlite.h"
#include "store/workspace_file.h"

namespace sovhub::projects {
namespace {

using json = nlohmann::json;

CivilDate Today(Clock& clock) {
  return CivilFromDays(clock.NowMillis() / 86'400'000);
}

json CountsJson(const std::vector<store::ExtractTableCount>& counts) {
  json object = json::object();
  for (const auto& c : counts) object[c.table] = c.rows;
  return object;
}

// Appends one journal entry in a transaction of its own.
Status JournalEntry(store::Store& store, journal::Journal& journal, const journal::Entry& entry) {
  SOVHUB_RETURN_IF_ERROR(store.Begin());
  auto appended = journal.Append(entry);
  if (!appended.ok()) {
    (void)store.Rollback();
    return appended.status();
  }
  SOVHUB_RETURN_IF_ERROR(store.Commit());
  return journal.AnchorHead();
}

Result<json> ReadManifest(const std::filesystem::path& path) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, files::ReadWholeFile(path, 64 << 20));
  json manifest = json::parse(text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object()) {
    return Status::Corruption(path.string() + " is not a JSON object");
  }
  return manifest;
}

}  // namespace

Projects::Projects(store::Store& store, journal::Journal& journal, registry::Registry& registry, Clock& clock,
                   const crypto::HmacSha256& hub_key, std::filesystem::path projects_dir)
    : store_(store),
      journal_(journal),
      registry_(registry),
      clock_(clock),
      hub_key_(hub_key),
      projects_dir_(std::move(projects_dir)) {}

crypto::HmacSha256 Projects::ProjectKey(const std::string& project_id) const {
  // A key per project, so that the same pid has unrelated ids in two
  // projects.
  return crypto::HmacSha256(hub_key_.Compute("sovhub project person id v1\n" + project_id));
}

std::int64_t Projects::PersonIdUnder(const crypto::HmacSha256& project_key, std::string_view pid) {
  // 62 bits leave a collision among a million persons at about 1e-7, and a
  // collision fails the extract rather than merging two persons.
  crypto::Sha256Digest digest = project_key.Compute(pid);
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | digest[i];
  value &= 0x3FFF'FFFF'FFFF'FFFFull;
  return value == 0 ? 1 : static_cast<std::int64_t>(value);
}

std::int64_t Projects::ProjectPersonId(const std::string& project_id, std::string_view pid) const {
  return PersonIdUnder(ProjectKey(project_id), pid);
}

Result<project::Project> Projects::Load(const std::string& id) {
  std::optional<store::ProjectRecord> record;
  Status locked1 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(record, store_.projects().FindProject(id));
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked1);
  if (!record) return Status::NotFound("no project " + id + " (sovhub projects list)");
  auto parsed = ParseProject(record->document);
  if (!parsed.ok()) return parsed.status().WithContext("stored project " + id);
  return parsed;
}

Status Projects::Save(const project::Project& p, bool create, const std::string& actor,
                      const std::string& action, const std::string& details) {
  return registry_.WithStoreLock([&]() -> Status {
    const std::string now = clock_.NowIso();
    store::ProjectRecord record{p.id, std::string(project::StateName(p.state)),
                                ProjectToJson(p, View::kFull), now, now};
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    Status saved = create ? store_.projects().InsertProject(record) : store_.projects().UpdateProject(record);
    if (saved.ok()) saved = journal_.Append({actor, action, "project/" + p.id, details}).status();
    if (!saved.ok()) {
      (void)store_.Rollback();
      return saved;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
}

Result<project::Project> Projects::Create(std::string_view document_json, const std::string& actor) {
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, ParseProject(document_json));
  if (p.state != project::State::kDraft) {
    return Status::InvalidArgument("state: a new project is a draft; its state changes by actions");
  }
  SOVHUB_RETURN_IF_ERROR(Save(p, true, actor, "project.create", json({{"title", p.title}}).dump()));
  return p;
}

Result<project::Project> Projects::Update(std::string_view document_json, const std::string& actor) {
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, ParseProject(document_json));
  SOVHUB_ASSIGN_OR_RETURN(project::Project current, Load(p.id));
  if (current.state != project::State::kDraft && current.state != project::State::kSubmitted) {
    return Status::Conflict("project " + p.id + " is " + std::string(project::StateName(current.state)) +
                            ": its approved content cannot change");
  }
  p.state = current.state;
  SOVHUB_RETURN_IF_ERROR(Save(p, false, actor, "project.update", json({{"title", p.title}}).dump()));
  return p;
}

Result<project::Project> Projects::Apply(const std::string& id, project::Action action, const std::string& actor) {
  SOVHUB_RETURN_IF_ERROR(CloseExpired().status());
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Load(id));
  const project::State from = p.state;
  SOVHUB_ASSIGN_OR_RETURN(p.state, project::NextState(p, action, Today(clock_)));
  SOVHUB_RETURN_IF_ERROR(Save(p, false, actor, "project." + std::string(project::ActionName(action)),
                              json({{"from", project::StateName(from)}, {"to", project::StateName(p.state)}})
                                  .dump()));
  return p;
}

Result<project::Project> Projects::Find(const std::string& id) {
  SOVHUB_RETURN_IF_ERROR(CloseExpired().status());
  return Load(id);
}

Result<std::vector<project::Project>> Projects::List() {
  SOVHUB_RETURN_IF_ERROR(CloseExpired().status());
  std::vector<store::ProjectRecord> records;
  Status locked2 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(records, store_.projects().ListProjects());
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked2);
  std::vector<project::Project> projects;
  for (const auto& record : records) {
    auto parsed = ParseProject(record.document);
    if (!parsed.ok()) return parsed.status().WithContext("stored project " + record.id);
    projects.push_back(std::move(*parsed));
  }
  return projects;
}

Result<std::vector<std::string>> Projects::CloseExpired() {
  std::vector<store::ProjectRecord> records;
  Status locked3 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(records, store_.projects().ListProjects());
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked3);
  std::vector<std::string> closed;
  const CivilDate today = Today(clock_);
  for (const auto& record : records) {
    if (record.state == "closed") continue;
    auto parsed = ParseProject(record.document);
    if (!parsed.ok()) return parsed.status().WithContext("stored project " + record.id);
    if (!project::IsPastEnd(*parsed, today)) continue;
    const project::State from = parsed->state;
    parsed->state = project::State::kClosed;
    SOVHUB_RETURN_IF_ERROR(Save(*parsed, false, "sovhub", "project.close",
                                json({{"from", project::StateName(from)},
                                      {"to", "closed"},
                                      {"reason", "end date " + ToIsoString(parsed->end_date) + " passed"}})
                                    .dump()));
    closed.push_back(record.id);
  }
  return closed;
}

Result<std::int64_t> Projects::CountCohort(const cohort::Definition& population) {
  std::int64_t count = 0;
  Status locked4 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(count, store_.projects().CountCohort(population));
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked4);
  return count;
}

Result<ExtractReport> Projects::BuildExtract(const std::string& id, std::optional<std::uint64_t> checkpoint_size,
                                             const std::string& actor) {
  auto started = std::chrono::steady_clock::now();
  SOVHUB_RETURN_IF_ERROR(CloseExpired().status());
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Load(id));
  if (p.state != project::State::kActive) {
    return Status::Conflict("project " + id + " is " + std::string(project::StateName(p.state)) +
                            ": only an active project gets an extract");
  }
  SOVHUB_ASSIGN_OR_RETURN(auto reader, registry_.OpenProjectReader(id, checkpoint_size, {}));
  const std::filesystem::path dir = WorkspaceDir(id);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IoError("cannot create " + dir.string() + ": " + error.message());
  const std::filesystem::path building = dir / "workspace.db.building";
  std::filesystem::remove(building, error);
  std::filesystem::remove(dir / "workspace.db.building-journal", error);

  store::ExtractSpec spec{building, p.population, p.variables, ToIsoString(p.period_from),
                          ToIsoString(p.period_to)};
  const crypto::HmacSha256 project_key = ProjectKey(id);
  // Who the extract admits, by project person id, recorded with it for the
  // right of access (docs/rights.md, "Access export").
  std::vector<std::int64_t> admitted;
  auto written = reader->WriteExtract(spec, [&](std::string_view pid) {
    admitted.push_back(PersonIdUnder(project_key, pid));
    return admitted.back();
  });
  if (!written.ok()) {
    std::filesystem::remove(building, error);
    return written.status().WithContext("building the extract of " + id);
  }
  // Sorted once: distinct ids are checked here, and the members are recorded
  // in this order (AddExtractPersons).
  std::sort(admitted.begin(), admitted.end());
  if (std::adjacent_find(admitted.begin(), admitted.end()) != admitted.end()) {
    std::filesystem::remove(building, error);
    return Status::Internal("building the extract of " + id + ": two persons got the same project person id");
  }

  ExtractReport report;
  report.project_id = id;
  report.checkpoint_size = reader->checkpoint_size();
  report.checkpoint_root = ToHex(reader->checkpoint_root());
  report.cohort_hash = ToHex(crypto::Sha256(cohort::CanonicalJson(p.population)));
  report.cohort_persons = written->cohort_persons;
  report.persons_withheld = written->persons_withheld;
  report.tables = written->tables;
  report.workspace = dir / "workspace.db";
  json variables = json::object();
  for (const auto& [table, columns] : p.variables) variables[table] = columns;
  const std::string built_at = clock_.NowIso();

  // The file is complete and synced before it replaces the previous one.
  SOVHUB_RETURN_IF_ERROR(files::CommitRename(building, report.workspace));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  json manifest = {
      {"project", id},
      {"built_at", built_at},
      {"checkpoint", {{"size", report.checkpoint_size}, {"root", report.checkpoint_root}}},
      {"cohort_hash", report.cohort_hash},
      {"cohort_persons", report.cohort_persons},
      {"persons_withheld", report.persons_withheld},
      {"persons", report.cohort_persons - report.persons_withheld},
      {"tables", CountsJson(report.tables)},
      {"variables", variables},
      {"period", {{"from", spec.period_from}, {"to", spec.period_to}}},
      {"seconds", report.seconds},
      {"purges", json::array()},
      {"purged_through", report.checkpoint_size},
  };
  report.manifest_json = manifest.dump(2);
  SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(dir / "manifest.json", report.manifest_json + "\n"));
  Status locked5 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    store::ExtractRecord record{0, id, built_at, report.checkpoint_size, report.checkpoint_root,
                                report.cohort_hash, report.manifest_json};
    Result<std::int64_t> extract_id = store_.projects().AddExtract(record);
    Status stored = extract_id.status();
    if (stored.ok()) stored = store_.rights().AddExtractPersons(*extract_id, admitted);
    if (stored.ok()) {
      stored = journal_
                   .Append({actor, "extract.build", "project/" + id,
                            json({{"checkpoint_size", report.checkpoint_size},
                                  {"checkpoint_root", report.checkpoint_root},
                                  {"cohort_hash", report.cohort_hash},
                                  {"persons", report.cohort_persons - report.persons_withheld},
                                  {"tables", CountsJson(report.tables)}})
                                .dump()})
                   .status();
    }
    if (!stored.ok()) {
      (void)store_.Rollback();
      return stored;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
  SOVHUB_RETURN_IF_ERROR(locked5);
  // A build pinned to an older checkpoint is reproducible, but the
  // workspace never holds a person opposed by now: purged at once to the
  // latest checkpoint (recorded in the manifest as a purge).
  SOVHUB_ASSIGN_OR_RETURN(store::CheckpointRecord latest, registry_.LatestCheckpoint());
  if (latest.size > report.checkpoint_size) {
    std::lock_guard lock(purge_mutex_);
    SOVHUB_RETURN_IF_ERROR(Purge(p, latest.size).status());
    SOVHUB_ASSIGN_OR_RETURN(std::string text, files::ReadWholeFile(dir / "manifest.json", 64 << 20));
    report.manifest_json = text;
  }
  return report;
}

Result<PurgeReport> Projects::Purge(const project::Project& p, std::uint64_t tree_size) {
  PurgeReport report;
  report.project_id = p.id;
  report.checkpoint_size = tree_size;
  const std::filesystem::path dir = WorkspaceDir(p.id);
  SOVHUB_ASSIGN_OR_RETURN(json manifest, ReadManifest(dir / "manifest.json"));
  const std::uint64_t through = manifest.value("purged_through", std::uint64_t{0});
  if (through >= tree_size) return report;  // already purged at this size

  SOVHUB_ASSIGN_OR_RETURN(registry::OpposedSet opposed, registry_.Opposed(p.id, tree_size));
  std::vector<std::int64_t> ids;
  ids.reserve(opposed.size());
  const crypto::HmacSha256 project_key = ProjectKey(p.id);
  opposed.ForEach([&](std::string_view pid) { ids.push_back(PersonIdUnder(project_key, pid)); });
  report.persons = static_cast<std::int64_t>(ids.size());
  SOVHUB_ASSIGN_OR_RETURN(report.rows_removed, store::PurgeWorkspace(dir / "workspace.db", ids));
  SOVHUB_ASSIGN_OR_RETURN(merkle::Hash root, registry_.RootAt(tree_size));

  const std::string at = clock_.NowIso();
  json purge = {{"at", at},
                {"checkpoint", {{"size", tree_size}, {"root", ToHex(root)}}},
                {"persons_opposed", report.persons},
                {"rows_removed", CountsJson(report.rows_removed)}};
  manifest["purges"].push_back(purge);
  manifest["purged_through"] = tree_size;
  SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(dir / "manifest.json", manifest.dump(2) + "\n"));
  Status locked6 = registry_.WithStoreLock([&]() {
    return JournalEntry(store_, journal_, {"sovhub", "workspace.purge", "project/" + p.id, purge.dump()});
  });
  SOVHUB_RETURN_IF_ERROR(locked6);
  return report;
}

Result<std::vector<PurgeReport>> Projects::PurgeLiveWorkspaces(std::uint64_t tree_size) {
  std::lock_guard lock(purge_mutex_);
  std::vector<store::ProjectRecord> records;
  Status locked7 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(records, store_.projects().ListProjects());
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked7);
  std::vector<PurgeReport> reports;
  for (const auto& record : records) {
    // Closed workspaces are purged too: read-only for researchers, they
    // still hold rows until the operator deletes them.
    if (record.state != "active" && record.state != "closed") continue;
    if (!std::filesystem::exists(WorkspaceDir(record.id) / "manifest.json")) continue;
    auto parsed = ParseProject(record.document);
    if (!parsed.ok()) return parsed.status().WithContext("stored project " + record.id);
    SOVHUB_ASSIGN_OR_RETURN(PurgeReport report, Purge(*parsed, tree_size));
    reports.push_back(std::move(report));
  }
  return reports;
}

void Projects::OnCommit(std::uint64_t tree_size) {
  auto purged = PurgeLiveWorkspaces(tree_size);
  if (!purged.ok()) {
    std::cerr << "sovhub: purging live workspaces at checkpoint " << tree_size
              << " failed (retried at the next registration and when the hub opens): "
              << purged.status().ToString() << "\n";
  }
}

Result<AuditReport> Projects::AuditExtract(const std::string& id) {
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Load(id));
  const std::filesystem::path dir = WorkspaceDir(id);
  if (!std::filesystem::exists(dir / "manifest.json")) {
    return Status::NotFound("project " + id + " has no extract (sovhub extract build --project " + id + ")");
  }
  SOVHUB_ASSIGN_OR_RETURN(json manifest, ReadManifest(dir / "manifest.json"));
  AuditReport report;
  report.project_id = id;
  // The latest checkpoint the workspace claims to honour, and its root.
  std::uint64_t size = 0;
  std::string root;
  try {
    size = manifest.at("checkpoint").at("size").get<std::uint64_t>();
    root = manifest.at("checkpoint").at("root").get<std::string>();
    for (const json& purge : manifest.at("purges")) {
      std::uint64_t purged = purge.at("checkpoint").at("size").get<std::uint64_t>();
      if (purged >= size) {
        size = purged;
        root = purge.at("checkpoint").at("root").get<std::string>();
      }
    }
  } catch (const json::exception& error) {
    return Status::Corruption((dir / "manifest.json").string() + ": " + error.what());
  }
  report.checkpoint_size = size;
  auto logged = registry_.RootAt(size);
  if (!logged.ok()) {
    report.problems.push_back("checkpoint " + std::to_string(size) + " of the manifest is not in the log: " +
                              logged.status().message());
    return report;
  }
  if (ToHex(*logged) != root) {
    report.problems.push_back("the manifest's root for checkpoint " + std::to_string(size) +
                              " differs from the log's");
  }
  SOVHUB_ASSIGN_OR_RETURN(registry::OpposedSet opposed, registry_.Opposed(id, size));
  std::vector<std::int64_t> ids;
  const crypto::HmacSha256 project_key = ProjectKey(id);
  opposed.ForEach([&](std::string_view pid) { ids.push_back(PersonIdUnder(project_key, pid)); });
  report.opposed_persons = static_cast<std::int64_t>(ids.size());
  SOVHUB_ASSIGN_OR_RETURN(report.rows_found, store::FindPersonRows(dir / "workspace.db", ids));
  return report;
}

Result<store::QueryResult> Projects::Query(const std::string& id, std::string_view sql,
                                           const store::SandboxLimits& limits) {
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Find(id));
  if (p.state != project::State::kActive && p.state != project::State::kClosed) {
    return Status::Conflict("project " + id + " is " + std::string(project::StateName(p.state)) +
                            ": it has no workspace yet");
  }
  const std::filesystem::path dir = WorkspaceDir(id);
  if (!std::filesystem::exists(dir / "workspace.db")) {
    return Status::NotFound("project " + id + " has no extract yet (sovhub extract build --project " + id + ")");
  }
  store::SandboxLimits effective = limits;
  effective.read_only = limits.read_only || p.state == project::State::kClosed;
  SOVHUB_ASSIGN_OR_RETURN(auto sandbox, store::Sandbox::Open(dir / "workspace.db", dir / "scratch.db", effective));
  return sandbox->Query(sql);
}

namespace {

// A SQLite file and the journal files beside it.
void RemoveDatabaseFiles(const std::filesystem::path& path) {
  std::error_code error;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, error);
  }
}

}  // namespace

Result<DummyReport> Projects::BuildDummy(const std::string& id, int persons, std::uint64_t seed,
                                         const std::string& actor) {
  auto started = std::chrono::steady_clock::now();
  SOVHUB_RETURN_IF_ERROR(CloseExpired().status());
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Load(id));
  if (p.state == project::State::kClosed) {
    return Status::Conflict("project " + id + " is closed: it gets no new dummy workspace");
  }
  auto population = cohort::Generate(
      p.population, {.persons = persons, .seed = seed, .from = p.period_from, .to = p.period_to});
  if (!population.ok()) return population.status().WithContext("the cohort of " + id);

  const std::filesystem::path dir = WorkspaceDir(id) / "dummy";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IoError("cannot create " + dir.string() + ": " + error.message());
  // The scratch warehouse exists only while the workspace is written from it.
  const std::filesystem::path warehouse = dir / "warehouse.db";
  const std::filesystem::path building = dir / "workspace.db.building";
  RemoveDatabaseFiles(warehouse);
  RemoveDatabaseFiles(building);
  store::ExtractSpec spec{building, p.population, p.variables, ToIsoString(p.period_from),
                          ToIsoString(p.period_to)};
  auto written = [&]() -> Result<store::ExtractWritten> {
    SOVHUB_ASSIGN_OR_RETURN(auto scratch, store::OpenSqliteStore(warehouse, {.create = true, .now = clock_.NowIso()}));
    {
      SOVHUB_ASSIGN_OR_RETURN(store::Database db, store::Database::Open(warehouse, {}));
      SOVHUB_RETURN_IF_ERROR(store::InsertDummyPopulation(db, *population));
    }
    // Project person ids as a real extract has them (the pids are dummy).
    const crypto::HmacSha256 project_key = ProjectKey(id);
    return scratch->projects().WriteExtract(spec, [&](const store::CohortMember& member) {
      return Result<std::optional<std::int64_t>>(PersonIdUnder(project_key, member.pid));
    });
  }();
  RemoveDatabaseFiles(warehouse);
  if (written.ok() && written->cohort_persons != persons) {
    written = Status::Internal("the " + std::to_string(persons) + " dummy persons of " + id + " gave a cohort of " +
                               std::to_string(written->cohort_persons) + ": a bug of the generator");
  }
  if (!written.ok()) {
    RemoveDatabaseFiles(building);
    return written.status().WithContext("building the dummy workspace of " + id);
  }

  DummyReport report;
  report.project_id = id;
  report.persons = written->cohort_persons;
  report.seed = seed;
  report.cohort_hash = ToHex(crypto::Sha256(cohort::CanonicalJson(p.population)));
  report.tables = written->tables;
  report.workspace = dir / "workspace.db";
  SOVHUB_RETURN_IF_ERROR(files::CommitRename(building, report.workspace));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  json variables = json::object();
  for (const auto& [table, columns] : p.variables) variables[table] = columns;
  json manifest = {
      {"dummy", true},
      {"notice", "Synthetic persons generated from the project's cohort definition: no real person's data. "
                 "Same tables and columns as the project's extract."},
      {"project", id},
      {"built_at", clock_.NowIso()},
      {"seed", seed},
      {"persons", report.persons},
      {"cohort_hash", report.cohort_hash},
      {"tables", CountsJson(report.tables)},
      {"variables", variables},
      {"period", {{"from", spec.period_from}, {"to", spec.period_to}}},
      {"seconds", report.seconds},
  };
  report.manifest_json = manifest.dump(2);
  SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(dir / "manifest.json", report.manifest_json + "\n"));
  SOVHUB_RETURN_IF_ERROR(registry_.WithStoreLock([&]() {
    return JournalEntry(store_, journal_,
                        {actor, "workspace.dummy", "project/" + id,
                         json({{"persons", report.persons},
                               {"seed", seed},
                               {"cohort_hash", report.cohort_hash},
                               {"tables", CountsJson(report.tables)}})
                             .dump()});
  }));
  return report;
}

Result<store::QueryResult> Projects::QueryDummy(const std::string& id, std::string_view sql,
                                                const store::SandboxLimits& limits) {
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, Find(id));
  const std::filesystem::path dir = WorkspaceDir(id) / "dummy";
  if (!std::filesystem::exists(dir / "workspace.db")) {
    return Status::NotFound("project " + id + " has no dummy workspace yet (sovhub workspace dummy --project " + id +
                            ")");
  }
  store::SandboxLimits effective = limits;
  effective.read_only = limits.read_only || p.state == project::State::kClosed;
  SOVHUB_ASSIGN_OR_RETURN(auto sandbox, store::Sandbox::Open(dir / "workspace.db", dir / "scratch.db", effective));
  return sandbox->Query(sql);
}

}  // namespace sovhub::projects
