// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/note_keys.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "crypto/hmac_sha256.h"

namespace sovhub::crypto {
namespace {

constexpr std::uint8_t kAlgEd25519 = 0x01;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// Splits on '+' into at most `max_parts`: the last part, base64, may hold '+'.
std::vector<std::string_view> SplitPlus(std::string_view text, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t plus =
        parts.size() + 1 == max_parts ? std::string_view::npos : text.find('+', start);
    parts.push_back(text.substr(start, plus == std::string_view::npos ? plus : plus - start));
    if (plus == std::string_view::npos) return parts;
    start = plus + 1;
  }
}

Result<std::uint32_t> ParseKeyId(std::string_view hex) {
  if (hex.size() != 8) return Status::InvalidArgument("key id is not 8 hex digits");
  SOVHUB_ASSIGN_OR_RETURN(Bytes bytes, FromHex(hex));
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
         std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

std::string KeyIdHex(std::uint32_t id) {
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", id);
  return buffer;
}

// The 32-byte key material after the algorithm byte.
Result<std::array<std::uint8_t, 32>> ParseKeyMaterial(std::string_view b64) {
  SOVHUB_ASSIGN_OR_RETURN(Bytes bytes, FromBase64(b64));
  if (bytes.empty()) return Status::InvalidArgument("key material is empty");
  if (bytes[0] != kAlgEd25519) {
    return Status::InvalidArgument("key algorithm " + std::to_string(bytes[0]) +
                                   " is not supported (only Ed25519, 1)");
  }
  if (bytes.size() != 33) {
    return Status::InvalidArgument("an Ed25519 key is 32 bytes, this one is " +
                                   std::to_string(bytes.size() - 1));
  }
  std::array<std::uint8_t, 32> material;
  std::copy(bytes.begin() + 1, bytes.end(), material.begin());
  return material;
}

Result<std::array<std::uint8_t, 32>> PublicFromSeed(std::span<const std::uint8_t, 32> seed) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!key) return Status::Internal("OpenSSL refused an Ed25519 private key");
  std::array<std::uint8_t, 32> pub;
  std::size_t length = pub.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &length) != 1 || length != 32) {
    return Status::Internal("OpenSSL could not derive an Ed25519 public key");
  }
  return pub;
}

std::string KeyText(std::span<const std::uint8_t> material) {
  Bytes bytes = {kAlgEd25519};
  bytes.insert(bytes.end(), material.begin(), material.end());
  return ToBase64(bytes);
}

}  // namespace

std::uint32_t NoteKeyId(std::string_view name, std::span<const std::uint8_t> public_key) {
  Sha256Stream stream;
  stream.Update(name);
  const std::uint8_t separator[2] = {0x0A, kAlgEd25519};
  stream.Update(std::span<const std::uint8_t>(separator, 2));
  stream.Update(public_key);
  Sha256Digest digest = stream.Finish();
  return std::uint32_t{digest[0]} << 24 | std::uint32_t{digest[1]} << 16 |
         std::uint32_t{digest[2]} << 8 | std::uint32_t{digest[3]};
}

Result<NoteVerifier> NoteVerifier::FromVerifierKey(std::string_view vkey) {
  std::vector<std::string_view> parts = SplitPlus(vkey, 3);
  if (parts.size() != 3) {
    return Status::InvalidArgument("a verifier key is name+keyid+base64key");
  }
  if (!note::IsValidKeyName(parts[0])) {
    return Status::InvalidArgument("verifier key name is empty or holds a space");
  }
  NoteVerifier verifier;
  verifier.name_ = std::string(parts[0]);
  auto id = ParseKeyId(parts[1]);
  if (!id.ok()) return id.status().WithContext("verifier key");
  auto material = ParseKeyMaterial(parts[2]);
  if (!material.ok()) return material.status().WithContext("verifier key");
  verifier.public_key_ = *material;
  verifier.key_id_ = *id;
  if (NoteKeyId(verifier.name_, verifier.public_key_) != verifier.key_id_) {
    return Status::InvalidArgument("verifier key id does not match its name and key");
  }
  return verifier;
}

bool NoteVerifier::Verify(std::string_view text, std::span<const std::uint8_t> signature) const {
  if (signature.size() != 64) return false;
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key_.data(),
                                       public_key_.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!key || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          text.size()) == 1;
}

Result<NoteSigner> NoteSigner::FromPrivateKey(std::string_view skey) {
  std::vector<std::string_view> parts = SplitPlus(skey, 5);
  if (parts.size() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY") {
    return Status::InvalidArgument("a signer key is PRIVATE+KEY+name+keyid+base64key");
  }
  if (!note::IsValidKeyName(parts[2])) {
    return Status::InvalidArgument("signer key name is empty or holds a space");
  }
  NoteSigner signer;
  signer.name_ = std::string(parts[2]);
  auto id = ParseKeyId(parts[3]);
  if (!id.ok()) return id.status().WithContext("signer key");
  auto material = ParseKeyMaterial(parts[4]);
  if (!material.ok()) return material.status().WithContext("signer key");
  signer.seed_ = *material;
  SOVHUB_ASSIGN_OR_RETURN(signer.public_key_, PublicFromSeed(signer.seed_));
  signer.key_id_ = *id;
  if (NoteKeyId(signer.name_, signer.public_key_) != signer.key_id_) {
    return Status::InvalidArgument("signer key id does not match its name and key");
  }
  return signer;
}

std::string NoteSigner::VerifierKey() const {
  return name_ + "+" + KeyIdHex(key_id_) + "+" + KeyText(public_key_);
}

Result<note::Signature> NoteSigner::Sign(std::string_view text) const {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed_.data(), seed_.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Status::Internal("OpenSSL could not set up Ed25519 signing");
  }
  note::Signature signature{.name = name_, .key_id = key_id_};
  signature.signature.resize(64);
  std::size_t length = signature.signature.size();
  if (EVP_DigestSign(ctx.get(), signature.signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1 ||
      length != 64) {
    return Status::Internal("OpenSSL could not sign with Ed25519");
  }
  return signature;
}

Result<NoteKeyPair> GenerateNoteKey(std::string_view name, RandomSource& random) {
  if (!note::IsValidKeyName(name)) {
    return Status::InvalidArgument("key name \"" + std::string(name) +
                                   "\" is empty or holds a space or '+'");
  }
  std::array<std::uint8_t, 32> seed;
  SOVHUB_RETURN_IF_ERROR(random.Fill(seed));
  SOVHUB_ASSIGN_OR_RETURN(auto pub, PublicFromSeed(seed));
  std::string id = KeyIdHex(NoteKeyId(name, pub));
  NoteKeyPair pair;
  pair.private_key = "PRIVATE+KEY+" + std::string(name) + "+" + id + "+" + KeyText(seed);
  pair.verifier_key = std::string(name) + "+" + id + "+" + KeyText(pub);
  std::fill(seed.begin(), seed.end(), 0);
  return pair;
}

Result<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("note text does not end with a newline");
  }
  if (!note::IsValidNoteText(text)) {
    return Status::InvalidArgument(
        "note text is not valid UTF-8 or holds a control character other than newline");
  }
  if (signers.empty()) return Status::InvalidArgument("no signer key");
  note::Note signed_note{.text = std::string(text)};
  for (const NoteSigner& signer : signers) {
    SOVHUB_ASSIGN_OR_RETURN(note::Signature signature, signer.Sign(text));
    signed_note.signatures.push_back(std::move(signature));
  }
  return note::FormatNote(signed_note);
}

Result<note::Note> OpenNote(std::string_view message, std::span<const NoteVerifier> known) {
  SOVHUB_ASSIGN_OR_RETURN(note::Note parsed, note::ParseNote(message));
  bool verified = false;
  std::vector<const NoteVerifier*> seen;
  for (const note::Signature& signature : parsed.signatures) {
    for (const NoteVerifier& verifier : known) {
      if (verifier.name() != signature.name || verifier.key_id() != signature.key_id) continue;
      // As golang.org/x/mod/sumdb/note: a known key signs a note once.
      if (std::find(seen.begin(), seen.end(), &verifier) != seen.end()) {
        return Status::InvalidArgument("the key " + signature.name +
                                       " signs the note more than once");
      }
      seen.push_back(&verifier);
      if (!verifier.Verify(parsed.text, signature.signature)) {
        return Status::InvalidArgument("the signature by " + signature.name + " (key id " +
                                       KeyIdHex(signature.key_id) + ") does not verify");
      }
      verified = true;
    }
  }
  if (!verified) {
    return Status::InvalidArgument("no signature by a known key (" +
                                   std::to_string(parsed.signatures.size()) +
                                   " signature(s), none from the given key)");
  }
  return parsed;
}

}  // namespace sovhub::crypto
