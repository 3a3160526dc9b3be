// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The store port of the release workflow (tables rel_, docs/releases.md).
// Used within the Store's transactions; the releases service decides, this
// only records.
#ifndef SOVHUB_STORE_RELEASE_STORE_H_
#define SOVHUB_STORE_RELEASE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sovhub::store {

struct OutputRecord {
  std::int64_t id = 0;  // assigned by InsertOutput
  std::string project_id;
  std::string submitter;
  std::string description;
  std::string kind;    // query | file
  std::string source;  // the SQL, or the file's path
  std::string state;   // domain/release.h StateName
  std::string reason;
  std::string spec;    // JSON
  std::string file_hash;
  std::string protected_hash;
  std::string report;  // JSON, may be empty
  std::string created_at;
  std::string updated_at;
};

struct ReviewRecord {
  std::int64_t output_id = 0;
  std::string checker;
  std::string verdict;  // approve | reject
  std::string comment;
  std::string at;
};

struct DecisionRecord {
  std::int64_t output_id = 0;
  std::string checker;
  std::string verdict;
  std::string reason;
  std::string at;
  std::string released_to;
};

class ReleaseStore {
 public:
  virtual ~ReleaseStore() = default;

  // Returns the new output's id.
  virtual Result<std::int64_t> InsertOutput(const OutputRecord& record) = 0;
  // Replaces every column but id, project_id and created_at. NotFound.
  virtual Status UpdateOutput(const OutputRecord& record) = 0;
  virtual Result<std::optional<OutputRecord>> FindOutput(std::int64_t id) = 0;
  // Every output, or a project's (empty `project_id`: all), by id.
  virtual Result<std::vector<OutputRecord>> ListOutputs(const std::string& project_id) = 0;

  // Conflict when the checker has already reviewed the output.
  virtual Status AddReview(const ReviewRecord& record) = 0;
  virtual Result<std::vector<ReviewRecord>> ListReviews(std::int64_t output_id) = 0;

  // Conflict when the output has a decision already.
  virtual Status AddDecision(const DecisionRecord& record) = 0;
  virtual Result<std::optional<DecisionRecord>> FindDecision(std::int64_t output_id) = 0;
};

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_RELEASE_STORE_H_
