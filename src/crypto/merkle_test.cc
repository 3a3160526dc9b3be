// SPDX-License-Identifier: AGPL-3.0-or-later
//
// domain/merkle with the real RFC 9162 hasher, against the shared cases:
// the 8-leaf reference tree and every transparency-dev proof case.
#include "domain/merkle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "crypto/merkle_hasher.h"
#include "testing/testing.h"

namespace sovhub::merkle {
namespace {

namespace fs = std::filesystem;
using crypto::Rfc9162Hasher;

std::string Hex(const Hash& hash) { return ToHex(hash); }

// An in-memory node store filled by a TreeBuilder.
class MemoryTree final : public SubtreeSource {
 public:
  void Append(const Hasher& hasher, std::span<const std::uint8_t> leaf) {
    std::vector<TreeBuilder::Node> completed;
    builder_.Append(hasher, hasher.Leaf(leaf), completed);
    for (const auto& node : completed) nodes_[{node.level, node.index}] = node.hash;
  }
  Result<Hash> Subtree(int level, std::uint64_t index) const override {
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) return Status::NotFound("node " + std::to_string(level) + "/" +
                                                    std::to_string(index));
    return it->second;
  }
  const TreeBuilder& builder() const { return builder_; }
  std::map<std::pair<int, std::uint64_t>, Hash>& nodes() { return nodes_; }

 private:
  TreeBuilder builder_;
  std::map<std::pair<int, std::uint64_t>, Hash> nodes_;
};

nlohmann::json ReferenceTree() {
  return nlohmann::json::parse(
      testing::ReadFileOrFail(testing::SharedData("merkle/reference_tree_8_leaves.json")));
}

TEST(MerkleTest, HasherKnownAnswers) {
  auto kat = ReferenceTree().at("hasher_kat");
  Rfc9162Hasher hasher;
  EXPECT_EQ(Hex(hasher.EmptyRoot()), kat.at("empty_root").get<std::string>());
  EXPECT_EQ(Hex(hasher.Leaf({})), kat.at("leaf(\"\")").get<std::string>());
  EXPECT_EQ(Hex(hasher.Leaf(AsBytes("L123456"))),
            kat.at("leaf(ascii \"L123456\")").get<std::string>());
  EXPECT_EQ(ToHex(Rfc9162Hasher::NodeOfBytes(AsBytes("N123"), AsBytes("N456"))),
            kat.at("node(ascii \"N123\", ascii \"N456\") (raw bytes, not hashes)").get<std::string>());
}

TEST(MerkleTest, ReferenceTreeRootsAndNodes) {
  auto doc = ReferenceTree();
  Rfc9162Hasher hasher;
  MemoryTree tree;
  std::vector<Bytes> leaves;
  for (const auto& hex : doc.at("leaf_inputs_hex")) leaves.push_back(*FromHex(hex.get<std::string>()));
  ASSERT_EQ(leaves.size(), 8u);
  const auto& roots = doc.at("roots_by_size");
  EXPECT_EQ(Hex(tree.builder().Root(hasher)), roots.at("0").get<std::string>());
  EXPECT_EQ(Hex(*Root(hasher, tree, 0)), roots.at("0").get<std::string>());
  for (std::size_t size = 1; size <= 8; ++size) {
    tree.Append(hasher, leaves[size - 1]);
    std::string want = roots.at(std::to_string(size)).get<std::string>();
    EXPECT_EQ(Hex(tree.builder().Root(hasher)), want) << "size " << size;
    EXPECT_EQ(Hex(*Root(hasher, tree, size)), want) << "size " << size;
  }
  const auto& levels = doc.at("node_hashes_by_level");
  for (std::size_t level = 0; level < levels.size(); ++level) {
    for (std::size_t index = 0; index < levels[level].size(); ++index) {
      EXPECT_EQ(Hex(*tree.Subtree(static_cast<int>(level), index)),
                levels[level][index].get<std::string>())
          << "node " << level << "/" << index;
    }
  }
}

// Fields of a case; a hash that does not decode to 32 bytes makes the case
// invalid, as it does in transparency-dev/merkle.
struct ProofCase {
  std::string file;
  nlohmann::json json;
};

std::vector<ProofCase> Cases(const std::string& kind) {
  std::vector<ProofCase> cases;
  fs::path root = testing::SharedData("merkle/transparency-dev-merkle-testdata/" + kind);
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    cases.push_back({fs::relative(entry.path(), root).string(),
                     nlohmann::json::parse(testing::ReadFileOrFail(entry.path()))});
  }
  return cases;
}

Result<std::vector<Hash>> ProofOf(const nlohmann::json& proof) {
  std::vector<Hash> hashes;
  if (proof.is_null()) return hashes;
  for (const auto& item : proof) {
    SOVHUB_ASSIGN_OR_RETURN(Hash hash, HashFromBase64(item.get<std::string>()));
    hashes.push_back(hash);
  }
  return hashes;
}

Status CheckInclusion(const nlohmann::json& c) {
  Rfc9162Hasher hasher;
  SOVHUB_ASSIGN_OR_RETURN(Hash leaf, HashFromBase64(c.at("leafHash").get<std::string>()));
  SOVHUB_ASSIGN_OR_RETURN(Bytes root, FromBase64(c.at("root").get<std::string>()));
  SOVHUB_ASSIGN_OR_RETURN(auto proof, ProofOf(c.at("proof")));
  return VerifyInclusion(hasher, c.at("leafIdx").get<std::uint64_t>(),
                         c.at("treeSize").get<std::uint64_t>(), leaf, proof, root);
}

Status CheckConsistency(const nlohmann::json& c) {
  Rfc9162Hasher hasher;
  SOVHUB_ASSIGN_OR_RETURN(Bytes root1, FromBase64(c.at("root1").get<std::string>()));
  SOVHUB_ASSIGN_OR_RETURN(Bytes root2, FromBase64(c.at("root2").get<std::string>()));
  SOVHUB_ASSIGN_OR_RETURN(auto proof, ProofOf(c.at("proof")));
  return VerifyConsistency(hasher, c.at("size1").get<std::uint64_t>(),
                           c.at("size2").get<std::uint64_t>(), proof, root1, root2);
}

TEST(MerkleTest, TransparencyDevInclusionCases) {
  auto cases = Cases("inclusion");
  EXPECT_GE(cases.size(), 90u);
  int valid = 0;
  for (const auto& c : cases) {
    Status status = CheckInclusion(c.json);
    bool want_error = c.json.at("wantErr").get<bool>();
    EXPECT_EQ(!status.ok(), want_error) << c.file << ": " << status.ToString();
    valid += !want_error;
  }
  EXPECT_GE(valid, 5);
}

TEST(MerkleTest, TransparencyDevConsistencyCases) {
  auto cases = Cases("consistency");
  EXPECT_GE(cases.size(), 90u);
  for (const auto& c : cases) {
    Status status = CheckConsistency(c.json);
    EXPECT_EQ(!status.ok(), c.json.at("wantErr").get<bool>()) << c.file << ": "
                                                              << status.ToString();
  }
}

// The proofs we make for the reference tree are the ones the valid cases hold.
TEST(MerkleTest, MadeProofsEqualTheHappyPaths) {
  auto doc = ReferenceTree();
  Rfc9162Hasher hasher;
  MemoryTree tree;
  for (const auto& hex : doc.at("leaf_inputs_hex")) tree.Append(hasher, *FromHex(hex.get<std::string>()));
  int compared = 0;
  for (const auto& c : Cases("inclusion")) {
    if (c.json.at("wantErr").get<bool>() || c.json.at("treeSize").get<std::uint64_t>() > 8) continue;
    auto proof = InclusionProof(tree, hasher, c.json.at("leafIdx").get<std::uint64_t>(),
                                c.json.at("treeSize").get<std::uint64_t>());
    ASSERT_TRUE(proof.ok()) << c.file;
    EXPECT_EQ(*proof, *ProofOf(c.json.at("proof"))) << c.file;
    ++compared;
  }
  for (const auto& c : Cases("consistency")) {
    if (c.json.at("wantErr").get<bool>() || c.json.at("size2").get<std::uint64_t>() > 8) continue;
    auto proof = ConsistencyProof(tree, hasher, c.json.at("size1").get<std::uint64_t>(),
                                  c.json.at("size2").get<std::uint64_t>());
    ASSERT_TRUE(proof.ok()) << c.file;
    EXPECT_EQ(*proof, *ProofOf(c.json.at("proof"))) << c.file;
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

// Every proof made for every index and pair of sizes up to 70 verifies, and
// each one fails once any bit of it, the index or a size changes.
TEST(MerkleTest, MadeProofsVerifyAndMutantsFail) {
  Rfc9162Hasher hasher;
  MemoryTree tree;
  std::vector<Hash> roots = {hasher.EmptyRoot()};
  std::vector<Hash> leaves;
  for (int i = 0; i < 70; ++i) {
    std::string data = "leaf " + std::to_string(i);
    tree.Append(hasher, AsBytes(data));
    leaves.push_back(hasher.Leaf(AsBytes(data)));
    roots.push_back(tree.builder().Root(hasher));
  }
  for (std::uint64_t size = 1; size <= 70; ++size) {
    ASSERT_EQ(*Root(hasher, tree, size), roots[size]);
    for (std::uint64_t index = 0; index < size; ++index) {
      auto proof = *InclusionProof(tree, hasher, index, size);
      ASSERT_TRUE(VerifyInclusion(hasher, index, size, leaves[index], proof, roots[size]).ok())
          << index << "/" << size;
      EXPECT_FALSE(VerifyInclusion(hasher, index ^ 1, size, leaves[index], proof, roots[size]).ok());
      if (!proof.empty()) {
        auto bad = proof;
        bad.back()[31] ^= 1;
        EXPECT_FALSE(VerifyInclusion(hasher, index, size, leaves[index], bad, roots[size]).ok());
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyInclusion(hasher, index, size, leaves[index], bad, roots[size]).ok());
      }
    }
    for (std::uint64_t old_size = 1; old_size <= size; ++old_size) {
      auto proof = *ConsistencyProof(tree, hasher, old_size, size);
      ASSERT_TRUE(VerifyConsistency(hasher, old_size, size, proof, roots[old_size], roots[size]).ok())
          << old_size << "->" << size;
      if (old_size < size) {
        auto bad = proof;
        bad.front()[0] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(hasher, old_size, size, bad, roots[old_size], roots[size]).ok());
        EXPECT_FALSE(VerifyConsistency(hasher, old_size, size, proof, roots[old_size - 1], roots[size]).ok());
        bad = proof;
        bad.push_back(roots[size]);
        EXPECT_FALSE(VerifyConsistency(hasher, old_size, size, bad, roots[old_size], roots[size]).ok());
      }
    }
  }
}

TEST(MerkleTest, RefusesProofFromTheEmptyTree) {
  Rfc9162Hasher hasher;
  MemoryTree tree;
  tree.Append(hasher, AsBytes("a"));
  EXPECT_FALSE(ConsistencyProof(tree, hasher, 0, 1).ok());
  EXPECT_FALSE(VerifyConsistency(hasher, 0, 1, {}, hasher.EmptyRoot(), *Root(hasher, tree, 1)).ok());
  EXPECT_FALSE(InclusionProof(tree, hasher, 1, 1).ok());
}

TEST(MerkleTest, ResumedBuilderContinuesTheSameTree) {
  Rfc9162Hasher hasher;
  MemoryTree tree;
  for (int i = 0; i < 13; ++i) tree.Append(hasher, AsBytes(std::to_string(i)));
  std::vector<Hash> frontier;
  for (auto [level, index] : TreeBuilder::FrontierAddresses(13)) {
    frontier.push_back(*tree.Subtree(level, index));
  }
  TreeBuilder resumed(13, frontier);
  EXPECT_EQ(resumed.Root(hasher), tree.builder().Root(hasher));
  std::vector<TreeBuilder::Node> completed;
  resumed.Append(hasher, hasher.Leaf(AsBytes("13")), completed);
  tree.Append(hasher, AsBytes("13"));
  EXPECT_EQ(resumed.Root(hasher), tree.builder().Root(hasher));
}

TEST(MerkleTest, ParsesBase64ProofLists) {
  EXPECT_TRUE(ProofFromBase64List("")->empty());
  std::string h = ToBase64(Hash{});
  EXPECT_EQ(ProofFromBase64List(h + "," + h)->size(), 2u);
  EXPECT_FALSE(ProofFromBase64List(h + ",").ok());
  EXPECT_FALSE(ProofFromBase64List("AAAA").ok());
}

}  // namespace
}  // namespace sovhub::merkle
