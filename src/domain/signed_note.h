// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The text formats of C2SP signed notes (c2sp.org/signed-note) and of
// transparency-log checkpoints (c2sp.org/tlog-checkpoint), parsed strictly and
// written canonically. Signing and verifying are in crypto/note_keys.h; this
// file knows only the bytes.
#ifndef SOVHUB_DOMAIN_SIGNED_NOTE_H_
#define SOVHUB_DOMAIN_SIGNED_NOTE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/status.h"
#include "domain/merkle.h"

namespace sovhub::note {

// A verifier must accept at least 16; Go's implementation stops at 100.
inline constexpr std::size_t kMaxSignatures = 100;
inline constexpr std::size_t kMaxNoteBytes = 1 << 20;

struct Signature {
  std::string name;
  std::uint32_t key_id = 0;
  Bytes signature;  // after the 4-byte key id
};

struct Note {
  std::string text;  // ends with a newline; excludes the blank separator line
  std::vector<Signature> signatures;
};

// Key names are non-empty, without Unicode spaces or '+'.
bool IsValidKeyName(std::string_view name);

// Whether `text` is valid UTF-8 without control characters other than '\n'.
bool IsValidNoteText(std::string_view text);

// Splits a signed note into its text and signature lines. InvalidArgument,
// naming the line, for anything the specification does not allow.
Result<Note> ParseNote(std::string_view message);

// "— name base64(key id || signature)\n"
std::string FormatSignatureLine(const Signature& signature);

// The text of a signed note: text, blank line, signature lines.
std::string FormatNote(const Note& note);

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  merkle::Hash root{};
  std::vector<std::string> extensions;
};

// The note text of a checkpoint: origin, decimal size, base64 root, then any
// extension lines, each ending with a newline.
std::string FormatCheckpoint(const Checkpoint& checkpoint);
// Strict: a decimal size without leading zeros, a 32-byte root, no empty line.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace sovhub::note

#endif  // SOVHUB_DOMAIN_SIGNED_NOTE_H_
