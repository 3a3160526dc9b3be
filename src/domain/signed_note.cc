// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/signed_note.h"

#include <charconv>

namespace sovhub::note {
namespace {

constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";  // U+2014, U+0020

// Decodes one UTF-8 sequence at text[i]; returns its length and code point,
// or 0 when it is not well formed (overlong, surrogate, above U+10FFFF).
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t j) { return static_cast<unsigned char>(text[j]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t j = 1; j < len; ++j) {
    unsigned char b = byte(i + j);
    if ((b & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Unicode White_Space characters.
bool IsUnicodeSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

Status LineError(std::size_t line, std::string_view what) {
  return Status::InvalidArgument("signed note, line " + std::to_string(line) + ": " +
                                 std::string(what));
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    std::size_t len = DecodeUtf8(name, i, cp);
    if (len == 0 || cp < 0x20 || cp == 0x7F || cp == '+' || IsUnicodeSpace(cp)) return false;
    i += len;
  }
  return true;
}

bool IsValidNoteText(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) return false;
    if (cp < 0x20 && cp != '\n') return false;
    i += len;
  }
  return true;
}

Result<Note> ParseNote(std::string_view message) {
  if (message.size() > kMaxNoteBytes) {
    return Status::InvalidArgument("signed note is larger than " +
                                   std::to_string(kMaxNoteBytes) + " bytes");
  }
  if (!IsValidNoteText(message)) {
    return Status::InvalidArgument(
        "signed note is not valid UTF-8 or holds a control character other than newline");
  }
  if (message.empty() || message.back() != '\n') {
    return Status::InvalidArgument("signed note does not end with a newline");
  }
  std::size_t split = message.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("signed note has no blank line before its signatures");
  }
  Note note;
  note.text = std::string(message.substr(0, split + 1));
  std::size_t line_number = 1;
  for (char c : note.text) line_number += c == '\n';
  ++line_number;  // the blank line
  std::string_view rest = message.substr(split + 2);
  if (rest.empty()) return Status::InvalidArgument("signed note has no signature");
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    if (!line.starts_with(kEmDashSpace)) {
      return LineError(line_number, "a signature line starts with an em dash and a space");
    }
    line.remove_prefix(kEmDashSpace.size());
    std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return LineError(line_number, "a signature line is \"— name signature\"");
    }
    std::string_view name = line.substr(0, space);
    std::string_view b64 = line.substr(space + 1);
    if (!IsValidKeyName(name)) return LineError(line_number, "invalid key name");
    auto bytes = FromBase64(b64);
    if (!bytes.ok()) return LineError(line_number, "signature: " + bytes.status().message());
    if (bytes->size() < 5) return LineError(line_number, "signature is too short");
    if (note.signatures.size() == kMaxSignatures) {
      return Status::InvalidArgument("signed note has more than " +
                                     std::to_string(kMaxSignatures) + " signatures");
    }
    Signature signature;
    signature.name = std::string(name);
    signature.key_id = std::uint32_t{(*bytes)[0]} << 24 | std::uint32_t{(*bytes)[1]} << 16 |
                       std::uint32_t{(*bytes)[2]} << 8 | std::uint32_t{(*bytes)[3]};
    signature.signature.assign(bytes->begin() + 4, bytes->end());
    note.signatures.push_back(std::move(signature));
    ++line_number;
  }
  return note;
}

std::string FormatSignatureLine(const Signature& signature) {
  Bytes bytes = {static_cast<std::uint8_t>(signature.key_id >> 24),
                 static_cast<std::uint8_t>(signature.key_id >> 16),
                 static_cast<std::uint8_t>(signature.key_id >> 8),
                 static_cast<std::uint8_t>(signature.key_id)};
  bytes.insert(bytes.end(), signature.signature.begin(), signature.signature.end());
  return std::string(kEmDashSpace) + signature.name + " " + ToBase64(bytes) + "\n";
}

std::string FormatNote(const Note& note) {
  std::string out = note.text + "\n";
  for (const Signature& signature : note.signatures) out += FormatSignatureLine(signature);
  return out;
}

std::string FormatCheckpoint(const Checkpoint& checkpoint) {
  std::string out = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                    ToBase64(checkpoint.root) + "\n";
  for (const std::string& line : checkpoint.extensions) out += line + "\n";
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("checkpoint text does not end with a newline");
  }
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() < 3) {
    return Status::InvalidArgument("a checkpoint has at least 3 lines: origin, size, root");
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Status::InvalidArgument("checkpoint line " + std::to_string(i + 1) + " is empty");
    }
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  std::string_view size = lines[1];
  if (size.size() > 1 && size[0] == '0') {
    return Status::InvalidArgument("checkpoint tree size has a leading zero");
  }
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), checkpoint.size);
  if (ec != std::errc() || end != size.data() + size.size()) {
    return Status::InvalidArgument("checkpoint tree size \"" + std::string(size) +
                                   "\" is not a decimal number");
  }
  auto root = merkle::HashFromBase64(lines[2]);
  if (!root.ok()) return root.status().WithContext("checkpoint root hash");
  checkpoint.root = *root;
  for (std::size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

}  // namespace sovhub::note
