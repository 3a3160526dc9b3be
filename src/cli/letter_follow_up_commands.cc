// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub letter remind|complaint|list|addressees`: what follows a letter.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/letter_cli.h"
#include "letters/compose.h"

namespace sovhub::cli {
namespace {

using json = nlohmann::json;

std::string DueText(const letters::Letter& l) {
  auto deadline = letters::AnswerDeadline(l);
  return deadline ? ToIsoString(deadline->due) : "-";
}

// Writes the reminder of `l` and records it.
int WriteReminder(letters::Letter& l, const CivilDate& today, const std::optional<std::string>& nir,
                  const Paths& paths) {
  const std::string base =
      "letter-" + std::to_string(l.id) + "-reminder-" + std::to_string(l.reminders.size() + 1);
  auto files = WriteDocument(letters::ComposeReminder(l, today, nir), OutDir(paths) / base);
  if (!files.ok()) return Fail(files.status());
  l.reminders.push_back({today, *files});
  std::cout << "letter " << l.id << " (" << l.to.name << ", due " << DueText(l) << "): reminder written: "
            << (*files)[0] << ", " << (*files)[1] << "\n";
  return kExitOk;
}

void AddRemind(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("remind", "List letters due soon or overdue; write the reminders");
  struct Args {
    Paths paths;
    std::vector<int> ids;
    std::string today, nir;
    bool list_only = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->ids, "Remind these letters (default: every overdue letter not yet reminded)");
  cmd->add_option("--today", args->today, "The day to count from (default: today)");
  cmd->add_flag("--list", args->list_only, "Only list; write nothing");
  cmd->add_option("--nir", args->nir, "Your full NIR, printed in the reminders only, never stored");
  AddTrackerOption(cmd, args->paths);
  AddOutDirOption(cmd, args->paths);
  cmd->footer(
      "A letter is due soon when its deadline is at most 7 days away, overdue once it has passed\n"
      "with no answer recorded. Without ID, writes a reminder for each overdue letter that has\n"
      "none yet; with IDs, writes one for each (a second reminder too), or exits 2 naming the\n"
      "letter that is not overdue.\n"
      "Examples:\n  sovhub letter remind --list\n  sovhub letter remind\n  sovhub letter remind 3");
  cmd->callback([=, &action] {
    action = [=] {
      auto today = DateOption("--today", args->today, LocalToday());
      if (!today.ok()) return Fail(today.status());
      auto nir = NirOption(args->nir);
      if (!nir.ok()) return Fail(nir.status());
      auto tracker = letters::LoadTracker(args->paths.tracker);
      if (!tracker.ok()) return Fail(tracker.status());
      int code = kExitOk;
      bool changed = false;
      for (int id : args->ids) {
        letters::Letter* l = tracker->Find(id);
        if (l == nullptr) return Fail(Status::NotFound("no letter " + std::to_string(id) + " in " + args->paths.tracker));
        Status can = letters::CheckCanRemind(*l, *today);
        if (!can.ok()) {
          code = Fail(can);
          continue;
        }
        if (args->list_only) {
          std::cout << "letter " << l->id << "  overdue  due " << DueText(*l) << "\n";
          continue;
        }
        if (int written = WriteReminder(*l, *today, *nir, args->paths); written != kExitOk) return written;
        changed = true;
      }
      if (args->ids.empty()) {
        int listed = 0;
        for (letters::Letter& l : tracker->letters) {
          const letters::LetterStatus status = letters::StatusOn(l, *today);
          if (status != letters::LetterStatus::kDueSoon && status != letters::LetterStatus::kOverdue) continue;
          ++listed;
          std::cout << "letter " << l.id << "  " << letters::LetterStatusName(status) << "  due " << DueText(l) << "  "
                    << letters::LetterTypeName(l.type) << " to " << l.to.name << "\n";
          if (status == letters::LetterStatus::kOverdue && l.reminders.empty() && !args->list_only) {
            if (int written = WriteReminder(l, *today, *nir, args->paths); written != kExitOk) return written;
            changed = true;
          }
        }
        if (listed == 0) std::cout << "no letter is due within 7 days or overdue\n";
      }
      if (changed) {
        Status saved = letters::SaveTracker(*tracker, args->paths.tracker);
        if (!saved.ok()) return Fail(saved);
      }
      return code;
    };
  });
}

void AddComplaint(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("complaint", "Build the complaint dossier for the CNIL (PDF and text)");
  struct Args {
    Paths paths;
    int id = 0;
    std::string today;
    std::vector<std::string> attachments;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->id, "The letter the complaint is about")->required();
  cmd->add_option("--today", args->today, "The dossier's date (default: today)");
  cmd->add_option("--attachment", args->attachments, "Another attachment to list (one per --attachment)");
  AddTrackerOption(cmd, args->paths);
  AddDirectoryOption(cmd, args->paths);
  AddOutDirOption(cmd, args->paths);
  cmd->footer(
      "Once the deadline has passed without an answer, or after an answer that did not resolve\n"
      "the request. The dossier holds your identity, the organisation's name, address and SIREN,\n"
      "the right exercised, the chronology of letters, reminders and answers, the grievance, the\n"
      "attachments and how to file it (online at www.cnil.fr, or by post to the CNIL's address in\n"
      "the directory).\n"
      "Example:\n  sovhub letter complaint 1 --attachment \"Copie de ma pièce d'identité\"");
  cmd->callback([=, &action] {
    action = [=] {
      auto today = DateOption("--today", args->today, LocalToday());
      if (!today.ok()) return Fail(today.status());
      auto directory = letters::LoadDirectory(args->paths.directory);
      if (!directory.ok()) return Fail(directory.status());
      auto cnil = letters::FindAddressee(*directory, "cnil");
      if (!cnil.ok()) return Fail(cnil.status().WithContext(args->paths.directory));
      return WithLetter(args->paths, args->id, [&](letters::Tracker&, letters::Letter& l) {
        Status can = letters::CheckCanComplain(l, *today);
        if (!can.ok()) return Fail(can);
        auto files = WriteDocument(letters::ComposeComplaint(l, *cnil, *today, args->attachments),
                                   OutDir(args->paths) / ("letter-" + std::to_string(l.id) + "-complaint"));
        if (!files.ok()) return Fail(files.status());
        l.complaint = letters::Complaint{*today, *files};
        std::cout << "complaint dossier written: " << (*files)[0] << ", " << (*files)[1] << "\n";
        if (l.to.siren.empty()) {
          std::cerr << "sovhub: note: the SIREN of " << l.to.name
                    << " is not in the directory; complete it (annuaire-entreprises.data.gouv.fr)\n";
        }
        return kExitOk;
      });
    };
  });
}

void AddList(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("list", "List the tracked letters with their status and deadline");
  struct Args {
    Paths paths;
    std::string today;
    bool json_output = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--today", args->today, "The day to count from (default: today)");
  cmd->add_flag("--json", args->json_output, "JSON array on stdout");
  AddTrackerOption(cmd, args->paths);
  cmd->footer(
      "Status: draft (not sent), waiting, due-soon (deadline within 7 days), overdue, answered\n"
      "(not resolved), resolved, complained.\nExample:\n  sovhub letter list --json");
  cmd->callback([=, &action] {
    action = [=] {
      auto today = DateOption("--today", args->today, LocalToday());
      if (!today.ok()) return Fail(today.status());
      auto tracker = letters::LoadTracker(args->paths.tracker);
      if (!tracker.ok()) return Fail(tracker.status());
      json out = json::array();
      for (const letters::Letter& l : tracker->letters) {
        const std::string status(letters::LetterStatusName(letters::StatusOn(l, *today)));
        if (args->json_output) {
          out.push_back({{"id", l.id}, {"type", letters::LetterTypeName(l.type)}, {"to", l.to.id},
                         {"date", ToIsoString(l.date)}, {"status", status}, {"due", DueText(l)}});
        } else {
          std::cout << l.id << "  " << ToIsoString(l.date) << "  " << letters::LetterTypeName(l.type) << "  "
                    << l.to.id << "  " << status << "  due " << DueText(l) << "\n";
        }
      }
      if (args->json_output) std::cout << out.dump(2) << "\n";
      return kExitOk;
    };
  });
}

void AddAddressees(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("addressees", "List the addressee directory");
  struct Args {
    Paths paths;
    std::string department;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--department", args->department, "Only this department's entries (e.g. 49)");
  AddDirectoryOption(cmd, args->paths);
  cmd->footer(
      "The directory is an editable TOML file; every entry names its source, and entries marked\n"
      "\"to verify\" must be checked before use (docs/letters.md).\n"
      "Example:\n  sovhub letter addressees --department 49");
  cmd->callback([=, &action] {
    action = [=] {
      auto directory = letters::LoadDirectory(args->paths.directory);
      if (!directory.ok()) return Fail(directory.status());
      for (const letters::Addressee& a : *directory) {
        if (!args->department.empty() && a.department != args->department) continue;
        std::cout << a.id << "  " << a.name << (a.verified ? "" : "  (to verify)") << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace

void AddLetterFollowUpCommands(CLI::App* letter, Action& action) {
  AddRemind(letter, action);
  AddComplaint(letter, action);
  AddList(letter, action);
  AddAddressees(letter, action);
}

}  // namespace sovhub::cli
