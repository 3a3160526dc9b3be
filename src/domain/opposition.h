// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Oppositions (GDPR Art. 21; Art. 74 of the loi Informatique et Libertés and
// R1461-9 of the Code de la santé publique for the SNDS) as entries of the
// hub's transparency log. A leaf is the canonical encoding, version 1:
//
//   sovhub-opposition/v1\n
//   event register\n            (or withdraw)
//   scope all\n                 (or project:<id>)
//   time 2026-11-28T16:00:23.123Z\n
//   commitment <base64 of 32 bytes>\n
//
// where commitment = HMAC-SHA256(key = a fresh 256-bit salt, message = the
// canonical 15-character NIR). Without the salt, which only the citizen gets
// in their receipt, the leaf reveals nothing about whom it concerns; with it,
// the citizen shows it is theirs. No pid is in a leaf: the log can be public.
#ifndef SOVHUB_DOMAIN_OPPOSITION_H_
#define SOVHUB_DOMAIN_OPPOSITION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sovhub::opposition {

enum class Event { kRegister, kWithdraw };

std::string_view EventName(Event event);
Result<Event> ParseEvent(std::string_view name);

inline constexpr std::string_view kScopeAll = "all";
inline constexpr std::string_view kProjectScopePrefix = "project:";

// "all", or "project:" + a project id of 1-64 characters [a-z0-9._-],
// starting with a letter or digit.
Status ValidateScope(std::string_view scope);
std::string ProjectScope(std::string_view project_id);

inline constexpr std::string_view kLeafVersion = "sovhub-opposition/v1";

struct Leaf {
  Event event = Event::kRegister;
  std::string scope;
  std::string time;  // RFC 3339 UTC with milliseconds, as Clock::NowIso writes
  std::array<std::uint8_t, 32> commitment{};

  bool operator==(const Leaf&) const = default;
};

std::string EncodeLeaf(const Leaf& leaf);
// Strict: only the canonical encoding of a valid leaf is accepted.
Result<Leaf> DecodeLeaf(std::string_view bytes);

}  // namespace sovhub::opposition

#endif  // SOVHUB_DOMAIN_OPPOSITION_H_
