// SPDX-License-Identifier: AGPL-3.0-or-later
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render.h"
#include "crypto/random.h"
#include "hub/hub.h"

namespace sovhub::cli {

std::string DefaultHubDir() {
  const char* env = std::getenv("SOVHUB_HUB");
  return env != nullptr && *env != '\0' ? env : "sovhub-hub";
}

int Fail(const Status& status) {
  std::cerr << "sovhub: " << status.message() << "\n";
  return ExitCodeFor(status);
}

int Usage(const std::string& message) {
  std::cerr << "sovhub: " << message << "\n";
  return kExitUsage;
}

int Invalid(const std::string& message) {
  std::cerr << "sovhub: invalid: " << message << "\n";
  return kExitRejected;
}

int WithHub(const std::string& hub_dir, const std::function<int(hub::Hub&)>& work) {
  SystemClock clock;
  auto opened = hub::Hub::Open(hub_dir, clock);
  if (!opened.ok()) return Fail(opened.status());
  return work(**opened);
}

std::string OperatorName() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "operator";
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

void AddHubOption(CLI::App* command, std::string& hub_dir) {
  hub_dir = DefaultHubDir();
  command->add_option("--hub", hub_dir, "Hub folder (default: $SOVHUB_HUB, else ./sovhub-hub)");
}

namespace {

void AddInit(CLI::App& app, Action& action) {
  CLI::App* init = app.add_subcommand("init", "Create a hub: configuration, database, hub key");
  auto dir = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("sovhub");
  auto schemas = std::make_shared<std::string>();
  init->add_option("DIR", *dir, "Folder to create (must be absent or empty)")->required();
  init->add_option("--name", *name, "Hub name, recorded in the journal");
  init->add_option("--schemas", *schemas, "Folder of the source tables' Table Schemas (default: the SNDS schemas)");
  init->footer(
      "Creates DIR/sovhub.toml, DIR/hub.db (migrated to the current schema) and the hub key\n"
      "DIR/keys/hub.key (256 random bits, mode 0600). The hub refuses to start if the key\n"
      "becomes readable by group or others.\n"
      "Example:\n  sovhub init ./hub --name \"CHU Rennes\"");
  init->callback([=, &action] {
    action = [=] {
      SystemClock clock;
      crypto::SystemRandom random;
      Status status = hub::Hub::Init(*dir, {.name = *name, .schemas_dir = *schemas}, clock, random);
      if (!status.ok()) return Fail(status);
      std::cerr << "sovhub: hub created in " << *dir << " (key: " << *dir << "/keys/hub.key, mode 0600)\n";
      return kExitOk;
    };
  });
}

void AddIngest(CLI::App& app, Action& action) {
  CLI::App* ingest = app.add_subcommand(
      "ingest", "Load a batch (SNDS-shaped CSV, OMOP CSV, FHIR R4 NDJSON files) into the hub");
  struct Args {
    std::string hub_dir, source, table, batch;
    std::vector<std::string> files;
    double max_reject_rate = -1;
    bool json = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(ingest, args->hub_dir);
  ingest->add_option("--source", args->source, "Name of the data producer delivering the batch");
  ingest->add_option("--table", args->table, "SNDS table the FILEs belong to (e.g. IR_BEN_R)");
  ingest->add_option("--batch", args->batch,
                     "A batch folder: batch.json ({\"source\":..., \"tables\": {\"T\": [files]}}), or "
                     "<TABLE>.csv, OMOP <table>.csv and FHIR <Type>.ndjson files");
  ingest->add_option("FILE", args->files, "CSV files of --table (one batch, one transaction)");
  ingest->add_option("--max-reject-rate", args->max_reject_rate,
                     "Fail the batch when a table's quarantined share is above this (default: config, 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  ingest->add_flag("--json", args->json, "Print the batch manifest as JSON on stdout");
  ingest->add_flag("--quiet", args->quiet, "No progress line");
  ingest->footer(
      "Every row is checked against its table's Table Schema; a bad row goes to the batch's\n"
      "quarantine file (file, line, field, reason) and is not loaded. Person identifier columns\n"
      "must hold stage-1 identifiers (17 characters): the hub replaces them by pids. The batch\n"
      "is one transaction: all of it or none. The same content loaded twice is a no-op.\n"
      "A folder may hold OMOP CDM tables (person.csv, visit_occurrence.csv, ...) and FHIR Bulk\n"
      "Data files (Patient.ndjson, Encounter.ndjson, Condition.ndjson, MedicationDispense.ndjson,\n"
      "Procedure.ndjson), pseudonymised by `sovhub source pseudonymize` (docs/ingest.md).\n"
      "Examples:\n"
      "  sovhub ingest --hub ./hub --source cpam75 --table ER_PRS_F prs-1.csv prs-2.csv\n"
      "  sovhub ingest --hub ./hub --source cpam75 --batch ./delivery-2026-11 --json");
  ingest->callback([args, &action] {
    action = [args] {
      ingest::BatchRequest request;
      if (!args->batch.empty()) {
        if (!args->table.empty() || !args->files.empty()) {
          std::cerr << "sovhub: give either --batch FOLDER or --table TABLE FILE..., not both\n";
          return kExitUsage;
        }
        auto read = ingest::ReadBatchFolder(args->batch, args->source);
        if (!read.ok()) return Fail(read.status());
        request = std::move(read).value();
      } else {
        if (args->table.empty() || args->files.empty() || args->source.empty()) {
          std::cerr << "sovhub: ingest needs --source NAME --table TABLE FILE... (or --batch FOLDER)\n";
          return kExitUsage;
        }
        request.source = args->source;
        ingest::TableInput input{args->table, {}};
        for (const auto& file : args->files) input.files.push_back(file);
        request.tables.push_back(std::move(input));
      }
      request.max_reject_rate = args->max_reject_rate;
      SystemClock clock;
      auto opened = hub::Hub::Open(args->hub_dir, clock);
      if (!opened.ok()) return Fail(opened.status());
      ProgressLine progress_line(!args->quiet);
      auto outcome = (*opened)->Ingest(request, [&](const ingest::IngestProgress& p) {
        progress_line.Update(p.rows, p.bytes, p.total_bytes);
      });
      progress_line.Done();
      if (!outcome.ok()) return Fail(outcome.status());
      if (args->json) {
        std::cout << outcome->manifest_json << "\n";
      } else {
        PrintBatchSummary(*outcome, std::cerr);
      }
      return outcome->kind == ingest::BatchOutcome::Kind::kRejected ? kExitRejected : kExitOk;
    };
  });
}

void AddBatches(CLI::App& app, Action& action) {
  CLI::App* batches = app.add_subcommand("batches", "List the batches loaded into the hub");
  auto hub_dir = std::make_shared<std::string>();
  auto json_output = std::make_shared<bool>(false);
  AddHubOption(batches, *hub_dir);
  batches->add_flag("--json", *json_output, "JSON array on stdout");
  batches->footer(
      "One line per batch (source, time, rows read = loaded + quarantined), then one per table.\n"
      "With --json, each batch's manifest as stored in the database.\n"
      "Examples:\n  sovhub batches --hub ./hub\n  sovhub batches --hub ./hub --json | jq '.[].rows_loaded'");
  batches->callback([=, &action] {
    action = [=] {
      SystemClock clock;
      auto opened = hub::Hub::Open(*hub_dir, clock);
      if (!opened.ok()) return Fail(opened.status());
      auto list = (*opened)->ListBatches();
      if (!list.ok()) return Fail(list.status());
      if (*json_output) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& batch : *list) out.push_back(nlohmann::json::parse(batch.manifest));
        std::cout << out.dump(2) << "\n";
        return kExitOk;
      }
      for (const auto& batch : *list) {
        std::cout << "batch " << batch.id << "  " << batch.source << "  " << batch.finished_at
                  << "  read " << batch.rows_read << "  loaded " << batch.rows_loaded
                  << "  quarantined " << batch.rows_quarantined << "\n";
        for (const auto& table : batch.tables) {
          std::cout << "    " << table.table_name << ": read " << table.rows_read << ", loaded "
                    << table.rows_loaded << ", quarantined " << table.rows_quarantined << "\n";
        }
      }
      return kExitOk;
    };
  });
}

void AddJournal(CLI::App& app, Action& action) {
  CLI::App* journal = app.add_subcommand("journal", "The hash-chained audit journal");
  journal->require_subcommand(1);
  CLI::App* verify = journal->add_subcommand(
      "verify", "Check that no journal entry was altered, deleted or reordered (exit 2 if one was)");
  auto hub_dir = std::make_shared<std::string>();
  AddHubOption(verify, *hub_dir);
  verify->footer(
      "Recomputes every entry's SHA-256 chain link in storage order and compares the last one\n"
      "with DIR/journal.head, so an altered, deleted, reordered or truncated entry is named.\n"
      "Example:\n  sovhub journal verify --hub ./hub");
  verify->callback([=, &action] {
    action = [=] {
      SystemClock clock;
      auto opened = hub::Hub::Open(*hub_dir, clock);
      if (!opened.ok()) return Fail(opened.status());
      auto report = (*opened)->VerifyJournal();
      if (!report.ok()) return Fail(report.status());
      if (report->ok) {
        std::cout << "journal intact: " << report->entries << " entries, head " << report->head.seq
                  << " " << report->head.hash << "\n";
        return kExitOk;
      }
      for (const auto& problem : report->problems) std::cerr << "sovhub: journal: " << problem << "\n";
      std::cerr << "sovhub: the journal does NOT verify (" << report->problems.size()
                << " problems in " << report->entries << " entries)\n";
      return kExitRejected;
    };
  });
}

}  // namespace

void AddHubCommands(CLI::App& app, Action& action) {
  AddInit(app, action);
  AddIngest(app, action);
  AddBatches(app, action);
  AddJournal(app, action);
}

}  // namespace sovhub::cli
