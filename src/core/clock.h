// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The clock as an injected seam: services ask a Clock for the time, so tests can
// fix it and deadlines can be tested on any date.
#ifndef SOVHUB_CORE_CLOCK_H_
#define SOVHUB_CORE_CLOCK_H_

#include <cstdint>
#include <string>

namespace sovhub {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual std::int64_t NowMillis() = 0;
  // RFC 3339 in UTC with milliseconds: "2026-11-28T13:45:00.123Z".
  std::string NowIso();
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowMillis() override;
};

// A clock that stands still until moved; for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t millis) : millis_(millis) {}
  std::int64_t NowMillis() override { return millis_; }
  void Advance(std::int64_t millis) { millis_ += millis; }

 private:
  std::int64_t millis_;
};

std::string FormatIsoMillis(std::int64_t millis);

}  // namespace sovhub

#endif  // SOVHUB_CORE_CLOCK_H_
