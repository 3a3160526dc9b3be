// SPDX-License-Identifier: AGPL-3.0-or-later
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "crypto/key_file.h"
#include "ingest/schema_json.h"
#include "producer/pseudonymize.h"
#include "synth/synth.h"

namespace sovhub::cli {
namespace {

void AddSource(CLI::App& app, Action& action) {
  CLI::App* source = app.add_subcommand("source", "Tools for data producers (they run at the producer, not in the hub)");
  source->require_subcommand(1);

  CLI::App* keygen = source->add_subcommand("keygen", "Create the producer's secret key K_source (mode 0600)");
  auto key_path = std::make_shared<std::string>();
  keygen->add_option("FILE", *key_path, "Key file to create (never overwritten)")->required();
  keygen->callback([=, &action] {
    action = [=] {
      crypto::SystemRandom random;
      Status status = crypto::CreateKeyFile(*key_path, random);
      if (!status.ok()) return Fail(status);
      std::cerr << "sovhub: key written to " << *key_path << " (mode 0600); keep it at the producer\n";
      return kExitOk;
    };
  });

  CLI::App* pseudo = source->add_subcommand(
      "pseudonymize",
      "Replace raw NIRs by stage-1 identifiers in SNDS-shaped CSV files and FHIR R4 NDJSON files");
  struct Args {
    std::string key, identities, in, out;
  };
  auto args = std::make_shared<Args>();
  pseudo->add_option("--key", args->key, "The producer's key file (see: sovhub source keygen)")->required();
  pseudo->add_option("--identities", args->identities,
                     "Identity reference NIR,BIRTH_DATE,SEX (default: IN/identities.csv)");
  pseudo->add_option("IN", args->in, "A CSV file, or a folder of CSV and NDJSON files")->required();
  pseudo->add_option("OUT", args->out, "The output file, or a folder to create")->required();
  pseudo->footer(
      "Each person-identifier column (BEN_NIR_PSA, NIR_ANO_17, ...) holding a raw NIR gets\n"
      "HMAC-SHA256(K_source, NIR || birth date || sex) as a 17-character identifier. Rows whose\n"
      "NIR is invalid or unknown are not written; they are listed in rejects.csv by file and\n"
      "line (never by value). The output contains no raw NIR.\n"
      "FHIR Bulk Data files (Patient.ndjson, Encounter.ndjson, Condition.ndjson,\n"
      "MedicationDispense.ndjson, Procedure.ndjson): each Patient's INS-NIR identifier\n"
      "(urn:oid:1.2.250.1.213.1.4.8), birthDate and gender give its stage-1 identifier, which\n"
      "becomes its id; names, telecom, addresses (but the postal code) and other identifiers are\n"
      "dropped, and every Patient/<id> reference is rewritten. Other resource types are skipped.\n"
      "Example:\n"
      "  sovhub source pseudonymize --key source.key ./raw ./batch");
  pseudo->callback([args, &action] {
    action = [args] {
      producer::PseudonymizeOptions options{args->key, args->identities,
                                            ingest::DefaultPersonIdColumns()};
      auto report = producer::Pseudonymize(args->in, args->out, options);
      if (!report.ok()) return Fail(report.status());
      std::int64_t read = 0, written = 0, rejected = 0;
      for (const auto& file : report->files) {
        if (!file.skipped.empty()) {
          std::cerr << "  " << file.input.filename().string() << ": skipped, " << file.skipped << "\n";
          continue;
        }
        std::cerr << "  " << file.input.filename().string() << ": read " << file.rows_read
                  << ", written " << file.rows_written << ", rejected " << file.rows_rejected << "\n";
        read += file.rows_read;
        written += file.rows_written;
        rejected += file.rows_rejected;
      }
      std::cerr << "sovhub: " << report->identifiers << " identifiers pseudonymised; rows read "
                << read << " = written " << written << " + rejected " << rejected << "\n";
      if (!report->rejects.empty()) std::cerr << "  rejects: " << report->rejects.string() << "\n";
      return kExitOk;
    };
  });
}

void AddSynth(CLI::App& app, Action& action) {
  CLI::App* synth = app.add_subcommand("synth", "Generate synthetic SNDS-shaped data, as a producer holds it (raw NIRs)");
  struct Args {
    std::int64_t persons = 10000;
    std::uint64_t seed = 1;
    double defect_rate = 0.002;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  synth->add_option("--persons", args->persons, "Number of persons (default 10000)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{20000000}));
  synth->add_option("--seed", args->seed, "Seed: the same seed gives the same files (default 1)");
  synth->add_option("--defect-rate", args->defect_rate,
                    "Share of damaged rows, to exercise quarantine (default 0.002)")
      ->check(CLI::Range(0.0, 1.0));
  synth->add_option("OUT", args->out, "Folder to create")->required();
  synth->footer(
      "Writes identities.csv (the producer's NIR register), SNDS tables (IR_BEN_R, ER_PRS_F,\n"
      "ER_PHA_F, T_MCOaaB/C/D, ...) with raw NIRs, and defects.csv listing every damaged row.\n"
      "The NIRs are made up, but valid: keep these files where real NIRs would be kept.\n"
      "Example:\n  sovhub synth --persons 100000 --seed 7 ./raw");
  synth->callback([args, &action] {
    action = [args] {
      synth::SynthOptions options;
      options.persons = args->persons;
      options.seed = args->seed;
      options.defect_rate = args->defect_rate;
      auto summary = synth::Generate(args->out, options);
      if (!summary.ok()) return Fail(summary.status());
      for (const auto& file : summary->files) {
        std::cerr << "  " << file.file << ": " << file.rows << " rows\n";
      }
      std::cerr << "sovhub: " << summary->persons << " persons, " << summary->defects.size()
                << " damaged rows (listed in " << args->out << "/defects.csv)\n";
      return kExitOk;
    };
  });
}

}  // namespace

void AddProducerCommands(CLI::App& app, Action& action) {
  AddSource(app, action);
  AddSynth(app, action);
}

}  // namespace sovhub::cli
