// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The two-stage pseudonym, pure part (the HMACs themselves are in crypto/):
// - stage 1, at the data producer: HMAC-SHA256(K_source, Stage1Message(...)),
//   written into SNDS files as a 17-character identifier (BEN_NIR_PSA,
//   NIR_ANO_17, ...);
// - stage 2, in the hub: pid = HMAC-SHA256(K_hub, the 17-character stage-1
//   identifier), written into the warehouse in the same 17-character encoding so
//   that the SNDS Table Schemas (string, length 17) keep holding.
// The encoding is 17 base-62 digits ([0-9A-Za-z]): 10 digits of the digest's
// first 8 bytes and 7 of the next 8, each read as a big-endian integer (about
// 100 bits in all: collisions are negligible for any nation's population).
#ifndef SOVHUB_DOMAIN_STAGE1_H_
#define SOVHUB_DOMAIN_STAGE1_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/status.h"
#include "domain/nir.h"

namespace sovhub::pseudonym {

inline constexpr std::size_t kIdentifierLength = 17;

// The 26-byte stage-1 HMAC message: canonical NIR (15 characters) ‖ birth date
// (YYYY-MM-DD) ‖ sex (1 or 2). Checks that the NIR is valid and that its sex,
// birth year and birth month (unless unknown) agree with `birth_date` and
// `sex`; messages never quote the NIR.
Result<std::string> Stage1Message(std::string_view nir, const CivilDate& birth_date, int sex);
// The same from an identifier Classify already returned (kNir).
Result<std::string> Stage1Message(const nir::Identifier& nir, const CivilDate& birth_date, int sex);

// Writes the 17-character encoding of `digest` to `out`.
void EncodeIdentifier(std::span<const std::uint8_t, 32> digest, char* out);
std::string EncodeIdentifier(std::span<const std::uint8_t, 32> digest);

// True when `text` has the shape of an encoded identifier (17 base-62 digits).
bool IsEncodedIdentifier(std::string_view text);

}  // namespace sovhub::pseudonym

#endif  // SOVHUB_DOMAIN_STAGE1_H_
