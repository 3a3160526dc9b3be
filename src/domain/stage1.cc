// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/stage1.h"

#include "domain/nir.h"

namespace sovhub::pseudonym {
namespace {

constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

Result<std::string> Stage1Message(std::string_view nir_text, const CivilDate& birth_date,
                                  int sex) {
  nir::Identifier id = nir::Classify(nir_text);
  if (id.kind != nir::IdentifierKind::kNir) {
    SOVHUB_ASSIGN_OR_RETURN(std::string ignored, nir::ParseNir(nir_text));
    (void)ignored;
    return Status::Internal("NIR classification disagrees with ParseNir");
  }
  return Stage1Message(id, birth_date, sex);
}

Result<std::string> Stage1Message(const nir::Identifier& id, const CivilDate& birth_date,
                                  int sex) {
  if (id.kind != nir::IdentifierKind::kNir) {
    return Status::InvalidArgument("not a valid NIR");
  }
  if (sex != 1 && sex != 2) return Status::InvalidArgument("sex must be 1 or 2");
  if (!IsValidDate(birth_date.year, birth_date.month, birth_date.day)) {
    return Status::InvalidArgument("birth date is not a real date");
  }
  if (id.sex != sex) return Status::InvalidArgument("the NIR's sex digit disagrees with the sex given");
  if (id.birth_year2 != birth_date.year % 100) {
    return Status::InvalidArgument("the NIR's birth year disagrees with the birth date");
  }
  if (id.birth_month != 0 && id.birth_month != birth_date.month) {
    return Status::InvalidArgument("the NIR's birth month disagrees with the birth date");
  }
  std::string message = id.canonical;
  message += ToIsoString(birth_date);
  message += static_cast<char>('0' + sex);
  return message;
}

void EncodeIdentifier(std::span<const std::uint8_t, 32> digest, char* out) {
  // Two 64-bit words give 10 + 7 digits; 64-bit division by the constant 62
  // compiles to a multiplication, where 128-bit arithmetic would cost a library
  // call per digit in the pseudonymiser's hot loop.
  std::uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) high = high << 8 | digest[i];
  for (int i = 8; i < 16; ++i) low = low << 8 | digest[i];
  for (int i = 9; i >= 0; --i) {
    out[i] = kDigits[high % 62];
    high /= 62;
  }
  for (int i = 16; i >= 10; --i) {
    out[i] = kDigits[low % 62];
    low /= 62;
  }
}

std::string EncodeIdentifier(std::span<const std::uint8_t, 32> digest) {
  std::string text(kIdentifierLength, '0');
  EncodeIdentifier(digest, text.data());
  return text;
}

bool IsEncodedIdentifier(std::string_view text) {
  if (text.size() != kIdentifierLength) return false;
  for (char c : text) {
    if (!IsBase62(c)) return false;
  }
  return true;
}

}  // namespace sovhub::pseudonym
