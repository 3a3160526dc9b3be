// SPDX-License-Identifier: AGPL-3.0-or-later
//
// OpenSSL 3 deprecates the low-level SHA256_* functions in favour of EVP, whose
// per-call dispatch costs more than the two compressions an HMAC of a short
// message needs. SHA256_Transform is the only public entry to OpenSSL's
// block function (which uses the CPU's SHA extensions where present), so this
// file alone opts out of the deprecation warnings.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypto/hmac_sha256.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace sovhub::crypto {
namespace {

constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// Applies the compression function to one 64-byte block.
void Compress(std::array<std::uint32_t, 8>& state, const std::uint8_t* block) {
  SHA256_CTX ctx;
  std::memcpy(ctx.h, state.data(), sizeof(ctx.h));
  SHA256_Transform(&ctx, block);
  std::memcpy(state.data(), ctx.h, sizeof(ctx.h));
}

void StoreBigEndian32(std::uint8_t* out, std::uint32_t v) {
  out[0] = static_cast<std::uint8_t>(v >> 24);
  out[1] = static_cast<std::uint8_t>(v >> 16);
  out[2] = static_cast<std::uint8_t>(v >> 8);
  out[3] = static_cast<std::uint8_t>(v);
}

void StoreBigEndian64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

Sha256Digest StateToDigest(const std::array<std::uint32_t, 8>& state) {
  Sha256Digest digest;
  for (int i = 0; i < 8; ++i) StoreBigEndian32(&digest[4 * i], state[i]);
  return digest;
}

// Hashes `message` as the continuation of `state`, which has already absorbed
// `prefix_bytes` bytes (a whole number of blocks).
Sha256Digest FinishFrom(std::array<std::uint32_t, 8> state, std::uint64_t prefix_bytes,
                        std::span<const std::uint8_t> message) {
  const std::uint8_t* p = message.data();
  std::size_t left = message.size();
  while (left >= 64) {
    Compress(state, p);
    p += 64;
    left -= 64;
  }
  std::uint8_t block[128] = {};
  if (left > 0) std::memcpy(block, p, left);  // p may be null when empty
  block[left] = 0x80;
  std::size_t blocks = left + 1 + 8 <= 64 ? 1 : 2;
  StoreBigEndian64(block + 64 * blocks - 8, (prefix_bytes + message.size()) * 8);
  for (std::size_t i = 0; i < blocks; ++i) Compress(state, block + 64 * i);
  return StateToDigest(state);
}

}  // namespace

Sha256Digest Sha256(std::span<const std::uint8_t> message) {
  return FinishFrom(kInitialState, 0, message);
}

Sha256Stream::Sha256Stream() : state_(kInitialState) {}

void Sha256Stream::Update(std::span<const std::uint8_t> bytes) {
  total_bytes_ += bytes.size();
  const std::uint8_t* p = bytes.data();
  std::size_t left = bytes.size();
  if (buffered_ > 0) {
    std::size_t take = std::min(left, 64 - buffered_);
    if (take > 0) std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    left -= take;
    if (buffered_ < 64) return;
    Compress(state_, buffer_.data());
    buffered_ = 0;
  }
  while (left >= 64) {
    Compress(state_, p);
    p += 64;
    left -= 64;
  }
  if (left > 0) std::memcpy(buffer_.data(), p, left);
  buffered_ = left;
}

Sha256Digest Sha256Stream::Finish() {
  Sha256Digest digest =
      FinishFrom(state_, total_bytes_ - buffered_, {buffer_.data(), buffered_});
  *this = Sha256Stream();
  return digest;
}

HmacSha256::HmacSha256(std::span<const std::uint8_t> key) {
  std::uint8_t block[64] = {};
  if (key.size() > 64) {
    Sha256Digest hashed = Sha256(key);
    std::memcpy(block, hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block, key.data(), key.size());
  }
  std::uint8_t pad[64];
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x36;
  inner_ = kInitialState;
  Compress(inner_, pad);
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x5c;
  outer_ = kInitialState;
  Compress(outer_, pad);
  // The key's derived blocks must not linger on the stack.
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(pad, sizeof pad);
}

Sha256Digest HmacSha256::Compute(std::span<const std::uint8_t> message) const {
  // The hot path of pseudonymisation: two compressions, the digest words
  // written big-endian straight into the outer block, no intermediate copies.
  SHA256_CTX ctx;
  std::memcpy(ctx.h, inner_.data(), sizeof(ctx.h));
  alignas(16) std::uint8_t block[64];
  if (message.size() <= kSingleBlockMax) {
    std::memset(block, 0, sizeof block);
    if (!message.empty()) std::memcpy(block, message.data(), message.size());
    block[message.size()] = 0x80;
    StoreBigEndian64(block + 56, (64 + message.size()) * 8);
    SHA256_Transform(&ctx, block);
  } else {
    Sha256Digest inner_digest = FinishFrom(inner_, 64, message);
    for (int i = 0; i < 8; ++i) {
      ctx.h[i] = static_cast<std::uint32_t>(inner_digest[4 * i]) << 24 |
                 static_cast<std::uint32_t>(inner_digest[4 * i + 1]) << 16 |
                 static_cast<std::uint32_t>(inner_digest[4 * i + 2]) << 8 | inner_digest[4 * i + 3];
    }
  }
  // Outer block: the inner digest, 0x80, zeros, the bit length (64 + 32) * 8.
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = __builtin_bswap32(ctx.h[i]);
    std::memcpy(block + 4 * i, &word, 4);
  }
  std::memset(block + 32, 0, 32);
  block[32] = 0x80;
  block[62] = 0x03;  // 768 bits = 0x0300
  std::memcpy(ctx.h, outer_.data(), sizeof(ctx.h));
  SHA256_Transform(&ctx, block);
  Sha256Digest digest;
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = __builtin_bswap32(ctx.h[i]);
    std::memcpy(digest.data() + 4 * i, &word, 4);
  }
  return digest;
}

}  // namespace sovhub::crypto
