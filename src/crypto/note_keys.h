// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Ed25519 keys of C2SP signed notes (signature type 0x01), in the text forms
// that golang.org/x/mod/sumdb/note and the C2SP tools use:
//   verifier key: name+hex(key id)+base64(0x01 || 32-byte public key)
//   signer key:   PRIVATE+KEY+name+hex(key id)+base64(0x01 || 32-byte seed)
// key id = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.
#ifndef SOVHUB_CRYPTO_NOTE_KEYS_H_
#define SOVHUB_CRYPTO_NOTE_KEYS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/status.h"
#include "crypto/random.h"
#include "domain/signed_note.h"

namespace sovhub::crypto {

std::uint32_t NoteKeyId(std::string_view name, std::span<const std::uint8_t> public_key);

class NoteVerifier {
 public:
  static Result<NoteVerifier> FromVerifierKey(std::string_view vkey);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  bool Verify(std::string_view text, std::span<const std::uint8_t> signature) const;

 private:
  std::string name_;
  std::uint32_t key_id_ = 0;
  std::array<std::uint8_t, 32> public_key_{};
};

class NoteSigner {
 public:
  static Result<NoteSigner> FromPrivateKey(std::string_view skey);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  std::string VerifierKey() const;
  Result<note::Signature> Sign(std::string_view text) const;

 private:
  std::string name_;
  std::uint32_t key_id_ = 0;
  std::array<std::uint8_t, 32> seed_{};
  std::array<std::uint8_t, 32> public_key_{};
};

struct NoteKeyPair {
  std::string private_key;   // PRIVATE+KEY+...
  std::string verifier_key;  // name+id+key
};

Result<NoteKeyPair> GenerateNoteKey(std::string_view name, RandomSource& random);

// Signs `text` (which must end with a newline and be valid note text) with
// every signer: the whole signed note.
Result<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers);

// The note, once at least one signature by a known key verifies. Signatures by
// unknown keys are ignored (as the specification says); a known key whose
// signature fails rejects the whole note.
Result<note::Note> OpenNote(std::string_view message, std::span<const NoteVerifier> known);

}  // namespace sovhub::crypto

#endif  // SOVHUB_CRYPTO_NOTE_KEYS_H_
