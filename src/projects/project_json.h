// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A project document as JSON (docs/projects.md gives the format), both ways.
#ifndef SOVHUB_PROJECTS_PROJECT_JSON_H_
#define SOVHUB_PROJECTS_PROJECT_JSON_H_

#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/project.h"

namespace sovhub::projects {

// Parses and checks a project document. The state is not part of it (a new
// project is a draft). Errors are InvalidArgument "path: reason", e.g.
// "members[1].role: \"owner\" is not a member role (one of researcher, checker)"
// or "cohort.population.all[2].drug.atc[0]: \"A1O\" is not an ATC code".
Result<project::Project> ParseProject(std::string_view json);

enum class View {
  kFull,    // the document as stored, with its state
  kPublic,  // the public directory: members' e-mail addresses left out
};
std::string ProjectToJson(const project::Project& project, View view);

}  // namespace sovhub::projects

#endif  // SOVHUB_PROJECTS_PROJECT_JSON_H_
