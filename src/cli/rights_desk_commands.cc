// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub rights new|show|list|check-identity|start|extend|answer|refuse|
// remind|export`: the hub's rights desk (rights/desk.h). The requester's NIR
// is read from a file or stdin, never from the command line (where `ps` and
// the shell's history would show it), turned into a stage-1 identifier in
// memory and handed to the desk, which stores only the pid.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/letter_cli.h"
#include "cli/rights_cli.h"
#include "crypto/key_file.h"
#include "domain/stage1.h"
#include "files/atomic_file.h"
#include "hub/hub.h"
#include "registry/receipt.h"
#include "registry/request.h"

namespace sovhub::cli {
namespace {

using json = nlohmann::ordered_json;

// The first line of `path` ("-": stdin), trimmed. Errors never quote it.
Result<std::string> ReadNir(const std::string& path) {
  std::string text;
  if (path == "-") {
    std::getline(std::cin, text);
  } else {
    SOVHUB_ASSIGN_OR_RETURN(text, files::ReadWholeFile(path, 4096));
    text = text.substr(0, text.find('\n'));
  }
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.pop_back();
  const std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string::npos) return Status::InvalidArgument("--nir-file: no NIR in " + path);
  return text.substr(start);
}

json RequestJson(const rights::DeskRequest& d, registry::Registry* registry) {
  const rights::Request& r = d.request;
  const GdprDeadline due = rights::DueDate(r);
  json out;
  out["id"] = r.id;
  out["kind"] = rights::KindName(r.kind);
  out["gdpr_article"] = rights::GdprArticle(r.kind);
  out["received"] = ToIsoString(r.received);
  out["due"] = ToIsoString(due.due);
  out["state"] = rights::StateName(r.state);
  out["reference"] = d.reference;
  out["calendar"] = HolidayCalendarName(r.calendar);
  if (r.extension) out["extension"] = {{"date", ToIsoString(r.extension->date)}, {"reason", r.extension->reason}};
  if (r.answered_on) out["answer"] = {{"date", ToIsoString(*r.answered_on)}, {"summary", r.answer_summary}};
  if (r.refusal) {
    json remedies = json::array();
    for (rights::Remedy remedy : r.refusal->remedies) remedies.push_back(rights::RemedyName(remedy));
    out["refusal"] = {{"date", ToIsoString(r.refusal->date)}, {"reasons", r.refusal->reasons}, {"remedies", remedies}};
  }
  if (d.opposition_leaf) {
    out["opposition"] = {{"leaf_index", *d.opposition_leaf}, {"scope", d.opposition_scope}};
    if (registry != nullptr) {
      auto receipt = registry->ReceiptFor(*d.opposition_leaf);
      if (receipt.ok()) out["opposition"]["receipt"] = json::parse(registry::ReceiptToJson(*receipt));
    }
  }
  if (!d.steps.empty()) {
    json steps = json::array();
    for (const auto& s : d.steps) {
      steps.push_back({{"seq", s.seq}, {"action", s.action}, {"date", s.date}, {"text", s.text}, {"actor", s.actor}});
    }
    out["steps"] = steps;
  }
  return out;
}

void PrintLine(const rights::DeskRequest& d) {
  const rights::Request& r = d.request;
  std::cout << r.id << "  " << rights::KindName(r.kind) << "  " << rights::StateName(r.state) << "  received "
            << ToIsoString(r.received) << "  due " << ToIsoString(rights::DueDate(r).due);
  if (d.opposition_leaf) std::cout << "  opposition leaf " << *d.opposition_leaf;
  if (!d.reference.empty()) std::cout << "  ref " << d.reference;
  std::cout << "\n";
}

void AddNew(CLI::App* parent, Action& action) {
  CLI::App* cmd = parent->add_subcommand("new", "Record a rights request received by the hub");
  struct Args {
    std::string hub_dir, kind, nir_file, birth_date, source_key, request, received, reference, calendar = "france",
        project, receipt;
    int sex = 0;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--kind", args->kind, "access, rectification, erasure, restriction or objection")->required();
  cmd->add_option("--nir-file", args->nir_file, "A file whose first line is the requester's NIR ('-': stdin)");
  cmd->add_option("--birth-date", args->birth_date, "The requester's birth date YYYY-MM-DD");
  cmd->add_option("--sex", args->sex, "1 or 2")->check(CLI::IsMember({1, 2}));
  cmd->add_option("--source-key", args->source_key, "The producer's key file K_source (mode 0600)");
  cmd->add_option("--request", args->request,
                  "Objection: the producer's opposition request instead (sovhub source opposition)");
  cmd->add_option("--received", args->received, "The day it was received, YYYY-MM-DD (default: today)");
  cmd->add_option("--reference", args->reference, "Your reference for it (e.g. the letter's)");
  cmd->add_option("--calendar", args->calendar, "Public holidays: france (default) or alsace-moselle");
  cmd->add_option("--project", args->project, "Objection: to this project only (default: all research)");
  cmd->add_option("--receipt", args->receipt, "Objection: write the opposition's receipt here (for the person)");
  cmd->footer(
      "The NIR is read from --nir-file (never from the command line), checked against the birth date\n"
      "and sex, turned into the stage-1 identifier with the producer's key and into the pid with the\n"
      "hub's key, in memory: the hub stores the pid only. An objection registers its opposition at\n"
      "once, durably, as `sovhub registry register` does, and links its log leaf to the request;\n"
      "give the person the receipt.\n"
      "Examples:\n"
      "  sovhub rights new --hub ./hub --kind access --nir-file nir.txt --birth-date 1955-08-14 --sex 2 \\\n"
      "    --source-key source.key --reference 'letter 2026-031'\n"
      "  sovhub rights new --hub ./hub --kind objection --request request.json --receipt receipt.json");
  cmd->callback([args, &action] {
    action = [args] {
      auto kind = rights::ParseKind(args->kind);
      if (!kind.ok()) return Fail(kind.status().WithContext("--kind"));
      auto calendar = ParseHolidayCalendar(args->calendar);
      if (!calendar.ok()) return Fail(calendar.status().WithContext("--calendar"));
      const bool objection = *kind == rights::Kind::kObjection;
      const bool by_person = !args->nir_file.empty();
      if (by_person == !args->request.empty()) return Usage("give either --nir-file (with --birth-date, --sex, --source-key) or --request");
      if (!args->request.empty() && !objection) return Usage("--request is an opposition request: for --kind objection only");
      if (objection && args->receipt.empty()) return Usage("an objection's opposition gets a receipt: give --receipt FILE");
      if (!objection && (!args->receipt.empty() || !args->project.empty())) {
        return Usage("--receipt and --project are for --kind objection only");
      }
      const std::string scope =
          args->project.empty() ? std::string(opposition::kScopeAll) : opposition::ProjectScope(args->project);
      rights::Intake intake;
      intake.kind = *kind;
      intake.calendar = *calendar;
      intake.reference = args->reference;
      if (by_person) {
        if (args->birth_date.empty() || args->sex == 0 || args->source_key.empty()) {
          return Usage("--nir-file goes with --birth-date, --sex and --source-key");
        }
        auto birth = DateOption("--birth-date", args->birth_date, CivilDate{});
        if (!birth.ok()) return Fail(birth.status());
        auto nir = ReadNir(args->nir_file);
        if (!nir.ok()) return Fail(nir.status());
        auto key = crypto::ReadKeyFile(args->source_key);
        if (!key.ok()) return Fail(key.status());
        crypto::HmacSha256 source_key(*key);
        std::fill(key->begin(), key->end(), 0);
        crypto::SystemRandom random;
        auto made = registry::MakeRequest(opposition::Event::kRegister, scope, *nir, *birth, args->sex, source_key,
                                          random);
        std::fill(nir->begin(), nir->end(), '\0');
        if (!made.ok()) return Fail(made.status().WithContext("--nir-file"));
        intake.stage1 = made->stage1;
        if (objection) intake.opposition = std::move(*made);
      } else {
        auto text = files::ReadWholeFile(args->request, 1 << 16);
        if (!text.ok()) return Fail(text.status());
        auto request = registry::RequestFromJson(*text);
        if (!request.ok()) return Fail(request.status().WithContext(args->request));
        if (request->event != opposition::Event::kRegister) return Usage(args->request + " is not a registration");
        if (!args->project.empty() && request->scope != scope) {
          return Usage("--project differs from the request's scope " + request->scope);
        }
        intake.stage1 = request->stage1;
        intake.opposition = std::move(*request);
      }
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto received = DateOption("--received", args->received, hub.rights().Today());
        if (!received.ok()) return Fail(received.status());
        intake.received = *received;
        auto filed = hub.rights().Receive(intake, OperatorName());
        if (!filed.ok()) return Fail(filed.status());
        if (filed->opposition) {
          Status written = files::WriteFileAtomically(args->receipt, registry::ReceiptToJson(filed->opposition->receipt));
          if (!written.ok()) return Fail(written);
        }
        const rights::Request& r = filed->request.request;
        std::cout << "request " << r.id << " (" << rights::KindName(r.kind) << ", GDPR Art. "
                  << rights::GdprArticle(r.kind) << ") received " << ToIsoString(r.received) << ", due "
                  << ToIsoString(rights::DueDate(r).due) << "\n";
        if (filed->opposition) {
          std::cout << "opposition " << (filed->opposition->appended ? "registered" : "already in effect")
                    << " (scope " << filed->request.opposition_scope << "): leaf "
                    << filed->opposition->receipt.leaf_index << " of the log; receipt written to " << args->receipt
                    << "\n";
        }
        return kExitOk;
      });
    };
  });
}

void AddShowAndList(CLI::App* parent, Action& action) {
  struct Args {
    std::string hub_dir, id;
    bool json_output = false, open_only = false;
  };
  auto show = std::make_shared<Args>();
  CLI::App* cmd = parent->add_subcommand("show", "Show a request, its deadline, its steps and its receipt");
  AddHubOption(cmd, show->hub_dir);
  cmd->add_option("--request", show->id, "Request id (R-YYYY-NNNN)")->required();
  cmd->add_flag("--json", show->json_output, "JSON on stdout");
  cmd->callback([show, &action] {
    action = [show] {
      return WithHub(show->hub_dir, [&](hub::Hub& hub) {
        auto found = hub.rights().Find(show->id);
        if (!found.ok()) return Fail(found.status());
        json doc = RequestJson(*found, &hub.registry());
        if (show->json_output) {
          std::cout << doc.dump(2) << "\n";
          return kExitOk;
        }
        PrintLine(*found);
        for (const auto& s : found->steps) {
          std::cout << "  " << s.seq << ". " << s.date << "  " << s.action << (s.text.empty() ? "" : ": " + s.text)
                    << "  (" << s.actor << ")\n";
        }
        if (found->opposition_leaf) {
          std::cout << "  receipt: sovhub log prove --hub " << show->hub_dir << " --inclusion " << *found->opposition_leaf
                    << " (the person's own receipt holds the salt)\n";
        }
        return kExitOk;
      });
    };
  });

  auto list = std::make_shared<Args>();
  CLI::App* list_cmd = parent->add_subcommand("list", "List the requests");
  AddHubOption(list_cmd, list->hub_dir);
  list_cmd->add_flag("--json", list->json_output, "JSON array on stdout");
  list_cmd->add_flag("--open", list->open_only, "Open requests only (not answered, not refused)");
  list_cmd->callback([list, &action] {
    action = [list] {
      return WithHub(list->hub_dir, [&](hub::Hub& hub) {
        auto all = hub.rights().List();
        if (!all.ok()) return Fail(all.status());
        json out = json::array();
        for (const auto& d : *all) {
          if (list->open_only && rights::IsClosed(d.request.state)) continue;
          if (list->json_output) {
            out.push_back(RequestJson(d, nullptr));
          } else {
            PrintLine(d);
          }
        }
        if (list->json_output) std::cout << out.dump(2) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddStep(CLI::App* parent, Action& action, rights::Action what, const std::string& name, const char* help) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  struct Args {
    std::string hub_dir, id, date, text;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--request", args->id, "Request id (R-YYYY-NNNN)")->required();
  cmd->add_option("--date", args->date, "The step's date, YYYY-MM-DD (default: today)");
  if (what == rights::Action::kExtend || what == rights::Action::kRefuse) {
    cmd->add_option("--reason", args->text, what == rights::Action::kExtend
                                                 ? "Why two more months are needed (told to the person)"
                                                 : "Why the request is refused (GDPR Art. 12(4))")
        ->required();
  } else if (what == rights::Action::kAnswer) {
    cmd->add_option("--summary", args->text, "What the answer said");
  }
  cmd->footer(
      "received -check-identity-> identity_checked -start-> in_progress -answer-> answered;\n"
      "in_progress -extend-> extended (once, by the first deadline, with a reason) -answer-> answered;\n"
      "any open request -refuse-> refused (with reasons; the CNIL and court remedies are attached).\n"
      "An objection may be started or answered without an identity check. An illegal step is\n"
      "refused with the rule (exit 2). docs/rights.md has the whole table.");
  cmd->callback([args, what, &action] {
    action = [args, what] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto date = DateOption("--date", args->date, hub.rights().Today());
        if (!date.ok()) return Fail(date.status());
        auto done = hub.rights().Apply(args->id, rights::Step{what, *date, args->text}, OperatorName());
        if (!done.ok()) return Fail(done.status());
        std::cout << "request " << done->request.id << " is " << rights::StateName(done->request.state) << ", due "
                  << ToIsoString(rights::DueDate(done->request).due) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddRemind(CLI::App* parent, Action& action) {
  CLI::App* cmd = parent->add_subcommand("remind", "Open requests due within N days, and overdue ones");
  struct Args {
    std::string hub_dir, today;
    int within = 7;
    bool json_output = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--today", args->today, "The day to count from, YYYY-MM-DD (default: today)");
  cmd->add_option("--within", args->within, "Days ahead (default 7)")->check(CLI::Range(0, 366));
  cmd->add_flag("--json", args->json_output, "JSON array on stdout");
  cmd->footer("Overdue first (the latest first), then by due date.\nExample:\n  sovhub rights remind --hub ./hub");
  cmd->callback([args, &action] {
    action = [args] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto today = DateOption("--today", args->today, hub.rights().Today());
        if (!today.ok()) return Fail(today.status());
        auto due = hub.rights().Remind(*today, args->within);
        if (!due.ok()) return Fail(due.status());
        json out = json::array();
        for (const auto& reminder : *due) {
          const rights::Request& r = reminder.request.request;
          if (args->json_output) {
            out.push_back({{"id", r.id},
                           {"kind", rights::KindName(r.kind)},
                           {"state", rights::StateName(r.state)},
                           {"due", ToIsoString(reminder.deadline.due)},
                           {"urgency", rights::UrgencyName(reminder.urgency)},
                           {"days_left", reminder.days_left}});
            continue;
          }
          const std::int64_t days = reminder.days_left;
          std::cout << (days < 0 ? "OVERDUE  " : "due soon ") << r.id << "  " << rights::KindName(r.kind) << "  "
                    << rights::StateName(r.state) << "  due " << ToIsoString(reminder.deadline.due) << "  "
                    << (days < 0 ? std::to_string(-days) + " day(s) late" : std::to_string(days) + " day(s) left")
                    << "\n";
        }
        if (args->json_output) {
          std::cout << out.dump(2) << "\n";
        } else if (due->empty()) {
          std::cout << "nothing due within " << args->within << " days, nothing overdue\n";
        }
        return kExitOk;
      });
    };
  });
}

void AddExport(CLI::App* parent, Action& action) {
  CLI::App* cmd = parent->add_subcommand("export", "Write the answer to an access request: JSON and PDF");
  struct Args {
    std::string hub_dir, id, out, date;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--request", args->id, "An access request whose requester's identity was checked")->required();
  cmd->add_option("--out", args->out, "The folder to write access-<id>.json and access-<id>.pdf in")->required();
  cmd->add_option("--date", args->date, "The export's date (default: today)");
  cmd->footer(
      "Everything the hub holds about the person: warehouse rows (OMOP and source tables), their\n"
      "oppositions and receipts, every project whose extract included them (with the extract dates and\n"
      "the project's public summary), their requests. The pid is shown as \"(pseudonym)\". The files\n"
      "are mode 0600: send them to the person. Journaled. docs/rights.md, \"Access export\".");
  cmd->callback([args, &action] {
    action = [args] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto date = DateOption("--date", args->date, hub.rights().Today());
        if (!date.ok()) return Fail(date.status());
        auto report = hub.rights().ExportAccess(args->id, args->out, *date, OperatorName());
        if (!report.ok()) return Fail(report.status());
        std::cout << "access export of " << args->id << ": " << report->rows << " rows in " << report->tables
                  << " tables, " << report->oppositions << " opposition event(s), " << report->projects
                  << " project(s), " << report->requests << " request(s)\n"
                  << "  " << report->json.string() << "\n  " << report->pdf.string() << "\n";
        return kExitOk;
      });
    };
  });
}

}  // namespace

void AddRightsDeskCommands(CLI::App* parent, Action& action) {
  AddNew(parent, action);
  AddShowAndList(parent, action);
  AddStep(parent, action, rights::Action::kCheckIdentity, "check-identity", "Record that the requester's identity was checked");
  AddStep(parent, action, rights::Action::kStart, "start", "Start handling a request");
  AddStep(parent, action, rights::Action::kExtend, "extend", "Extend the deadline by two months, with a reason");
  AddStep(parent, action, rights::Action::kAnswer, "answer", "Record the answer");
  AddStep(parent, action, rights::Action::kRefuse, "refuse", "Refuse the request, with reasons");
  AddRemind(parent, action);
  AddExport(parent, action);
}

}  // namespace sovhub::cli
