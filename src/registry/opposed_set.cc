// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/opposed_set.h"

#include <cstring>

namespace sovhub::registry {

std::uint64_t OpposedSet::HashOf(const char* key) {
  std::uint64_t a, b;
  std::memcpy(&a, key, 8);
  std::memcpy(&b, key + 8, 8);
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ static_cast<unsigned char>(key[16]));
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

void OpposedSet::Insert(std::string_view pid) {
  if (pid.size() != 17) return;
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = HashOf(pid.data()) & mask;; i = (i + 1) & mask) {
    if (!used_[i]) {
      std::memcpy(slots_[i].data(), pid.data(), 17);
      used_[i] = 1;
      ++size_;
      return;
    }
    if (std::memcmp(slots_[i].data(), pid.data(), 17) == 0) return;
  }
}

bool OpposedSet::Contains(std::string_view pid) const {
  if (pid.size() != 17) return false;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = HashOf(pid.data()) & mask;; i = (i + 1) & mask) {
    if (!used_[i]) return false;
    if (std::memcmp(slots_[i].data(), pid.data(), 17) == 0) return true;
  }
}

void OpposedSet::Grow() {
  std::vector<Key> old_slots = std::move(slots_);
  std::vector<std::uint8_t> old_used = std::move(used_);
  slots_.assign(old_slots.size() * 2, Key{});
  used_.assign(old_slots.size() * 2, 0);
  size_ = 0;
  for (std::size_t i = 0; i < old_slots.size(); ++i) {
    if (old_used[i]) Insert(std::string_view(old_slots[i].data(), 17));
  }
}

}  // namespace sovhub::registry
