// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The store port of research projects (tables proj_) and of the warehouse
// reads a project's extract needs. Used within the Store's transactions.
#ifndef SOVHUB_STORE_PROJECT_STORE_H_
#define SOVHUB_STORE_PROJECT_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/cohort.h"

namespace sovhub::store {

struct ProjectRecord {
  std::string id;
  std::string state;
  std::string document;  // JSON
  std::string created_at;
  std::string updated_at;
};

struct ExtractRecord {
  std::int64_t id = 0;
  std::string project_id;
  std::string built_at;
  std::uint64_t checkpoint_size = 0;
  std::string checkpoint_root;  // hex
  std::string cohort_hash;      // hex SHA-256 of the canonical cohort JSON
  std::string manifest;         // JSON
};

// A person of a cohort: the hub's person_id and pid, and the index date.
struct CohortMember {
  std::int64_t person_id = 0;
  std::string pid;
  std::string index_date;  // YYYY-MM-DD
};

// What an extract copies: the persons of a cohort, the allowlisted columns
// of each OMOP table, and the period.
struct ExtractSpec {
  std::filesystem::path workspace;  // a new SQLite file
  cohort::Definition population;
  std::map<std::string, std::vector<std::string>> variables;
  std::string period_from;  // YYYY-MM-DD, inclusive
  std::string period_to;
};

struct ExtractTableCount {
  std::string table;
  std::int64_t rows = 0;
};

struct ExtractWritten {
  std::int64_t cohort_persons = 0;  // selected by the population
  std::int64_t persons_withheld = 0;  // refused by `admit`
  std::vector<ExtractTableCount> tables;
};

// Decides on each cohort member: the project's person id, or nullopt to
// leave the person out.
using AdmitPerson = std::function<Result<std::optional<std::int64_t>>(const CohortMember&)>;

class ProjectStore {
 public:
  virtual ~ProjectStore() = default;

  // Conflict when the id exists.
  virtual Status InsertProject(const ProjectRecord& record) = 0;
  // NotFound when the id does not exist.
  virtual Status UpdateProject(const ProjectRecord& record) = 0;
  virtual Result<std::optional<ProjectRecord>> FindProject(const std::string& id) = 0;
  virtual Result<std::vector<ProjectRecord>> ListProjects() = 0;

  virtual Result<std::int64_t> AddExtract(const ExtractRecord& record) = 0;
  virtual Result<std::optional<ExtractRecord>> LatestExtract(const std::string& project_id) = 0;

  // The OMOP tables an extract may copy, each with its columns in order.
  virtual Result<std::map<std::string, std::vector<std::string>>> ExtractableColumns() = 0;

  // The persons of a cohort (docs/cohort.md), in person_id order.
  virtual Status SelectCohort(const cohort::Definition& definition,
                              const std::function<Status(const CohortMember&)>& visit) = 0;
  virtual Result<std::int64_t> CountCohort(const cohort::Definition& definition) = 0;

  // Writes a workspace file from one snapshot of the warehouse: selects the
  // population, asks `admit` about each person, and copies the allowlisted
  // columns of the admitted persons' rows in the period, person_id replaced
  // by the project's person id and the occurrence ids renumbered (so no
  // warehouse id reaches a project). Must be called outside a transaction.
  virtual Result<ExtractWritten> WriteExtract(const ExtractSpec& spec, const AdmitPerson& admit) = 0;
};

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_PROJECT_STORE_H_
