// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The auditor verbs as a user runs them: every transparency-dev proof case
// through `sovhub merkle`, and the C2SP example through `sovhub note`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

namespace fs = std::filesystem;

std::string ProofArg(const nlohmann::json& proof) {
  std::string out;
  if (proof.is_null()) return out;
  for (std::size_t i = 0; i < proof.size(); ++i) {
    if (i > 0) out += ",";
    out += proof[i].get<std::string>();
  }
  return out;
}

std::string Num(const nlohmann::json& value) { return std::to_string(value.get<std::uint64_t>()); }

void RunCases(const std::string& kind) {
  fs::path root = SharedData("merkle/transparency-dev-merkle-testdata/" + kind);
  int cases = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    auto c = nlohmann::json::parse(ReadFileOrFail(entry.path()));
    // A proof of one empty hash, [""], is written --proof "" on the command
    // line: the empty proof, the only reading the option's format allows.
    // Only the two garbage cases of inclusion/0 hold one; the unit tests
    // (crypto/merkle_test.cc) check them as written.
    if (c.at("proof") == nlohmann::json::array({""})) {
      EXPECT_EQ(fs::relative(entry.path(), root).parent_path(), "0") << entry.path();
      continue;
    }
    std::vector<std::string> args;
    if (kind == "inclusion") {
      args = {"merkle", "verify-inclusion", "--leaf-hash", c.at("leafHash").get<std::string>(),
              "--index", Num(c.at("leafIdx")), "--size", Num(c.at("treeSize")),
              "--root", c.at("root").get<std::string>(), "--proof", ProofArg(c.at("proof"))};
    } else {
      args = {"merkle", "verify-consistency", "--size1", Num(c.at("size1")),
              "--size2", Num(c.at("size2")), "--root1", c.at("root1").get<std::string>(),
              "--root2", c.at("root2").get<std::string>(), "--proof", ProofArg(c.at("proof"))};
    }
    CommandResult result = RunSovhub(args);
    bool want_error = c.at("wantErr").get<bool>();
    std::string name = fs::relative(entry.path(), root).string();
    EXPECT_EQ(result.exit_code, want_error ? 2 : 0) << name << "\n" << result.err;
    if (want_error) {
      EXPECT_NE(result.err.find("invalid:"), std::string::npos) << name << ": a reason on stderr";
    }
    ++cases;
  }
  EXPECT_GE(cases, 90);
}

TEST(TransparencyCliTest, EveryInclusionCase) { RunCases("inclusion"); }
TEST(TransparencyCliTest, EveryConsistencyCase) { RunCases("consistency"); }

TEST(TransparencyCliTest, UsageErrorsExitOne) {
  EXPECT_EQ(RunSovhub({"merkle", "verify-inclusion", "--leaf-hash", "x", "--index", "one",
                       "--size", "1", "--root", "x", "--proof", ""}).exit_code, 1);
  EXPECT_EQ(RunSovhub({"merkle", "verify-consistency", "--size1", "1"}).exit_code, 1);
  EXPECT_EQ(RunSovhub({"merkle", "verify-consistency", "--size1", "-1", "--size2", "2",
                       "--root1", "", "--root2", "", "--proof", ""}).exit_code, 1);
}

TEST(TransparencyCliTest, NoteVerifiesTheSpecificationExample) {
  std::string doc = ReadFileOrFail(SharedData("merkle/c2sp/signed-note.md"));
  std::size_t start = doc.find("This is an example message.");
  TempDir dir;
  std::ofstream(dir / "note.txt") << doc.substr(start, doc.find("```", start) - start);
  std::string key = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  CommandResult ok = RunSovhub({"note", "verify", "--key", key, (dir / "note.txt").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "This is an example message.\n");

  // The quasimodo note is signed by a key we do not know.
  std::size_t q = doc.find("Ognuno");
  std::ofstream(dir / "other.txt") << doc.substr(q, doc.find("```", q) - q);
  CommandResult unknown = RunSovhub({"note", "verify", "--key", key, (dir / "other.txt").string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no signature by a known key"), std::string::npos) << unknown.err;
}

TEST(TransparencyCliTest, NoteSignVerifyRoundTrip) {
  TempDir dir;
  CommandResult keygen = RunSovhub({"note", "keygen", "--name", "test.example/log", "--out",
                                    (dir / "log.key").string()});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  std::string vkey = keygen.out.substr(0, keygen.out.find('\n'));
  EXPECT_EQ(fs::status(dir / "log.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  std::string skey = ReadFileOrFail(dir / "log.key");
  skey.pop_back();

  std::ofstream(dir / "text") << "test.example/log\n3\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
  CommandResult sign = RunSovhub({"note", "sign", "--key", skey, (dir / "text").string()});
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  std::ofstream(dir / "signed") << sign.out;
  CommandResult verify = RunSovhub({"note", "verify", "--key", vkey, (dir / "signed").string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.out, ReadFileOrFail(dir / "text"));

  CommandResult by_file = RunSovhub({"note", "sign", "--key-file", (dir / "log.key").string(),
                                     (dir / "text").string()});
  EXPECT_EQ(by_file.exit_code, 0) << by_file.err;
  EXPECT_EQ(by_file.out, sign.out) << "Ed25519 is deterministic";

  std::string tampered = sign.out;
  tampered[0] = 'T';
  std::ofstream(dir / "tampered") << tampered;
  EXPECT_EQ(RunSovhub({"note", "verify", "--key", vkey, (dir / "tampered").string()}).exit_code, 2);

  std::ofstream(dir / "no-newline") << "text";
  EXPECT_EQ(RunSovhub({"note", "sign", "--key", skey, (dir / "no-newline").string()}).exit_code, 2);
  EXPECT_EQ(RunSovhub({"note", "sign", "--key", "PRIVATE+KEY+bad", (dir / "text").string()}).exit_code, 1);
}

}  // namespace
}  // namespace sovhub::testing
