// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes note::ParseNote and note::ParseCheckpoint with arbitrary bytes.
// Besides crashes and sanitizer reports, it aborts when:
// - a parsed note does not format back to exactly the input, its text does
//   not end with a newline, or one of its signature names is not a valid key
//   name;
// - a parsed checkpoint (the input itself, or the text of a parsed note) does
//   not format back to exactly that text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/signed_note.h"

namespace {

namespace note = sovhub::note;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckCheckpoint(std::string_view text) {
  sovhub::Result<note::Checkpoint> checkpoint = note::ParseCheckpoint(text);
  if (!checkpoint.ok()) {
    Check(!checkpoint.status().message().empty());
    return;
  }
  Check(note::FormatCheckpoint(checkpoint.value()) == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckCheckpoint(text);

  sovhub::Result<note::Note> parsed = note::ParseNote(text);
  if (!parsed.ok()) {
    Check(!parsed.status().message().empty());
    return 0;
  }
  const note::Note& signed_note = parsed.value();
  Check(note::FormatNote(signed_note) == text);
  Check(!signed_note.text.empty() && signed_note.text.back() == '\n');
  Check(note::IsValidNoteText(signed_note.text));
  Check(!signed_note.signatures.empty());
  Check(signed_note.signatures.size() <= note::kMaxSignatures);
  for (const note::Signature& signature : signed_note.signatures) {
    Check(note::IsValidKeyName(signature.name));
  }
  CheckCheckpoint(signed_note.text);
  return 0;
}
