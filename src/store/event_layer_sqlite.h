// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The OMOP CDM v5.4 event layer, rebuilt from the source tables (docs/omop.md
// states every transform). Internal to src/store: services reach it through
// Store::RebuildEventLayer.
#ifndef SOVHUB_STORE_EVENT_LAYER_SQLITE_H_
#define SOVHUB_STORE_EVENT_LAYER_SQLITE_H_

#include <vector>

#include "core/status.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace sovhub::store {

// Replaces the content of the OMOP tables with what the source tables give,
// within the caller's transaction. Persons keep their person_id (from
// omop_person_ids, append-only). A transform whose source table or columns
// are absent writes nothing and says why in its counts' note.
Result<std::vector<EventLayerCounts>> RebuildEventLayerSqlite(Database& db);

// Replaces the code summaries (omop_drug_codes, omop_condition_codes,
// omop_procedure_codes: per source code and person, the first date and the
// number of events) with what the event tables hold, within the caller's
// transaction. RebuildEventLayerSqlite calls it; so does a test that writes
// event rows by hand. The cohort compiler reads them for criteria without a
// date window.
Status RebuildCodeSummariesSqlite(Database& db);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_EVENT_LAYER_SQLITE_H_
