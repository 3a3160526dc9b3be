// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes nir::Classify with arbitrary bytes. Besides crashes and sanitizer
// reports, it aborts when the three entry points disagree: whatever Classify
// calls a NIR, ParseNir must accept with the same canonical form, and its key
// must be the one ControlKey computes for its body; whatever else it returns,
// ParseNir must refuse, and a refusal must say why.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/nir.h"

namespace {

using sovhub::nir::Identifier;
using sovhub::nir::IdentifierKind;

void Check(bool condition) {
  if (!condition) std::abort();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Identifier identifier = sovhub::nir::Classify(text);
  sovhub::Result<std::string> parsed = sovhub::nir::ParseNir(text);

  if (identifier.kind != IdentifierKind::kNir) {
    Check(!parsed.ok());
    Check(!parsed.status().message().empty());
    if (identifier.kind == IdentifierKind::kInvalid) {
      Check(!identifier.problem.empty());
      Check(identifier.canonical.empty());
    }
    return 0;
  }

  const std::string& canonical = identifier.canonical;
  Check(parsed.ok());
  Check(parsed.value() == canonical);
  Check(canonical.size() == 15);
  Check(IsDigit(canonical[13]) && IsDigit(canonical[14]));
  sovhub::Result<int> key = sovhub::nir::ControlKey(std::string_view(canonical).substr(0, 13));
  Check(key.ok());
  Check(key.value() == (canonical[13] - '0') * 10 + (canonical[14] - '0'));
  // Classify is a function of the compact form: the canonical form must
  // classify the same way.
  Check(sovhub::nir::Classify(canonical).canonical == canonical);
  return 0;
}
