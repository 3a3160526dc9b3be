// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/nir.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace sovhub::nir {
namespace {

// Messages state the rule that failed, never the value that broke it: the
// text is a NIR or close to one, and messages end up in logs and ingest
// reports.

constexpr std::size_t kBodyLength = 13;
constexpr std::size_t kNirLength = 15;

// 0-based offsets of the fields in the compact form.
constexpr std::size_t kMonthAt = 3;
constexpr std::size_t kDepartmentAt = 5;
constexpr std::size_t kCorsicaLetterAt = 6;
constexpr std::size_t kCommuneAt = 7;  // 3 digits; for 97x/98x, x then 2 digits
constexpr std::size_t kOrderAt = 10;
constexpr std::size_t kKeyAt = 13;

// The key's modulus: 97 - (body mod 97) is in 1..97, so 00 and 98-99 are
// never keys.
constexpr std::int64_t kKeyModulus = 97;

// Birth months missing from the civil record are coded 20-99; 00 and 13-19
// are never issued.
constexpr int kFirstUnknownMonth = 20;

// The highest INSEE country code after the 99 of a birth abroad.
constexpr int kLastCountryCode = 990;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

char ToUpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// The Corsica letter at the department position ('A' or 'B', either case),
// or '\0' when `body` has none there.
char CorsicaLetter(std::string_view body) {
  if (body.size() <= kCorsicaLetterAt || body[kDepartmentAt] != '2') return '\0';
  char letter = ToUpperAscii(body[kCorsicaLetterAt]);
  return (letter == 'A' || letter == 'B') ? letter : '\0';
}

// The value of `length` digits at `at`; the caller has checked they are digits.
int DigitsValue(std::string_view text, std::size_t at, std::size_t length) {
  int value = 0;
  for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

Identifier Invalid(std::string problem) {
  Identifier identifier;
  identifier.kind = IdentifierKind::kInvalid;
  identifier.problem = std::move(problem);
  return identifier;
}

// NNP and MIG: 13 digits, no key. Called when the first digit is 5-8, which
// no NIR has.
Identifier ClassifyProvisional(const std::string& compact) {
  bool is_nnp = compact[0] == '7' || compact[0] == '8';
  std::string_view name = is_nnp ? "NNP" : "MIG";
  if (compact.size() != kBodyLength) {
    return Invalid(
        "a first digit of 5 to 8 marks a provisional identifier (NNP or MIG), "
        "which has 13 digits and no key");
  }
  for (char c : compact) {
    if (!IsDigit(c)) {
      return Invalid("a provisional identifier (" + std::string(name) + ") has only digits");
    }
  }
  Identifier identifier;
  identifier.canonical = compact;
  char second = compact[1];
  if (second == '1' || second == '2') {
    identifier.kind = is_nnp ? IdentifierKind::kNnp : IdentifierKind::kMig;
    identifier.problem = "provisional identifier (" + std::string(name) + "), not a NIR";
    return identifier;
  }
  // CNAM accepts a 0 here only with its useBefore2012 option: such numbers
  // exist, so they are recognised, with the caveat for whoever reads them.
  if (is_nnp && second == '0') {
    identifier.kind = IdentifierKind::kNnp;
    identifier.problem =
        "provisional identifier (NNP), not a NIR; verification digit 0: valid "
        "only for numbers issued before 2012";
    return identifier;
  }
  return Invalid(is_nnp ? "a provisional number (NNP) has a verification digit "
                          "of 1 or 2 (0 before 2012)"
                        : "a provisional identifier (MIG) has a second digit of 1 or 2");
}

// Fills `identifier` with the birth place, or says what is wrong with it.
// Returns an empty string when the place is valid.
std::string CheckBirthPlace(const std::string& compact, Identifier& identifier) {
  if (char letter = CorsicaLetter(compact); letter != '\0') {
    identifier.department = std::string("2") + letter;
    if (DigitsValue(compact, kCommuneAt, 3) == 0) return "commune must be 001-999";
    return "";
  }
  int department = DigitsValue(compact, kDepartmentAt, 2);
  // 20 is Corsica before its 1976 split, kept in the NIRs issued then. 96
  // marked births in Tunisia before 1956 (as 91-94 did Algeria and 95
  // Morocco) and is still carried by people born then: accepted.
  if (department >= 1 && department <= 96) {
    identifier.department = compact.substr(kDepartmentAt, 2);
    // INSEE numbers communes from 001 in every department.
    if (DigitsValue(compact, kCommuneAt, 3) == 0) return "commune must be 001-999";
    return "";
  }
  if (department == 97 || department == 98) {
    // Overseas codes have three digits (971 Guadeloupe ... 988 New Caledonia);
    // the third is the first of the commune field. No territory is coded 970
    // or 980.
    if (compact[kCommuneAt] == '0') {
      return "overseas department must be 97x or 98x with x from 1 to 9";
    }
    identifier.department = compact.substr(kDepartmentAt, 3);
    if (DigitsValue(compact, kCommuneAt + 1, 2) == 0) {
      return "overseas commune must be 01-99";
    }
    return "";
  }
  if (department == 99) {
    identifier.department = "99";
    int country = DigitsValue(compact, kCommuneAt, 3);
    if (country == 0 || country > kLastCountryCode) {
      return "country code of a birth abroad must be 001-990";
    }
    return "";
  }
  // 00 never existed.
  return "department must be 01-96, 2A, 2B, 97x, 98x or 99";
}

}  // namespace

Result<int> ControlKey(std::string_view body13) {
  if (body13.size() != kBodyLength) {
    return Status::InvalidArgument("a NIR body has 13 characters");
  }
  char corsica = CorsicaLetter(body13);
  std::int64_t value = 0;
  for (std::size_t i = 0; i < kBodyLength; ++i) {
    int digit = 0;
    if (corsica != '\0' && i == kDepartmentAt) {
      // 2A counts as 19 and 2B as 18, here only: a letter anywhere else is an
      // error, not a Corsica department.
      digit = 1;
    } else if (corsica != '\0' && i == kCorsicaLetterAt) {
      digit = corsica == 'A' ? 9 : 8;
    } else if (IsDigit(body13[i])) {
      digit = body13[i] - '0';
    } else {
      return Status::InvalidArgument(
          "a NIR body has only digits, except 2A or 2B at the department position");
    }
    value = value * 10 + digit;  // < 10^13: fits in 64 bits
  }
  return static_cast<int>(kKeyModulus - value % kKeyModulus);
}

Identifier Classify(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.empty()) return Invalid("empty identifier");

  for (char c : compact) {
    if (!IsDigit(c) && !IsAsciiLetter(c)) {
      return Invalid(
          "contains a character other than digits, spaces and the Corsica "
          "letters A/B");
    }
  }
  if (compact.size() != kBodyLength && compact.size() != kNirLength) {
    return Invalid(std::to_string(compact.size()) +
                   (compact.size() == 1 ? " character" : " characters") +
                   " once spaces are removed; a NIR has 15 (13 without its key)");
  }
  for (std::size_t i = 0; i < compact.size(); ++i) {
    if (IsDigit(compact[i])) continue;
    if (i != kCorsicaLetterAt || compact[kDepartmentAt] != '2') {
      return Invalid(
          "a letter outside the department position (only Corsica 2A/2B has "
          "letters)");
    }
    if (CorsicaLetter(compact) == '\0') {
      return Invalid("the only departments with a letter are 2A and 2B (Corsica)");
    }
  }

  if (compact[0] >= '5' && compact[0] <= '8') return ClassifyProvisional(compact);
  if (compact[0] != '1' && compact[0] != '2') {
    return Invalid("sex digit must be 1 (male) or 2 (female)");
  }

  Identifier identifier;
  identifier.sex = compact[0] - '0';
  identifier.birth_year2 = DigitsValue(compact, 1, 2);
  int month = DigitsValue(compact, kMonthAt, 2);
  if (month >= 1 && month <= 12) {
    identifier.birth_month = month;
  } else if (month >= kFirstUnknownMonth) {
    identifier.birth_month = 0;
  } else {
    return Invalid("birth month must be 01-12, or 20-99 when unknown");
  }
  if (std::string problem = CheckBirthPlace(compact, identifier); !problem.empty()) {
    return Invalid(std::move(problem));
  }
  if (DigitsValue(compact, kOrderAt, 3) == 0) {
    return Invalid("order number must be 001-999");
  }
  compact[kCorsicaLetterAt] = ToUpperAscii(compact[kCorsicaLetterAt]);

  if (compact.size() == kBodyLength) {
    identifier.kind = IdentifierKind::kNirBodyWithoutKey;
    identifier.canonical = std::move(compact);
    // The key's value stays out: the CLI prints it with ControlKey.
    identifier.problem = "no control key given";
    return identifier;
  }
  int given_key = DigitsValue(compact, kKeyAt, 2);
  if (given_key == 0 || given_key > kKeyModulus) {
    return Invalid("control key must be 01-97");
  }
  Result<int> key = ControlKey(std::string_view(compact).substr(0, kBodyLength));
  if (!key.ok()) {
    // Unreachable: the body's shape was checked above.
    return Invalid(key.status().message());
  }
  if (*key != given_key) return Invalid("control key does not match the body");
  identifier.kind = IdentifierKind::kNir;
  identifier.canonical = std::move(compact);
  return identifier;
}

Result<std::string> ParseNir(std::string_view text) {
  Identifier identifier = Classify(text);
  switch (identifier.kind) {
    case IdentifierKind::kNir:
      return std::move(identifier.canonical);
    case IdentifierKind::kNirBodyWithoutKey:
      return Status::InvalidArgument("13-character body without control key");
    case IdentifierKind::kNnp:
      return Status::InvalidArgument("provisional identifier (NNP), not a NIR");
    case IdentifierKind::kMig:
      return Status::InvalidArgument("provisional identifier (MIG), not a NIR");
    case IdentifierKind::kInvalid:
      break;
  }
  return Status::InvalidArgument(std::move(identifier.problem));
}

bool LooksLikeNir(std::string_view text) {
  // 15 characters plus at most 6 separating spaces, starting with the sex
  // digit or a space: anything else cannot classify as a NIR.
  if (text.size() < 15 || text.size() > 21) return false;
  if (text[0] != '1' && text[0] != '2' && text[0] != ' ') return false;
  return Classify(text).kind == IdentifierKind::kNir;
}

}  // namespace sovhub::nir
