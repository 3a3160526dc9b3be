// SPDX-License-Identifier: AGPL-3.0-or-later
#include "producer/pseudonymize.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <unordered_map>

#include "core/civil_date.h"
#include "crypto/hmac_sha256.h"
#include "crypto/key_file.h"
#include "domain/nir.h"
#include "domain/stage1.h"
#include "ingest/csv_reader.h"
#include "ingest/fhir_r4.h"
#include "ingest/schema_json.h"
#include "ingest/source_tables.h"
#include "producer/fhir_pseudonymize.h"
#include "producer/output_file.h"

namespace sovhub::producer {
namespace {

struct Identity {
  CivilDate birth_date;
  int sex = 0;
};

// Canonical NIR -> identity. Held in memory only, and wiped on destruction.
class IdentityIndex {
 public:
  ~IdentityIndex() {
    for (auto& [nir, identity] : by_nir_) {
      std::string& key = const_cast<std::string&>(nir);
      OPENSSL_cleanse(key.data(), key.size());
    }
  }
  Status Load(const std::filesystem::path& path) {
    SOVHUB_ASSIGN_OR_RETURN(ingest::CsvFileReader reader, ingest::CsvFileReader::Open(path));
    ingest::CsvParser::Record record;
    std::string error;
    SOVHUB_ASSIGN_OR_RETURN(bool header, reader.Next(record, error));
    if (!header || record.fields != std::vector<std::string>{"NIR", "BIRTH_DATE", "SEX"}) {
      return Status::InvalidArgument(path.string() + ": line 1: the header must be NIR,BIRTH_DATE,SEX");
    }
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool more, reader.Next(record, error));
      if (!more) break;
      std::string where = path.string() + ": line " + std::to_string(record.line);
      if (!error.empty() || record.fields.size() != 3) {
        return Status::InvalidArgument(where + ": expected 3 fields");
      }
      auto nir = nir::ParseNir(record.fields[0]);
      if (!nir.ok()) return Status::InvalidArgument(where + ": NIR: " + nir.status().message());
      auto birth = ParseIsoDate(record.fields[1]);
      if (!birth.ok()) return Status::InvalidArgument(where + ": BIRTH_DATE: not a YYYY-MM-DD date");
      if (record.fields[2] != "1" && record.fields[2] != "2") {
        return Status::InvalidArgument(where + ": SEX: must be 1 or 2");
      }
      if (!by_nir_.emplace(std::move(nir).value(), Identity{*birth, record.fields[2][0] - '0'}).second) {
        return Status::InvalidArgument(where + ": NIR: listed twice");
      }
      OPENSSL_cleanse(record.fields[0].data(), record.fields[0].size());
    }
    return Status::Ok();
  }
  const Identity* Find(const std::string& canonical) const {
    auto it = by_nir_.find(canonical);
    return it == by_nir_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string, Identity> by_nir_;
};

Status PseudonymizeFile(const std::filesystem::path& in, const std::filesystem::path& out,
                        const IdentityIndex& identities, const crypto::HmacSha256& hmac,
                        const PseudonymizeOptions& options, FileReport& report,
                        std::vector<std::string>& rejects, std::int64_t& identifiers) {
  report.input = in;
  report.output = out;
  SOVHUB_ASSIGN_OR_RETURN(ingest::CsvFileReader reader, ingest::CsvFileReader::Open(in));
  SOVHUB_ASSIGN_OR_RETURN(OutputFile output, OutputFile::Create(out));
  ingest::CsvParser::Record record;
  std::string error;
  SOVHUB_ASSIGN_OR_RETURN(bool header, reader.Next(record, error));
  if (!header) return Status::InvalidArgument(in.string() + ": the file is empty (no header)");
  std::vector<std::string> person_columns = options.person_id_columns;
  // An OMOP CSV table (person.csv) names its person in person_source_value.
  if (ingest::TableOfFile(in).starts_with("OMOPSRC_")) person_columns.push_back("person_source_value");
  std::vector<bool> is_id(record.fields.size());
  for (std::size_t c = 0; c < record.fields.size(); ++c) {
    is_id[c] = ingest::IsPersonIdColumn(record.fields[c], person_columns);
  }
  const std::vector<std::string> header_fields = record.fields;
  ingest::AppendCsvRecord(header_fields, output.buffer());
  char encoded[pseudonym::kIdentifierLength];
  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool more, reader.Next(record, error));
    if (!more) break;
    ++report.rows_read;
    std::string reject;
    for (std::size_t c = 0; c < record.fields.size() && reject.empty(); ++c) {
      std::string& cell = record.fields[c];
      std::string column = c < header_fields.size() ? header_fields[c] : "#" + std::to_string(c + 1);
      bool id_column = c < is_id.size() && is_id[c];
      if (!id_column) {
        if (nir::LooksLikeNir(cell)) reject = column + ": a NIR outside the identifier columns";
        continue;
      }
      if (cell.empty()) continue;
      nir::Identifier id = nir::Classify(cell);
      if (id.kind != nir::IdentifierKind::kNir) {
        reject = column + ": " + (id.kind == nir::IdentifierKind::kInvalid
                                      ? "invalid NIR: " + id.problem
                                      : std::string("not a NIR (provisional or without key)"));
        continue;
      }
      const Identity* identity = identities.Find(id.canonical);
      if (identity == nullptr) {
        reject = column + ": NIR not found in the identity reference";
        continue;
      }
      auto message = pseudonym::Stage1Message(id, identity->birth_date, identity->sex);
      if (!message.ok()) {
        reject = column + ": " + message.status().message();
        continue;
      }
      pseudonym::EncodeIdentifier(hmac.Compute(*message), encoded);
      OPENSSL_cleanse(message->data(), message->size());
      OPENSSL_cleanse(cell.data(), cell.size());
      cell.assign(encoded, sizeof encoded);
      ++identifiers;
    }
    if (!reject.empty()) {
      for (std::string& cell : record.fields) OPENSSL_cleanse(cell.data(), cell.size());
      ++report.rows_rejected;
      std::vector<std::string> line = {in.string(), std::to_string(record.line), reject};
      std::string text;
      ingest::AppendCsvRecord(line, text);
      rejects.push_back(std::move(text));
      continue;
    }
    ingest::AppendCsvRecord(record.fields, output.buffer());
    ++report.rows_written;
    SOVHUB_RETURN_IF_ERROR(output.FlushIfLarge());
  }
  return output.Commit();
}

}  // namespace

Result<PseudonymizeReport> Pseudonymize(const std::filesystem::path& in,
                                        const std::filesystem::path& out,
                                        const PseudonymizeOptions& options) {
  SOVHUB_ASSIGN_OR_RETURN(Bytes key, crypto::ReadKeyFile(options.key_file));
  crypto::HmacSha256 hmac(key);
  OPENSSL_cleanse(key.data(), key.size());

  std::error_code error;
  bool folder = std::filesystem::is_directory(in, error);
  std::filesystem::path identities_path = options.identities;
  if (identities_path.empty()) {
    if (!folder) return Status::InvalidArgument("--identities FILE is needed when IN is a file");
    identities_path = in / "identities.csv";
  }

  struct Job {
    std::filesystem::path input, output;
    std::string resource_type;  // empty: a CSV file
  };
  std::vector<Job> jobs;
  PseudonymizeReport report;
  std::filesystem::path rejects_path;
  if (folder) {
    if (std::filesystem::exists(out) && !std::filesystem::is_empty(out)) {
      return Status::Conflict(out.string() + " exists and is not empty");
    }
    std::filesystem::create_directories(out, error);
    if (error) return Status::IoError("cannot create " + out.string());
    for (const auto& entry : std::filesystem::directory_iterator(in)) {
      if (!entry.is_regular_file()) continue;
      const std::filesystem::path& path = entry.path();
      if (path.extension() == ".ndjson") {
        std::string type = fhir::ResourceTypeOfFile(path);
        if (!fhir::IsSupportedResourceType(type)) {
          FileReport skipped;
          skipped.input = path;
          skipped.skipped = "not a resource type the hub takes in (" + type + ")";
          report.files.push_back(skipped);
          continue;
        }
        jobs.push_back({path, out / path.filename(), type});
        continue;
      }
      if (path.extension() != ".csv") continue;
      if (std::filesystem::equivalent(path, identities_path, error)) continue;
      if (path.filename() == "defects.csv") continue;  // the generator's ground truth
      jobs.push_back({path, out / path.filename(), ""});
    }
    // Patients first: the other resources' references are rewritten from them.
    auto rank = [](const Job& job) {
      return job.resource_type.empty() ? 0 : job.resource_type == "Patient" ? 1 : 2;
    };
    std::sort(jobs.begin(), jobs.end(), [&](const Job& a, const Job& b) {
      return std::make_pair(rank(a), a.input) < std::make_pair(rank(b), b.input);
    });
    rejects_path = out / "rejects.csv";
  } else {
    if (in.extension() == ".ndjson") {
      return Status::InvalidArgument(in.string() +
                                     ": NDJSON files are pseudonymised as a folder, with their Patients");
    }
    jobs.push_back({in, out, ""});
    rejects_path = out;
    rejects_path += ".rejects.csv";
  }
  // The identity reference gives CSV rows their birth date and sex; a FHIR
  // Patient carries its own.
  IdentityIndex identities;
  if (std::any_of(jobs.begin(), jobs.end(), [](const Job& job) { return job.resource_type.empty(); })) {
    SOVHUB_RETURN_IF_ERROR(identities.Load(identities_path));
  }
  FhirPseudonymizer fhir_pseudonymizer(hmac);
  std::vector<std::string> rejects;
  for (const Job& job : jobs) {
    FileReport file;
    if (job.resource_type.empty()) {
      SOVHUB_RETURN_IF_ERROR(PseudonymizeFile(job.input, job.output, identities, hmac, options, file,
                                              rejects, report.identifiers));
    } else {
      SOVHUB_RETURN_IF_ERROR(fhir_pseudonymizer.PseudonymizeFile(
          job.input, job.output, job.resource_type, file, rejects, report.identifiers));
    }
    report.files.push_back(file);
  }
  if (!rejects.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(OutputFile file, OutputFile::Create(rejects_path));
    file.buffer() = "file,line,reason\n";
    for (const std::string& line : rejects) file.buffer() += line;
    SOVHUB_RETURN_IF_ERROR(file.Commit());
    report.rejects = rejects_path;
  }
  return report;
}

}  // namespace sovhub::producer
