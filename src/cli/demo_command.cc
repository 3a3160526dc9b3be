// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub demo`: the whole path on synthetic data, both sides shown — the data
// producer (raw NIRs, its own key) and the hub (which never sees a NIR).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render.h"
#include "core/civil_date.h"
#include "crypto/key_file.h"
#include "files/atomic_file.h"
#include "registry/receipt.h"
#include "registry/request.h"
#include "hub/hub.h"
#include "domain/project.h"
#include "ingest/schema_json.h"
#include "producer/pseudonymize.h"
#include "synth/synth.h"

namespace sovhub::cli {
namespace {

constexpr const char* kMarker = ".sovhub-demo";

// Step 6: three persons object (two to all research, one to a project); the
// producer makes each request, the hub registers it, the citizen gets a
// receipt. Returns how many, or -1 after printing the error.
int RegisterDemoOppositions(const std::filesystem::path& dir, const std::filesystem::path& identities,
                            const std::filesystem::path& source_key_file, hub::Hub& hub) {
  std::cout << "6. Citizens object to research use; each gets a receipt (" << (dir / "citizens").string()
            << ")\n";
  auto key = crypto::ReadKeyFile(source_key_file);
  if (!key.ok()) {
      Fail(key.status());
      return -1;
    }
  crypto::HmacSha256 source_key(*key);
  crypto::SystemRandom random;
  std::ifstream in(identities);
  std::string line;
  std::getline(in, line);  // NIR,BIRTH_DATE,SEX
  std::error_code error;
  std::filesystem::create_directories(dir / "citizens", error);
  int made = 0;
  std::string first_receipt;
  int first_line = 0;
  for (int line_number = 2; made < 3 && std::getline(in, line); ++line_number) {
    std::size_t c1 = line.find(','), c2 = line.rfind(',');
    if (c1 == std::string::npos || c2 == c1) continue;
    auto birth = ParseIsoDate(line.substr(c1 + 1, c2 - c1 - 1));
    if (!birth.ok()) continue;
    std::string scope = made == 2 ? opposition::ProjectScope("demo-diabetes")
                                  : std::string(opposition::kScopeAll);
    auto request = registry::MakeRequest(opposition::Event::kRegister, scope, line.substr(0, c1),
                                         *birth, std::atoi(line.c_str() + c2 + 1), source_key, random);
    if (!request.ok()) continue;  // an identity line the generator damaged on purpose
    auto ack = hub.registry().Submit(*request);
    if (!ack.ok()) {
      Fail(ack.status());
      return -1;
    }
    std::filesystem::path receipt = dir / "citizens" / ("receipt-" + std::to_string(made + 1) + ".json");
    Status written = files::WriteFileAtomically(receipt, registry::ReceiptToJson(ack->receipt));
    if (!written.ok()) {
      Fail(written);
      return -1;
    }
    std::cout << "   " << receipt.string() << ": scope " << scope << ", leaf "
              << ack->receipt.leaf_index << " (the person on line " << line_number << " of "
              << identities.string() << ")\n";
    if (made == 0) {
      first_receipt = receipt.string();
      first_line = line_number;
    }
    ++made;
  }
  auto checkpoint = hub.registry().LatestCheckpoint();
  if (!checkpoint.ok()) {
      Fail(checkpoint.status());
      return -1;
    }
  std::cout << "   Log checkpoint: size " << checkpoint->size << ", signed by "
            << hub.registry().origin() << " (sovhub log checkpoint --hub " << (dir / "hub").string()
            << ")\n"
            << "   Check a receipt offline, as its holder would (the NIR is on line " << first_line
            << " of " << identities.string() << "):\n"
            << "     sovhub receipt verify " << first_receipt << " --log-key \"$(cat "
            << hub.config().log_vkey_file.string() << ")\" --nir NIR\n";
  return made;
}

// The demo project's document: a type 2 diabetes cohort, open from a month
// ago to a year from now (so that it is active on any day the demo runs).
std::string DemoProjectDocument(Clock& clock) {
  const CivilDate today = CivilFromDays(clock.NowMillis() / 86'400'000);
  nlohmann::json doc = nlohmann::json::parse(R"json({
    "id": "demo-diabetes",
    "title": "Parcours de soins du diabète de type 2 / Type 2 diabetes care pathways",
    "controller": "CHU de démonstration (demo university hospital)",
    "purpose": "Describe first-line treatments of type 2 diabetes by age, sex and department",
    "legal_basis": "GDPR Art. 6(1)(e) and 9(2)(j); Code de la santé publique L1461-3 (demo)",
    "public_summary": "How adults with type 2 diabetes are treated, from claims and hospital stays",
    "approvals": {
      "ethics_opinion": {"reference": "CESREES DEMO-0001"},
      "authority_decision": {"reference": "CNIL DEMO-0002"}
    },
    "members": [
      {"name": "Alice Martin", "email": "alice.martin@example.org", "role": "researcher"},
      {"name": "Bruno Petit", "email": "bruno.petit@example.org", "role": "checker"}
    ],
    "cohort": {"version": 1,
      "population": {"all": [
        {"any": [{"condition": {"icd10": ["E11*"]}}, {"drug": {"atc": ["A10B*"], "min_count": 2}}]},
        {"demographics": {"age": {"min": 18}}}]},
      "washout_days": 365},
    "variables": {
      "person": ["year_of_birth", "gender_source_value", "location_id"],
      "location": ["location_id", "county"],
      "observation_period": ["observation_period_start_date", "observation_period_end_date"],
      "visit_occurrence": ["visit_occurrence_id", "visit_start_date", "visit_end_date"],
      "condition_occurrence": ["condition_start_date", "condition_source_value", "visit_occurrence_id"],
      "drug_exposure": ["drug_exposure_start_date", "drug_source_value", "quantity"],
      "death": ["death_date"],
      "omop_drug_atc": ["drug_source_value", "atc"]},
    "period": {"from": "2021-01-01", "to": "2023-12-31"}
  })json");
  doc["approvals"]["ethics_opinion"]["date"] = ToIsoString(AddDays(today, -60));
  doc["approvals"]["authority_decision"]["date"] = ToIsoString(AddDays(today, -45));
  doc["start_date"] = ToIsoString(AddDays(today, -30));
  doc["end_date"] = ToIsoString(AddDays(today, 365));
  return doc.dump(2);
}

// Step 7: the demo project, approved and active, and its extract.
int RunDemoProject(const std::filesystem::path& dir, Clock& clock, hub::Hub& hub) {
  const std::filesystem::path document = dir / "demo-diabetes.json";
  Status written = files::WriteFileAtomically(document, DemoProjectDocument(clock) + "\n");
  if (!written.ok()) return Fail(written);
  std::cout << "7. Research project demo-diabetes (" << document.string() << "): created, submitted, approved, "
               "activated\n";
  auto made = hub.projects().Create(DemoProjectDocument(clock), "demo");
  if (!made.ok()) return Fail(made.status());
  for (project::Action step : {project::Action::kSubmit, project::Action::kApprove, project::Action::kActivate}) {
    auto done = hub.projects().Apply("demo-diabetes", step, "demo");
    if (!done.ok()) return Fail(done.status());
  }
  auto extract = hub.projects().BuildExtract("demo-diabetes", std::nullopt, "demo");
  if (!extract.ok()) return Fail(extract.status());
  std::int64_t rows = 0;
  for (const auto& table : extract->tables) rows += table.rows;
  const std::string hub_option = "--hub " + hub.config().dir.string();
  std::cout << "   Extract at checkpoint " << extract->checkpoint_size << ": " << extract->cohort_persons
            << " persons in the cohort, " << extract->persons_withheld << " left out (opposed), " << rows
            << " rows in " << extract->workspace.string() << "\n"
            << "   Query it in the sandbox, audit it:\n"
            << "     sovhub workspace query " << hub_option
            << " --project demo-diabetes \"SELECT gender_source_value, count(*) FROM person GROUP BY 1\"\n"
            << "     sovhub extract audit " << hub_option << " --project demo-diabetes\n"
            << "     sovhub projects list " << hub_option << " --public --json\n";
  return kExitOk;
}

int RunDemo(const std::filesystem::path& dir, std::int64_t persons) {
  std::error_code error;
  if (std::filesystem::exists(dir, error) && !std::filesystem::is_empty(dir, error)) {
    // Only a folder an earlier demo made (it carries the marker) is replaced.
    if (!std::filesystem::exists(dir / kMarker)) {
      std::cerr << "sovhub: " << dir.string()
                << " exists and is not a sovhub demo folder; choose another: sovhub demo DIR\n";
      return kExitRejected;
    }
    std::filesystem::remove_all(dir, error);
    if (error) return Fail(Status::IoError("cannot remove " + dir.string() + ": " + error.message()));
  }
  std::filesystem::create_directories(dir / "producer", error);
  std::ofstream(dir / kMarker) << "made by sovhub demo\n";
  const std::filesystem::path raw = dir / "producer" / "raw";
  const std::filesystem::path delivery = dir / "producer" / "delivery";
  const std::filesystem::path source_key = dir / "producer" / "source.key";
  const std::filesystem::path hub_dir = dir / "hub";

  std::cout << "1. Producer: generating " << persons << " synthetic persons with raw NIRs in "
            << raw.string() << "\n";
  synth::SynthOptions options;
  options.persons = persons;
  options.seed = 1;
  auto synthetic = synth::Generate(raw, options);
  if (!synthetic.ok()) return Fail(synthetic.status());
  std::int64_t rows = 0;
  for (const auto& file : synthetic->files) rows += file.rows;
  std::cout << "   " << rows << " rows in " << synthetic->files.size() << " files, of which "
            << synthetic->defects.size() << " deliberately damaged (" << (raw / "defects.csv").string()
            << ")\n";

  std::cout << "2. Producer: pseudonymising with its own key " << source_key.string() << "\n";
  crypto::SystemRandom random;
  Status keyed = crypto::CreateKeyFile(source_key, random);
  if (!keyed.ok()) return Fail(keyed);
  auto pseudonymized = producer::Pseudonymize(
      raw, delivery, {source_key, {}, ingest::DefaultPersonIdColumns()});
  if (!pseudonymized.ok()) return Fail(pseudonymized.status());
  std::int64_t rejected = 0;
  for (const auto& file : pseudonymized->files) rejected += file.rows_rejected;
  std::cout << "   " << pseudonymized->identifiers << " NIRs replaced by stage-1 identifiers; "
            << rejected << " rows with an invalid NIR kept back at the producer";
  if (!pseudonymized->rejects.empty()) std::cout << " (" << pseudonymized->rejects.string() << ")";
  std::cout << "\n";

  std::cout << "3. Hub: created in " << hub_dir.string() << " with its own key\n";
  SystemClock clock;
  Status made = hub::Hub::Init(hub_dir, {.name = "sovhub-demo"}, clock, random);
  if (!made.ok()) return Fail(made);
  auto hub = hub::Hub::Open(hub_dir, clock);
  if (!hub.ok()) return Fail(hub.status());

  std::cout << "4. Hub: ingesting the delivery (one batch, one transaction)\n";
  auto request = ingest::ReadBatchFolder(delivery, "demo-cpam");
  if (!request.ok()) return Fail(request.status());
  // The producer's own rejects list is not a table of the delivery.
  std::erase_if(request->tables, [](const ingest::TableInput& t) { return t.table == "rejects"; });
  ProgressLine progress(true);
  auto outcome = (*hub)->Ingest(*request, [&](const ingest::IngestProgress& p) {
    progress.Update(p.rows, p.bytes, p.total_bytes);
  });
  progress.Done();
  if (!outcome.ok()) return Fail(outcome.status());
  PrintBatchSummary(*outcome, std::cout);

  auto report = (*hub)->VerifyJournal();
  if (!report.ok()) return Fail(report.status());
  std::cout << "5. Journal: " << (report->ok ? "intact" : "BROKEN") << ", " << report->entries
            << " entries (sovhub journal verify --hub " << hub_dir.string() << ")\n";
  int objected = RegisterDemoOppositions(dir, raw / "identities.csv", source_key, **hub);
  if (objected < 0) return kExitInternal;
  if (int code = RunDemoProject(dir, clock, **hub); code != kExitOk) return code;
  std::int64_t caught = rejected + outcome->rows_quarantined;
  std::cout << "\nRows read " << outcome->rows_read << " = loaded " << outcome->rows_loaded
            << " + quarantined " << outcome->rows_quarantined << ".\n"
            << "Damaged rows: " << synthetic->defects.size() << " made, " << caught
            << " caught (" << rejected << " at the producer + " << outcome->rows_quarantined
            << " in the hub's quarantine)"
            << (caught == static_cast<std::int64_t>(synthetic->defects.size()) ? ".\n"
                                                                              : ": MISMATCH.\n")
            << "The hub folder holds pids only: no NIR, no stage-1 identifier, no producer key.\n";
  return outcome->kind == ingest::BatchOutcome::Kind::kLoaded ? kExitOk : kExitRejected;
}

}  // namespace

void AddDemoCommand(CLI::App& app, Action& action) {
  CLI::App* demo = app.add_subcommand(
      "demo", "Run the whole path on synthetic data: producer files, pseudonymisation, a hub, ingest");
  auto dir = std::make_shared<std::string>("sovhub-demo");
  auto persons = std::make_shared<std::int64_t>(10000);
  demo->add_option("DIR", *dir, "Demo folder (default ./sovhub-demo; an earlier demo there is replaced)");
  demo->add_option("--persons", *persons, "Synthetic persons (default 10000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{20000000}));
  demo->footer("Example:\n  sovhub demo /tmp/demo && sovhub batches --hub /tmp/demo/hub");
  demo->callback([=, &action] { action = [=] { return RunDemo(*dir, *persons); }; });
}

}  // namespace sovhub::cli
