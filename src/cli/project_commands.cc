// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Research projects: `projects`, `cohort`, `extract` and `workspace`.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cohort/cohort_json.h"
#include "cohort/cohort_sql.h"
#include "cohort/dialect.h"
#include "domain/dummy_cohort.h"
#include "files/atomic_file.h"
#include "hub/hub.h"
#include "projects/project_json.h"

namespace sovhub::cli {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxDocumentBytes = 1 << 20;

void PrintProjectLine(const project::Project& p) {
  std::cout << p.id << "  " << project::StateName(p.state) << "  " << ToIsoString(p.start_date) << " → "
            << ToIsoString(p.end_date) << "  " << p.title << "\n";
}

void AddDocumentCommand(CLI::App* projects, Action& action, bool create) {
  CLI::App* cmd = projects->add_subcommand(
      create ? "create" : "update",
      create ? "Create a project (a draft) from its JSON document"
             : "Replace a draft or submitted project's document (approved content is frozen)");
  struct Args {
    std::string hub_dir, file;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--file", args->file, "The project document (JSON, see docs/projects.md)")->required();
  cmd->footer(
      "The document states the title, controller, purpose, legal basis, public summary,\n"
      "approvals, dates, members and their roles, the cohort (docs/cohort.md), the variables\n"
      "(OMOP tables and columns) and the period. Errors name the field:\n"
      "  members[1].role: \"owner\" is not a member role (one of researcher, checker)\n"
      "Example:\n  sovhub projects create --hub ./hub --file diabetes.json");
  cmd->callback([=, &action] {
    action = [=] {
      auto text = files::ReadWholeFile(args->file, kMaxDocumentBytes);
      if (!text.ok()) return Fail(text.status());
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto made = create ? hub.projects().Create(*text, OperatorName())
                           : hub.projects().Update(*text, OperatorName());
        if (!made.ok()) return Fail(made.status().WithContext(args->file));
        std::cout << "project " << made->id << " " << (create ? "created" : "updated") << " ("
                  << project::StateName(made->state) << ")\n";
        return kExitOk;
      });
    };
  });
}

void AddActionCommand(CLI::App* projects, Action& action, project::Action what, const char* help) {
  CLI::App* cmd = projects->add_subcommand(std::string(project::ActionName(what)), help);
  struct Args {
    std::string hub_dir, project;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--project", args->project, "Project id")->required();
  cmd->footer(
      "Lifecycle: draft -submit-> submitted -approve-> approved -activate-> active -close-> closed;\n"
      "return sends a submitted project back to draft; any open project may be closed. A project\n"
      "past its end date closes by itself. Every transition is journaled; an illegal one is\n"
      "refused with the rule that forbids it.");
  cmd->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto done = hub.projects().Apply(args->project, what, OperatorName());
        if (!done.ok()) return Fail(done.status());
        std::cout << "project " << done->id << " is " << project::StateName(done->state) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddList(CLI::App* projects, Action& action) {
  CLI::App* cmd = projects->add_subcommand("list", "List the projects (the public directory with --public)");
  struct Args {
    std::string hub_dir;
    bool is_public = false, json_output = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_flag("--public", args->is_public,
                "The public directory: every project but drafts, without members' private details");
  cmd->add_flag("--json", args->json_output, "JSON array on stdout");
  cmd->footer("Examples:\n  sovhub projects list --hub ./hub\n  sovhub projects list --hub ./hub --public --json");
  cmd->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto list = hub.projects().List();
        if (!list.ok()) return Fail(list.status());
        json out = json::array();
        for (const project::Project& p : *list) {
          // A draft is the applicant's working copy, not yet a request.
          if (args->is_public && p.state == project::State::kDraft) continue;
          if (args->json_output) {
            out.push_back(json::parse(projects::ProjectToJson(
                p, args->is_public ? projects::View::kPublic : projects::View::kFull)));
          } else {
            PrintProjectLine(p);
          }
        }
        if (args->json_output) std::cout << out.dump(2) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddShow(CLI::App* projects, Action& action) {
  CLI::App* cmd = projects->add_subcommand("show", "Print a project's document (JSON) with its state");
  struct Args {
    std::string hub_dir, project;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(cmd, args->hub_dir);
  cmd->add_option("--project", args->project, "Project id")->required();
  cmd->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto p = hub.projects().Find(args->project);
        if (!p.ok()) return Fail(p.status());
        std::cout << projects::ProjectToJson(*p, projects::View::kFull) << "\n";
        return kExitOk;
      });
    };
  });
}

void AddCohortCommands(CLI::App& app, Action& action) {
  CLI::App* cohort = app.add_subcommand("cohort", "Check a cohort definition, or count its persons");
  cohort->require_subcommand(1);
  struct Args {
    std::string hub_dir, file;
  };
  CLI::App* check = cohort->add_subcommand("check", "Check a cohort definition (JSON, docs/cohort.md)");
  auto check_args = std::make_shared<Args>();
  check->add_option("FILE", check_args->file, "The definition")->required();
  auto sql_dialect = std::make_shared<std::string>();
  check->add_option("--sql", *sql_dialect,
                    "Print the query it compiles to instead, in this dialect, its parameters "
                    "in comments")
      ->check(CLI::IsMember({"sqlite", "postgresql"}));
  check->footer(
      "Prints the canonical form on success; otherwise the error with its path, e.g.\n"
      "  population.all[2].drug.atc[0]: \"A1O\" is not an ATC code\n"
      "Example: sovhub cohort check --sql sqlite diabetes.json");
  check->callback([=, &action] {
    action = [=] {
      auto text = files::ReadWholeFile(check_args->file, kMaxDocumentBytes);
      if (!text.ok()) return Fail(text.status());
      auto definition = cohort::ParseCohort(*text);
      if (!definition.ok()) return Invalid(check_args->file + ": " + definition.status().message());
      if (sql_dialect->empty()) {
        std::cout << cohort::CanonicalJson(*definition) << "\n";
        return kExitOk;
      }
      const cohort::Dialect& dialect =
          *sql_dialect == "sqlite" ? cohort::SqliteDialect() : cohort::PostgresDialect();
      cohort::CompiledQuery query = cohort::Compile(*definition, dialect);
      for (std::size_t i = 0; i < query.params.size(); ++i) {
        std::cout << "-- " << (*sql_dialect == "sqlite" ? "?" : "$") << i + 1 << " = ";
        if (const auto* number = std::get_if<std::int64_t>(&query.params[i])) {
          std::cout << *number << "\n";
        } else {
          std::cout << nlohmann::json(std::get<std::string>(query.params[i])).dump() << "\n";
        }
      }
      std::cout << query.sql << ";\n";
      return kExitOk;
    };
  });
  CLI::App* count = cohort->add_subcommand("count", "Count the persons of a cohort in the warehouse");
  auto count_args = std::make_shared<Args>();
  AddHubOption(count, count_args->hub_dir);
  count->add_option("FILE", count_args->file, "The definition")->required();
  count->footer(
      "Counts on the OMOP event layer as it stands, before oppositions (an extract leaves out\n"
      "the persons opposed at its checkpoint).");
  count->callback([=, &action] {
    action = [=] {
      auto text = files::ReadWholeFile(count_args->file, kMaxDocumentBytes);
      if (!text.ok()) return Fail(text.status());
      auto definition = cohort::ParseCohort(*text);
      if (!definition.ok()) return Invalid(count_args->file + ": " + definition.status().message());
      return WithHub(count_args->hub_dir, [&](hub::Hub& hub) {
        auto persons = hub.projects().CountCohort(*definition);
        if (!persons.ok()) return Fail(persons.status());
        std::cout << *persons << "\n";
        return kExitOk;
      });
    };
  });
}

void AddExtractCommands(CLI::App& app, Action& action) {
  CLI::App* extract = app.add_subcommand("extract", "Build a project's extract, or audit it");
  extract->require_subcommand(1);
  struct Args {
    std::string hub_dir, project, checkpoint;
    bool json_output = false;
  };
  CLI::App* build = extract->add_subcommand("build", "Build an active project's extract into its workspace");
  auto build_args = std::make_shared<Args>();
  AddHubOption(build, build_args->hub_dir);
  build->add_option("--project", build_args->project, "Project id")->required();
  build->add_option("--checkpoint", build_args->checkpoint,
                    "Build against this log size (default: the latest checkpoint)");
  build->add_flag("--json", build_args->json_output, "Print the manifest as JSON");
  build->footer(
      "The population minus every person opposed at the checkpoint (globally or to this project),\n"
      "with project person ids, only the allowlisted tables and columns, only the period, into\n"
      "projects/<id>/workspace.db (replaced atomically). Journaled as extract.build.");
  build->callback([=, &action] {
    action = [=] {
      std::optional<std::uint64_t> size;
      if (!build_args->checkpoint.empty()) {
        auto parsed = ParseUint64("--checkpoint", build_args->checkpoint);
        if (!parsed.ok()) return Fail(parsed.status());
        size = *parsed;
      }
      return WithHub(build_args->hub_dir, [&](hub::Hub& hub) {
        auto report = hub.projects().BuildExtract(build_args->project, size, OperatorName());
        if (!report.ok()) return Fail(report.status());
        if (build_args->json_output) {
          std::cout << report->manifest_json << "\n";
          return kExitOk;
        }
        std::cout << "extract of " << report->project_id << " at checkpoint " << report->checkpoint_size << ": "
                  << report->cohort_persons - report->persons_withheld << " persons ("
                  << report->persons_withheld << " left out: opposed)\n";
        for (const auto& table : report->tables) std::cout << "  " << table.table << ": " << table.rows << " rows\n";
        std::cout << "  " << report->workspace.string() << " in " << report->seconds << " s\n";
        return kExitOk;
      });
    };
  });

  CLI::App* audit = extract->add_subcommand("audit", "Check that no opposed person is in a project's workspace");
  auto audit_args = std::make_shared<Args>();
  AddHubOption(audit, audit_args->hub_dir);
  audit->add_option("--project", audit_args->project, "Project id")->required();
  audit->footer(
      "Recomputes, for the checkpoint the manifest claims (its latest purge, else its build), the\n"
      "persons opposed at it and their project ids, and looks for them in every table of the\n"
      "workspace. Exit 0 when none is there, 2 otherwise.");
  audit->callback([=, &action] {
    action = [=] {
      return WithHub(audit_args->hub_dir, [&](hub::Hub& hub) {
        auto report = hub.projects().AuditExtract(audit_args->project);
        if (!report.ok()) return Fail(report.status());
        for (const auto& problem : report->problems) std::cerr << "sovhub: " << problem << "\n";
        for (const auto& found : report->rows_found) {
          std::cerr << "sovhub: " << found.table << ": " << found.rows << " rows of opposed persons\n";
        }
        if (!report->ok()) {
          return Invalid("workspace of " + report->project_id + " fails its audit at checkpoint " +
                         std::to_string(report->checkpoint_size));
        }
        std::cout << "workspace of " << report->project_id << ": no person opposed at checkpoint "
                  << report->checkpoint_size << " (" << report->opposed_persons << " opposed persons checked)\n";
        return kExitOk;
      });
    };
  });
}

void PrintTable(const store::QueryResult& result) {
  auto cell = [](const std::optional<std::string>& value) { return value ? *value : std::string("NULL"); };
  for (std::size_t c = 0; c < result.columns.size(); ++c) std::cout << (c ? "|" : "") << result.columns[c];
  if (!result.columns.empty()) std::cout << "\n";
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) std::cout << (c ? "|" : "") << cell(row[c]);
    std::cout << "\n";
  }
}

void AddWorkspaceCommands(CLI::App& app, Action& action) {
  CLI::App* workspace = app.add_subcommand("workspace", "Work on a project's workspace (sandboxed SQL)");
  workspace->require_subcommand(1);
  struct Args {
    std::string hub_dir, project, sql;
    bool json_output = false, dummy = false;
    int seconds = 30;
    std::int64_t max_rows = 100000;
  };
  CLI::App* query = workspace->add_subcommand("query", "Run SQL on the project's workspace, in the sandbox");
  auto args = std::make_shared<Args>();
  AddHubOption(query, args->hub_dir);
  query->add_option("--project", args->project, "Project id")->required();
  query->add_option("SQL", args->sql, "One or more statements; the last result is printed")->required();
  query->add_flag("--json", args->json_output, "JSON {columns, rows}");
  query->add_flag("--dummy", args->dummy,
                  "Run on the dummy workspace (sovhub workspace dummy), with its own scratch schema");
  query->add_option("--time-limit", args->seconds, "Seconds per statement (default 30)")
      ->check(CLI::Range(1, 3600));
  query->add_option("--max-rows", args->max_rows, "Result rows (default 100000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10000000}));
  query->footer(
      "Extract tables are read-only; write your own tables in the scratch schema\n"
      "(CREATE TABLE scratch.t AS SELECT ...). ATTACH, extensions, state-changing PRAGMAs and\n"
      "the temp schema are refused (docs/sandbox.md). A closed project's workspace is read-only.\n"
      "With --dummy, the same SQL runs on the synthetic workspace, before any real data.\n"
      "Example:\n  sovhub workspace query --project demo-diabetes \\\n"
      "    \"SELECT gender_source_value, count(*) FROM person GROUP BY 1\"");
  query->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        store::SandboxLimits limits;
        limits.statement_time = std::chrono::seconds(args->seconds);
        limits.max_rows = args->max_rows;
        auto result = args->dummy ? hub.projects().QueryDummy(args->project, args->sql, limits)
                                  : hub.projects().Query(args->project, args->sql, limits);
        if (!result.ok()) return Fail(result.status());
        if (args->json_output) {
          json rows = json::array();
          for (const auto& row : result->rows) {
            json cells = json::array();
            for (const auto& c : row) cells.push_back(c ? json(*c) : json(nullptr));
            rows.push_back(cells);
          }
          std::cout << json({{"columns", result->columns}, {"rows", rows}, {"rows_changed", result->rows_changed}})
                           .dump()
                    << "\n";
        } else {
          PrintTable(*result);
        }
        return kExitOk;
      });
    };
  });
}

void AddDummyCommand(CLI::App& app, Action& action) {
  CLI::App* workspace = app.get_subcommand("workspace");
  CLI::App* dummy = workspace->add_subcommand(
      "dummy", "Make a dummy workspace: synthetic persons who satisfy the project's cohort");
  struct Args {
    std::string hub_dir, project;
    int persons = 500;
    std::uint64_t seed = 1;
    bool json_output = false;
  };
  auto args = std::make_shared<Args>();
  AddHubOption(dummy, args->hub_dir);
  dummy->add_option("--project", args->project, "Project id")->required();
  dummy->add_option("--persons", args->persons, "Persons to generate (default 500)")
      ->check(CLI::Range(1, cohort::kMaxDummyPersons));
  dummy->add_option("--seed", args->seed, "Seed of the generator: the same seed gives the same rows (default 1)");
  dummy->add_flag("--json", args->json_output, "Print the manifest as JSON");
  dummy->footer(
      "Develop and test your analysis before you see real data. Every generated person satisfies\n"
      "the project's cohort definition: each branch of an \"any\" is taken by some of them, nothing\n"
      "a \"not\" excludes occurs, codes given as prefixes (E11*) become full codes (E119), and the\n"
      "events fall in the project's period. The workspace has the tables and columns of the real\n"
      "extract (the project's variables), with no real person in it, in\n"
      "projects/<id>/dummy/workspace.db; its manifest.json says it is dummy data. Any state but\n"
      "closed: a draft may develop. A definition no one can satisfy is refused with its path:\n"
      "  population.all[0].condition: every event that would match it also matches\n"
      "  population.all[1].not.condition, which must not hold\n"
      "Examples:\n  sovhub workspace dummy --project demo-diabetes --persons 200 --seed 7\n"
      "  sovhub workspace query --project demo-diabetes --dummy \"SELECT count(*) FROM person\"");
  dummy->callback([=, &action] {
    action = [=] {
      return WithHub(args->hub_dir, [&](hub::Hub& hub) {
        auto report = hub.projects().BuildDummy(args->project, args->persons, args->seed, OperatorName());
        if (!report.ok()) return Fail(report.status());
        if (args->json_output) {
          std::cout << report->manifest_json << "\n";
          return kExitOk;
        }
        std::cout << "dummy workspace of " << report->project_id << ": " << report->persons
                  << " synthetic persons (seed " << report->seed << "), each selected by the cohort\n";
        for (const auto& table : report->tables) std::cout << "  " << table.table << ": " << table.rows << " rows\n";
        std::cout << "  " << report->workspace.string() << " in " << report->seconds << " s\n"
                  << "Not real data. Query it with: sovhub workspace query --project " << report->project_id
                  << " --dummy \"SQL\"\n";
        return kExitOk;
      });
    };
  });
}

}  // namespace

void AddProjectCommands(CLI::App& app, Action& action) {
  CLI::App* projects = app.add_subcommand("projects", "Research projects: create, lifecycle, directory");
  projects->require_subcommand(1);
  AddDocumentCommand(projects, action, true);
  AddDocumentCommand(projects, action, false);
  AddActionCommand(projects, action, project::Action::kSubmit, "Submit a draft for approval");
  AddActionCommand(projects, action, project::Action::kReturn, "Send a submitted project back to draft");
  AddActionCommand(projects, action, project::Action::kApprove,
                   "Approve a submitted project (both approvals must be in its document)");
  AddActionCommand(projects, action, project::Action::kActivate, "Open an approved project's work");
  AddActionCommand(projects, action, project::Action::kClose, "Close a project (its workspace becomes read-only)");
  AddList(projects, action);
  AddShow(projects, action);
  AddCohortCommands(app, action);
  AddExtractCommands(app, action);
  AddWorkspaceCommands(app, action);
  AddDummyCommand(app, action);
}

}  // namespace sovhub::cli
