// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Merkle hash trees as RFC 9162 (Certificate Transparency 2.0) section 2.1
// defines them: the tree head of n leaves, inclusion proofs (audit paths) and
// consistency proofs, both made and verified. Pure: the hash function comes in
// through Hasher (crypto::Rfc9162Hasher is SHA-256 with the 0x00 leaf and 0x01
// node prefixes), and the stored nodes through SubtreeSource.
//
// Node addressing: node (level, index) is the root of the perfect subtree of
// 2^level leaves that starts at leaf index * 2^level. Leaves are level 0. Every
// subtree the RFC's recursion meets is either such a perfect subtree or the
// right edge of the tree, so a source that keeps perfect subtrees answers a
// root, an inclusion proof or a consistency proof in O(log n) reads.
#ifndef SOVHUB_DOMAIN_MERKLE_H_
#define SOVHUB_DOMAIN_MERKLE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::merkle {

using Hash = std::array<std::uint8_t, 32>;

class Hasher {
 public:
  virtual ~Hasher() = default;
  virtual Hash EmptyRoot() const = 0;                             // MTH({})
  virtual Hash Leaf(std::span<const std::uint8_t> data) const = 0;  // H(0x00 || d)
  virtual Hash Node(const Hash& left, const Hash& right) const = 0;  // H(0x01 || l || r)
};

// Hashes of the perfect subtrees of a tree, as stored.
class SubtreeSource {
 public:
  virtual ~SubtreeSource() = default;
  virtual Result<Hash> Subtree(int level, std::uint64_t index) const = 0;
  // Optional memo of the hashes of ranges that are not perfect subtrees (the
  // right edge of a tree, the same for every proof at one size).
  virtual std::optional<Hash> RecallRange(std::uint64_t /*start*/, std::uint64_t /*n*/) const {
    return std::nullopt;
  }
  virtual void RememberRange(std::uint64_t /*start*/, std::uint64_t /*n*/, const Hash& /*hash*/) const {}
};

// Parses a hash from standard base64; anything but 32 bytes is refused.
Result<Hash> HashFromBase64(std::string_view text);
// Parses "B64,B64,..." (empty text: an empty proof).
Result<std::vector<Hash>> ProofFromBase64List(std::string_view text);

// The largest power of two strictly below n (n >= 2).
std::uint64_t SplitPoint(std::uint64_t n);

// MTH(D[0:size]).
Result<Hash> Root(const Hasher& hasher, const SubtreeSource& source, std::uint64_t size);
// PATH(index, D[0:size]): from the leaf's sibling up to the root's child.
Result<std::vector<Hash>> InclusionProof(const SubtreeSource& source, const Hasher& hasher,
                                         std::uint64_t index, std::uint64_t size);
// PROOF(size1, D[0:size2]). Refuses size1 = 0 and size1 > size2.
Result<std::vector<Hash>> ConsistencyProof(const SubtreeSource& source, const Hasher& hasher,
                                           std::uint64_t size1, std::uint64_t size2);

// RFC 9162 2.1.3.2. InvalidArgument naming the check that failed.
// Roots are taken as given bytes: one that is not 32 bytes long simply matches
// nothing (as in transparency-dev/merkle, whose cases include such roots).
Status VerifyInclusion(const Hasher& hasher, std::uint64_t index, std::uint64_t size,
                       const Hash& leaf_hash, std::span<const Hash> proof,
                       std::span<const std::uint8_t> root);
// The root an inclusion proof leads to (the same checks, without the root).
Result<Hash> RootFromInclusionProof(const Hasher& hasher, std::uint64_t index,
                                    std::uint64_t size, const Hash& leaf_hash,
                                    std::span<const Hash> proof);
// RFC 9162 2.1.4.2, with the edge rules of transparency-dev/merkle: a proof
// from the empty tree is refused (it proves nothing), equal sizes need an
// empty proof and equal roots.
Status VerifyConsistency(const Hasher& hasher, std::uint64_t size1, std::uint64_t size2,
                         std::span<const Hash> proof, std::span<const std::uint8_t> root1,
                         std::span<const std::uint8_t> root2);

// Appends leaves and reports every perfect subtree completed on the way, so a
// log can store them; keeps only the O(log n) frontier in memory.
class TreeBuilder {
 public:
  struct Node {
    int level;
    std::uint64_t index;
    Hash hash;
  };

  // Resumes a tree of `size` leaves whose frontier (the perfect subtrees along
  // its right edge, largest first) is given.
  TreeBuilder(std::uint64_t size, std::vector<Hash> frontier);
  TreeBuilder() : TreeBuilder(0, {}) {}

  // Adds a leaf hash; `completed` receives the leaf and each new inner node.
  void Append(const Hasher& hasher, const Hash& leaf_hash, std::vector<Node>& completed);
  Hash Root(const Hasher& hasher) const;
  std::uint64_t size() const { return size_; }
  // The levels of the frontier's subtrees: the set bits of size, largest first.
  static std::vector<std::pair<int, std::uint64_t>> FrontierAddresses(std::uint64_t size);

 private:
  std::uint64_t size_;
  std::vector<Hash> frontier_;  // largest subtree first
};

}  // namespace sovhub::merkle

#endif  // SOVHUB_DOMAIN_MERKLE_H_
