// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/request.h"

#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "domain/nir.h"
#include "domain/stage1.h"

namespace sovhub::registry {
namespace {

constexpr std::string_view kRequestFormat = "sovhub-opposition-request/v1";

Result<std::array<std::uint8_t, 32>> Bytes32(const nlohmann::json& doc, const char* field) {
  if (!doc.contains(field) || !doc[field].is_string()) {
    return Status::InvalidArgument("request: field \"" + std::string(field) + "\" is missing");
  }
  auto bytes = FromBase64(doc[field].get<std::string>());
  if (!bytes.ok() || bytes->size() != 32) {
    return Status::InvalidArgument("request: field \"" + std::string(field) +
                                   "\" is not 32 bytes of base64");
  }
  std::array<std::uint8_t, 32> out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace

std::array<std::uint8_t, 32> Commitment(const Salt& salt, std::string_view canonical_nir) {
  return crypto::HmacSha256(salt).Compute(canonical_nir);
}

Result<OppositionRequest> MakeRequest(opposition::Event event, std::string_view scope,
                                      std::string_view nir, const CivilDate& birth_date, int sex,
                                      const crypto::HmacSha256& source_key,
                                      crypto::RandomSource& random) {
  SOVHUB_RETURN_IF_ERROR(opposition::ValidateScope(scope));
  SOVHUB_ASSIGN_OR_RETURN(std::string message, pseudonym::Stage1Message(nir, birth_date, sex));
  OppositionRequest request;
  request.event = event;
  request.scope = std::string(scope);
  request.stage1 = pseudonym::EncodeIdentifier(source_key.Compute(message));
  Salt salt;
  SOVHUB_RETURN_IF_ERROR(random.Fill(salt));
  request.salt = salt;
  // The canonical NIR is the first 15 characters of the stage-1 message.
  request.commitment = Commitment(salt, std::string_view(message).substr(0, 15));
  return request;
}

std::string RequestToJson(const OppositionRequest& request) {
  nlohmann::ordered_json doc;
  doc["format"] = kRequestFormat;
  doc["event"] = opposition::EventName(request.event);
  doc["scope"] = request.scope;
  doc["stage1"] = request.stage1;
  doc["commitment"] = ToBase64(request.commitment);
  if (request.salt) doc["salt"] = ToBase64(*request.salt);
  return doc.dump(2) + "\n";
}

Result<OppositionRequest> RequestFromJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument("request: not a JSON object");
  }
  for (const auto& [key, value] : doc.items()) {
    if (key != "format" && key != "event" && key != "scope" && key != "stage1" &&
        key != "commitment" && key != "salt") {
      return Status::InvalidArgument("request: unknown field \"" + key + "\"");
    }
  }
  if (!doc.contains("format") || !doc["format"].is_string() ||
      doc["format"].get<std::string>() != kRequestFormat) {
    return Status::InvalidArgument("request: field \"format\" is not \"" +
                                   std::string(kRequestFormat) + "\"");
  }
  OppositionRequest request;
  if (!doc.contains("event") || !doc["event"].is_string()) {
    return Status::InvalidArgument("request: field \"event\" is missing");
  }
  auto event = opposition::ParseEvent(doc["event"].get<std::string>());
  if (!event.ok()) return event.status().WithContext("request: field \"event\"");
  request.event = *event;
  if (!doc.contains("scope") || !doc["scope"].is_string()) {
    return Status::InvalidArgument("request: field \"scope\" is missing");
  }
  request.scope = doc["scope"].get<std::string>();
  if (!doc.contains("stage1") || !doc["stage1"].is_string()) {
    return Status::InvalidArgument("request: field \"stage1\" is missing");
  }
  request.stage1 = doc["stage1"].get<std::string>();
  SOVHUB_ASSIGN_OR_RETURN(request.commitment, Bytes32(doc, "commitment"));
  if (doc.contains("salt")) {
    SOVHUB_ASSIGN_OR_RETURN(Salt salt, Bytes32(doc, "salt"));
    request.salt = salt;
  }
  SOVHUB_RETURN_IF_ERROR(ValidateRequest(request));
  return request;
}

Status ValidateRequest(const OppositionRequest& request) {
  Status scope = opposition::ValidateScope(request.scope);
  if (!scope.ok()) return scope.WithContext("request: field \"scope\"");
  if (!pseudonym::IsEncodedIdentifier(request.stage1)) {
    // A raw NIR here would be a producer's mistake: never echo the value.
    return Status::InvalidArgument(
        "request: field \"stage1\" is not a 17-character stage-1 identifier");
  }
  return Status::Ok();
}

}  // namespace sovhub::registry
