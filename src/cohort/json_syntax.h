// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The checks on JSON text that nlohmann::json::parse does not make: duplicate
// keys (which parse silently resolves to the last value) and nesting depth,
// with the JSON path of the offence; and syntax errors given with their path,
// line and column.
#ifndef SOVHUB_COHORT_JSON_SYNTAX_H_
#define SOVHUB_COHORT_JSON_SYNTAX_H_

#include <string_view>

#include "core/status.h"

namespace sovhub::cohort {

// Ok when `text` is one JSON value with no duplicate key in any object and
// no more than `max_depth` nested objects and arrays. Otherwise
// InvalidArgument "path: reason", `root_name` standing for the path of the
// top-level value, e.g.
//   population.condition.icd10: duplicate key
//   population.all[1]: malformed JSON at line 3, column 7: syntax error ...
Status CheckJsonSyntax(std::string_view text, int max_depth, std::string_view root_name);

}  // namespace sovhub::cohort

#endif  // SOVHUB_COHORT_JSON_SYNTAX_H_
