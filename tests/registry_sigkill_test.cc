// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Durable before acknowledged: a process registering oppositions from 8
// threads is killed with SIGKILL at random moments, many times. After each
// kill, every acknowledged opposition is in the registry, the log audits
// clean, and every checkpoint acknowledged before is consistent with the new
// latest one.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <random>
#include <sstream>
#include <thread>

#include "core/bytes.h"
#include "crypto/merkle_hasher.h"
#include "hub/hub.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

struct Acked {
  std::string stage1, scope;
  std::uint64_t leaf = 0, size = 0;
  std::string root;
};

// Starts the child with its stdout on a pipe; returns its pid and the pipe.
std::pair<pid_t, int> StartChild(const std::string& hub, int round) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, -1};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::string seed = "round" + std::to_string(round);
    execl(REGISTRY_KILL_CHILD, REGISTRY_KILL_CHILD, hub.c_str(), "8", seed.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

std::string ReadAll(int fd) {
  std::string out;
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  return out;
}

TEST(RegistrySigkillTest, AcknowledgedOppositionsSurviveKills) {
  TempDir dir;
  std::string hub_dir = (dir / "hub").string();
  FixedClock init_clock(1795873500000);
  crypto::SystemRandom random;
  ASSERT_TRUE(hub::Hub::Init(hub_dir, {.name = "kill"}, init_clock, random).ok());

  std::mt19937 rng(20261128);
  std::vector<Acked> acked;
  crypto::Rfc9162Hasher hasher;
  int rounds_with_acks = 0;
  for (int round = 0; round < 15; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto [pid, out] = StartChild(hub_dir, round);
    ASSERT_GT(pid, 0);
    // Read while the child runs so that the pipe never fills up.
    std::string output;
    std::thread reader([&output, fd = out] { output = ReadAll(fd); });
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 400));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    reader.join();
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: " << status;

    std::istringstream lines(output);
    std::string word;
    std::size_t before = acked.size();
    while (lines >> word) {
      ASSERT_EQ(word, "ACK");
      Acked a;
      ASSERT_TRUE(lines >> a.stage1 >> a.scope >> a.leaf >> a.size >> a.root);
      acked.push_back(a);
    }
    rounds_with_acks += acked.size() > before;

    SystemClock clock;
    auto hub = hub::Hub::Open(hub_dir, clock);
    ASSERT_TRUE(hub.ok()) << hub.status().ToString();
    registry::Registry& registry = (*hub)->registry();
    auto audit = registry.Audit();
    ASSERT_TRUE(audit.ok()) << audit.status().ToString();
    ASSERT_TRUE(audit->problems.empty()) << audit->problems.front();
    auto latest = registry.LatestCheckpoint();
    ASSERT_TRUE(latest.ok());
    EXPECT_EQ(latest->size, audit->leaves) << "the latest checkpoint covers every leaf";

    std::map<std::string, registry::OpposedSet> opposed;  // by scope
    for (const Acked& a : acked) {
      if (!opposed.count(a.scope)) {
        auto set = registry.Opposed(a.scope == "all" ? "" : a.scope.substr(8), std::nullopt);
        ASSERT_TRUE(set.ok()) << set.status().ToString();
        opposed.emplace(a.scope, std::move(*set));
      }
      ASSERT_TRUE(opposed.at(a.scope).Contains(registry.PidOf(a.stage1)))
          << "acknowledged, then lost: " << a.stage1 << " (" << a.scope << ")";
      ASSERT_LT(a.leaf, latest->size);
      ASSERT_LE(a.size, latest->size);
    }
    // Every checkpoint acknowledged so far is consistent with the latest.
    std::set<std::pair<std::uint64_t, std::string>> checkpoints;
    for (const Acked& a : acked) checkpoints.insert({a.size, a.root});
    for (const auto& [size, root] : checkpoints) {
      auto proof = registry.ProveConsistency(size, latest->size);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      Bytes old_root = *FromBase64(root);
      ASSERT_TRUE(merkle::VerifyConsistency(hasher, size, latest->size, *proof, old_root,
                                            latest->root).ok())
          << "checkpoint " << size << " is not consistent with " << latest->size;
    }
  }
  EXPECT_GE(rounds_with_acks, 10) << "kills landed before any acknowledgement: proved little";
  EXPECT_GT(acked.size(), 100u);
}

}  // namespace
}  // namespace sovhub::testing
