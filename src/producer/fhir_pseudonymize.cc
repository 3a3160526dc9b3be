// SPDX-License-Identifier: AGPL-3.0-or-later
#include "producer/fhir_pseudonymize.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "domain/nir.h"
#include "domain/stage1.h"
#include "ingest/csv_reader.h"
#include "ingest/fhir_r4.h"
#include "ingest/line_reader.h"
#include "producer/output_file.h"

namespace sovhub::producer {
namespace {

// Keeps the producer's key order in what it writes.
using Json = nlohmann::ordered_json;

// FHIR resources nest a dozen levels at most; a deeper line is refused
// rather than walked recursively.
constexpr int kMaxDepth = 64;

// The Patient elements written out; every other one is dropped.
constexpr const char* kPatientKept[] = {
    "active", "gender", "birthDate", "deceasedBoolean", "deceasedDateTime", "maritalStatus",
    "multipleBirthBoolean", "multipleBirthInteger", "communication", "generalPractitioner",
    "managingOrganization"};

struct Problem {
  std::string where;   // the element, e.g. "subject.reference"
  std::string reason;  // empty: no problem
};

void Wipe(std::string& text) { OPENSSL_cleanse(text.data(), text.size()); }

std::string Child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string Item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// The path of the first string under `node` that is a valid NIR, or "".
std::string FindNir(const Json& node, const std::string& path, int depth) {
  if (depth > kMaxDepth) return path;
  if (node.is_string()) {
    return nir::LooksLikeNir(node.get_ref<const std::string&>()) ? (path.empty() ? "(line)" : path) : "";
  }
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string found = FindNir(it.value(), Child(path, it.key()), depth + 1);
      if (!found.empty()) return found;
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string found = FindNir(node[i], Item(path, i), depth + 1);
      if (!found.empty()) return found;
    }
  }
  return "";
}

// Overwrites every string under `node` before it is freed (the Patient's
// identifiers hold the NIR).
void WipeStrings(Json& node, int depth) {
  if (depth > kMaxDepth) return;
  if (node.is_string()) {
    Wipe(node.get_ref<std::string&>());
  } else if (node.is_structured()) {
    for (Json& child : node) WipeStrings(child, depth + 1);
  }
}

// Parses one line into a JSON object of `type`; the problem otherwise. The
// parser's messages quote the input, so they are not passed on.
Problem ParseResource(const std::string& line, const std::string& type, Json& resource) {
  try {
    resource = Json::parse(line);
  } catch (const Json::parse_error& error) {
    return {"", "not valid JSON (at byte " + std::to_string(error.byte) + ")"};
  }
  if (!resource.is_object()) return {"", "not a JSON object"};
  auto found = resource.find("resourceType");
  if (found == resource.end() || !found->is_string() || found->get_ref<const std::string&>() != type) {
    return {"resourceType", "not " + type + " (the resource type of this file)"};
  }
  return {};
}

std::string StringOr(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}


using Stage1Map = std::unordered_map<std::string, std::string>;

// Rewrites the Patient references under `node`; stops at the first problem.
void RewriteReferences(Json& node, const std::string& path, int depth, const Stage1Map& stage1_of,
                       Problem& problem) {
  if (!problem.reason.empty()) return;
  if (depth > kMaxDepth) {
    problem = {path, "nested too deeply"};
    return;
  }
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size() && problem.reason.empty(); ++i) {
      RewriteReferences(node[i], Item(path, i), depth + 1, stage1_of, problem);
    }
    return;
  }
  if (!node.is_object()) return;
  auto reference = node.find("reference");
  if (reference != node.end() && reference->is_string()) {
    if (auto id = fhir::PatientIdOfReference(reference->get_ref<const std::string&>())) {
      auto known = stage1_of.find(*id);
      if (known == stage1_of.end()) {
        problem = {Child(path, "reference"), "refers to a Patient that is not in the delivery"};
        return;
      }
      if (known->second.empty()) {
        problem = {Child(path, "reference"), "refers to a Patient that was rejected"};
        return;
      }
      *reference = "Patient/" + known->second;
      // A reference's display is the person's name; its identifier may be
      // the NIR or the hospital's patient number.
      node.erase("display");
      node.erase("identifier");
      return;
    }
  } else if (node.contains("identifier")) {
    auto type = node.find("type");
    if (type != node.end() && type->is_string() && type->get_ref<const std::string&>() == "Patient") {
      problem = {path, "a Patient reference by identifier only cannot be pseudonymised"};
      return;
    }
  }
  for (auto it = node.begin(); it != node.end() && problem.reason.empty(); ++it) {
    RewriteReferences(it.value(), Child(path, it.key()), depth + 1, stage1_of, problem);
  }
}

// Why a Patient without a usable INS-NIR identifier is refused.
std::string NoNirReason(const Json& identifiers) {
  bool nia = false, test = false;
  if (identifiers.is_array()) {
    for (const Json& identifier : identifiers) {
      if (!identifier.is_object()) continue;
      std::string system = StringOr(identifier, "system");
      nia = nia || system == fhir::kInsNiaSystem;
      test = test || system == fhir::kInsNirTestSystem || system == fhir::kInsNirDemoSystem;
    }
  }
  if (nia) return "an INS-NIA (temporary number, " + std::string(fhir::kInsNiaSystem) + ") is not a NIR";
  if (test) return "a test or demonstration INS-NIR (a fictitious person) is refused";
  return "no INS-NIR (system " + std::string(fhir::kInsNirSystem) + ")";
}

// Stage 1 for one Patient: its stage-1 identifier goes to `stage1_of`
// (under the delivered id, "" when refused) and the Patient to write to
// `written`. `where` ("file line N") is how later duplicates name it.
Problem PseudonymizePatient(Json& resource, const crypto::HmacSha256& hmac, const std::string& where,
                            Stage1Map& stage1_of, Stage1Map& written_at, Json& written,
                            std::int64_t& identifiers) {
  std::string id = StringOr(resource, "id");
  if (id.empty()) return {"id", "missing"};
  if (stage1_of.contains(id)) {
    Wipe(id);
    return {"id", "the same Patient id appears twice"};
  }
  auto refuse = [&](Problem problem) {
    stage1_of.emplace(std::move(id), "");
    return problem;
  };
  static const Json kNone = Json::array();
  auto listed = resource.find("identifier");
  const Json& identifiers_in = listed != resource.end() ? *listed : kNone;
  std::string nir_text;
  for (const Json& identifier : identifiers_in) {
    if (!identifier.is_object() || StringOr(identifier, "system") != fhir::kInsNirSystem ||
        StringOr(identifier, "use") == "old") {
      continue;  // "old": an INS-NIR since replaced (a change of sex, for one)
    }
    std::string value = StringOr(identifier, "value");
    nir::Identifier parsed = nir::Classify(value);
    std::string canonical = parsed.kind == nir::IdentifierKind::kNir ? parsed.canonical : value;
    Wipe(parsed.canonical);
    if (!nir_text.empty() && nir_text != canonical) {
      Wipe(value);
      Wipe(canonical);
      return refuse({"identifier", "several different INS-NIR values"});
    }
    nir_text = std::move(canonical);
    Wipe(value);
  }
  if (nir_text.empty()) return refuse({"identifier", NoNirReason(identifiers_in)});
  nir::Identifier nir_id = nir::Classify(nir_text);
  Wipe(nir_text);
  if (nir_id.kind != nir::IdentifierKind::kNir) {
    return refuse({"identifier", nir_id.kind == nir::IdentifierKind::kInvalid
                                     ? "invalid NIR: " + nir_id.problem
                                     : std::string("not a NIR (provisional or without key)")});
  }
  auto birth = ParseIsoDate(StringOr(resource, "birthDate"));
  if (!birth.ok()) return refuse({"birthDate", "missing or not a full date (YYYY-MM-DD)"});
  std::string gender = StringOr(resource, "gender");
  int sex = gender == "male" ? 1 : gender == "female" ? 2 : 0;
  if (sex == 0) return refuse({"gender", "must be male or female to compute the identifier"});
  auto message = pseudonym::Stage1Message(nir_id, *birth, sex);
  Wipe(nir_id.canonical);
  if (!message.ok()) return refuse({"identifier", message.status().message()});
  std::string stage1 = pseudonym::EncodeIdentifier(hmac.Compute(*message));
  Wipe(*message);
  ++identifiers;
  stage1_of.emplace(std::move(id), stage1);
  if (auto first = written_at.find(stage1); first != written_at.end()) {
    return {"identifier", "the same person as " + first->second +
                              " (its references go to that Patient)"};
  }
  written_at.emplace(stage1, where);

  written = Json::object();
  written["resourceType"] = "Patient";
  written["id"] = stage1;
  written["identifier"] = Json::array({{{"system", fhir::kStage1System}, {"value", stage1}}});
  for (const char* key : kPatientKept) {
    if (auto found = resource.find(key); found != resource.end()) written[key] = *found;
  }
  if (auto addresses = resource.find("address"); addresses != resource.end() && addresses->is_array()) {
    Json kept = Json::array();
    for (const Json& address : *addresses) {
      if (!address.is_object() || !address.contains("postalCode")) continue;
      Json postal = Json::object();
      if (address.contains("use")) postal["use"] = address["use"];
      postal["postalCode"] = address["postalCode"];
      kept.push_back(std::move(postal));
    }
    if (!kept.empty()) written["address"] = std::move(kept);
  }
  WipeStrings(resource, 0);
  return {};
}
}  // namespace

FhirPseudonymizer::~FhirPseudonymizer() {
  for (auto& [id, stage1] : stage1_of_) Wipe(const_cast<std::string&>(id));
}

Status FhirPseudonymizer::PseudonymizeFile(const std::filesystem::path& in,
                                           const std::filesystem::path& out,
                                           const std::string& resource_type, FileReport& report,
                                           std::vector<std::string>& rejects,
                                           std::int64_t& identifiers) {
  report.input = in;
  report.output = out;
  SOVHUB_ASSIGN_OR_RETURN(ingest::LineFileReader reader, ingest::LineFileReader::Open(in));
  SOVHUB_ASSIGN_OR_RETURN(OutputFile output, OutputFile::Create(out));
  const bool patients = resource_type == "Patient";
  std::string line;
  std::int64_t number = 0;

  auto reject = [&](const Problem& problem) {
    ++report.rows_rejected;
    std::string reason = problem.where.empty() ? problem.reason : problem.where + ": " + problem.reason;
    std::string text;
    ingest::AppendCsvRecord({in.string(), std::to_string(number), reason}, text);
    rejects.push_back(std::move(text));
  };

  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool more, reader.Next(line, number));
    if (!more) break;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++report.rows_read;
    Json resource;
    Problem problem = ParseResource(line, resource_type, resource);
    Wipe(line);
    Json written;
    if (problem.reason.empty() && patients) {
      problem = PseudonymizePatient(resource, hmac_, in.filename().string() + " line " + std::to_string(number),
                                    stage1_of_, written_at_, written, identifiers);
    } else if (problem.reason.empty()) {
      resource.erase("text");
      if (auto contained = resource.find("contained"); contained != resource.end() && contained->is_array()) {
        for (std::size_t i = 0; i < contained->size() && problem.reason.empty(); ++i) {
          Json& inner = (*contained)[i];
          if (!inner.is_object()) continue;
          inner.erase("text");
          if (StringOr(inner, "resourceType") == "Patient") {
            problem = {Item("contained", i), "a contained Patient cannot be pseudonymised"};
          }
        }
      }
      RewriteReferences(resource, "", 0, stage1_of_, problem);
      if (problem.reason.empty()) {
        auto subject = resource.find("subject");
        std::string target = subject != resource.end() && subject->is_object() ? StringOr(*subject, "reference") : "";
        if (!target.starts_with("Patient/")) problem = {"subject", "no reference to a Patient of the delivery"};
      }
      written = std::move(resource);
    }
    if (problem.reason.empty()) {
      // The last guard: whatever the rules above missed, no NIR leaves.
      std::string at = FindNir(written, "", 0);
      if (!at.empty()) problem = {at, "holds a NIR"};
    }
    if (!problem.reason.empty()) {
      WipeStrings(resource, 0);
      WipeStrings(written, 0);
      reject(problem);
      continue;
    }
    try {
      output.buffer() += written.dump();
    } catch (const Json::exception&) {
      // dump() refuses strings that are not UTF-8; the parser already did.
      reject({"", "not UTF-8"});
      continue;
    }
    output.buffer() += '\n';
    ++report.rows_written;
    SOVHUB_RETURN_IF_ERROR(output.FlushIfLarge());
  }
  return output.Commit();
}

}  // namespace sovhub::producer
