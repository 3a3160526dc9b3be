// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Oppositions as users run them: the producer's request, the hub's
// registration and receipt, the citizen's offline check, the auditor's
// proofs fed to the auditor verbs, the bulk check; and no NIR written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNir = "255081416802538";      // sex 2, born August 1955
constexpr const char* kOtherNir = "184127645108946";  // sex 1, born December 1984

std::string ProofList(const nlohmann::json& proof) {
  std::string out;
  for (std::size_t i = 0; i < proof.size(); ++i) out += (i ? "," : "") + proof[i].get<std::string>();
  return out;
}

class RegistryCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunSovhub({"init", hub_}).exit_code, 0);
    ASSERT_EQ(RunSovhub({"source", "keygen", key_}).exit_code, 0);
    vkey_ = ReadFileOrFail(dir_ / "hub/log.vkey");
    ASSERT_FALSE(vkey_.empty());
    vkey_.pop_back();
  }

  CommandResult Register(const std::string& nir, const std::string& birth, const std::string& sex,
                         const std::string& receipt, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"registry", "register", "--hub", hub_, "--nir", nir,
                                     "--birth-date", birth, "--sex", sex, "--source-key", key_,
                                     "--receipt", (dir_ / receipt).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunSovhub(args);
  }

  TempDir dir_;
  std::string hub_ = (dir_ / "hub").string();
  std::string key_ = (dir_ / "source.key").string();
  std::string vkey_;
};

TEST_F(RegistryCliTest, ProducerRequestHubReceiptCitizenCheck) {
  std::string request = (dir_ / "request.json").string();
  CommandResult made = RunSovhub({"source", "opposition", "--key", key_, "--nir", kNir,
                                  "--birth-date", "1955-08-14", "--sex", "2", "--out", request});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(ReadFileOrFail(request).find(kNir), std::string::npos);

  std::string receipt = (dir_ / "receipt.json").string();
  CommandResult reg = RunSovhub({"registry", "register", "--hub", hub_, "--request", request,
                                 "--receipt", receipt});
  ASSERT_EQ(reg.exit_code, 0) << reg.err;
  EXPECT_NE(reg.err.find("sovhub receipt verify"), std::string::npos) << "says how to check it";

  CommandResult ok = RunSovhub({"receipt", "verify", receipt, "--log-key", vkey_, "--nir", kNir});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("the commitment is to the NIR given"), std::string::npos);
  CommandResult other = RunSovhub({"receipt", "verify", receipt, "--log-key", vkey_, "--nir", kOtherNir});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("commitment"), std::string::npos);

  std::string text = ReadFileOrFail(receipt);
  std::size_t at = text.find("\"leaf_index\": 0");
  ASSERT_NE(at, std::string::npos);
  text[at + 14] = '1';
  std::ofstream(dir_ / "tampered.json") << text;
  CommandResult tampered = RunSovhub({"receipt", "verify", (dir_ / "tampered.json").string(),
                                      "--log-key", vkey_});
  EXPECT_EQ(tampered.exit_code, 2);
  EXPECT_NE(tampered.err.find("inclusion"), std::string::npos) << tampered.err;
  EXPECT_EQ(RunSovhub({"receipt", "verify", receipt, "--log-key", "nonsense"}).exit_code, 1);
  EXPECT_EQ(RunSovhub({"registry", "register", "--hub", hub_}).exit_code, 1);

  // Nothing the hub wrote holds the NIR, nor what the commands printed.
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(ReadFileOrFail(entry.path()).find(kNir), std::string::npos) << entry.path();
  }
  EXPECT_EQ(reg.err.find(kNir), std::string::npos);
}

TEST_F(RegistryCliTest, ProofsCheckWithTheAuditorVerbs) {
  const char* people[][3] = {{kNir, "1955-08-14", "2"}, {kOtherNir, "1984-12-01", "1"}};
  int n = 0;
  for (const auto& person : people) {
    for (const char* project : {"", "p1", "p2"}) {
      std::vector<std::string> extra;
      if (*project) extra = {"--project", project};
      CommandResult r = Register(person[0], person[1], person[2],
                                 "r" + std::to_string(n++) + ".json", extra);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  CommandResult checkpoint = RunSovhub({"log", "checkpoint", "--hub", hub_});
  ASSERT_EQ(checkpoint.exit_code, 0);
  std::ofstream(dir_ / "checkpoint.txt") << checkpoint.out;
  CommandResult opened = RunSovhub({"note", "verify", "--key", vkey_, (dir_ / "checkpoint.txt").string()});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_NE(opened.out.find("\n6\n"), std::string::npos) << opened.out;

  for (int index = 0; index < 6; ++index) {
    CommandResult prove = RunSovhub({"log", "prove", "--hub", hub_, "--inclusion",
                                     std::to_string(index), "--json"});
    ASSERT_EQ(prove.exit_code, 0) << prove.err;
    auto p = nlohmann::json::parse(prove.out);
    CommandResult verify = RunSovhub(
        {"merkle", "verify-inclusion", "--leaf-hash", p["leafHash"].get<std::string>(), "--index",
         std::to_string(index), "--size", "6", "--root", p["root"].get<std::string>(), "--proof",
         ProofList(p["proof"])});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
  }
  CommandResult text = RunSovhub({"log", "prove", "--hub", hub_, "--inclusion", "4"});
  EXPECT_EQ(text.out.rfind("c2sp.org/tlog-proof@v1\nindex 4\n", 0), 0u) << text.out;

  for (int old_size = 1; old_size < 6; ++old_size) {
    CommandResult prove = RunSovhub({"log", "prove", "--hub", hub_, "--consistency",
                                     std::to_string(old_size), "6", "--json"});
    ASSERT_EQ(prove.exit_code, 0) << prove.err;
    auto p = nlohmann::json::parse(prove.out);
    CommandResult verify = RunSovhub(
        {"merkle", "verify-consistency", "--size1", std::to_string(old_size), "--size2", "6",
         "--root1", p["root1"].get<std::string>(), "--root2", p["root2"].get<std::string>(),
         "--proof", ProofList(p["proof"])});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
  }
  EXPECT_NE(RunSovhub({"log", "prove", "--hub", hub_, "--consistency", "0", "6"}).exit_code, 0);
  EXPECT_NE(RunSovhub({"log", "prove", "--hub", hub_, "--inclusion", "6"}).exit_code, 0);

  CommandResult audit = RunSovhub({"log", "verify", "--hub", hub_});
  EXPECT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("6 leaves"), std::string::npos);
}

TEST_F(RegistryCliTest, BulkCheckAndWithdrawal) {
  ASSERT_EQ(Register(kNir, "1955-08-14", "2", "r.json").exit_code, 0);
  std::string identities = (dir_ / "identities.csv").string();
  std::ofstream(identities) << "NIR,BIRTH_DATE,SEX\n"
                            << kOtherNir << ",1984-12-01,1\n"
                            << kNir << ",1955-08-14,2\n";
  std::string out = (dir_ / "opposed.csv").string();
  CommandResult check = RunSovhub({"registry", "check", "--hub", hub_, "--ids", identities, "--nir",
                                   "--source-key", key_, "--out", out, "--quiet"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(ReadFileOrFail(out), "line\n3\n") << "line numbers, never NIRs";

  // A stage-1 file: the producer's own identifiers.
  std::string request = (dir_ / "q.json").string();
  ASSERT_EQ(RunSovhub({"source", "opposition", "--key", key_, "--nir", kNir, "--birth-date",
                       "1955-08-14", "--sex", "2", "--out", request}).exit_code, 0);
  std::string stage1 = nlohmann::json::parse(ReadFileOrFail(request))["stage1"];
  std::ofstream(dir_ / "ids.txt") << "AAAAAAAAAAAAAAAAA\n" << stage1 << "\nBBBBBBBBBBBBBBBBB\n";
  check = RunSovhub({"registry", "check", "--hub", hub_, "--ids", (dir_ / "ids.txt").string(),
                     "--out", out, "--quiet"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(ReadFileOrFail(out), stage1 + "\n");
  check = RunSovhub({"registry", "check", "--hub", hub_, "--ids", (dir_ / "ids.txt").string(),
                     "--quiet"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out, stage1 + "\n") << "without --out, on stdout";

  // A raw NIR in a stage-1 file is refused by line, not echoed; no output.
  std::ofstream(dir_ / "bad.txt") << stage1 << "\n" << kNir << "\n";
  fs::remove(out);
  check = RunSovhub({"registry", "check", "--hub", hub_, "--ids", (dir_ / "bad.txt").string(),
                     "--out", out, "--quiet"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find("bad.txt:2:"), std::string::npos) << check.err;
  EXPECT_EQ(check.err.find(kNir), std::string::npos);
  EXPECT_FALSE(fs::exists(out));

  // Withdrawn: no longer reported.
  CommandResult withdraw = RunSovhub({"registry", "withdraw", "--hub", hub_, "--request", request});
  EXPECT_EQ(withdraw.exit_code, 1) << "a register request is not a withdrawal";
  ASSERT_EQ(RunSovhub({"source", "opposition", "--key", key_, "--nir", kNir, "--birth-date",
                       "1955-08-14", "--sex", "2", "--withdraw", "--out", request}).exit_code, 0);
  withdraw = RunSovhub({"registry", "withdraw", "--hub", hub_, "--request", request, "--receipt",
                        (dir_ / "w.json").string()});
  ASSERT_EQ(withdraw.exit_code, 0) << withdraw.err;
  EXPECT_EQ(RunSovhub({"receipt", "verify", (dir_ / "w.json").string(), "--log-key", vkey_,
                       "--nir", kNir}).exit_code, 0);
  check = RunSovhub({"registry", "check", "--hub", hub_, "--ids", (dir_ / "ids.txt").string(),
                     "--out", out, "--quiet"});
  ASSERT_EQ(check.exit_code, 0);
  EXPECT_EQ(ReadFileOrFail(out), "");
  // Withdrawing what is not in effect, for a project never objected to.
  CommandResult none = Register(kNir, "1955-08-14", "2", "x.json", {"--project", "p9"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(RunSovhub({"registry", "withdraw", "--hub", hub_, "--nir", kOtherNir, "--birth-date",
                       "1984-12-01", "--sex", "1", "--source-key", key_}).exit_code, 2);
  // The NIR disagreeing with the birth date given is refused.
  CommandResult mismatch = Register(kNir, "1956-08-14", "2", "m.json");
  EXPECT_EQ(mismatch.exit_code, 2);
  EXPECT_EQ(mismatch.err.find(kNir), std::string::npos);
}

}  // namespace
}  // namespace sovhub::testing
