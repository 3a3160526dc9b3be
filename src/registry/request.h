// SPDX-License-Identifier: AGPL-3.0-or-later
//
// An opposition request as it travels from where the NIR is known (the data
// producer, or a single-operator hub holding both keys) to the hub's registry:
// the stage-1 identifier, the commitment to the NIR and, for the receipt only,
// the salt. Never the NIR.
#ifndef SOVHUB_REGISTRY_REQUEST_H_
#define SOVHUB_REGISTRY_REQUEST_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "crypto/random.h"
#include "domain/opposition.h"

namespace sovhub::registry {

using Salt = std::array<std::uint8_t, 32>;

struct OppositionRequest {
  opposition::Event event = opposition::Event::kRegister;
  std::string scope = std::string(opposition::kScopeAll);
  std::string stage1;  // 17 base-62 characters
  std::array<std::uint8_t, 32> commitment{};
  // Travels to the receipt, which goes back to the citizen; the hub never
  // stores it.
  std::optional<Salt> salt;
};

// HMAC-SHA256(key = salt, message = canonical 15-character NIR).
std::array<std::uint8_t, 32> Commitment(const Salt& salt, std::string_view canonical_nir);

// Builds a request where the NIR is known: checks the NIR and that its sex and
// birth year/month agree with `birth_date` and `sex`, computes the stage-1
// identifier with the producer's key, draws a fresh salt and commits to the
// NIR. Errors never quote the NIR.
Result<OppositionRequest> MakeRequest(opposition::Event event, std::string_view scope,
                                      std::string_view nir, const CivilDate& birth_date, int sex,
                                      const crypto::HmacSha256& source_key,
                                      crypto::RandomSource& random);

// The request file a producer sends to the hub (JSON, version 1).
std::string RequestToJson(const OppositionRequest& request);
// Strict; errors name the field.
Result<OppositionRequest> RequestFromJson(std::string_view json);

// Checks the fields a hub relies on: scope, stage-1 shape.
Status ValidateRequest(const OppositionRequest& request);

}  // namespace sovhub::registry

#endif  // SOVHUB_REGISTRY_REQUEST_H_
