// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The store port of the rights desk (tables rights_) and of the warehouse
// reads an access request needs: every row held about one person. Used
// within the Store's transactions (reads may run outside one).
#ifndef SOVHUB_STORE_RIGHTS_STORE_H_
#define SOVHUB_STORE_RIGHTS_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sovhub::store {

// A request as stored: dates YYYY-MM-DD, "" when absent.
struct RightsRequestRecord {
  std::string id;
  std::string kind;
  std::string pid;
  std::string received;
  std::string calendar;
  std::string reference;
  std::string state;
  std::string extension_date;
  std::string extension_reason;
  std::string answered_on;
  std::string answer_summary;
  std::string refusal_date;
  std::string refusal_reasons;
  std::optional<std::uint64_t> opposition_leaf;
  std::string opposition_scope;
  std::string created_at;
  std::string updated_at;
};

struct RightsStepRecord {
  std::string request_id;
  std::int64_t seq = 0;  // 1, 2, ... per request
  std::string action;
  std::string date;
  std::string text;
  std::string actor;
  std::string recorded_at;
};

// The rows of one table about one person, columns as stored; NULL cells are
// nullopt.
struct PersonTableRows {
  std::string table;
  std::string layer;  // "omop" or "source"
  // Source tables only: how rows were found ("BEN_NIR_PSA", or "via ER_PRS_F"
  // for rows that reach the person through the table holding the pid).
  std::string matched_by;
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One event of the opposition registry about a person.
struct OppositionEventOfPerson {
  std::uint64_t leaf_idx = 0;
  std::string event;  // register | withdraw
  std::string scope;
  std::string time;
};

// An extract that admitted a person.
struct ExtractOfPerson {
  std::int64_t extract_id = 0;
  std::string project_id;
  std::string built_at;
  std::uint64_t checkpoint_size = 0;
};

class RightsStore {
 public:
  virtual ~RightsStore() = default;

  // Conflict when the id exists.
  virtual Status InsertRequest(const RightsRequestRecord& record) = 0;
  // NotFound when the id does not exist.
  virtual Status UpdateRequest(const RightsRequestRecord& record) = 0;
  virtual Result<std::optional<RightsRequestRecord>> FindRequest(const std::string& id) = 0;
  // All requests, by receipt date then id.
  virtual Result<std::vector<RightsRequestRecord>> ListRequests() = 0;
  virtual Result<std::vector<RightsRequestRecord>> ListRequestsOf(const std::string& pid) = 0;
  // How many request ids start with `prefix` (to number the next one).
  virtual Result<std::int64_t> CountRequestIds(const std::string& prefix) = 0;

  virtual Status AppendStep(const RightsStepRecord& record) = 0;
  // A request's steps in order.
  virtual Result<std::vector<RightsStepRecord>> ListSteps(const std::string& request_id) = 0;

  // Every row about `pid`: the OMOP event layer's rows with its person_id
  // (omop_person_ids maps the pid to it), and the source tables' rows whose
  // person column (given per table in `source_person_columns`) holds the
  // pid, plus the rows of the tables that reach a person only through such
  // a table (docs/rights.md lists the links: ER_PHA_F through ER_PRS_F, the
  // PMSI stays' tables through T_MCOaaC, OMOPSRC_ events through
  // OMOPSRC_PERSON in the same batch). Tables with no row are left out.
  virtual Result<std::vector<PersonTableRows>> PersonRows(
      const std::string& pid, const std::map<std::string, std::vector<std::string>>& source_person_columns) = 0;

  // The registry's events about `pid`, in log order.
  virtual Result<std::vector<OppositionEventOfPerson>> OppositionEventsOf(const std::string& pid) = 0;

  // Records who an extract admitted, and marks the extract as recorded.
  // `project_person_ids` come sorted: keyed hashes inserted in order append
  // along the primary key instead of landing on random pages.
  virtual Status AddExtractPersons(std::int64_t extract_id, const std::vector<std::int64_t>& project_person_ids) = 0;
  // The extracts of `project_id` that admitted `project_person_id`, oldest first.
  virtual Result<std::vector<ExtractOfPerson>> ExtractsWithPerson(const std::string& project_id,
                                                                  std::int64_t project_person_id) = 0;
  // The extracts of `project_id` built before membership was recorded.
  virtual Result<std::vector<ExtractOfPerson>> ExtractsNotRecorded(const std::string& project_id) = 0;
};

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_RIGHTS_STORE_H_
