// SPDX-License-Identifier: AGPL-3.0-or-later
//
// HMAC-SHA256 throughput on the pseudonymiser's message sizes, one thread:
//  - 16-byte messages, the size `openssl speed -hmac sha256 -bytes 16` uses;
//  - 17-byte stage-1 identifiers turned into the 17-character stage-2 pid
//    (HMAC + EncodeIdentifier), the hub's per-row cost;
//  - both again with OpenSSL's EVP_MAC, driven the way `openssl speed` drives
//    it (key set once, then per message init with no key, update, final), as
//    an in-process baseline.
// items/s = HMACs/s. bench/run compares it with `openssl speed`.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "crypto/hmac_sha256.h"
#include "domain/stage1.h"

namespace {

// Distinct messages so that nothing is hoisted out of the loop; a power of
// two small enough to stay in L1.
constexpr std::size_t kMessages = 1024;

const std::array<std::uint8_t, 32>& Key() {
  static const std::array<std::uint8_t, 32> key = [] {
    std::array<std::uint8_t, 32> k;
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(7 * i + 1);
    return k;
  }();
  return key;
}

// kMessages messages of `length` bytes: random bytes, or base-62 digits for
// stage-1 identifiers.
std::vector<std::uint8_t> Messages(std::size_t length, bool base62) {
  static constexpr char kDigits[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::vector<std::uint8_t> bytes(kMessages * length);
  std::uint64_t x = 0x9e3779b97f4a7c15;
  for (auto& b : bytes) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = base62 ? static_cast<std::uint8_t>(kDigits[x % 62]) : static_cast<std::uint8_t>(x);
  }
  return bytes;
}

void BM_SovhubHmac16(benchmark::State& state) {
  const sovhub::crypto::HmacSha256 hmac(Key());
  const std::vector<std::uint8_t> messages = Messages(16, false);
  std::size_t i = 0;
  for (auto _ : state) {
    auto digest = hmac.Compute(std::span<const std::uint8_t>(&messages[16 * i], 16));
    benchmark::DoNotOptimize(digest);
    i = (i + 1) & (kMessages - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 16);
}
BENCHMARK(BM_SovhubHmac16);

void BM_SovhubPid17(benchmark::State& state) {
  const sovhub::crypto::HmacSha256 hmac(Key());
  const std::vector<std::uint8_t> messages = Messages(17, true);
  char pid[sovhub::pseudonym::kIdentifierLength];
  std::size_t i = 0;
  for (auto _ : state) {
    auto digest = hmac.Compute(std::span<const std::uint8_t>(&messages[17 * i], 17));
    sovhub::pseudonym::EncodeIdentifier(digest, pid);
    benchmark::DoNotOptimize(pid);
    benchmark::ClobberMemory();
    i = (i + 1) & (kMessages - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 17);
}
BENCHMARK(BM_SovhubPid17);

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// An EVP_MAC context keyed once, as `openssl speed -hmac sha256` sets it up.
std::unique_ptr<EVP_MAC_CTX, MacDeleter> KeyedEvpContext() {
  std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) std::abort();
  std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx(EVP_MAC_CTX_new(mac.get()));  // holds a ref
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), Key().data(), Key().size(), params) != 1) std::abort();
  return ctx;
}

void EvpHmac(EVP_MAC_CTX* ctx, const std::uint8_t* message, std::size_t length,
             std::uint8_t* out) {
  std::size_t out_length = 0;
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx, message, length) != 1 ||
      EVP_MAC_final(ctx, out, &out_length, 32) != 1) {
    std::abort();
  }
}

void BM_OpensslEvpHmac16(benchmark::State& state) {
  auto ctx = KeyedEvpContext();
  const std::vector<std::uint8_t> messages = Messages(16, false);
  std::array<std::uint8_t, 32> digest;
  std::size_t i = 0;
  for (auto _ : state) {
    EvpHmac(ctx.get(), &messages[16 * i], 16, digest.data());
    benchmark::DoNotOptimize(digest);
    i = (i + 1) & (kMessages - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 16);
}
BENCHMARK(BM_OpensslEvpHmac16);

void BM_OpensslEvpPid17(benchmark::State& state) {
  auto ctx = KeyedEvpContext();
  const std::vector<std::uint8_t> messages = Messages(17, true);
  std::array<std::uint8_t, 32> digest;
  char pid[sovhub::pseudonym::kIdentifierLength];
  std::size_t i = 0;
  for (auto _ : state) {
    EvpHmac(ctx.get(), &messages[17 * i], 17, digest.data());
    sovhub::pseudonym::EncodeIdentifier(digest, pid);
    benchmark::DoNotOptimize(pid);
    benchmark::ClobberMemory();
    i = (i + 1) & (kMessages - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 17);
}
BENCHMARK(BM_OpensslEvpPid17);

}  // namespace

BENCHMARK_MAIN();
