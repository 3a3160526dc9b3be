// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The child of registry_sigkill_test: registers oppositions from several
// threads in a loop, printing one line per acknowledgement, until killed:
//   ACK <stage1> <leaf index> <checkpoint size> <checkpoint root (base64)>
// Usage: registry_kill_child HUB_DIR THREADS SEED
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/bytes.h"
#include "crypto/hmac_sha256.h"
#include "domain/signed_note.h"
#include "domain/stage1.h"
#include "hub/hub.h"

int main(int argc, char** argv) {
  using namespace sovhub;
  if (argc != 4) {
    std::fprintf(stderr, "usage: registry_kill_child HUB_DIR THREADS SEED\n");
    return 1;
  }
  SystemClock clock;
  auto hub = hub::Hub::Open(argv[1], clock);
  if (!hub.ok()) {
    std::fprintf(stderr, "%s\n", hub.status().ToString().c_str());
    return 1;
  }
  int threads = std::stoi(argv[2]);
  std::string seed = argv[3];
  std::mutex out;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        registry::OppositionRequest request;
        std::string who = seed + "/" + std::to_string(t) + "/" + std::to_string(i);
        request.stage1 = pseudonym::EncodeIdentifier(crypto::Sha256(who));
        request.commitment = crypto::Sha256("commitment " + who);
        if (i % 7 == 3) request.scope = "project:p" + std::to_string(t);
        auto ack = (*hub)->registry().Submit(request);
        if (!ack.ok()) {
          std::fprintf(stderr, "%s\n", ack.status().ToString().c_str());
          std::_Exit(2);
        }
        auto note = note::ParseNote(ack->receipt.checkpoint);
        auto checkpoint = note.ok() ? note::ParseCheckpoint(note->text)
                                    : sovhub::Result<note::Checkpoint>(note.status());
        if (!checkpoint.ok()) std::_Exit(3);
        std::string line = "ACK " + request.stage1 + " " + request.scope + " " +
                           std::to_string(ack->receipt.leaf_index) + " " +
                           std::to_string(checkpoint->size) + " " + ToBase64(checkpoint->root) +
                           "\n";
        std::lock_guard lock(out);
        // One write per line: a kill cuts between lines, not inside one that counts.
        if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          std::_Exit(4);
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return 0;
}
