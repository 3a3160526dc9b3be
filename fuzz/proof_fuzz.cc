// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Fuzzes the parts of the opposition log that take outside input without a
// signature check first: opposition::DecodeLeaf on arbitrary bytes, and
// merkle::VerifyInclusion / VerifyConsistency on arbitrary sizes, indexes and
// proofs (with a cheap stand-in hash: the code under test is the index
// arithmetic, not SHA-256). Besides crashes and sanitizer reports, it aborts
// when a decoded leaf does not encode back to exactly the input, or when a
// proof made by merkle::InclusionProof / ConsistencyProof for the fuzzed
// sizes does not verify.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <span>
#include <vector>
#include <string_view>

#include "domain/merkle.h"
#include "domain/opposition.h"

namespace {

namespace merkle = sovhub::merkle;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Not a cryptographic hash: mixes bytes well enough that wrong proofs fail.
class MixHasher final : public merkle::Hasher {
 public:
  merkle::Hash EmptyRoot() const override { return Mix(0xE5, {}, {}); }
  merkle::Hash Leaf(std::span<const std::uint8_t> data) const override {
    return Mix(0x00, data, {});
  }
  merkle::Hash Node(const merkle::Hash& l, const merkle::Hash& r) const override {
    return Mix(0x01, l, r);
  }

 private:
  static merkle::Hash Mix(std::uint8_t tag, std::span<const std::uint8_t> a,
                          std::span<const std::uint8_t> b) {
    merkle::Hash out{};
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ tag;
    std::size_t i = 0;
    auto eat = [&](std::uint8_t byte) {
      h = (h ^ byte) * 0x100000001B3ull;
      h ^= h >> 29;
      out[i++ % 32] ^= static_cast<std::uint8_t>(h);
    };
    for (auto byte : a) eat(byte);
    eat(0xFF);
    for (auto byte : b) eat(byte);
    for (std::size_t k = 0; k < 32; ++k) out[k] ^= static_cast<std::uint8_t>(h >> (k % 8 * 8));
    return out;
  }
};

// A tree of `size` leaves whose leaf i is the 8 bytes of i, built on demand.
class SyntheticTree final : public merkle::SubtreeSource {
 public:
  explicit SyntheticTree(const MixHasher& hasher) : hasher_(hasher) {}
  sovhub::Result<merkle::Hash> Subtree(int level, std::uint64_t index) const override {
    auto key = std::make_pair(level, index);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    merkle::Hash hash;
    if (level == 0) {
      std::uint8_t bytes[8];
      std::memcpy(bytes, &index, 8);
      hash = hasher_.Leaf(bytes);
    } else {
      hash = hasher_.Node(*Subtree(level - 1, 2 * index), *Subtree(level - 1, 2 * index + 1));
    }
    memo_.emplace(key, hash);
    return hash;
  }

 private:
  const MixHasher& hasher_;
  mutable std::map<std::pair<int, std::uint64_t>, merkle::Hash> memo_;
};

std::uint64_t Take64(const uint8_t*& data, size_t& size) {
  std::uint64_t value = 0;
  std::size_t n = size < 8 ? size : 8;
  std::memcpy(&value, data, n);
  data += n;
  size -= n;
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto leaf = sovhub::opposition::DecodeLeaf(text);
  if (leaf.ok()) Check(sovhub::opposition::EncodeLeaf(*leaf) == text);

  MixHasher hasher;
  std::uint64_t a = Take64(data, size);
  std::uint64_t b = Take64(data, size);
  std::vector<merkle::Hash> proof;
  while (size >= 32 && proof.size() < 70) {
    merkle::Hash hash;
    std::memcpy(hash.data(), data, 32);
    proof.push_back(hash);
    data += 32;
    size -= 32;
  }
  merkle::Hash root{};
  (void)merkle::VerifyInclusion(hasher, a, b, root, proof, root);
  (void)merkle::VerifyConsistency(hasher, a, b, proof, root, root);

  // Proofs made for small trees (up to 512 leaves) verify, and fail at a
  // neighbouring index.
  std::uint64_t tree_size = (b & 0x1FF) + 1;
  std::uint64_t index = a % tree_size;
  SyntheticTree tree(hasher);
  auto made = merkle::InclusionProof(tree, hasher, index, tree_size);
  Check(made.ok());
  merkle::Hash tree_root = *merkle::Root(hasher, tree, tree_size);
  merkle::Hash leaf_hash = *tree.Subtree(0, index);
  Check(merkle::VerifyInclusion(hasher, index, tree_size, leaf_hash, *made, tree_root).ok());
  if (tree_size > 1) {
    std::uint64_t other = (index ^ 1) < tree_size ? (index ^ 1) : index - 1;
    Check(!merkle::VerifyInclusion(hasher, other,
                                   tree_size, leaf_hash, *made, tree_root).ok());
  }
  std::uint64_t old_size = (a >> 32) % tree_size + 1;
  auto consistency = merkle::ConsistencyProof(tree, hasher, old_size, tree_size);
  Check(consistency.ok());
  Check(merkle::VerifyConsistency(hasher, old_size, tree_size, *consistency,
                                  *merkle::Root(hasher, tree, old_size), tree_root).ok());
  return 0;
}
