// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub demo`: the whole path on synthetic data, both sides shown — the data
// producer (raw NIRs, its own key) and the hub (which never sees a NIR).
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render.h"
#include "core/civil_date.h"
#include "crypto/key_file.h"
#include "files/atomic_file.h"
#include "registry/receipt.h"
#include "registry/request.h"
#include "hub/hub.h"
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
