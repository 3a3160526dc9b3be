// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The opposition registry's three costs, each against a baseline measured in
// the same run:
//  1. submit: durable registrations per second with 1, 8 and 64 client threads
//     calling Registry::Submit on a fresh hub (group commit: one transaction,
//     one fsync and one signed checkpoint per batch), against raw SQLite doing
//     one durable commit per row (WAL, synchronous=FULL, single thread, a
//     100-byte blob per transaction, in the same folder; run before and
//     after, the better kept);
//  2. proof: inclusion proofs over a log of LEAVES leaves, built in one
//     transaction through the store port, against as many random point
//     lookups of one leaf hash (raw SQLite, one per proof);
//  3. check: the bulk check's in-memory part on one thread, OpposedSet of
//     OPPOSED pids asked IDS times (1% present), once hashed and with the
//     stage-2 HMAC, against std::unordered_set<std::string>.
//
// Usage: sovhub_bench_registry [submit] [proof] [check]   (none: all three)
// Environment (bench/run registry sets them):
//   BENCH_DIR=/tmp/sovhub-bench-registry   work folder (hubs, log, baselines)
//   SECONDS_PER_CLIENT_RUN=3   duration of each submit run and of its baseline
//   CLIENTS="1 8 64"           client thread counts of the submit runs
//   LEAVES=10000000            leaves of the proof benchmark's log
//   PROOFS=10000               random inclusion proofs (and point lookups)
//   OPPOSED=100000 IDS=10000000 ROUNDS=3   bulk check: set size, queries, best of
//   KEEP=1                     keep the work folder's files
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/bytes.h"
#include "core/clock.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "crypto/merkle_hasher.h"
#include "crypto/random.h"
#include "domain/merkle.h"
#include "domain/stage1.h"
#include "hub/hub.h"
#include "registry/opposed_set.h"
#include "registry/registry.h"
#include "registry/request.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;
using namespace sovhub;
using Steady = std::chrono::steady_clock;

// ------------------------------------------------------------------ helpers

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "sovhub_bench_registry: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what + ": " + status.ToString());
}

template <typename T>
T Take(Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what + ": " + result.status().ToString());
  return std::move(result).value();
}

std::uint64_t EnvU64(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0') Die(std::string(name) + " is not a whole number: " + text);
  return value;
}

double EnvDouble(const char* name, double fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  double value = std::strtod(text, &end);
  if (*end != '\0' || value <= 0) Die(std::string(name) + " is not a positive number: " + text);
  return value;
}

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

// "1,234,567" for readable rates.
std::string Grouped(double value) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  std::string text(digits), out;
  std::size_t first = text[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > first && (text.size() - i) % 3 == 0) out += ',';
    out += text[i];
  }
  return out;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// The q-quantile (0..1) of `values`, which it sorts.
double Quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t i = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(i, values.size() - 1)];
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

// A stage-1 identifier for a synthetic person: the 17-character encoding of
// SHA-256(name), which has the shape of the producer's HMAC output.
void Stage1Of(std::string_view name, char* out) {
  pseudonym::EncodeIdentifier(crypto::Sha256(name), out);
}

// Raw SQLite, for the baselines: every call checked, no abstraction.
class RawDb {
 public:
  explicit RawDb(const fs::path& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      Die("sqlite3_open " + path.string() + ": " + sqlite3_errmsg(db_));
    }
  }
  ~RawDb() {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "?";
      sqlite3_free(error);
      Die(std::string("sqlite3_exec ") + sql + ": " + message);
    }
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      Die(std::string("sqlite3_prepare ") + sql + ": " + sqlite3_errmsg(db_));
    }
    statements_.push_back(stmt);
    return stmt;
  }
  // Steps a statement that returns no row, then resets it.
  void Run(sqlite3_stmt* stmt) {
    if (sqlite3_step(stmt) != SQLITE_DONE) Die(std::string("sqlite3_step: ") + sqlite3_errmsg(db_));
    sqlite3_reset(stmt);
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

struct Options {
  fs::path dir;
  double seconds = 3;
  std::vector<int> clients;
  std::uint64_t leaves = 10'000'000;
  std::uint64_t proofs = 10'000;
  std::uint64_t opposed = 100'000;
  std::uint64_t ids = 10'000'000;
  int rounds = 3;
  bool keep = false;
};

// ------------------------------------------------------------------- submit

struct SubmitRun {
  int clients = 0;
  std::uint64_t acks = 0;
  std::uint64_t commits = 0;  // distinct checkpoint sizes in the receipts
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double receipt_proof_us = 0;  // Registry::ProveInclusion at the final size, mean
};

// The tree size of a signed checkpoint: its second line.
std::uint64_t CheckpointSize(const std::string& note) {
  std::size_t first = note.find('\n');
  if (first == std::string::npos) Die("a receipt's checkpoint has no second line");
  return std::strtoull(note.c_str() + first + 1, nullptr, 10);
}

SubmitRun RunSubmit(const Options& options, int clients) {
  fs::path dir = options.dir / ("hub-" + std::to_string(clients));
  fs::remove_all(dir);
  SystemClock clock;
  crypto::SystemRandom random;
  Check(hub::Hub::Init(dir, {.name = "bench"}, clock, random), "hub init in " + dir.string());
  std::unique_ptr<hub::Hub> hub = Take(hub::Hub::Open(dir, clock), "hub open " + dir.string());
  registry::Registry& reg = hub->registry();

  struct PerThread {
    std::uint64_t acks = 0;
    std::set<std::uint64_t> sizes;
    std::vector<double> latencies_ms;
  };
  std::vector<PerThread> results(clients);
  std::latch start(clients + 1);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      PerThread& mine = results[t];
      mine.latencies_ms.reserve(1 << 16);
      char stage1[pseudonym::kIdentifierLength];
      char name[64];
      registry::OppositionRequest request;
      request.event = opposition::Event::kRegister;
      request.scope = "all";
      start.arrive_and_wait();
      for (std::uint64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        int length = std::snprintf(name, sizeof name, "bench/%d/%d/%" PRIu64, clients, t, n);
        Stage1Of(std::string_view(name, length), stage1);
        request.stage1.assign(stage1, sizeof stage1);
        Check(random.Fill(request.commitment), "random commitment");
        auto begin = Steady::now();
        Result<registry::Ack> ack = reg.Submit(request);
        auto end = Steady::now();
        if (!ack.ok()) Die("Submit: " + ack.status().ToString());
        if (!ack->appended) Die("Submit: a new person's registration was not appended");
        ++mine.acks;
        mine.sizes.insert(CheckpointSize(ack->receipt.checkpoint));
        mine.latencies_ms.push_back(std::chrono::duration<double, std::milli>(end - begin).count());
      }
    });
  }
  start.arrive_and_wait();
  auto begin = Steady::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));
  stop = true;
  for (auto& thread : threads) thread.join();
  auto end = Steady::now();

  SubmitRun run;
  run.clients = clients;
  run.seconds = Seconds(end - begin);
  std::set<std::uint64_t> sizes;
  std::vector<double> latencies;
  for (auto& r : results) {
    run.acks += r.acks;
    sizes.insert(r.sizes.begin(), r.sizes.end());
    latencies.insert(latencies.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  run.commits = sizes.size();
  run.p50_ms = Quantile(latencies, 0.50);
  run.p99_ms = Quantile(latencies, 0.99);

  // The log holds exactly the acknowledged leaves, and the latest checkpoint
  // covers them all.
  auto checkpoint = Take(reg.LatestCheckpoint(), "latest checkpoint");
  if (checkpoint.size != run.acks) {
    Die("the latest checkpoint has size " + std::to_string(checkpoint.size) + " for " +
        std::to_string(run.acks) + " acknowledged registrations");
  }
  // What one receipt's inclusion proof costs the committing thread (the
  // registry makes one per registration, after the commit, before the next
  // batch can start): the same call, timed on its own.
  std::mt19937_64 rng(clients);
  std::uniform_int_distribution<std::uint64_t> pick(0, checkpoint.size - 1);
  constexpr int kReceiptProofs = 1000;
  auto proofs_start = Steady::now();
  for (int i = 0; i < kReceiptProofs; ++i) {
    Take(reg.ProveInclusion(pick(rng), checkpoint.size), "receipt inclusion proof");
  }
  run.receipt_proof_us = 1e6 * Seconds(Steady::now() - proofs_start) / kReceiptProofs;
  hub.reset();
  if (!options.keep) fs::remove_all(dir);
  return run;
}

// One durable commit per row, single thread, for `seconds`: rows/s.
double RawCommitRate(const Options& options, double& commit_ms) {
  fs::path path = options.dir / "baseline-commit.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  double rate;
  {
    RawDb db(path);
    db.Exec("PRAGMA journal_mode=WAL");
    db.Exec("PRAGMA synchronous=FULL");
    db.Exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
    sqlite3_stmt* begin = db.Prepare("BEGIN IMMEDIATE");
    sqlite3_stmt* insert = db.Prepare("INSERT INTO rows(data) VALUES (?)");
    sqlite3_stmt* commit = db.Prepare("COMMIT");
    std::array<std::uint8_t, 100> blob;
    std::uint64_t rows = 0;
    auto start = Steady::now();
    auto deadline = start + std::chrono::duration_cast<Steady::duration>(
                                std::chrono::duration<double>(options.seconds));
    auto now = start;
    while (now < deadline) {
      for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<std::uint8_t>(rows + i);
      db.Run(begin);
      sqlite3_bind_blob(insert, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
      db.Run(insert);
      db.Run(commit);
      ++rows;
      now = Steady::now();
    }
    double seconds = Seconds(now - start);
    rate = static_cast<double>(rows) / seconds;
    commit_ms = 1000 * seconds / static_cast<double>(rows);
  }
  if (!options.keep) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  }
  return rate;
}

void BenchSubmit(const Options& options) {
  std::printf("== submit: durable registrations (Registry::Submit, group commit), %.1f s per run\n",
              options.seconds);
  std::printf("   work folder %s; load average %s\n", options.dir.c_str(), LoadAverage().c_str());
  std::fflush(stdout);
  // The baseline before and after the sovhub runs, the better one kept: the
  // machine may be shared.
  double commit_ms = 0, commit_ms_after = 0;
  double baseline_before = RawCommitRate(options, commit_ms);
  std::printf("   raw SQLite before: %.0f durable commits/s\n", baseline_before);
  std::fflush(stdout);
  std::vector<SubmitRun> runs;
  for (int clients : options.clients) {
    runs.push_back(RunSubmit(options, clients));
    const SubmitRun& r = runs.back();
    std::printf("   %2d clients: %" PRIu64 " registrations in %.2f s\n", clients, r.acks, r.seconds);
    std::fflush(stdout);
  }
  double baseline_after = RawCommitRate(options, commit_ms_after);
  std::printf("   raw SQLite after:  %.0f durable commits/s\n", baseline_after);
  double baseline = std::max(baseline_before, baseline_after);
  commit_ms = std::min(commit_ms, commit_ms_after);
  std::printf("\n  %-44s %10s %12s %10s %8s %9s %9s\n", "case", "acks", "per second", "commits",
              "batch", "p50 ms", "p99 ms");
  std::printf("  %-44s %10s %12s %10s %8s %9s %9s\n", "----", "----", "----------", "-------",
              "-----", "------", "------");
  for (const SubmitRun& r : runs) {
    char label[64];
    std::snprintf(label, sizeof label, "sovhub Submit, %d client thread%s", r.clients,
                  r.clients == 1 ? "" : "s");
    std::printf("  %-44s %10" PRIu64 " %12s %10" PRIu64 " %8.1f %9.2f %9.2f\n", label, r.acks,
                Grouped(static_cast<double>(r.acks) / r.seconds).c_str(), r.commits,
                r.commits ? static_cast<double>(r.acks) / static_cast<double>(r.commits) : 0.0,
                r.p50_ms, r.p99_ms);
  }
  std::printf("  %-44s %10s %12s %10s %8s %9.2f %9s\n", "raw SQLite, 1 row per durable commit", "",
              Grouped(baseline).c_str(), "", "1.0", commit_ms, "");
  std::printf("\n   batch = registrations per commit (distinct checkpoint sizes in the receipts);\n"
              "   each commit is one transaction, one fsync and one Ed25519-signed checkpoint.\n");
  const SubmitRun& last = runs.back();
  double commit_wall_ms = 1000 * last.seconds / static_cast<double>(last.commits);
  double batch = static_cast<double>(last.acks) / static_cast<double>(last.commits);
  std::printf("   %d clients: one commit every %.2f ms for %.1f registrations; their receipts'\n"
              "   inclusion proofs (Registry::ProveInclusion at size %" PRIu64 ": %.1f us each) take\n"
              "   %.2f ms of it\n",
              last.clients, commit_wall_ms, batch, last.acks, last.receipt_proof_us,
              batch * last.receipt_proof_us / 1000);
  std::printf("   load average after: %s\n", LoadAverage().c_str());
  double rate = static_cast<double>(last.acks) / last.seconds;
  std::printf("sovhub durable registrations/s (%d clients) = %.0f\n", last.clients, rate);
  std::printf("raw SQLite durable commits/s (1 row each)   = %.0f\n", baseline);
  std::printf("ratio = sovhub(%d clients)/raw-commit = %.2f\n", last.clients, rate / baseline);
  std::printf("target: >= 2000 durable oppositions/s with %d clients: %s\n", last.clients,
              rate >= 2000 ? "met" : "NOT met");
  std::fflush(stdout);
}

// -------------------------------------------------------------------- proof

// The stored tree as the Merkle code reads it (as registry.cc's StoredTree).
class StoredTree final : public merkle::SubtreeSource {
 public:
  explicit StoredTree(store::RegistryStore& store) : store_(store) {}
  Result<merkle::Hash> Subtree(int level, std::uint64_t index) const override {
    ++reads_;
    return store_.Node(level, index);
  }
  std::uint64_t reads() const { return reads_; }

 private:
  store::RegistryStore& store_;
  mutable std::uint64_t reads_ = 0;
};

// 100 bytes of leaf data for leaf `index`: a readable prefix and filler.
void LeafData(std::uint64_t index, std::array<char, 100>& out) {
  std::uint64_t x = index * 0x9E3779B97F4A7C15ull + 1;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>('a' + x % 26);
  }
  char prefix[32];
  int length = std::snprintf(prefix, sizeof prefix, "bench leaf %" PRIu64 " ", index);
  std::memcpy(out.data(), prefix, static_cast<std::size_t>(length));
}

void BenchProof(const Options& options) {
  const std::uint64_t leaves = options.leaves;
  if (leaves < 2) Die("LEAVES must be at least 2");
  std::printf("== proof: inclusion proofs at %s leaves (stored perfect subtrees, SQLite)\n",
              Grouped(static_cast<double>(leaves)).c_str());
  std::printf("   load average %s\n", LoadAverage().c_str());
  std::fflush(stdout);
  fs::path path = options.dir / "log.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  SystemClock clock;
  crypto::Rfc9162Hasher hasher;
  std::unique_ptr<store::Store> store =
      Take(store::OpenSqliteStore(path, {.create = true, .now = clock.NowIso()}), "open log store");
  store::RegistryStore& log = store->registry();

  // The log, in one transaction: every leaf and every completed subtree.
  merkle::TreeBuilder builder;
  std::vector<merkle::TreeBuilder::Node> completed;
  std::array<char, 100> data;
  std::uint64_t nodes = 0;
  auto build_start = Steady::now();
  Check(store->Begin(), "begin");
  for (std::uint64_t i = 0; i < leaves; ++i) {
    LeafData(i, data);
    std::string_view bytes(data.data(), data.size());
    completed.clear();
    builder.Append(hasher, hasher.Leaf(AsBytes(bytes)), completed);
    for (const auto& node : completed) {
      if (node.level == 0) {
        Check(log.AppendLeaf(i, bytes, node.hash), "append leaf");
      } else {
        Check(log.PutNode(node.level, node.index, node.hash), "put node");
        ++nodes;
      }
    }
    if ((i + 1) % 1'000'000 == 0 && i + 1 < leaves) {
      std::fprintf(stderr, "   ... %" PRIu64 " leaves in %.1f s\n", i + 1,
                   Seconds(Steady::now() - build_start));
    }
  }
  auto append_end = Steady::now();
  Check(store->Commit(), "commit");
  auto build_end = Steady::now();
  const merkle::Hash root = builder.Root(hasher);
  double build_s = Seconds(build_end - build_start);
  std::printf("   built: %s leaves + %s inner nodes in %.1f s (%s leaves/s; commit %.1f s), %.0f MiB\n",
              Grouped(static_cast<double>(leaves)).c_str(),
              Grouped(static_cast<double>(nodes)).c_str(), build_s,
              Grouped(static_cast<double>(leaves) / build_s).c_str(),
              Seconds(build_end - append_end),
              static_cast<double>(fs::file_size(path)) / (1 << 20));

  StoredTree tree(log);
  std::uint64_t count = Take(log.LeafCount(), "leaf count");
  if (count != leaves) Die("the store counts " + std::to_string(count) + " leaves");
  auto stored_root = Take(merkle::Root(hasher, tree, leaves), "root from the stored tree");
  if (stored_root != root) Die("the stored tree's root differs from the builder's");
  std::printf("   the stored tree's root equals the builder's\n");

  std::mt19937_64 rng(20261128);
  std::uniform_int_distribution<std::uint64_t> pick(0, leaves - 1);
  const std::uint64_t warmup = std::max<std::uint64_t>(options.proofs / 10, 1);
  auto draw = [&] {
    std::vector<std::uint64_t> out(warmup + options.proofs);
    for (auto& index : out) index = pick(rng);
    return out;
  };

  // One pass of proofs at `indices`: the first `warmup` untimed, then one
  // timing per proof; every 100th proof is kept and verified against the root
  // from the leaf's bytes. `in_transaction`: each proof between Begin and
  // Rollback, so that its node reads share one SQLite read transaction (what
  // the registry does not do, see docs/benchmarks.md).
  struct ProofPass {
    std::vector<double> us;
    double reads_per_proof = 0;
    std::size_t verified = 0;
    std::size_t length = 0;
  };
  auto run_pass = [&](const std::vector<std::uint64_t>& at, bool in_transaction) {
    ProofPass pass;
    pass.us.reserve(options.proofs);
    std::uint64_t reads_before = 0;
    for (std::size_t k = 0; k < at.size(); ++k) {
      if (k == warmup) reads_before = tree.reads();
      auto begin = Steady::now();
      if (in_transaction) Check(store->Begin(), "begin");
      auto proof = merkle::InclusionProof(tree, hasher, at[k], leaves);
      if (in_transaction) Check(store->Rollback(), "rollback");
      auto end = Steady::now();
      if (!proof.ok()) Die("inclusion proof: " + proof.status().ToString());
      if (k < warmup) continue;
      pass.us.push_back(std::chrono::duration<double, std::micro>(end - begin).count());
      if ((k - warmup) % 100 == 0) {
        std::string bytes = Take(log.LeafData(at[k]), "leaf data");
        Check(merkle::VerifyInclusion(hasher, at[k], leaves, hasher.Leaf(AsBytes(bytes)),
                                      *proof, root),
              "verify inclusion of leaf " + std::to_string(at[k]));
        ++pass.verified;
        pass.length = proof->size();
      }
    }
    pass.reads_per_proof =
        static_cast<double>(tree.reads() - reads_before) / static_cast<double>(options.proofs);
    return pass;
  };
  // Each pass at its own random indices, so that neither reads pages the
  // other brought into the cache.
  const std::vector<std::uint64_t> indices = draw();
  ProofPass plain = run_pass(indices, false);
  // What the hub runs: Registry::ProveInclusion (one read snapshot per proof,
  // upper levels of the tree from memory once read).
  ProofPass grouped;
  {
    crypto::SystemRandom random;
    auto pair = Take(crypto::GenerateNoteKey("bench.invalid/log", random), "log key");
    registry::Registry registry(*store, crypto::HmacSha256(Bytes(32, 1)),
                                Take(crypto::NoteSigner::FromPrivateKey(pair.private_key), "signer"),
                                clock);
    const std::vector<std::uint64_t> at = draw();
    grouped.us.reserve(options.proofs);
    for (std::size_t k = 0; k < at.size(); ++k) {
      auto begin = Steady::now();
      auto proof = registry.ProveInclusion(at[k], leaves);
      auto end = Steady::now();
      if (!proof.ok()) Die("Registry::ProveInclusion: " + proof.status().ToString());
      if (k < warmup) continue;
      grouped.us.push_back(std::chrono::duration<double, std::micro>(end - begin).count());
      if ((k - warmup) % 100 == 0) {
        std::string bytes = Take(log.LeafData(at[k]), "leaf data");
        Check(merkle::VerifyInclusion(hasher, at[k], leaves, hasher.Leaf(AsBytes(bytes)), *proof,
                                      root),
              "verify inclusion of leaf " + std::to_string(at[k]));
        ++grouped.verified;
      }
    }
  }
  store.reset();

  // Baseline: one point lookup of a leaf hash per proof, raw SQLite, on the
  // same file, with the hub's page cache.
  std::vector<double> lookup_us;
  lookup_us.reserve(options.proofs);
  {
    RawDb db(path, SQLITE_OPEN_READONLY);
    db.Exec("PRAGMA cache_size=-262144");
    sqlite3_stmt* select = db.Prepare("SELECT hash FROM log_leaves WHERE idx = ?");
    std::uint64_t bytes_read = 0;
    for (std::size_t k = 0; k < indices.size(); ++k) {
      auto begin = Steady::now();
      sqlite3_bind_int64(select, 1, static_cast<sqlite3_int64>(indices[k]));
      if (sqlite3_step(select) != SQLITE_ROW) Die("lookup of leaf " + std::to_string(indices[k]));
      bytes_read += static_cast<std::uint64_t>(sqlite3_column_bytes(select, 0));
      sqlite3_reset(select);
      auto end = Steady::now();
      if (k >= warmup) lookup_us.push_back(std::chrono::duration<double, std::micro>(end - begin).count());
    }
    if (bytes_read != 32 * indices.size()) Die("a leaf hash is not 32 bytes");
  }
  if (!options.keep) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  }

  double proof_mean = Mean(plain.us), lookup_mean = Mean(lookup_us), grouped_mean = Mean(grouped.us);
  double proof_p99 = Quantile(plain.us, 0.99), lookup_p99 = Quantile(lookup_us, 0.99);
  double proof_p50 = Quantile(plain.us, 0.50), lookup_p50 = Quantile(lookup_us, 0.50);
  double grouped_p50 = Quantile(grouped.us, 0.50), grouped_p99 = Quantile(grouped.us, 0.99);
  std::printf("   %s proofs of %zu hashes per pass at random indices (after %s untimed), %zu verified;\n"
              "   %.1f RegistryStore::Node reads per proof\n",
              Grouped(static_cast<double>(plain.us.size())).c_str(), plain.length,
              Grouped(static_cast<double>(warmup)).c_str(), plain.verified + grouped.verified,
              plain.reads_per_proof);
  std::printf("\n  %-60s %10s %10s %10s\n", "case", "mean us", "p50 us", "p99 us");
  std::printf("  %-60s %10s %10s %10s\n", "----", "-------", "------", "------");
  std::printf("  %-60s %10.2f %10.2f %10.2f\n", "merkle::InclusionProof over RegistryStore::Node",
              proof_mean, proof_p50, proof_p99);
  std::printf("  %-60s %10.2f %10.2f %10.2f\n", "Registry::ProveInclusion (what the hub runs)",
              grouped_mean, grouped_p50, grouped_p99);
  std::printf("  %-60s %10.2f %10.2f %10.2f\n",
              "raw SQLite SELECT hash FROM log_leaves WHERE idx=?", lookup_mean, lookup_p50,
              lookup_p99);
  std::printf("\n   load average after: %s\n", LoadAverage().c_str());
  std::printf("log build seconds (%" PRIu64 " leaves) = %.1f\n", leaves, build_s);
  std::printf("inclusion proof mean us = %.2f, p99 us = %.2f\n", proof_mean, proof_p99);
  std::printf("Registry::ProveInclusion: mean us = %.2f, p99 us = %.2f\n", grouped_mean, grouped_p99);
  std::printf("point lookup mean us    = %.2f\n", lookup_mean);
  std::printf("ratio = proof/lookup = %.1f (for context: a proof reads %.1f stored nodes)\n",
              proof_mean / lookup_mean, plain.reads_per_proof);
  std::printf("target: < 100 us per proof at %s leaves: %s\n",
              Grouped(static_cast<double>(leaves)).c_str(),
              grouped_mean < 100 && grouped_p99 < 100 ? "met (mean and p99)"
              : grouped_mean < 100                  ? "met (mean; p99 above)"
                                                  : "NOT met");
  std::fflush(stdout);
}

// -------------------------------------------------------------------- check

// std::unordered_set<std::string> asked with string_views (heterogeneous
// lookup, C++20): no allocation per query, as OpposedSet.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, ViewHash, std::equal_to<>>;

void BenchCheck(const Options& options) {
  constexpr std::size_t kLen = pseudonym::kIdentifierLength;
  const std::uint64_t opposed_n = options.opposed, ids = options.ids;
  if (opposed_n == 0 || ids < 100) Die("OPPOSED must be > 0 and IDS >= 100");
  std::printf("== check: %s opposed pids, %s identifiers (1%% opposed), one thread, best of %d\n",
              Grouped(static_cast<double>(opposed_n)).c_str(),
              Grouped(static_cast<double>(ids)).c_str(), options.rounds);
  std::printf("   load average %s\n", LoadAverage().c_str());
  std::fflush(stdout);

  // A hub key (32 random bytes, as keys/hub.key).
  crypto::SystemRandom random;
  std::array<std::uint8_t, 32> key;
  Check(random.Fill(key), "random key");
  const crypto::HmacSha256 hub_key(key);

  // The opposed persons' stage-1 identifiers and pids.
  std::vector<char> opposed_stage1(opposed_n * kLen);
  registry::OpposedSet opposed;
  StringSet baseline;
  baseline.reserve(opposed_n);
  char name[64];
  char pid[kLen];
  for (std::uint64_t j = 0; j < opposed_n; ++j) {
    int length = std::snprintf(name, sizeof name, "opposed/%" PRIu64, j);
    Stage1Of(std::string_view(name, length), &opposed_stage1[j * kLen]);
    pseudonym::EncodeIdentifier(hub_key.Compute(std::string_view(&opposed_stage1[j * kLen], kLen)),
                                pid);
    opposed.Insert(std::string_view(pid, kLen));
    baseline.emplace(pid, kLen);
  }
  if (opposed.size() != opposed_n || baseline.size() != opposed_n) Die("colliding pids");

  // The queries: every 100th an opposed person (at random), the rest others.
  std::vector<char> stage1(ids * kLen), pids(ids * kLen);
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> pick(0, opposed_n - 1);
  std::uint64_t expected = 0;
  for (std::uint64_t i = 0; i < ids; ++i) {
    char* out = &stage1[i * kLen];
    if (i % 100 == 0) {
      std::memcpy(out, &opposed_stage1[pick(rng) * kLen], kLen);
      ++expected;
    } else {
      int length = std::snprintf(name, sizeof name, "query/%" PRIu64, i);
      Stage1Of(std::string_view(name, length), out);
    }
    pseudonym::EncodeIdentifier(hub_key.Compute(std::string_view(out, kLen)), &pids[i * kLen]);
  }

  // One pass: ids/s, and checks the count of opposed identifiers found.
  auto pass = [&](const char* what, const std::function<std::uint64_t()>& body) {
    auto begin = Steady::now();
    std::uint64_t found = body();
    auto end = Steady::now();
    if (found != expected) {
      Die(std::string(what) + ": found " + std::to_string(found) + " opposed, expected " +
          std::to_string(expected));
    }
    return static_cast<double>(ids) / Seconds(end - begin);
  };
  auto once_set = [&] {
    std::uint64_t found = 0;
    for (std::uint64_t i = 0; i < ids; ++i) found += opposed.Contains({&pids[i * kLen], kLen});
    return found;
  };
  auto once_baseline = [&] {
    std::uint64_t found = 0;
    for (std::uint64_t i = 0; i < ids; ++i) {
      found += baseline.find(std::string_view(&pids[i * kLen], kLen)) != baseline.end();
    }
    return found;
  };
  auto full_set = [&] {
    std::uint64_t found = 0;
    char p[kLen];
    for (std::uint64_t i = 0; i < ids; ++i) {
      pseudonym::EncodeIdentifier(hub_key.Compute(std::string_view(&stage1[i * kLen], kLen)), p);
      found += opposed.Contains({p, kLen});
    }
    return found;
  };
  auto full_baseline = [&] {
    std::uint64_t found = 0;
    char p[kLen];
    for (std::uint64_t i = 0; i < ids; ++i) {
      pseudonym::EncodeIdentifier(hub_key.Compute(std::string_view(&stage1[i * kLen], kLen)), p);
      found += baseline.find(std::string_view(p, kLen)) != baseline.end();
    }
    return found;
  };
  double best[4] = {0, 0, 0, 0};
  for (int round = 1; round <= options.rounds; ++round) {
    double r[4] = {pass("OpposedSet", once_set), pass("unordered_set", once_baseline),
                   pass("OpposedSet + HMAC", full_set), pass("unordered_set + HMAC", full_baseline)};
    for (int k = 0; k < 4; ++k) best[k] = std::max(best[k], r[k]);
    std::printf("   round %d/%d: OpposedSet %s ids/s, unordered_set %s ids/s (once hashed)\n", round,
                options.rounds, Grouped(r[0]).c_str(), Grouped(r[1]).c_str());
    std::fflush(stdout);
  }
  std::printf("\n  %-52s %14s %10s\n", "case", "ids/s", "ns/id");
  std::printf("  %-52s %14s %10s\n", "----", "-----", "-----");
  const char* labels[4] = {"OpposedSet::Contains, once hashed",
                           "std::unordered_set<std::string>::find, once hashed",
                           "HMAC + EncodeIdentifier + OpposedSet::Contains",
                           "HMAC + EncodeIdentifier + unordered_set::find"};
  for (int k = 0; k < 4; ++k) {
    std::printf("  %-52s %14s %10.1f\n", labels[k], Grouped(best[k]).c_str(), 1e9 / best[k]);
  }
  std::printf("\n   %s of %s identifiers found opposed in every pass; load average after: %s\n",
              Grouped(static_cast<double>(expected)).c_str(),
              Grouped(static_cast<double>(ids)).c_str(), LoadAverage().c_str());
  std::printf("OpposedSet ids/s once hashed     = %.0f\n", best[0]);
  std::printf("unordered_set ids/s once hashed  = %.0f\n", best[1]);
  std::printf("OpposedSet ids/s with the HMAC   = %.0f\n", best[2]);
  std::printf("ratio = OpposedSet/unordered_set = %.2f once hashed, %.2f with the HMAC\n",
              best[0] / best[1], best[2] / best[3]);
  std::printf("target: >= 5M identifiers/s once hashed: %s\n", best[0] >= 5e6 ? "met" : "NOT met");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  const char* dir = std::getenv("BENCH_DIR");
  options.dir = (dir && *dir) ? dir : "/tmp/sovhub-bench-registry";
  options.dir = fs::absolute(options.dir);
  options.seconds = EnvDouble("SECONDS_PER_CLIENT_RUN", 3);
  const char* clients = std::getenv("CLIENTS");
  std::string list = (clients && *clients) ? clients : "1 8 64";
  for (std::size_t at = 0; at < list.size();) {
    std::size_t end = list.find(' ', at);
    if (end == std::string::npos) end = list.size();
    if (end > at) {
      int n = std::atoi(list.substr(at, end - at).c_str());
      if (n < 1 || n > 1024) Die("CLIENTS holds a count outside 1..1024: " + list);
      options.clients.push_back(n);
    }
    at = end + 1;
  }
  if (options.clients.empty()) Die("CLIENTS is empty");
  options.leaves = EnvU64("LEAVES", options.leaves);
  options.proofs = EnvU64("PROOFS", options.proofs);
  options.opposed = EnvU64("OPPOSED", options.opposed);
  options.ids = EnvU64("IDS", options.ids);
  options.rounds = static_cast<int>(std::max<std::uint64_t>(EnvU64("ROUNDS", 3), 1));
  const char* keep = std::getenv("KEEP");
  options.keep = keep != nullptr && std::string_view(keep) == "1";
  if (options.proofs == 0) Die("PROOFS must be > 0");

  bool submit = argc == 1, proof = argc == 1, check = argc == 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "submit") {
      submit = true;
    } else if (arg == "proof") {
      proof = true;
    } else if (arg == "check") {
      check = true;
    } else {
      std::fprintf(stderr, "usage: %s [submit] [proof] [check]\n", argv[0]);
      return 2;
    }
  }
  std::error_code error;
  fs::create_directories(options.dir, error);
  if (error) Die("cannot create " + options.dir.string() + ": " + error.message());

  if (submit) BenchSubmit(options);
  if (proof) {
    if (submit) std::printf("\n");
    BenchProof(options);
  }
  if (check) {
    if (submit || proof) std::printf("\n");
    BenchCheck(options);
  }
  return 0;
}
