// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub letter`: the citizen's letter tracker (src/letters). Runs on the
// citizen's own machine, on a JSON file there; never talks to a hub.
#include <time.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/letter_cli.h"
#include "domain/nir.h"
#include "letters/compose.h"
#include "letters/pdf.h"
#include "letters/tracker.h"

namespace sovhub::cli {

namespace fs = std::filesystem;

CivilDate LocalToday() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return CivilDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

Result<CivilDate> DateOption(const std::string& option, const std::string& text, const CivilDate& fallback) {
  if (text.empty()) return fallback;
  auto date = ParseIsoDate(text);
  if (!date.ok()) return Status::InvalidArgument(option + ": " + date.status().message());
  return *date;
}

void AddTrackerOption(CLI::App* cmd, Paths& paths) {
  cmd->add_option("--tracker", paths.tracker,
                   "The tracker file on your machine (default: $SOVHUB_LETTERS, else ./letters.json)");
}
void AddDirectoryOption(CLI::App* cmd, Paths& paths) {
  cmd->add_option("--directory", paths.directory,
                  "The addressee directory (default: $SOVHUB_ADDRESSEES, else the shipped data/addressees.toml)");
}
void AddOutDirOption(CLI::App* cmd, Paths& paths) {
  cmd->add_option("--out-dir", paths.out_dir, "Where the PDF and text files go (default: the tracker's folder)");
}

fs::path OutDir(const Paths& paths) {
  if (!paths.out_dir.empty()) return paths.out_dir;
  fs::path parent = fs::path(paths.tracker).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

Result<std::optional<std::string>> NirOption(const std::string& text) {
  if (text.empty()) return std::optional<std::string>();
  nir::Identifier id = nir::Classify(text);
  if (id.kind != nir::IdentifierKind::kNir) {
    return Status::InvalidArgument("--nir: not a complete, valid NIR (" +
                                   (id.problem.empty() ? std::string("15 characters with its key") : id.problem) + ")");
  }
  return std::optional<std::string>(id.canonical);
}

Result<std::vector<std::string>> WriteDocument(const letters::Document& doc, const fs::path& base) {
  std::error_code error;
  fs::create_directories(base.parent_path().empty() ? fs::path(".") : base.parent_path(), error);
  const std::string text_path = base.string() + ".txt";
  const std::string pdf_path = base.string() + ".pdf";
  SOVHUB_RETURN_IF_ERROR(letters::WritePrivateFile(text_path, letters::RenderText(doc)));
  SOVHUB_ASSIGN_OR_RETURN(std::string pdf, letters::RenderPdf(doc));
  SOVHUB_RETURN_IF_ERROR(letters::WritePrivateFile(pdf_path, pdf));
  return std::vector<std::string>{pdf_path, text_path};
}

int WithLetter(const Paths& paths, int id, const std::function<int(letters::Tracker&, letters::Letter&)>& work) {
  auto tracker = letters::LoadTracker(paths.tracker);
  if (!tracker.ok()) return Fail(tracker.status());
  letters::Letter* letter = tracker->Find(id);
  if (letter == nullptr) {
    return Fail(Status::NotFound("no letter " + std::to_string(id) + " in " + paths.tracker +
                                 " (see: sovhub letter list)"));
  }
  int code = work(*tracker, *letter);
  if (code != kExitOk) return code;
  Status saved = letters::SaveTracker(*tracker, paths.tracker);
  return saved.ok() ? kExitOk : Fail(saved);
}

namespace {

void AddNew(CLI::App* parent, Action& action) {
  CLI::App* cmd = parent->add_subcommand("new", "Write a request letter (PDF and text) and start tracking it");
  struct Args {
    Paths paths;
    std::string type, to, name, birth_date, email, nir, nir_last_digits, scope, language = "fr", date, place,
        receipt, calendar = "france";
    std::vector<std::string> address;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--type", args->type, "opposition (SNDS research use), access or erasure")->required();
  cmd->add_option("--to", args->to, "Addressee id in the directory (see: sovhub letter addressees)")->required();
  cmd->add_option("--name", args->name, "Your full name")->required();
  cmd->add_option("--birth-date", args->birth_date, "Your date of birth, YYYY-MM-DD")->required();
  cmd->add_option("--address", args->address, "Your postal address, one --address per line")->required();
  cmd->add_option("--email", args->email, "Your e-mail, for the answer");
  cmd->add_option("--nir", args->nir, "Your full NIR, printed in this letter only, never stored");
  cmd->add_option("--nir-last-digits", args->nir_last_digits, "Only the last 2 to 4 digits of your NIR (stored)");
  cmd->add_option("--scope", args->scope, "What the request covers (default: a wording for the type)");
  cmd->add_option("--lang", args->language, "fr (default) or en");
  cmd->add_option("--date", args->date, "The letter's date (default: today)");
  cmd->add_option("--place", args->place, "Where you write from: \"Rennes, le 2 mars 2026\"");
  cmd->add_option("--receipt", args->receipt,
                  "The day you expect the letter to arrive, from which its deadline is stated (default: --date; "
                  "add 2 or 3 days for a registered letter)");
  cmd->add_option("--calendar", args->calendar, "Public holidays: france (default) or alsace-moselle");
  AddTrackerOption(cmd, args->paths);
  AddDirectoryOption(cmd, args->paths);
  AddOutDirOption(cmd, args->paths);
  cmd->footer(
      "Writes letter-ID-TYPE-LANG.pdf and .txt (readable by you only) and records the letter in the\n"
      "tracker. The letter states your identity, the legal bases (opposition: GDPR Art. 21, Art. 74\n"
      "loi Informatique et Libertés, Art. R1461-9 code de la santé publique; access: Art. 15;\n"
      "erasure: Art. 17), the scope, asks for a written confirmation within one month (the date is\n"
      "computed) and says that a complaint to the CNIL will follow otherwise.\n"
      "Your NIR: --nir prints it in the letter and is never written to the tracker; --nir-last-digits\n"
      "prints and keeps only its end; without either, the letter identifies you by name, birth date\n"
      "and address, which is usually enough.\n"
      "Examples:\n"
      "  sovhub letter new --type opposition --to cpam-49 --name \"Camille Martin\" \\\n"
      "      --birth-date 1955-08-14 --address \"12 rue des Lilas\" --address \"49000 Angers\"\n"
      "  sovhub letter new --type access --to health-data-hub --lang en --name \"Camille Martin\" \\\n"
      "      --birth-date 1955-08-14 --address \"12 rue des Lilas\" --address \"49000 Angers\" --nir-last-digits 38");
  cmd->callback([=, &action] {
    action = [=] {
      auto type = letters::ParseLetterType(args->type);
      if (!type.ok()) return Fail(type.status().WithContext("--type"));
      auto language = letters::ParseLanguage(args->language);
      if (!language.ok()) return Fail(language.status().WithContext("--lang"));
      auto calendar = ParseHolidayCalendar(args->calendar);
      if (!calendar.ok()) return Fail(calendar.status().WithContext("--calendar"));
      auto birth = DateOption("--birth-date", args->birth_date, CivilDate{});
      if (!birth.ok()) return Fail(birth.status());
      auto date = DateOption("--date", args->date, LocalToday());
      if (!date.ok()) return Fail(date.status());
      auto receipt = DateOption("--receipt", args->receipt, *date);
      if (!receipt.ok()) return Fail(receipt.status());
      if (*receipt < *date) return Fail(Status::InvalidArgument("--receipt: before the letter's date"));
      auto full_nir = NirOption(args->nir);
      if (!full_nir.ok()) return Fail(full_nir.status());
      if (*full_nir && !args->nir_last_digits.empty()) return Usage("give --nir or --nir-last-digits, not both");
      if (letters::ContainsFullNir(args->scope) || letters::ContainsFullNir(args->place)) {
        return Fail(Status::InvalidArgument("--scope/--place: holds a NIR; pass it with --nir, never stored"));
      }
      auto directory = letters::LoadDirectory(args->paths.directory);
      if (!directory.ok()) return Fail(directory.status());
      auto to = letters::FindAddressee(*directory, args->to);
      if (!to.ok()) return Fail(to.status().WithContext(args->paths.directory));
      auto tracker = letters::LoadTracker(args->paths.tracker);
      if (!tracker.ok()) return Fail(tracker.status());

      letters::Letter letter;
      letter.id = tracker->NextId();
      letter.type = *type;
      letter.language = *language;
      letter.date = *date;
      letter.place = args->place;
      letter.identity = {args->name, *birth, args->address, args->email, args->nir_last_digits};
      Status identity = letters::CheckIdentity(letter.identity);
      if (!identity.ok()) return Fail(Status::InvalidArgument("--" + identity.message()));
      letter.to = *to;
      letter.scope = args->scope;
      letter.nir_in_letter = full_nir->has_value();
      letter.calendar = *calendar;
      const std::string base = "letter-" + std::to_string(letter.id) + "-" +
                               std::string(letters::LetterTypeName(letter.type)) + "-" +
                               std::string(letters::LanguageName(letter.language));
      auto files = WriteDocument(letters::ComposeRequestLetter(letter, *full_nir, *receipt), OutDir(args->paths) / base);
      if (!files.ok()) return Fail(files.status());
      letter.files = *files;
      tracker->letters.push_back(letter);
      Status saved = letters::SaveTracker(*tracker, args->paths.tracker);
      if (!saved.ok()) return Fail(saved);
      if (!to->verified) {
        std::cerr << "sovhub: warning: the directory entry \"" << to->id
                  << "\" is not verified; check its address before sending (source: " << to->source << ")\n";
      }
      std::cout << "letter " << letter.id << " written: " << (*files)[0] << ", " << (*files)[1] << "\n"
                << "send it, then record it: sovhub letter sent " << letter.id
                << " --channel registered-mail|email --date YYYY-MM-DD\n";
      return kExitOk;
    };
  });
}

void AddSent(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("sent", "Record that a letter was sent (starts its deadline)");
  struct Args {
    Paths paths;
    int id = 0;
    std::string channel, date, delivered, reference;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->id, "The letter's number")->required();
  cmd->add_option("--channel", args->channel, "registered-mail or email")->required();
  cmd->add_option("--date", args->date, "The day it was posted or e-mailed")->required();
  cmd->add_option("--delivered", args->delivered,
                  "The day it was received (acknowledgement of receipt); the deadline counts from it");
  cmd->add_option("--reference", args->reference, "The registered letter's number");
  AddTrackerOption(cmd, args->paths);
  cmd->footer(
      "Until --delivered is known the deadline counts from the sending date (right for an e-mail,\n"
      "a few days early for a registered letter). Run it again to add the delivery date.\n"
      "Examples:\n"
      "  sovhub letter sent 1 --channel registered-mail --date 2026-03-02 --reference \"1A 123 456 7890 1\"\n"
      "  sovhub letter sent 1 --channel registered-mail --date 2026-03-02 --delivered 2026-03-04");
  cmd->callback([=, &action] {
    action = [=] {
      auto channel = letters::ParseChannel(args->channel);
      if (!channel.ok()) return Fail(channel.status().WithContext("--channel"));
      auto date = DateOption("--date", args->date, CivilDate{});
      if (!date.ok()) return Fail(date.status());
      std::optional<CivilDate> delivered;
      if (!args->delivered.empty()) {
        auto parsed = DateOption("--delivered", args->delivered, CivilDate{});
        if (!parsed.ok()) return Fail(parsed.status());
        if (*parsed < *date) return Fail(Status::InvalidArgument("--delivered: before --date"));
        delivered = *parsed;
      }
      return WithLetter(args->paths, args->id, [&](letters::Tracker&, letters::Letter& l) {
        if (*date < l.date) return Fail(Status::InvalidArgument("--date: before the letter's date " + ToIsoString(l.date)));
        l.sent = letters::Sending{*channel, *date, delivered, args->reference};
        std::cout << "letter " << l.id << " sent on " << ToIsoString(*date) << "; answer due by "
                  << ToIsoString(letters::AnswerDeadline(l)->due) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddAnswer(CLI::App* letter, Action& action) {
  CLI::App* cmd = letter->add_subcommand("answer", "Record the controller's answer");
  struct Args {
    Paths paths;
    int id = 0;
    std::string date, summary;
    bool resolved = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->id, "The letter's number")->required();
  cmd->add_option("--date", args->date, "The answer's date")->required();
  cmd->add_option("--summary", args->summary, "What it says, in a sentence")->required();
  cmd->add_flag("--resolved", args->resolved, "The answer satisfies the request (otherwise: complain)");
  AddTrackerOption(cmd, args->paths);
  cmd->footer(
      "Examples:\n"
      "  sovhub letter answer 1 --date 2026-03-20 --summary \"Opposition recorded on 18 March\" --resolved\n"
      "  sovhub letter answer 2 --date 2026-04-01 --summary \"Refused without reasons\"");
  cmd->callback([=, &action] {
    action = [=] {
      auto date = DateOption("--date", args->date, CivilDate{});
      if (!date.ok()) return Fail(date.status());
      return WithLetter(args->paths, args->id, [&](letters::Tracker&, letters::Letter& l) {
        l.answers.push_back({*date, args->summary, args->resolved});
        std::cout << "letter " << l.id << ": answer recorded ("
                  << letters::LetterStatusName(letters::StatusOn(l, *date)) << ")\n";
        return kExitOk;
      });
    };
  });
}

}  // namespace

void AddLetterCommands(CLI::App& app, Action& action) {
  CLI::App* letter = app.add_subcommand(
      "letter", "Your letters to controllers outside the hub: write, track, remind, complain to the CNIL");
  letter->require_subcommand(1);
  letter->footer(
      "A tracker for the citizen's side, kept in a JSON file on your own machine (./letters.json,\n"
      "$SOVHUB_LETTERS or --tracker), never on a hub. docs/letters.md explains it.\n"
      "  sovhub letter addressees                      who you can write to\n"
      "  sovhub letter new --type opposition --to cpam-49 --name ... --birth-date ... --address ...\n"
      "  sovhub letter sent 1 --channel registered-mail --date 2026-03-02\n"
      "  sovhub letter list                            status and deadlines\n"
      "  sovhub letter remind                          reminders for every overdue letter\n"
      "  sovhub letter answer 1 --date 2026-03-20 --summary \"...\" [--resolved]\n"
      "  sovhub letter complaint 1                     the CNIL complaint dossier");
  AddNew(letter, action);
  AddSent(letter, action);
  AddAnswer(letter, action);
  AddLetterFollowUpCommands(letter, action);
}

}  // namespace sovhub::cli
