// SPDX-License-Identifier: AGPL-3.0-or-later
#include "hub/hub.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "crypto/key_file.h"
#include "crypto/note_keys.h"
#include "domain/signed_note.h"
#include "files/atomic_file.h"
#include "ingest/schema_json.h"

namespace sovhub::hub {
namespace {

constexpr const char* kConfigName = "sovhub.toml";

// The journal head, in a file beside the database: "seq hash\n", replaced
// atomically so a crash leaves the old head or the new one.
class FileHeadAnchor final : public journal::HeadAnchor {
 public:
  explicit FileHeadAnchor(std::filesystem::path path) : path_(std::move(path)) {}

  Status Save(const journal::Head& head) override {
    return files::WriteFileAtomically(path_, std::to_string(head.seq) + " " + head.hash + "\n");
  }

  Result<std::optional<journal::Head>> Load() override {
    std::ifstream in(path_);
    if (!in) return std::optional<journal::Head>();
    journal::Head head;
    if (!(in >> head.seq >> head.hash) || head.hash.size() != 64) {
      return Status::Corruption(path_.string() + " is not a journal head (\"seq hash\")");
    }
    return std::optional<journal::Head>(head);
  }

 private:
  std::filesystem::path path_;
};

std::filesystem::path Resolve(const std::filesystem::path& dir, const std::string& value) {
  std::filesystem::path path(value);
  return path.is_absolute() ? path : dir / path;
}

std::string TomlString(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::filesystem::path DefaultSchemasDir() { return SOVHUB_DEFAULT_SCHEMAS_DIR; }

std::string DefaultLogOrigin(std::string_view hub_name) {
  std::string slug;
  for (char c : hub_name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
      keep = true;
    }
    if (keep) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return "sovhub.invalid/" + (slug.empty() ? std::string("hub") : slug);
}

namespace {

// Creates the log's signer key (0600) and publishes its verifier key.
Status CreateLogKey(const HubConfig& config, crypto::RandomSource& random) {
  SOVHUB_ASSIGN_OR_RETURN(crypto::NoteKeyPair pair, crypto::GenerateNoteKey(config.log_origin, random));
  SOVHUB_RETURN_IF_ERROR(crypto::CreateSecretFile(config.log_key_file, pair.private_key + "\n"));
  return files::WriteFileAtomically(config.log_vkey_file, pair.verifier_key + "\n");
}

}  // namespace

Result<HubConfig> LoadConfig(const std::filesystem::path& dir_in) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::absolute(dir_in, error);
  std::filesystem::path file = dir / kConfigName;
  if (!std::filesystem::exists(file)) {
    return Status::NotFound("no hub at " + dir.string() + " (" + kConfigName +
                            " is missing; create one with: sovhub init " + dir_in.string() + ")");
  }
  HubConfig config;
  config.dir = dir;
  try {
    toml::table doc = toml::parse_file(file.string());
    config.name = doc["hub"]["name"].value_or(std::string("sovhub"));
    config.database = Resolve(dir, doc["hub"]["database"].value_or(std::string("hub.db")));
    config.key_file = Resolve(dir, doc["hub"]["key_file"].value_or(std::string("keys/hub.key")));
    config.batches_dir = Resolve(dir, doc["hub"]["batches_dir"].value_or(std::string("batches")));
    config.schemas_dir = Resolve(
        dir, doc["ingest"]["schemas_dir"].value_or(DefaultSchemasDir().string()));
    config.log_origin = doc["log"]["origin"].value_or(DefaultLogOrigin(config.name));
    if (!note::IsValidKeyName(config.log_origin)) {
      return Status::InvalidArgument(file.string() +
                                     ": log.origin must be non-empty, without spaces or '+'");
    }
    config.log_key_file = Resolve(dir, doc["log"]["key_file"].value_or(std::string("keys/log.key")));
    config.log_vkey_file = Resolve(dir, doc["log"]["vkey_file"].value_or(std::string("log.vkey")));
    config.cache_mib = doc["hub"]["cache_mib"].value_or(256);
    if (config.cache_mib < 1 || config.cache_mib > 65536) {
      return Status::InvalidArgument(file.string() + ": hub.cache_mib must be between 1 and 65536");
    }
    config.max_reject_rate = doc["ingest"]["max_reject_rate"].value_or(0.05);
    if (config.max_reject_rate < 0 || config.max_reject_rate > 1) {
      return Status::InvalidArgument(file.string() +
                                     ": ingest.max_reject_rate must be between 0 and 1");
    }
    if (auto* columns = doc["ingest"]["person_id_columns"].as_array()) {
      for (const auto& item : *columns) {
        auto name = item.value<std::string>();
        if (!name) {
          return Status::InvalidArgument(file.string() +
                                         ": ingest.person_id_columns must hold strings");
        }
        config.person_id_columns.push_back(*name);
      }
    } else {
      config.person_id_columns = ingest::DefaultPersonIdColumns();
    }
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column
          << ": " << e.description();
    return Status::InvalidArgument(where.str());
  }
  return config;
}

Status Hub::Init(const std::filesystem::path& dir, const InitOptions& options, Clock& clock,
                 crypto::RandomSource& random) {
  std::error_code error;
  if (std::filesystem::exists(dir, error)) {
    if (!std::filesystem::is_directory(dir) || !std::filesystem::is_empty(dir)) {
      return Status::Conflict(dir.string() + " exists and is not an empty folder");
    }
  }
  std::filesystem::create_directories(dir / "keys", error);
  if (error) return Status::IoError("cannot create " + (dir / "keys").string() + ": " + error.message());
  ::chmod((dir / "keys").c_str(), 0700);
  std::filesystem::create_directories(dir / "batches", error);
  std::filesystem::path schemas =
      options.schemas_dir.empty() ? DefaultSchemasDir() : std::filesystem::absolute(options.schemas_dir);
  std::ostringstream toml;
  toml << "# sovhub hub configuration (docs/operations.md explains every key).\n"
       << "[hub]\n"
       << "name = " << TomlString(options.name) << "\n"
       << "database = \"hub.db\"\n"
       << "key_file = \"keys/hub.key\"\n"
       << "batches_dir = \"batches\"\n"
       << "# SQLite page cache in MiB: with the ingest's fixed queue, what bounds its memory.\n"
       << "cache_mib = 256\n\n"
       << "[ingest]\n"
       << "# Frictionless Table Schemas of the source tables (SNDS), searched recursively.\n"
       << "schemas_dir = " << TomlString(schemas.string()) << "\n"
       << "# A table whose share of quarantined rows is above this fails its batch.\n"
       << "max_reject_rate = 0.05\n"
       << "# Columns holding stage-1 identifiers, replaced by pids at ingest.\n"
       << "person_id_columns = [";
  const auto& columns = ingest::DefaultPersonIdColumns();
  for (std::size_t i = 0; i < columns.size(); ++i) toml << (i ? ", " : "") << TomlString(columns[i]);
  toml << "]\n\n"
       << "[log]\n"
       << "# The opposition log's origin: the first line of its checkpoints and its key name.\n"
       << "origin = " << TomlString(DefaultLogOrigin(options.name)) << "\n"
       << "key_file = \"keys/log.key\"\n"
       << "# Publish this verifier key: receipts and checkpoints are checked against it.\n"
       << "vkey_file = \"log.vkey\"\n";
  {
    std::ofstream out(dir / kConfigName);
    out << toml.str();
    if (!out) return Status::IoError("cannot write " + (dir / kConfigName).string());
  }
  SOVHUB_RETURN_IF_ERROR(crypto::CreateKeyFile(dir / "keys" / "hub.key", random));
  SOVHUB_ASSIGN_OR_RETURN(HubConfig config, LoadConfig(dir));
  SOVHUB_RETURN_IF_ERROR(CreateLogKey(config, random));
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                          store::OpenSqliteStore(config.database, {.create = true, .now = clock.NowIso()}));
  FileHeadAnchor anchor(config.dir / "journal.head");
  journal::Journal journal(*store, clock, &anchor);
  SOVHUB_RETURN_IF_ERROR(store->Begin());
  SOVHUB_RETURN_IF_ERROR(store->SetHubValue("name", options.name));
  SOVHUB_RETURN_IF_ERROR(store->SetHubValue("created_at", clock.NowIso()));
  auto entry = journal.Append({"operator", "hub.init", "hub/" + options.name,
                               "{\"key\":\"keys/hub.key\"}"});
  if (!entry.ok()) return entry.status();
  SOVHUB_RETURN_IF_ERROR(store->Commit());
  SOVHUB_RETURN_IF_ERROR(journal.AnchorHead());
  // The log's first checkpoint: the empty tree, signed.
  SOVHUB_ASSIGN_OR_RETURN(Bytes key, crypto::ReadKeyFile(config.key_file));
  SOVHUB_ASSIGN_OR_RETURN(std::string log_key, crypto::ReadSecretFile(config.log_key_file, 4096));
  SOVHUB_ASSIGN_OR_RETURN(crypto::NoteSigner signer, crypto::NoteSigner::FromPrivateKey(log_key));
  registry::Registry registry(*store, crypto::HmacSha256(key), signer, clock);
  return registry.EnsureCheckpoint();
}

Hub::Hub(HubConfig config, Clock& clock, std::unique_ptr<store::Store> store,
         crypto::HmacSha256 hub_key, crypto::NoteSigner log_signer)
    : config_(std::move(config)),
      clock_(clock),
      store_(std::move(store)),
      hub_key_(std::move(hub_key)),
      anchor_(std::make_unique<FileHeadAnchor>(config_.dir / "journal.head")),
      journal_(std::make_unique<journal::Journal>(*store_, clock_, anchor_.get())),
      registry_(std::make_unique<registry::Registry>(*store_, hub_key_, std::move(log_signer),
                                                     clock_)),
      projects_(std::make_unique<projects::Projects>(*store_, *journal_, *registry_, clock_, hub_key_,
                                                     config_.dir / "projects")),
      rights_(std::make_unique<rights::Desk>(*store_, *journal_, *registry_, *projects_, clock_,
                                             config_.person_id_columns, config_.name)),
      releases_(std::make_unique<releases::Releases>(*store_, *journal_, *registry_, *projects_, clock_,
                                                     config_.dir / "releases")) {
  // Live purge: every commit of oppositions purges the live workspaces
  // before the registrations are acknowledged (docs/projects.md).
  registry_->SetCommitListener([projects = projects_.get()](std::uint64_t size) { projects->OnCommit(size); });
}

Hub::~Hub() = default;

Result<std::unique_ptr<Hub>> Hub::Open(const std::filesystem::path& dir, Clock& clock) {
  SOVHUB_ASSIGN_OR_RETURN(HubConfig config, LoadConfig(dir));
  // The key is checked first: a hub whose key others can read does not start.
  SOVHUB_ASSIGN_OR_RETURN(Bytes key, crypto::ReadKeyFile(config.key_file));
  crypto::HmacSha256 hub_key(key);
  std::fill(key.begin(), key.end(), 0);
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                          store::OpenSqliteStore(config.database,
                                                 {.now = clock.NowIso(),
                                                  .cache_kib = config.cache_mib * 1024}));
  // So is the log's signer key. A hub made before the registry existed gets
  // one now; a log that already has checkpoints never gets a new key silently
  // (they were signed by the lost one).
  auto log_key = crypto::ReadSecretFile(config.log_key_file, 4096);
  if (log_key.status().code() == StatusCode::kNotFound) {
    SOVHUB_ASSIGN_OR_RETURN(auto signed_before, store->registry().LatestCheckpoint());
    if (signed_before) {
      return Status::NotFound(config.log_key_file.string() +
                              " is missing, but the log has checkpoints signed with it: restore "
                              "the key from its backup (a new key would break every receipt)");
    }
    crypto::SystemRandom random;
    SOVHUB_RETURN_IF_ERROR(CreateLogKey(config, random));
    log_key = crypto::ReadSecretFile(config.log_key_file, 4096);
  }
  if (!log_key.ok()) return log_key.status();
  auto signer = crypto::NoteSigner::FromPrivateKey(*log_key);
  if (!signer.ok()) {
    return Status::Corruption(config.log_key_file.string() + ": " + signer.status().message());
  }
  if (signer->name() != config.log_origin) {
    return Status::InvalidArgument(config.log_key_file.string() + " is the key of \"" +
                                   signer->name() + "\", not of log.origin \"" +
                                   config.log_origin + "\"");
  }
  auto hub = std::unique_ptr<Hub>(
      new Hub(std::move(config), clock, std::move(store), hub_key, std::move(*signer)));
  SOVHUB_RETURN_IF_ERROR(hub->registry_->EnsureCheckpoint());
  // Catch up on what a stopped hub could not do: projects past their end
  // date close, and a purge interrupted by a crash after its registration
  // committed runs now.
  SOVHUB_RETURN_IF_ERROR(hub->projects_->CloseExpired().status());
  SOVHUB_ASSIGN_OR_RETURN(store::CheckpointRecord latest, hub->registry_->LatestCheckpoint());
  SOVHUB_RETURN_IF_ERROR(hub->projects_->PurgeLiveWorkspaces(latest.size).status());
  return hub;
}

Result<registry::BulkCheckReport> Hub::CheckIds(const std::filesystem::path& input,
                                                const std::filesystem::path& output,
                                                const registry::OpposedSet& opposed,
                                                const registry::BulkCheckOptions& options) {
  return registry::BulkCheck(input, output, hub_key_, opposed, options);
}

Result<std::unique_ptr<registry::ProjectReader>> Hub::OpenProjectReader(
    const std::string& project_id, std::optional<std::uint64_t> checkpoint_size) {
  return registry_->OpenProjectReader(project_id, checkpoint_size, config_.person_id_columns);
}

Result<ingest::BatchOutcome> Hub::Ingest(
    ingest::BatchRequest request, const std::function<void(const ingest::IngestProgress&)>& progress) {
  if (request.max_reject_rate < 0) request.max_reject_rate = config_.max_reject_rate;
  ingest::BatchIngester ingester(
      *store_, *journal_, clock_, hub_key_,
      {config_.schemas_dir, config_.batches_dir, config_.person_id_columns});
  return ingester.Ingest(request, progress);
}

Result<journal::VerifyReport> Hub::VerifyJournal() { return journal_->Verify(); }

Result<std::vector<store::BatchRecord>> Hub::ListBatches() { return store_->ListBatches(); }

Result<std::int64_t> Hub::CountRows(const std::string& table) { return store_->CountRows(table); }

}  // namespace sovhub::hub
