// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The front door of sovhub: a Hub is opened from a hub folder and offers the
// use cases. The command line (src/cli) and, later, the HTTP API are thin
// adapters over it: parse, call, render. Start reading here.
//
// A hub folder holds:
//   sovhub.toml      configuration (see docs/operations.md)
//   hub.db           the SQLite database (warehouse + governance tables)
//   keys/hub.key     the hub key, 256 random bits, mode 0600 (refused otherwise)
//   keys/log.key     the transparency log's Ed25519 signer key, mode 0600
//   log.vkey         its verifier key, public: what citizens and auditors trust
//   journal.head     the journal's latest head, anchoring it outside the database
//   batches/<hash>/  each batch's manifest.json and quarantine.csv
//   projects/<id>/   a project's workspace.db, scratch.db and manifest.json
//                    (and outputs/<n>/: outputs submitted for release)
//   releases/<id>/<n>/  the release store: approved outputs only (docs/releases.md)
#ifndef SOVHUB_HUB_HUB_H_
#define SOVHUB_HUB_HUB_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "crypto/random.h"
#include "ingest/batch.h"
#include "journal/journal.h"
#include "projects/projects.h"
#include "registry/bulk_check.h"
#include "registry/registry.h"
#include "releases/releases.h"
#include "rights/desk.h"
#include "store/store.h"

namespace sovhub::hub {

struct HubConfig {
  std::filesystem::path dir;
  std::string name = "sovhub";
  std::filesystem::path database;    // absolute
  std::filesystem::path key_file;    // absolute
  std::filesystem::path batches_dir; // absolute
  std::filesystem::path schemas_dir; // absolute
  int cache_mib = 256;  // SQLite page cache: bounds the ingest's memory
  double max_reject_rate = 0.05;
  std::vector<std::string> person_id_columns;
  std::string log_origin;              // the log's origin and key name
  std::filesystem::path log_key_file;  // absolute
  std::filesystem::path log_vkey_file; // absolute
};

struct InitOptions {
  std::string name = "sovhub";
  std::filesystem::path schemas_dir;  // empty: the built-in default
};

// Where the SNDS Table Schemas are looked for when a config does not say.
std::filesystem::path DefaultSchemasDir();

// Reads DIR/sovhub.toml. Errors name the file, and the key when a value is wrong.
Result<HubConfig> LoadConfig(const std::filesystem::path& dir);

class Hub {
 public:
  // Creates a hub in `dir` (absent or empty): config, database at the
  // current schema version, hub key. Journals "hub.init".
  static Status Init(const std::filesystem::path& dir, const InitOptions& options, Clock& clock,
                     crypto::RandomSource& random);

  // Opens an existing hub. PermissionDenied when the key file is readable by
  // group or others.
  static Result<std::unique_ptr<Hub>> Open(const std::filesystem::path& dir, Clock& clock);

  Result<ingest::BatchOutcome> Ingest(ingest::BatchRequest request,
                                      const std::function<void(const ingest::IngestProgress&)>& progress);
  Result<journal::VerifyReport> VerifyJournal();
  Result<std::vector<store::BatchRecord>> ListBatches();
  Result<std::int64_t> CountRows(const std::string& table);

  // The opposition registry and its transparency log.
  registry::Registry& registry() { return *registry_; }

  // Research projects, their extracts and workspaces.
  projects::Projects& projects() { return *projects_; }

  // The rights desk: data subjects' requests, their deadlines, the access
  // export (see rights/desk.h).
  rights::Desk& rights() { return *rights_; }

  // The release workflow: the only way an output leaves a project
  // (releases/releases.h, docs/releases.md).
  releases::Releases& releases() { return *releases_; }

  // The one door to person data for a project: see registry::ProjectReader.
  // At the latest checkpoint, or at `checkpoint_size`.
  Result<std::unique_ptr<registry::ProjectReader>> OpenProjectReader(
      const std::string& project_id, std::optional<std::uint64_t> checkpoint_size);

  // The bulk check of a producer's identifiers (see registry/bulk_check.h).
  Result<registry::BulkCheckReport> CheckIds(const std::filesystem::path& input,
                                             const std::filesystem::path& output,
                                             const registry::OpposedSet& opposed,
                                             const registry::BulkCheckOptions& options);

  const HubConfig& config() const { return config_; }

  ~Hub();

 private:
  Hub(HubConfig config, Clock& clock, std::unique_ptr<store::Store> store,
      crypto::HmacSha256 hub_key, crypto::NoteSigner log_signer);

  HubConfig config_;
  Clock& clock_;
  std::unique_ptr<store::Store> store_;
  crypto::HmacSha256 hub_key_;
  std::unique_ptr<journal::HeadAnchor> anchor_;
  std::unique_ptr<journal::Journal> journal_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<projects::Projects> projects_;
  std::unique_ptr<rights::Desk> rights_;
  std::unique_ptr<releases::Releases> releases_;
};

// The default log origin for a hub name: "sovhub.invalid/" and the name in
// lower case with runs of other characters as '-' (a C2SP key name).
std::string DefaultLogOrigin(std::string_view hub_name);

}  // namespace sovhub::hub

#endif  // SOVHUB_HUB_HUB_H_
