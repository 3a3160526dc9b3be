// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/merkle.h"

#include <algorithm>
#include <bit>
#include <string>

#include "core/bytes.h"

namespace sovhub::merkle {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

bool SameBytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// MTH(D[start:start+n]) for n >= 1, where every perfect piece is aligned
// (true of every range the RFC's recursions meet).
Result<Hash> RangeHash(const Hasher& hasher, const SubtreeSource& source, std::uint64_t start,
                       std::uint64_t n) {
  if (std::has_single_bit(n) && start % n == 0) {
    return source.Subtree(std::countr_zero(n), start / n);
  }
  if (std::optional<Hash> known = source.RecallRange(start, n)) return *known;
  std::uint64_t k = SplitPoint(n);
  SOVHUB_ASSIGN_OR_RETURN(Hash left, RangeHash(hasher, source, start, k));
  SOVHUB_ASSIGN_OR_RETURN(Hash right, RangeHash(hasher, source, start + k, n - k));
  Hash hash = hasher.Node(left, right);
  source.RememberRange(start, n, hash);
  return hash;
}

}  // namespace

Result<Hash> HashFromBase64(std::string_view text) {
  SOVHUB_ASSIGN_OR_RETURN(Bytes bytes, FromBase64(text));
  if (bytes.size() != 32) {
    return Status::InvalidArgument("a hash is 32 bytes, this one is " +
                                   std::to_string(bytes.size()));
  }
  Hash hash;
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

Result<std::vector<Hash>> ProofFromBase64List(std::string_view text) {
  std::vector<Hash> proof;
  if (text.empty()) return proof;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : comma - start);
    auto hash = HashFromBase64(item);
    if (!hash.ok()) {
      return hash.status().WithContext("proof[" + std::to_string(proof.size()) + "]");
    }
    proof.push_back(*hash);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return proof;
}

std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

Result<Hash> Root(const Hasher& hasher, const SubtreeSource& source, std::uint64_t size) {
  if (size == 0) return hasher.EmptyRoot();
  return RangeHash(hasher, source, 0, size);
}

Result<std::vector<Hash>> InclusionProof(const SubtreeSource& source, const Hasher& hasher,
                                         std::uint64_t index, std::uint64_t size) {
  if (index >= size) {
    return Status::InvalidArgument("leaf index " + Num(index) + " is not below tree size " +
                                   Num(size));
  }
  std::vector<Hash> proof;
  std::uint64_t start = 0;
  std::uint64_t n = size;
  std::uint64_t m = index;
  while (n > 1) {
    std::uint64_t k = SplitPoint(n);
    if (m < k) {
      SOVHUB_ASSIGN_OR_RETURN(Hash right, RangeHash(hasher, source, start + k, n - k));
      proof.push_back(right);
      n = k;
    } else {
      SOVHUB_ASSIGN_OR_RETURN(Hash left, RangeHash(hasher, source, start, k));
      proof.push_back(left);
      start += k;
      m -= k;
      n -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(const SubtreeSource& source, const Hasher& hasher,
                                           std::uint64_t size1, std::uint64_t size2) {
  if (size1 == 0) {
    return Status::InvalidArgument("no consistency proof from the empty tree: it proves nothing");
  }
  if (size1 > size2) {
    return Status::InvalidArgument("old size " + Num(size1) + " is above new size " +
                                   Num(size2));
  }
  std::vector<Hash> proof;
  std::uint64_t start = 0;
  std::uint64_t m = size1;
  std::uint64_t n = size2;
  bool whole = true;  // the RFC's b: D[start:start+m] is a subtree the verifier knows
  while (true) {
    if (m == n) {
      if (!whole) {
        SOVHUB_ASSIGN_OR_RETURN(Hash h, RangeHash(hasher, source, start, m));
        proof.push_back(h);
      }
      break;
    }
    std::uint64_t k = SplitPoint(n);
    if (m <= k) {
      SOVHUB_ASSIGN_OR_RETURN(Hash right, RangeHash(hasher, source, start + k, n - k));
      proof.push_back(right);
      n = k;
    } else {
      SOVHUB_ASSIGN_OR_RETURN(Hash left, RangeHash(hasher, source, start, k));
      proof.push_back(left);
      start += k;
      m -= k;
      n -= k;
      whole = false;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<Hash> RootFromInclusionProof(const Hasher& hasher, std::uint64_t index,
                                    std::uint64_t size, const Hash& leaf_hash,
                                    std::span<const Hash> proof) {
  if (index >= size) {
    return Status::InvalidArgument("leaf index " + Num(index) + " is not below tree size " +
                                   Num(size));
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (std::size_t i = 0; i < proof.size(); ++i) {
    if (sn == 0) {
      return Status::InvalidArgument("proof has " + std::to_string(proof.size()) +
                                     " hashes, more than a tree of size " + Num(size) +
                                     " needs for leaf " + Num(index));
    }
    if ((fn & 1) != 0 || fn == sn) {
      r = hasher.Node(proof[i], r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = hasher.Node(r, proof[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return Status::InvalidArgument("proof has " + std::to_string(proof.size()) +
                                   " hashes, fewer than a tree of size " + Num(size) +
                                   " needs for leaf " + Num(index));
  }
  return r;
}

Status VerifyInclusion(const Hasher& hasher, std::uint64_t index, std::uint64_t size,
                       const Hash& leaf_hash, std::span<const Hash> proof,
                       std::span<const std::uint8_t> root) {
  SOVHUB_ASSIGN_OR_RETURN(Hash computed,
                          RootFromInclusionProof(hasher, index, size, leaf_hash, proof));
  if (!SameBytes(computed, root)) {
    return Status::InvalidArgument("the proof leads to root " + ToBase64(computed) +
                                   ", not to the given root");
  }
  return Status::Ok();
}

Status VerifyConsistency(const Hasher& hasher, std::uint64_t size1, std::uint64_t size2,
                         std::span<const Hash> proof, std::span<const std::uint8_t> root1,
                         std::span<const std::uint8_t> root2) {
  if (size1 == 0) {
    return Status::InvalidArgument(
        "a consistency proof from the empty tree proves nothing and is refused");
  }
  if (size1 > size2) {
    return Status::InvalidArgument("size1 " + Num(size1) + " is above size2 " + Num(size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return Status::InvalidArgument("equal sizes need an empty proof, this one has " +
                                     std::to_string(proof.size()) + " hashes");
    }
    if (!SameBytes(root1, root2)) {
      return Status::InvalidArgument("equal sizes but different roots");
    }
    return Status::Ok();
  }
  if (proof.empty()) {
    return Status::InvalidArgument("empty proof between different sizes");
  }
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(size1)) {
    if (root1.size() != 32) return Status::InvalidArgument("root1 is not a 32-byte hash");
    Hash first;
    std::copy(root1.begin(), root1.end(), first.begin());
    path.push_back(first);
  }
  path.insert(path.end(), proof.begin(), proof.end());

  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) {
      return Status::InvalidArgument("proof has " + std::to_string(proof.size()) +
                                     " hashes, more than sizes " + Num(size1) + " and " +
                                     Num(size2) + " need");
    }
    const Hash& c = path[i];
    if ((fn & 1) != 0 || fn == sn) {
      fr = hasher.Node(c, fr);
      sr = hasher.Node(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = hasher.Node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return Status::InvalidArgument("proof has " + std::to_string(proof.size()) +
                                   " hashes, fewer than sizes " + Num(size1) + " and " +
                                   Num(size2) + " need");
  }
  if (!SameBytes(fr, root1)) {
    return Status::InvalidArgument("the proof does not lead to root1");
  }
  if (!SameBytes(sr, root2)) {
    return Status::InvalidArgument("the proof does not lead to root2");
  }
  return Status::Ok();
}

TreeBuilder::TreeBuilder(std::uint64_t size, std::vector<Hash> frontier)
    : size_(size), frontier_(std::move(frontier)) {}

std::vector<std::pair<int, std::uint64_t>> TreeBuilder::FrontierAddresses(std::uint64_t size) {
  std::vector<std::pair<int, std::uint64_t>> addresses;
  for (int level = 63; level >= 0; --level) {
    if ((size >> level) & 1) addresses.emplace_back(level, (size >> level) - 1);
  }
  return addresses;
}

void TreeBuilder::Append(const Hasher& hasher, const Hash& leaf_hash,
                         std::vector<Node>& completed) {
  Hash current = leaf_hash;
  completed.push_back({0, size_, current});
  std::uint64_t new_size = size_ + 1;
  int level = 0;
  while (((size_ >> level) & 1) != 0) {
    current = hasher.Node(frontier_.back(), current);
    frontier_.pop_back();
    ++level;
    completed.push_back({level, (new_size >> level) - 1, current});
  }
  frontier_.push_back(current);
  size_ = new_size;
}

Hash TreeBuilder::Root(const Hasher& hasher) const {
  if (frontier_.empty()) return hasher.EmptyRoot();
  Hash root = frontier_.back();
  for (std::size_t i = frontier_.size() - 1; i-- > 0;) {
    root = hasher.Node(frontier_[i], root);
  }
  return root;
}

}  // namespace sovhub::merkle
