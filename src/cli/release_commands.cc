// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub release submit|list|show|review|decide|export`: the release
// workflow (docs/releases.md), the only way an output leaves a project.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "files/atomic_file.h"
#include "hub/hub.h"

namespace sovhub::cli {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxShownBytes = std::size_t{64} << 20;

json ViewJson(const releases::OutputView& v) {
  const store::OutputRecord& r = v.record;
  json reviews = json::array();
  for (const auto& review : v.reviews) {
    reviews.push_back({{"checker", review.checker}, {"verdict", review.verdict}, {"comment", review.comment},
                       {"at", review.at}});
  }
  json out = {{"id", r.id},           {"project", r.project_id},    {"submitter", r.submitter},
              {"description", r.description}, {"kind", r.kind},     {"source", r.source},
              {"state", r.state},     {"reason", r.reason},         {"spec", json::parse(r.spec, nullptr, false)},
              {"file_hash", r.file_hash}, {"protected_hash", r.protected_hash}, {"created_at", r.created_at},
              {"reviews", reviews},   {"folder", v.folder.string()}};
  out["report"] = r.report.empty() ? json(nullptr) : json::parse(r.report, nullptr, false);
  if (v.decision) {
    out["decision"] = {{"checker", v.decision->checker}, {"verdict", v.decision->verdict},
                       {"reason", v.decision->reason}, {"at", v.decision->at}};
  }
  if (!v.released.empty()) out["released_to"] = v.released.string();
  return out;
}

void PrintView(const releases::OutputView& v) {
  const store::OutputRecord& r = v.record;
  std::cout << "output " << r.id << " of project " << r.project_id << ": " << r.state << "\n"
            << "  description: " << r.description << "\n"
            << "  submitted by " << r.submitter << " at " << r.created_at << " (" << r.kind << ": " << r.source
            << ")\n";
  if (!r.reason.empty()) std::cout << "  reason: " << r.reason << "\n";
  for (const auto& review : v.reviews) {
    std::cout << "  review by " << review.checker << ": " << review.verdict << " — " << review.comment << "\n";
  }
  if (v.decision) {
    std::cout << "  decision by " << v.decision->checker << ": " << v.decision->verdict
              << (v.decision->reason.empty() ? "" : " — " + v.decision->reason) << "\n";
  }
  if (!v.released.empty()) std::cout << "  released to " << v.released.string() << "\n";
  // What the checkers review: the protected table and the audit intervals.
  auto table = files::ReadWholeFile(v.folder / "protected.csv", kMaxShownBytes);
  if (table.ok()) std::cout << "\nprotected table (suppressed cells empty):\n" << *table;
  if (!r.report.empty()) std::cout << "\ndisclosure report:\n" << r.report << "\n";
}

struct CommonArgs {
  std::string hub_dir, actor;
  std::int64_t output = 0;
  bool json_output = false;
};

int PrintResult(const Result<releases::OutputView>& result, bool json_output, const std::string& done) {
  if (!result.ok()) return Fail(result.status());
  if (json_output) std::cout << ViewJson(*result).dump(2) << "\n";
  else std::cout << done << "\n";
  return kExitOk;
}

void AddSubmit(CLI::App* release, Action& action) {
  CLI::App* cmd = release->add_subcommand("submit", "Submit an output of your workspace for release");
  struct Args {
    std::string hub_dir, project, actor, description, query, file, dims, count, value, top;
    std::int64_t threshold = 10;
    double p_percent = 0;
    std::vector<std::string> nk;
    bool json_output = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--project", args->project, "Project id")->required();
  cmd->add_option("--as", args->actor, "Your name, as a researcher of the project document")->required();
  cmd->add_option("--description", args->description, "What the output is and why it should leave")->required();
  auto* query = cmd->add_option("--query", args->query, "SQL run in the project's sandbox; its result is the output");
  auto* file = cmd->add_option("--file", args->file, "A CSV file inside the project's workspace folder");
  query->excludes(file);
  cmd->add_option("--dims", args->dims, "Dimension columns, comma-separated (1 to 4)")->required();
  cmd->add_option("--count", args->count, "Count column")->required();
  cmd->add_option("--value", args->value, "Magnitude column, if any (then --top and --p or --nk are required)");
  cmd->add_option("--threshold", args->threshold, "Frequency rule: 0 < n < T is sensitive (default 10)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
  cmd->add_option("--top", args->top,
                  "Magnitudes: the columns holding each row's largest contributions, largest first");
  cmd->add_option("--p", args->p_percent, "Magnitudes: the p% rule with this p (e.g. 10)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--nk", args->nk, "Magnitudes: an (n,k) dominance rule N,K such as 2,85 (repeatable)");
  cmd->add_flag("--json", args->json_output, "The output's record as JSON");
  cmd->footer(
      "The hub checks the output at once: the gate (CSV only, at most 10,000 rows and 10 MB, no\n"
      "person identifier column or value, counts that are counts), then disclosure control\n"
      "(frequency rule, and for a table of magnitudes the p% or (n,k) dominance rule on each\n"
      "row's largest contributions; secondary suppression proved by an audit, together with\n"
      "the project's earlier outputs of the same measure). Two checkers of the project\n"
      "then review it (sovhub release review), and one decides (sovhub release decide).\n"
      "Example:\n"
      "  sovhub release submit --project demo-diabetes --as \"Alice Martin\" \\\n"
      "    --query \"SELECT gender_source_value AS sex, count(*) AS n FROM person GROUP BY 1\" \\\n"
      "    --dims sex --count n --description \"Persons by sex, table 1 of the paper\"\n"
      "Workflow, states and gate rules: docs/releases.md.");
  cmd->callback([=, &action] {
    action = [=] {
      if (args->query.empty() == args->file.empty()) return Usage("give --query or --file");
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        releases::Submission s;
        s.project_id = args->project;
        s.actor = args->actor;
        s.description = args->description;
        s.spec = {SplitComma(args->dims), args->count, args->value, args->threshold};
        s.spec.top_columns = SplitComma(args->top);
        s.spec.p_percent = args->p_percent;
        for (const std::string& rule : args->nk) {
          const std::vector<std::string> parts = SplitComma(rule);
          char* end_n = nullptr;
          char* end_k = nullptr;
          const long n = parts.size() == 2 ? std::strtol(parts[0].c_str(), &end_n, 10) : 0;
          const double k = parts.size() == 2 ? std::strtod(parts[1].c_str(), &end_k) : 0;
          if (parts.size() != 2 || *end_n != '\0' || *end_k != '\0' || n < 1 || n > 5 || k <= 0 || k > 100) {
            return Usage("--nk " + rule + ": expected N,K with N from 1 to 5 and K in (0,100], such as 2,85");
          }
          s.spec.dominance.emplace_back(static_cast<int>(n), k);
        }
        if (!args->query.empty()) s.sql = args->query;
        else s.file = std::filesystem::path(args->file);
        auto result = hub.releases().Submit(s);
        if (!result.ok()) return Fail(result.status());
        return PrintResult(result, args->json_output,
                           "output " + std::to_string(result->record.id) + " submitted: " + result->record.state +
                               "; two checkers of the project review it:\n  sovhub release review " +
                               std::to_string(result->record.id) + " --as NAME --verdict approve --comment ...");
      });
    };
  });
}

void AddReviewOrDecide(CLI::App* release, Action& action, bool decide) {
  CLI::App* cmd = release->add_subcommand(
      decide ? "decide" : "review",
      decide ? "Decide on an output after two checkers' reviews" : "Review an output, as a checker of the project");
  auto args = std::make_shared<CommonArgs>();
  auto verdict = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("OUTPUT", args->output, "Output number (sovhub release list)")->required();
  cmd->add_option("--as", args->actor, "Your name, as a checker of the project document")->required();
  cmd->add_option("--verdict", *verdict, "approve or reject")->required()->check(CLI::IsMember({"approve", "reject"}));
  if (decide) cmd->add_option("--reason", *text, "Why (required to reject; kept with the output)");
  else cmd->add_option("--comment", *text, "What you checked and found")->required();
  cmd->add_flag("--json", args->json_output, "The output's record as JSON");
  cmd->footer(decide ? "Allowed once two different checkers have reviewed; never by the submitter. Approve needs\n"
                       "both reviews to approve; reject is always allowed then, with a reason. An approved\n"
                       "output's protected table and report go to the release store (sovhub release export).\n"
                       "Example:\n  sovhub release decide 3 --as \"Chloé Durand\" --verdict approve"
                     : "Look at the protected table and its audit first (sovhub release show N). Each checker\n"
                       "reviews once; the submitter never reviews their own output.\n"
                       "Example:\n  sovhub release review 3 --as \"Bruno Petit\" --verdict approve \\\n"
                       "    --comment \"Counts only, small cells suppressed, intervals wide enough\"");
  cmd->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        release::Verdict v = *release::ParseVerdict(*verdict);
        auto result = decide ? hub.releases().Decide(args->output, args->actor, v, *text)
                             : hub.releases().Review(args->output, args->actor, v, *text);
        if (!result.ok()) return PrintResult(result, false, "");
        std::string done = "output " + std::to_string(args->output) + " is " + result->record.state;
        if (!result->released.empty()) done += ": released to " + result->released.string();
        return PrintResult(result, args->json_output, done);
      });
    };
  });
}

void AddReadCommands(CLI::App* release, Action& action) {
  CLI::App* list = release->add_subcommand("list", "List the outputs (of a project) and their states");
  auto list_args = std::make_shared<std::pair<std::string, std::string>>();
  AddHubOption(list, list_args->first);
  list->add_option("--project", list_args->second, "Only this project's outputs");
  list->footer("Example:\n  sovhub release list --project demo-diabetes");
  list->callback([=, &action] {
    action = [=] {
      return WithHub(list_args->first, [&](hub::Hub& hub) {
        auto outputs = hub.releases().List(list_args->second);
        if (!outputs.ok()) return Fail(outputs.status());
        for (const auto& r : *outputs) {
          std::cout << r.id << "  " << r.project_id << "  " << r.state << "  " << r.submitter << "  " << r.description
                    << "\n";
        }
        return kExitOk;
      });
    };
  });

  CLI::App* show = release->add_subcommand("show", "An output: its state, reviews, protected table and audit");
  auto show_args = std::make_shared<CommonArgs>();
  AddHubOption(show, show_args->hub_dir);
  show->add_option("OUTPUT", show_args->output, "Output number")->required();
  show->add_flag("--json", show_args->json_output, "JSON");
  show->footer("What the checkers review. Example:\n  sovhub release show 3");
  show->callback([=, &action] {
    action = [=] {
      return WithHub(show_args->hub_dir, [&](hub::Hub& hub) {
        auto view = hub.releases().Show(show_args->output);
        if (!view.ok()) return Fail(view.status());
        if (show_args->json_output) std::cout << ViewJson(*view).dump(2) << "\n";
        else PrintView(*view);
        return kExitOk;
      });
    };
  });

  CLI::App* exported = release->add_subcommand("export", "Where an approved output is in the release store");
  auto export_args = std::make_shared<CommonArgs>();
  auto print = std::make_shared<bool>(false);
  AddHubOption(exported, export_args->hub_dir);
  exported->add_option("OUTPUT", export_args->output, "Output number")->required();
  exported->add_flag("--print", *print, "Print the released protected table on stdout");
  exported->footer(
      "The release store (HUB/releases/PROJECT/OUTPUT/) is the only place an output leaves from:\n"
      "protected.csv, disclosure-report.json and release.json. Only approved outputs are there.\n"
      "Example:\n  sovhub release export 3 --print > table1.csv");
  exported->callback([=, &action] {
    action = [=] {
      return WithHub(export_args->hub_dir, [&](hub::Hub& hub) {
        auto folder = hub.releases().ReleasedFolder(export_args->output);
        if (!folder.ok()) return Fail(folder.status());
        if (*print) {
          auto table = files::ReadWholeFile(*folder / "protected.csv", kMaxShownBytes);
          if (!table.ok()) return Fail(table.status());
          std::cout << *table;
          return kExitOk;
        }
        for (const char* name : {"protected.csv", "disclosure-report.json", "release.json"}) {
          std::cout << (*folder / name).string() << "\n";
        }
        return kExitOk;
      });
    };
  });
}

}  // namespace

void AddReleaseCommands(CLI::App& app, Action& action) {
  CLI::App* release = app.add_subcommand("release", "Submit, check and release a project's outputs");
  release->require_subcommand(1);
  release->footer(
      "The only way an output leaves a project: submit → automatic gate → disclosure control →\n"
      "two checkers review → one decision → the release store. See docs/releases.md.");
  AddSubmit(release, action);
  AddReviewOrDecide(release, action, false);
  AddReviewOrDecide(release, action, true);
  AddReadCommands(release, action);
}

}  // namespace sovhub::cli
