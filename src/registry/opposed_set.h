// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A set of pids (17-character identifiers) built for lookups at memory speed:
// open addressing over fixed-size keys, no allocation per lookup. The bulk
// check of a producer's identifiers hashes each one to its pid and asks here.
#ifndef SOVHUB_REGISTRY_OPPOSED_SET_H_
#define SOVHUB_REGISTRY_OPPOSED_SET_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sovhub::registry {

class OpposedSet {
 public:
  using Key = std::array<char, 17>;

  OpposedSet() : slots_(16), used_(16, 0) {}

  // Ignores anything that is not 17 characters long.
  void Insert(std::string_view pid);
  bool Contains(std::string_view pid) const;
  std::size_t size() const { return size_; }
  // Visits every pid, in no particular order.
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (used_[i]) visit(std::string_view(slots_[i].data(), slots_[i].size()));
    }
  }

 private:
  static std::uint64_t HashOf(const char* key);
  void Grow();

  std::vector<Key> slots_;
  std::vector<std::uint8_t> used_;
  std::size_t size_ = 0;
};

}  // namespace sovhub::registry

#endif  // SOVHUB_REGISTRY_OPPOSED_SET_H_
