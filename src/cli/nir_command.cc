// SPDX-License-Identifier: AGPL-3.0-or-later
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "domain/nir.h"

namespace sovhub::cli {

void AddNirCommands(CLI::App& app, Action& action) {
  CLI::App* nir = app.add_subcommand("nir", "Social security numbers (NIR)");
  nir->require_subcommand(1);
  CLI::App* check = nir->add_subcommand(
      "check", "Validate NIRs: one line per argument; exit 0 when all are valid NIRs, 2 otherwise");
  auto values = std::make_shared<std::vector<std::string>>();
  check->add_option("NIR", *values, "NIRs to check (spaces allowed inside: quote them)")->required();
  check->footer(
      "Examples:\n"
      "  sovhub nir check 255081416802538\n"
      "  sovhub nir check \"2 84 05 2A 321 025 52\" 7112312345678\n"
      "Provisional numbers (NNP, MIG) are recognised and reported as such, not as NIRs.\n"
      "This command prints what it is given: run it on your own terminal, not into logs.");
  check->callback([values, &action] {
    action = [values] {
      bool all_valid = true;
      for (const std::string& text : *values) {
        nir::Identifier id = nir::Classify(text);
        std::string verdict;
        switch (id.kind) {
          case nir::IdentifierKind::kNir:
            verdict = "valid NIR (sex " + std::to_string(id.sex) + ", department " +
                      id.department + ")";
            break;
          case nir::IdentifierKind::kNirBodyWithoutKey: {
            auto key = nir::ControlKey(id.canonical);
            char digits[3];
            std::snprintf(digits, sizeof digits, "%02d", key.ok() ? *key : 0);
            verdict = std::string("valid NIR body without its control key (the key is ") +
                      digits + ")";
            break;
          }
          case nir::IdentifierKind::kNnp:
            verdict = "not a NIR: provisional number (NNP)" +
                      (id.problem.empty() ? "" : "; " + id.problem);
            all_valid = false;
            break;
          case nir::IdentifierKind::kMig:
            verdict = "not a NIR: migrant's provisional identifier (MIG)" +
                      (id.problem.empty() ? "" : "; " + id.problem);
            all_valid = false;
            break;
          case nir::IdentifierKind::kInvalid:
            verdict = "invalid: " + id.problem;
            all_valid = false;
            break;
        }
        std::cout << text << ": " << verdict << "\n";
      }
      return all_valid ? kExitOk : kExitRejected;
    };
  });
}

}  // namespace sovhub::cli
