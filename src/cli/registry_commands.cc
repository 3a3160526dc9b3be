// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Oppositions and their transparency log: `registry`, `log`, `receipt`, and
// the producer's `source opposition`.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/bytes.h"
#include "core/civil_date.h"
#include "crypto/key_file.h"
#include "crypto/merkle_hasher.h"
#include "crypto/note_keys.h"
#include "files/atomic_file.h"
#include "hub/hub.h"
#include "registry/bulk_check.h"
#include "registry/receipt.h"
#include "registry/request.h"

namespace sovhub::cli {
namespace {

// Where the NIR is known: NIR, birth date and sex of the person.
struct PersonArgs {
  std::string nir, birth_date, source_key;
  int sex = 0;
};

void AddPersonOptions(CLI::App* command, PersonArgs& person, bool source_key_required) {
  command->add_option("--nir", person.nir, "The person's NIR (15 characters; spaces allowed)");
  command->add_option("--birth-date", person.birth_date, "Birth date YYYY-MM-DD, as the identity reference has it");
  command->add_option("--sex", person.sex, "1 or 2")->check(CLI::IsMember({1, 2}));
  auto* key = command->add_option("--source-key", person.source_key,
                                  "The producer's key file K_source (mode 0600)");
  if (source_key_required) key->required();
}

Result<registry::OppositionRequest> RequestFromPerson(const PersonArgs& person,
                                                      opposition::Event event,
                                                      const std::string& scope) {
  if (person.nir.empty() || person.birth_date.empty() || person.sex == 0 ||
      person.source_key.empty()) {
    return Status::InvalidArgument("--nir, --birth-date, --sex and --source-key go together");
  }
  auto birth = ParseIsoDate(person.birth_date);
  if (!birth.ok()) return birth.status().WithContext("--birth-date");
  SOVHUB_ASSIGN_OR_RETURN(Bytes key, crypto::ReadKeyFile(person.source_key));
  crypto::HmacSha256 source_key(key);
  std::fill(key.begin(), key.end(), 0);
  crypto::SystemRandom random;
  return registry::MakeRequest(event, scope, person.nir, *birth, person.sex, source_key, random);
}

std::string ScopeOf(const std::string& project) {
  return project.empty() ? std::string(opposition::kScopeAll) : opposition::ProjectScope(project);
}

void AddSubmit(CLI::App* registry_cmd, Action& action, opposition::Event event) {
  bool registering = event == opposition::Event::kRegister;
  CLI::App* cmd = registry_cmd->add_subcommand(
      registering ? "register" : "withdraw",
      registering ? "Record an opposition, durably, and write its receipt"
                  : "Withdraw an opposition, durably, and write its receipt");
  struct Args {
    std::string hub_dir, request, project, receipt;
    PersonArgs person;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--request", args->request,
                  "A request file made at the producer (sovhub source opposition)");
  AddPersonOptions(cmd, args->person, false);
  cmd->add_option("--project", args->project,
                  "Object to this project only (default: to all research use)");
  cmd->add_option("--receipt", args->receipt, "Write the receipt here (default: stdout)");
  cmd->footer(std::string(
      "Either --request FILE (the producer computed the stage-1 identifier), or, on a hub that\n"
      "holds the producer's key too, --nir --birth-date --sex --source-key. The NIR's sex and\n"
      "birth year/month must agree with the birth date and sex. The hub stores the pid, scope\n"
      "and times; the log gets a leaf committing to the NIR with a fresh salt that only the\n"
      "receipt holds. The command returns once the leaf and a new signed checkpoint are on disk.\n") +
      (registering ? "Registering again what is in effect changes nothing (the receipt re-proves it).\n"
                   : "Withdrawing needs an opposition in the same scope.\n") +
      "Examples:\n"
      "  sovhub source opposition --key source.key --nir 255081416802538 --birth-date 1955-08-14 \\\n"
      "    --sex 2 --out request.json            (at the producer)\n"
      "  sovhub registry " + (registering ? "register" : "withdraw") +
      " --hub ./hub --request request.json --receipt receipt.json");
  cmd->callback([args, event, &action] {
    action = [args, event] {
      std::string scope = ScopeOf(args->project);
      Result<registry::OppositionRequest> request = Status::Internal("unset");
      bool by_person = !args->person.nir.empty() || !args->person.source_key.empty();
      if (args->request.empty() == !by_person) {
        return Usage("give either --request FILE or --nir/--birth-date/--sex/--source-key");
      }
      if (!args->request.empty()) {
        auto text = files::ReadWholeFile(args->request, 1 << 16);
        if (!text.ok()) return Fail(text.status());
        request = registry::RequestFromJson(*text);
        if (!request.ok()) return Fail(request.status().WithContext(args->request));
        if (request->event != event) {
          return Usage(args->request + " is a " + std::string(opposition::EventName(request->event)) +
                       " request");
        }
        if (!args->project.empty() && request->scope != scope) {
          return Usage("--project differs from the request's scope " + request->scope);
        }
      } else {
        request = RequestFromPerson(args->person, event, scope);
        if (!request.ok()) return Fail(request.status());
      }
      SystemClock clock;
      auto hub = hub::Hub::Open(args->hub_dir, clock);
      if (!hub.ok()) return Fail(hub.status());
      auto ack = (*hub)->registry().Submit(*request);
      if (!ack.ok()) return Fail(ack.status());
      std::string receipt = registry::ReceiptToJson(ack->receipt);
      if (args->receipt.empty()) {
        std::cout << receipt;
      } else {
        Status written = files::WriteFileAtomically(args->receipt, receipt);
        if (!written.ok()) return Fail(written);
      }
      std::cerr << "sovhub: " << (ack->appended ? "" : "already in effect: ")
                << opposition::EventName(event) << " (scope " << request->scope << ") is leaf "
                << ack->receipt.leaf_index << " of the log, under the checkpoint of size "
                << ack->tree_size << "\n";
      if (!args->receipt.empty()) {
        std::cerr << "sovhub: receipt written to " << args->receipt << "; check it with:\n"
                  << "  sovhub receipt verify " << args->receipt << " --log-key \"$(cat "
                  << (*hub)->config().log_vkey_file.string() << ")\" --nir <the NIR>\n";
      }
      return kExitOk;
    };
  });
}

void AddCheck(CLI::App* registry_cmd, Action& action) {
  CLI::App* cmd = registry_cmd->add_subcommand(
      "check", "Bulk check: which of these persons are under an opposition?");
  struct Args {
    std::string hub_dir, ids, out, project, source_key;
    bool nir = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--ids", args->ids, "Stage-1 identifiers, one per line")->required();
  cmd->add_flag("--nir", args->nir,
                "--ids holds NIR,BIRTH_DATE,SEX lines (identities.csv) instead; needs --source-key");
  cmd->add_option("--source-key", args->source_key, "The producer's key file, with --nir");
  cmd->add_option("--project", args->project,
                  "Also count oppositions to this project (default: global ones only)");
  cmd->add_option("--out", args->out, "Where to write the opposed ones (default: stdout)");
  cmd->add_flag("--quiet", args->quiet, "No progress");
  cmd->footer(
      "Writes the opposed stage-1 identifiers, one per line in input order; with --nir, their\n"
      "line numbers (never a NIR). Uses the latest checkpoint, checked first. A malformed line\n"
      "stops the check with its line number, and no output is written.\n"
      "Example:\n  sovhub registry check --hub ./hub --ids delivery-ids.txt --out opposed.txt");
  cmd->callback([args, &action] {
    action = [args] {
      if (args->nir != !args->source_key.empty()) return Usage("--nir and --source-key go together");
      SystemClock clock;
      auto hub = hub::Hub::Open(args->hub_dir, clock);
      if (!hub.ok()) return Fail(hub.status());
      auto opposed = (*hub)->registry().Opposed(args->project, std::nullopt);
      if (!opposed.ok()) return Fail(opposed.status());
      registry::BulkCheckOptions options;
      if (args->nir) {
        auto key = crypto::ReadKeyFile(args->source_key);
        if (!key.ok()) return Fail(key.status());
        options.source_key.emplace(*key);
      }
      if (!args->quiet) {
        options.progress = [](std::uint64_t lines) {
          std::cerr << "\rsovhub: " << lines / 1000000 << "M lines checked" << std::flush;
        };
      }
      auto report = (*hub)->CheckIds(args->ids, args->out, *opposed, options);
      if (!args->quiet) std::cerr << "\r";
      if (!report.ok()) return Fail(report.status());
      std::cerr << "sovhub: " << report->lines - (args->nir ? 1 : 0) << " checked, "
                << report->opposed << " under opposition (" << opposed->size()
                << " opposed in the registry)"
                << (args->out.empty() ? std::string() : ", written to " + args->out) << "\n";
      return kExitOk;
    };
  });
}

void AddRegistry(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand(
      "registry", "Oppositions to research use (GDPR Art. 21; CSP R1461-9 for the SNDS)");
  cmd->require_subcommand(1);
  AddSubmit(cmd, action, opposition::Event::kRegister);
  AddSubmit(cmd, action, opposition::Event::kWithdraw);
  AddCheck(cmd, action);
}

void PrintProofJson(const std::vector<merkle::Hash>& proof, nlohmann::ordered_json& doc) {
  doc["proof"] = nlohmann::ordered_json::array();
  for (const auto& hash : proof) doc["proof"].push_back(ToBase64(hash));
}

void AddLog(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("log", "The hub's opposition transparency log (RFC 9162, C2SP)");
  cmd->require_subcommand(1);

  auto hub_dir = std::make_shared<std::string>();
  CLI::App* checkpoint = cmd->add_subcommand("checkpoint", "Print the latest signed checkpoint");
  AddHubOption(checkpoint, *hub_dir);
  checkpoint->footer(
      "A C2SP tlog-checkpoint (origin, size, root) signed as a C2SP note by the log key.\n"
      "Check it with: sovhub note verify --key \"$(cat hub/log.vkey)\" checkpoint.txt");
  checkpoint->callback([hub_dir, &action] {
    action = [hub_dir] {
      SystemClock clock;
      auto hub = hub::Hub::Open(*hub_dir, clock);
      if (!hub.ok()) return Fail(hub.status());
      auto latest = (*hub)->registry().LatestCheckpoint();
      if (!latest.ok()) return Fail(latest.status());
      std::cout << latest->note;
      return kExitOk;
    };
  });

  CLI::App* key = cmd->add_subcommand("key", "Print the log's verifier key (publish it)");
  auto key_hub = std::make_shared<std::string>();
  AddHubOption(key, *key_hub);
  key->callback([key_hub, &action] {
    action = [key_hub] {
      SystemClock clock;
      auto hub = hub::Hub::Open(*key_hub, clock);
      if (!hub.ok()) return Fail(hub.status());
      std::cout << (*hub)->registry().verifier_key() << "\n";
      return kExitOk;
    };
  });

  struct ProveArgs {
    std::string hub_dir, inclusion, size;
    std::vector<std::string> consistency;
    bool json = false;
  };
  auto prove = std::make_shared<ProveArgs>();
  CLI::App* prove_cmd = cmd->add_subcommand("prove", "Print an inclusion or a consistency proof");
  AddHubOption(prove_cmd, prove->hub_dir);
  prove_cmd->add_option("--inclusion", prove->inclusion, "INDEX: prove leaf INDEX");
  prove_cmd->add_option("--size", prove->size,
                        "With --inclusion: the tree size (default: the latest checkpoint's)");
  prove_cmd->add_option("--consistency", prove->consistency, "OLD NEW: prove NEW extends OLD")
      ->expected(2);
  prove_cmd->add_flag("--json", prove->json,
                      "JSON with the fields of transparency-dev's test cases instead of text");
  prove_cmd->footer(
      "An inclusion proof prints as a c2sp.org/tlog-proof@v1 (index, hashes, checkpoint) when the\n"
      "size is the latest checkpoint's. A consistency proof prints one base64 hash per line.\n"
      "Feed them to sovhub merkle verify-inclusion / verify-consistency, or any RFC 9162 verifier.\n"
      "Examples:\n"
      "  sovhub log prove --hub ./hub --inclusion 3\n"
      "  sovhub log prove --hub ./hub --consistency 10 42 --json");
  prove_cmd->callback([prove, &action] {
    action = [prove] {
      if (prove->inclusion.empty() == prove->consistency.empty()) {
        return Usage("give one of --inclusion INDEX or --consistency OLD NEW");
      }
      SystemClock clock;
      auto hub = hub::Hub::Open(prove->hub_dir, clock);
      if (!hub.ok()) return Fail(hub.status());
      registry::Registry& log = (*hub)->registry();
      auto latest = log.LatestCheckpoint();
      if (!latest.ok()) return Fail(latest.status());
      crypto::Rfc9162Hasher hasher;
      if (!prove->inclusion.empty()) {
        auto index = ParseUint64("--inclusion", prove->inclusion);
        if (!index.ok()) return Usage(index.status().message());
        std::uint64_t size = latest->size;
        if (!prove->size.empty()) {
          auto parsed = ParseUint64("--size", prove->size);
          if (!parsed.ok()) return Usage(parsed.status().message());
          size = *parsed;
        }
        auto proof = log.ProveInclusion(*index, size);
        if (!proof.ok()) return Fail(proof.status());
        auto receipt = log.ReceiptFor(*index);
        if (!receipt.ok()) return Fail(receipt.status());
        merkle::Hash leaf_hash = hasher.Leaf(AsBytes(receipt->leaf));
        if (prove->json) {
          nlohmann::ordered_json doc;
          doc["leafIdx"] = *index;
          doc["treeSize"] = size;
          doc["leafHash"] = ToBase64(leaf_hash);
          auto root = log.RootAt(size);
          if (!root.ok()) return Fail(root.status());
          doc["root"] = ToBase64(*root);
          PrintProofJson(*proof, doc);
          std::cout << doc.dump(2) << "\n";
        } else if (size == latest->size) {
          std::cout << "c2sp.org/tlog-proof@v1\nindex " << *index << "\n";
          for (const auto& hash : *proof) std::cout << ToBase64(hash) << "\n";
          std::cout << "\n" << latest->note;
        } else {
          for (const auto& hash : *proof) std::cout << ToBase64(hash) << "\n";
        }
        return kExitOk;
      }
      auto size1 = ParseUint64("--consistency OLD", prove->consistency[0]);
      auto size2 = ParseUint64("--consistency NEW", prove->consistency[1]);
      if (!size1.ok()) return Usage(size1.status().message());
      if (!size2.ok()) return Usage(size2.status().message());
      auto proof = log.ProveConsistency(*size1, *size2);
      if (!proof.ok()) return Fail(proof.status());
      if (prove->json) {
        nlohmann::ordered_json doc;
        auto root1 = log.RootAt(*size1);
        auto root2 = log.RootAt(*size2);
        if (!root1.ok()) return Fail(root1.status());
        if (!root2.ok()) return Fail(root2.status());
        doc["size1"] = *size1;
        doc["size2"] = *size2;
        doc["root1"] = ToBase64(*root1);
        doc["root2"] = ToBase64(*root2);
        PrintProofJson(*proof, doc);
        std::cout << doc.dump(2) << "\n";
      } else {
        for (const auto& hash : *proof) std::cout << ToBase64(hash) << "\n";
      }
      return kExitOk;
    };
  });

  auto verify_hub = std::make_shared<std::string>();
  CLI::App* verify = cmd->add_subcommand(
      "verify", "Audit the whole log: leaves, nodes, checkpoints, events and state");
  AddHubOption(verify, *verify_hub);
  verify->footer(
      "Recomputes every leaf hash and stored node, every checkpoint's root and signature, and\n"
      "replays the events against the current state. Exit 0 when all holds, 2 naming each problem.");
  verify->callback([verify_hub, &action] {
    action = [verify_hub] {
      SystemClock clock;
      auto hub = hub::Hub::Open(*verify_hub, clock);
      if (!hub.ok()) return Fail(hub.status());
      auto audit = (*hub)->registry().Audit();
      if (!audit.ok()) return Fail(audit.status());
      for (const auto& problem : audit->problems) std::cerr << "sovhub: " << problem << "\n";
      if (!audit->problems.empty()) return kExitRejected;
      std::cout << "log verified: " << audit->leaves << " leaves, " << audit->checkpoints
                << " checkpoints, " << audit->oppositions_active << " oppositions in effect\n";
      return kExitOk;
    };
  });
}

void AddReceipt(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("receipt", "Receipts of oppositions, checked offline");
  cmd->require_subcommand(1);
  struct Args {
    std::string file, log_key, nir;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verify = cmd->add_subcommand(
      "verify", "Check a receipt without the hub: signature, inclusion, and whose it is");
  verify->add_option("FILE", args->file, "The receipt (JSON)")->required();
  verify->add_option("--log-key", args->log_key, "The log's verifier key name+keyid+B64 (published by the hub as log.vkey)")
      ->required();
  verify->add_option("--nir", args->nir, "Your NIR: also check that the opposition is yours");
  verify->footer(
      "Checks that the checkpoint is signed by the log key, that the leaf is included under its\n"
      "root, and, with --nir, that the leaf's commitment is to that NIR (using the salt only the\n"
      "receipt holds). Any changed byte fails, naming the check. Exit 0 valid, 2 invalid, 1 usage.\n"
      "Example:\n  sovhub receipt verify receipt.json --log-key \"$(cat hub/log.vkey)\" --nir 255081416802538");
  verify->callback([args, &action] {
    action = [args] {
      auto key = crypto::NoteVerifier::FromVerifierKey(args->log_key);
      if (!key.ok()) return Usage("--log-key: " + key.status().message());
      auto text = files::ReadWholeFile(args->file, 1 << 20);
      if (!text.ok()) return Fail(text.status());
      std::optional<std::string_view> nir;
      if (!args->nir.empty()) nir = args->nir;
      auto check = registry::VerifyReceipt(*text, *key, nir);
      if (!check.ok()) return Invalid(args->file + ": " + check.status().message());
      std::cout << "valid: " << opposition::EventName(check->leaf.event) << " (scope "
                << check->leaf.scope << ") at " << check->leaf.time << "\n";
      for (const auto& line : check->checked) std::cout << "  ok: " << line << "\n";
      if (!check->holder_checked) {
        std::cout << "  (not checked: whose it is; give --nir to check that too)\n";
      }
      return kExitOk;
    };
  });
}

void AddSourceOpposition(CLI::App& app, Action& action) {
  CLI::App* source = app.get_subcommand("source");
  CLI::App* cmd = source->add_subcommand(
      "opposition", "Make an opposition request for the hub (the NIR stays here)");
  struct Args {
    std::string key, project, out;
    PersonArgs person;
    bool withdraw = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--key", args->person.source_key, "The producer's key file K_source")->required();
  cmd->add_option("--nir", args->person.nir, "The person's NIR")->required();
  cmd->add_option("--birth-date", args->person.birth_date, "Birth date YYYY-MM-DD")->required();
  cmd->add_option("--sex", args->person.sex, "1 or 2")->required()->check(CLI::IsMember({1, 2}));
  cmd->add_option("--project", args->project, "Object to this project only (default: all research)");
  cmd->add_flag("--withdraw", args->withdraw, "A withdrawal instead of a registration");
  cmd->add_option("--out", args->out, "The request file to write")->required();
  cmd->footer(
      "Writes the stage-1 identifier, a commitment to the NIR and its salt: never the NIR. Send\n"
      "the file to the hub (sovhub registry register --request FILE); give the person the\n"
      "receipt it returns.\n"
      "Example:\n"
      "  sovhub source opposition --key source.key --nir 255081416802538 --birth-date 1955-08-14 \\\n"
      "    --sex 2 --out request.json");
  cmd->callback([args, &action] {
    action = [args] {
      auto request = RequestFromPerson(
          args->person, args->withdraw ? opposition::Event::kWithdraw : opposition::Event::kRegister,
          ScopeOf(args->project));
      if (!request.ok()) return Fail(request.status());
      Status written = files::WriteFileAtomically(args->out, registry::RequestToJson(*request));
      if (!written.ok()) return Fail(written);
      std::cerr << "sovhub: request written to " << args->out << "\n";
      return kExitOk;
    };
  });
}

}  // namespace

void AddRegistryCommands(CLI::App& app, Action& action) {
  AddRegistry(app, action);
  AddLog(app, action);
  AddReceipt(app, action);
  AddSourceOpposition(app, action);
}

}  // namespace sovhub::cli
