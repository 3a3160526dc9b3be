// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The NIR (numéro d'inscription au répertoire, French social security number):
// validation, control key, and recognition of the provisional identifiers (NNP,
// MIG) that look like NIRs but are not.
//
// Layout of a NIR (15 characters once separators are removed):
//   S YY MM DD CCC OOO KK
//   S sex (1, 2), YY birth year, MM birth month (01-12, or 20-99 when unknown),
//   DD department (01-96, 2A/2B for Corsica; 97x/98x overseas take the first
//   commune digit, leaving a 2-digit commune; 99 = born abroad, CCC = country),
//   CCC commune, OOO order (001-999), KK key = 97 - (body mod 97), 01-97,
//   where Corsica 2A/2B count as 19/18 at the department position only.
//
// Messages never contain the identifier itself: callers may log them.
#ifndef SOVHUB_DOMAIN_NIR_H_
#define SOVHUB_DOMAIN_NIR_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace sovhub::nir {

enum class IdentifierKind {
  kNir,                // a valid 15-character NIR (body and matching key)
  kNirBodyWithoutKey,  // a valid 13-character body given without its key
  kNnp,                // a provisional number (numéro non certifié, 7/8...)
  kMig,                // a migrant's provisional identifier (5/6...)
  kInvalid,            // none of the above: `problem` says what is wrong
};

struct Identifier {
  IdentifierKind kind = IdentifierKind::kInvalid;
  // Separators removed, Corsica in upper case; empty when kInvalid.
  std::string canonical;
  // kInvalid: what is wrong (never the identifier's value).
  // kNirBodyWithoutKey, kNnp, kMig: a short human description, e.g. "no
  // control key given" (never the key's value either). kNir: empty.
  std::string problem;
  // Decoded parts, filled for kNir and kNirBodyWithoutKey.
  int sex = 0;           // 1 male, 2 female
  int birth_year2 = 0;   // two-digit year, 0-99
  int birth_month = 0;   // 1-12, or 0 when unknown (20-99 in the NIR)
  std::string department;  // "01".."95", "2A", "2B", "971".."989", "99"
};

// Classifies `text`. Spaces (and only spaces) are separators and are ignored;
// Corsica letters are accepted in either case.
Identifier Classify(std::string_view text);

// The control key of a 13-character body (separators already removed, 2A/2B
// allowed at the department position only). InvalidArgument otherwise.
Result<int> ControlKey(std::string_view body13);

// Strict parse for data paths (ingestion, pseudonymisation): only a complete,
// valid 15-character NIR is accepted; returns its canonical form.
Result<std::string> ParseNir(std::string_view text);

// True when `text` is a complete, valid NIR (Classify gives kNir), checked
// cheaply first so that it can run on every cell of a delivery: the guard that
// keeps raw NIRs out of everything sovhub writes.
bool LooksLikeNir(std::string_view text);

}  // namespace sovhub::nir

#endif  // SOVHUB_DOMAIN_NIR_H_
