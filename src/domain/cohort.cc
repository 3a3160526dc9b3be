// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/cohort.h"

#include <array>
#include <cstdio>

namespace sovhub::cohort {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsUpper(c) || IsDigit(c); }

// `text` quoted for a message: JSON-style escapes, and cut after 40
// characters so that a pasted document does not flood the error.
std::string Quote(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < kShown; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (text.size() > kShown) out += "...";
  out.push_back('"');
  return out;
}

// ICD-10: A00-Z99, then up to two subdivision characters (PMSI extensions
// such as "U071" or "Z5100" use digits; a few use letters).
bool IsIcd10Shape(std::string_view code, bool prefix) {
  if (code.empty() || code.size() > 5 || (!prefix && code.size() < 3)) return false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    bool ok = i == 0 ? IsUpper(code[i]) : i <= 2 ? IsDigit(code[i]) : IsUpperOrDigit(code[i]);
    if (!ok) return false;
  }
  return true;
}

// ATC levels: anatomical group (1 letter), therapeutic (2 digits),
// pharmacological (letter), chemical (letter), substance (2 digits). Only the
// lengths 1, 3, 4, 5 and 7 end a level, for exact codes and prefixes alike.
bool IsAtcShape(std::string_view code) {
  constexpr std::string_view kAnatomicalGroups = "ABCDGHJLMNPRSV";
  if (code.size() != 1 && code.size() != 3 && code.size() != 4 && code.size() != 5 &&
      code.size() != 7) {
    return false;
  }
  if (kAnatomicalGroups.find(code[0]) == std::string_view::npos) return false;
  for (std::size_t i = 1; i < code.size(); ++i) {
    bool ok = (i == 3 || i == 4) ? IsUpper(code[i]) : IsDigit(code[i]);
    if (!ok) return false;
  }
  return true;
}

// EAN-13: weights 1, 3, 1, 3... on the first 12 digits; the 13th makes the
// sum a multiple of 10.
bool HasEan13CheckDigit(std::string_view digits13) {
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (digits13[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10 == digits13[12] - '0';
}

bool IsCip13Shape(std::string_view code, bool prefix) {
  if (code.empty() || code.size() > 13 || (!prefix && code.size() != 13)) return false;
  for (char c : code) {
    if (!IsDigit(c)) return false;
  }
  return code.size() < 13 || HasEan13CheckDigit(code);
}

bool IsCcamShape(std::string_view code, bool prefix) {
  if (code.empty() || code.size() > 7 || (!prefix && code.size() != 7)) return false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (!(i < 4 ? IsUpper(code[i]) : IsDigit(code[i]))) return false;
  }
  return true;
}

bool IsShape(CodeSystem system, std::string_view code, bool prefix) {
  switch (system) {
    case CodeSystem::kIcd10:
      return IsIcd10Shape(code, prefix);
    case CodeSystem::kAtc:
      return IsAtcShape(code);
    case CodeSystem::kCip13:
      return IsCip13Shape(code, prefix);
    case CodeSystem::kCcam:
      return IsCcamShape(code, prefix);
  }
  return false;
}

std::string NotACode(CodeSystem system, std::string_view text) {
  bool vowel_sound = system == CodeSystem::kIcd10 || system == CodeSystem::kAtc;
  return Quote(text) + (vowel_sound ? " is not an " : " is not a ") +
         std::string(CodeSystemName(system)) + " code";
}

}  // namespace

std::string_view CodeSystemName(CodeSystem system) {
  switch (system) {
    case CodeSystem::kIcd10:
      return "ICD-10";
    case CodeSystem::kAtc:
      return "ATC";
    case CodeSystem::kCip13:
      return "CIP13";
    case CodeSystem::kCcam:
      return "CCAM";
  }
  return "?";
}

Result<CodePattern> ParseCodePattern(CodeSystem system, std::string_view text) {
  CodePattern pattern;
  std::string_view body = text;
  if (!body.empty() && body.back() == '*') {
    pattern.prefix = true;
    body.remove_suffix(1);
  }
  // The only dot allowed: ICD-10's, between the category (3 characters) and
  // a subdivision.
  if (system == CodeSystem::kIcd10 && body.size() > 4 && body[3] == '.') {
    pattern.code = std::string(body.substr(0, 3)) + std::string(body.substr(4));
  } else {
    pattern.code = std::string(body);
  }
  if (!IsShape(system, pattern.code, pattern.prefix)) {
    return Status::InvalidArgument(NotACode(system, text));
  }
  return pattern;
}

std::string FormatCodePattern(const CodePattern& pattern) {
  return pattern.prefix ? pattern.code + "*" : pattern.code;
}

bool IsValidCodePattern(CodeSystem system, const CodePattern& pattern) {
  return IsShape(system, pattern.code, pattern.prefix);
}

bool IsDepartment(std::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() == 2 && IsDigit(code[0]) && IsDigit(code[1])) {
    int number = (code[0] - '0') * 10 + (code[1] - '0');
    return number >= 1 && number <= 95 && number != 20;
  }
  return code.size() == 3 && code.substr(0, 2) == "97" && code[2] >= '1' && code[2] <= '6';
}

Not::Not(Criterion operand) : operand_(std::make_unique<Criterion>(std::move(operand))) {}
Not::Not(const Not& other)
    : operand_(other.operand_ ? std::make_unique<Criterion>(*other.operand_) : nullptr) {}
Not& Not::operator=(const Not& other) {
  if (this != &other) {
    operand_ = other.operand_ ? std::make_unique<Criterion>(*other.operand_) : nullptr;
  }
  return *this;
}
Not::~Not() = default;

bool Not::operator==(const Not& other) const {
  if (!operand_ || !other.operand_) return operand_ == other.operand_;
  return *operand_ == *other.operand_;
}

bool All::operator==(const All& other) const { return operands == other.operands; }
bool Any::operator==(const Any& other) const { return operands == other.operands; }
bool Criterion::operator==(const Criterion& other) const { return node == other.node; }

bool IsEventCriterion(const Criterion& criterion) {
  return std::holds_alternative<Condition>(criterion.node) ||
         std::holds_alternative<Drug>(criterion.node) ||
         std::holds_alternative<Procedure>(criterion.node) ||
         std::holds_alternative<Stay>(criterion.node);
}

namespace {

Status Refuse(const std::string& path, const std::string& reason) {
  return Status::InvalidArgument(path + ": " + reason);
}

Status CheckRange(const std::string& path, int value, int min, int max) {
  if (value < min || value > max) {
    return Refuse(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return Status::Ok();
}

// Walks the tree once, counting criteria and codes against the limits.
class Validator {
 public:
  Status Check(const Criterion& criterion, const std::string& path, int depth, bool under_any) {
    if (depth > kMaxDepth) {
      return Refuse(path, "criteria nested deeper than " + std::to_string(kMaxDepth));
    }
    if (++criteria_ > kMaxCriteria) {
      return Refuse(path, "more than " + std::to_string(kMaxCriteria) + " criteria");
    }
    return std::visit([&](const auto& node) { return CheckNode(node, path, depth, under_any); },
                      criterion.node);
  }

 private:
  Status CheckOperands(const std::vector<Criterion>& operands, const std::string& path, int depth,
                       bool under_any) {
    if (operands.empty()) return Refuse(path, "empty list");
    for (std::size_t i = 0; i < operands.size(); ++i) {
      SOVHUB_RETURN_IF_ERROR(
          Check(operands[i], path + "[" + std::to_string(i) + "]", depth + 1, under_any));
    }
    return Status::Ok();
  }
  Status CheckNode(const All& node, const std::string& path, int depth, bool under_any) {
    return CheckOperands(node.operands, path + ".all", depth, under_any);
  }
  Status CheckNode(const Any& node, const std::string& path, int depth, bool) {
    return CheckOperands(node.operands, path + ".any", depth, true);
  }
  Status CheckNode(const Not& node, const std::string& path, int depth, bool under_any) {
    return Check(node.operand(), path + ".not", depth + 1, under_any);
  }
  Status CheckNode(const Condition& node, const std::string& path, int, bool) {
    std::string at = path + ".condition";
    SOVHUB_RETURN_IF_ERROR(CheckCodes(CodeSystem::kIcd10, node.icd10, at + ".icd10", true));
    SOVHUB_RETURN_IF_ERROR(CheckWindow(node.window, at + ".window"));
    return CheckRange(at + ".min_count", node.min_count, 1, kMaxMinCount);
  }
  Status CheckNode(const Drug& node, const std::string& path, int, bool) {
    std::string at = path + ".drug";
    if (node.atc.empty() && node.cip13.empty()) return Refuse(at, "needs \"atc\" or \"cip13\"");
    SOVHUB_RETURN_IF_ERROR(CheckCodes(CodeSystem::kAtc, node.atc, at + ".atc", false));
    SOVHUB_RETURN_IF_ERROR(CheckCodes(CodeSystem::kCip13, node.cip13, at + ".cip13", false));
    SOVHUB_RETURN_IF_ERROR(CheckWindow(node.window, at + ".window"));
    return CheckRange(at + ".min_count", node.min_count, 1, kMaxMinCount);
  }
  Status CheckNode(const Procedure& node, const std::string& path, int, bool) {
    std::string at = path + ".procedure";
    SOVHUB_RETURN_IF_ERROR(CheckCodes(CodeSystem::kCcam, node.ccam, at + ".ccam", true));
    SOVHUB_RETURN_IF_ERROR(CheckWindow(node.window, at + ".window"));
    return CheckRange(at + ".min_count", node.min_count, 1, kMaxMinCount);
  }
  Status CheckNode(const Stay& node, const std::string& path, int, bool) {
    std::string at = path + ".stay";
    SOVHUB_RETURN_IF_ERROR(
        CheckCodes(CodeSystem::kIcd10, node.diagnosis, at + ".diagnosis", false));
    if (node.min_days) {
      SOVHUB_RETURN_IF_ERROR(CheckRange(at + ".min_days", *node.min_days, 0, kMaxDays));
    }
    SOVHUB_RETURN_IF_ERROR(CheckWindow(node.window, at + ".window"));
    return CheckRange(at + ".min_count", node.min_count, 1, kMaxMinCount);
  }
  Status CheckNode(const Demographics& node, const std::string& path, int, bool under_any) {
    std::string at = path + ".demographics";
    if (!node.age && !node.sex && node.departments.empty()) {
      return Refuse(at, "needs \"age\", \"sex\" or \"department\"");
    }
    if (node.age) SOVHUB_RETURN_IF_ERROR(CheckAge(*node.age, at + ".age", under_any));
    codes_ += static_cast<int>(node.departments.size());
    if (codes_ > kMaxCodes) return Refuse(at, "more than " + std::to_string(kMaxCodes) + " codes");
    for (std::size_t i = 0; i < node.departments.size(); ++i) {
      if (!IsDepartment(node.departments[i])) {
        return Refuse(at + ".department[" + std::to_string(i) + "]",
                      Quote(node.departments[i]) + " is not a department");
      }
    }
    return Status::Ok();
  }
  Status CheckNode(const Death& node, const std::string& path, int, bool) {
    return CheckWindow(node.window, path + ".death.window");
  }

  Status CheckCodes(CodeSystem system, const std::vector<CodePattern>& codes,
                    const std::string& path, bool required) {
    if (required && codes.empty()) return Refuse(path, "empty list");
    codes_ += static_cast<int>(codes.size());
    if (codes_ > kMaxCodes) {
      return Refuse(path, "more than " + std::to_string(kMaxCodes) + " codes");
    }
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (!IsValidCodePattern(system, codes[i])) {
        return Refuse(path + "[" + std::to_string(i) + "]",
                      NotACode(system, FormatCodePattern(codes[i])));
      }
    }
    return Status::Ok();
  }

  static Status CheckWindow(const Window& window, const std::string& path) {
    for (const auto& [bound, name] :
         {std::pair{&window.from, "from"}, std::pair{&window.to, "to"}}) {
      if (*bound && (!IsValidDate((*bound)->year, (*bound)->month, (*bound)->day) ||
                     (*bound)->year < 1 || (*bound)->year > 9999)) {
        return Refuse(path + "." + name, "not a valid date");
      }
    }
    if (window.from && window.to && *window.from > *window.to) {
      return Refuse(
          path, "from " + ToIsoString(*window.from) + " is after to " + ToIsoString(*window.to));
    }
    return Status::Ok();
  }

  static Status CheckAge(const AgeRange& age, const std::string& path, bool under_any) {
    if (under_any) {
      return Refuse(path,
                    "the age is taken at the index date, which the branches of an \"any\" "
                    "decide: it cannot be used under \"any\"");
    }
    if (!age.min && !age.max) return Refuse(path, "needs \"min\" or \"max\"");
    if (age.min) SOVHUB_RETURN_IF_ERROR(CheckRange(path + ".min", *age.min, 0, kMaxAge));
    if (age.max) SOVHUB_RETURN_IF_ERROR(CheckRange(path + ".max", *age.max, 0, kMaxAge));
    if (age.min && age.max && *age.min > *age.max) {
      return Refuse(path, "min " + std::to_string(*age.min) + " is greater than max " +
                              std::to_string(*age.max));
    }
    return Status::Ok();
  }

  int criteria_ = 0;
  int codes_ = 0;
};

}  // namespace

Status Validate(const Definition& definition) {
  if (definition.version != kVersion) {
    return Refuse("version", "unsupported version " + std::to_string(definition.version) +
                                 " (this hub reads version " + std::to_string(kVersion) + ")");
  }
  SOVHUB_RETURN_IF_ERROR(Validator().Check(definition.population, "population", 1, false));
  SOVHUB_RETURN_IF_ERROR(CheckRange("washout_days", definition.washout_days, 0, kMaxDays));
  return CheckRange("follow_up_days", definition.follow_up_days, 0, kMaxDays);
}

}  // namespace sovhub::cohort
