// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/dummy_codes.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace sovhub::cohort::dummy {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Stay reasons and chronic diagnoses of src/synth/codes.cc.
constexpr std::array<std::string_view, 18> kDiagnoses = {
    "E118", "E119", "I10",  "I500", "J189", "J459", "K358", "M161", "S7200",
    "H259", "K635", "R074", "N390", "I480", "O800", "C349", "E785", "Z370",
};

constexpr std::array<std::string_view, 8> kProcedures = {
    "DZQM006", "DEQP003", "ZBQK002", "HHFA016", "NEKA020", "BFGA427", "HHQE005", "JQGD012",
};

constexpr std::array<PoolDrug, 18> kDrugs = {{
    {"3400993010111", "A10BA02"},
    {"3400993010289", "A10BB09"},
    {"3400993010340", "A10BH01"},
    {"3400993020158", "C09AA05"},
    {"3400993020219", "C09AA04"},
    {"3400993020387", "C09CA01"},
    {"3400993020448", "C08CA01"},
    {"3400993020509", "C07AB07"},
    {"3400993030126", "C10AA05"},
    {"3400993030294", "C10AA01"},
    {"3400993030355", "C10AA07"},
    {"3400993040118", "R03AC02"},
    {"3400993040286", "R03AK07"},
    {"3400993040347", "R03AK06"},
    {"3400993050100", "J01CA04"},
    {"3400993050278", "N02BE01"},
    {"3400993050339", "M01AE01"},
    {"3400993050407", "A02BC01"},
}};

// The characters a full code of `system` may have at `position`, and its
// length: ICD-10 subdivisions are drawn as digits (the PMSI's usual form).
std::string_view Alphabet(CodeSystem system, std::size_t position) {
  switch (system) {
    case CodeSystem::kIcd10:
      return position == 0 ? kLetters : kDigits;
    case CodeSystem::kAtc:
      return position == 0 ? std::string_view("ABCDGHJLMNPRSV") : (position == 3 || position == 4) ? kLetters : kDigits;
    case CodeSystem::kCip13:
      return kDigits;
    case CodeSystem::kCcam:
      return position < 4 ? kLetters : kDigits;
  }
  return kDigits;
}

std::size_t TargetLength(CodeSystem system, std::size_t prefix_length, Rng& rng) {
  switch (system) {
    case CodeSystem::kIcd10:
      // A category (3 characters) or one of its subdivisions.
      if (prefix_length >= 5) return prefix_length;
      return std::max<std::size_t>(3, prefix_length) + (rng.Chance(0.6) ? 1 : 0);
    case CodeSystem::kAtc:
    case CodeSystem::kCcam:
      return 7;
    case CodeSystem::kCip13:
      return 12;  // and the check digit
  }
  return prefix_length;
}

// The `round`-th extension of `prefix`: its first new character is the
// round-th of its alphabet (from `offset`), the others random.
std::string Extend(CodeSystem system, const std::string& prefix, std::size_t round, std::size_t offset, Rng& rng) {
  std::string code = prefix;
  constexpr std::string_view kFrance = "34009";  // the CIP13s of drugs sold in France
  if (system == CodeSystem::kCip13 && round % 2 == 0 && code.size() < kFrance.size() && kFrance.starts_with(code)) {
    code = std::string(kFrance);
  }
  const std::size_t length = TargetLength(system, code.size(), rng);
  bool first = code.size() == prefix.size();
  while (code.size() < length) {
    std::string_view alphabet = Alphabet(system, code.size());
    std::size_t pick = first ? (round + offset) % alphabet.size() : rng.Below(alphabet.size());
    code.push_back(alphabet[pick]);
    first = false;
  }
  if (system == CodeSystem::kCip13 && code.size() == 12) code = WithEan13CheckDigit(code);
  return code;
}

std::uint64_t Fnv1a(std::string_view text, std::uint64_t salt) {
  std::uint64_t hash = 0xCBF29CE484222325ULL ^ salt;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

}  // namespace

bool Matches(const CodePattern& pattern, std::string_view code) {
  return pattern.prefix ? code.starts_with(pattern.code) : code == pattern.code;
}

bool MatchesAny(const std::vector<CodePattern>& patterns, std::string_view code) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const CodePattern& pattern) { return Matches(pattern, code); });
}

bool InWindow(const Window& window, const CivilDate& date) {
  return (!window.from || date >= *window.from) && (!window.to || date <= *window.to);
}

std::string WithEan13CheckDigit(std::string_view twelve_digits) {
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (twelve_digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return std::string(twelve_digits.substr(0, 12)) + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::vector<std::string> ConcreteCodes(CodeSystem system, const CodePattern& pattern, Rng& rng, int limit) {
  if (!pattern.prefix) return {pattern.code};
  std::vector<std::string> codes;
  const auto wanted = static_cast<std::size_t>(std::max(limit, 1));
  auto add = [&](const std::string& code) {
    if (codes.size() < wanted && Matches(pattern, code) && IsValidCodePattern(system, {code, false}) &&
        std::find(codes.begin(), codes.end(), code) == codes.end()) {
      codes.push_back(code);
    }
  };
  std::vector<std::string> pool;
  if (system == CodeSystem::kIcd10) pool.assign(kDiagnoses.begin(), kDiagnoses.end());
  if (system == CodeSystem::kCcam) pool.assign(kProcedures.begin(), kProcedures.end());
  for (const PoolDrug& drug : kDrugs) {
    if (system == CodeSystem::kAtc) pool.emplace_back(drug.atc);
    if (system == CodeSystem::kCip13) pool.emplace_back(drug.cip13);
  }
  for (std::size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.Below(i)]);
  for (const std::string& code : pool) add(code);
  // A prefix that is a full code itself ("E11*" gives E11); not an ATC
  // class above level 5, which no dispensing has.
  if (system != CodeSystem::kAtc || pattern.code.size() == 7) add(pattern.code);
  const std::size_t offset = rng.Below(64);
  for (std::size_t round = 0; codes.size() < wanted && round < 4 * wanted; ++round) {
    add(Extend(system, pattern.code, round, offset, rng));
  }
  return codes;
}

std::span<const std::string_view> PoolDiagnoses() { return kDiagnoses; }
std::span<const std::string_view> PoolProcedures() { return kProcedures; }
std::span<const PoolDrug> PoolDrugs() { return kDrugs; }

const std::vector<std::string>& AllDepartments() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> all;
    for (int number = 1; number <= 95; ++number) {
      if (number == 20) {
        all.emplace_back("2A");
        all.emplace_back("2B");
        continue;
      }
      all.push_back(std::string(1, static_cast<char>('0' + number / 10)) + static_cast<char>('0' + number % 10));
    }
    for (int overseas = 971; overseas <= 976; ++overseas) all.push_back(std::to_string(overseas));
    return all;
  }();
  return kAll;
}

std::string DerivedCip13(std::string_view atc, int k) {
  std::uint64_t hash = Fnv1a(atc, static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL);
  std::string digits = std::to_string(hash % 1'000'000);
  return WithEan13CheckDigit("340098" + std::string(6 - digits.size(), '0') + digits);
}

}  // namespace sovhub::cohort::dummy
