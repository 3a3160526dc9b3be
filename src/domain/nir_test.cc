// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/nir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "testing/testing.h"

namespace sovhub::nir {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// The key by the published formula, written apart from nir.cc on purpose:
// 2A/2B become 19/18 at the department position, then 97 - (N mod 97) on the
// 13-digit number.
int FormulaKey(std::string body) {
  body = Upper(WithoutSpaces(body));
  if (body.substr(5, 2) == "2A") body.replace(5, 2, "19");
  if (body.substr(5, 2) == "2B") body.replace(5, 2, "18");
  std::int64_t n = std::stoll(body);
  return static_cast<int>(97 - n % 97);
}

// `value` (>= 0) with leading zeros up to `width` digits.
std::string Padded(int value, std::size_t width) {
  std::string digits = std::to_string(value);
  return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
}

std::string TwoDigits(int value) { return Padded(value, 2); }

// `body` followed by its key, computed by FormulaKey.
std::string WithKey(std::string_view body) {
  return std::string(body) + TwoDigits(FormulaKey(std::string(body)));
}

// The message may be logged: no five consecutive characters of the
// identifier may appear in it.
void ExpectNoIdentifierIn(const std::string& message, std::string_view text) {
  std::string compact = WithoutSpaces(text);
  for (std::size_t i = 0; i + 5 <= compact.size(); ++i) {
    EXPECT_THAT(message, Not(HasSubstr(compact.substr(i, 5))))
        << "message leaks part of the identifier";
  }
}

// Classifies `text`, expects kInvalid with `fragment` in the message, and
// ParseNir to give the same message.
void ExpectInvalid(std::string_view text, std::string_view fragment) {
  SCOPED_TRACE(std::string("input \"") + std::string(text) + "\"");
  Identifier identifier = Classify(text);
  EXPECT_EQ(identifier.kind, IdentifierKind::kInvalid);
  EXPECT_THAT(identifier.canonical, IsEmpty());
  EXPECT_THAT(identifier.problem, HasSubstr(std::string(fragment)));
  ExpectNoIdentifierIn(identifier.problem, text);
  Result<std::string> parsed = ParseNir(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(), identifier.problem);
}

void ExpectNir(std::string_view text) {
  SCOPED_TRACE(std::string("input \"") + std::string(text) + "\"");
  Identifier identifier = Classify(text);
  EXPECT_EQ(identifier.kind, IdentifierKind::kNir) << identifier.problem;
  EXPECT_EQ(identifier.canonical, Upper(WithoutSpaces(text)));
  Result<std::string> parsed = ParseNir(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, identifier.canonical);
}

// ---------------------------------------------------------------------------
// The shared vectors (../shared/data/nir/nir_vectors.json), read at run time.

nlohmann::json LoadVectors() {
  std::string text =
      sovhub::testing::ReadFileOrFail(sovhub::testing::SharedData("nir/nir_vectors.json"));
  nlohmann::json vectors = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(vectors.is_discarded()) << "nir_vectors.json is not valid JSON";
  EXPECT_TRUE(vectors.is_object());
  return vectors.is_object() ? vectors : nlohmann::json::object();
}

// The array `vectors[section]` (or `vectors[section][sub]`), failing the test
// when absent or empty so that a renamed section cannot pass silently.
std::vector<nlohmann::json> Section(const nlohmann::json& vectors, const char* section,
                                    const char* sub = nullptr) {
  const nlohmann::json* node = &vectors;
  for (const char* name : {section, sub}) {
    if (name == nullptr) break;
    if (!node->is_object() || !node->contains(name)) {
      ADD_FAILURE() << "vectors lack section " << name;
      return {};
    }
    node = &(*node)[name];
  }
  if (!node->is_array() || node->empty()) {
    ADD_FAILURE() << "section " << section << " is not a non-empty array";
    return {};
  }
  return std::vector<nlohmann::json>(node->begin(), node->end());
}

std::string Field(const nlohmann::json& entry, const char* name) {
  if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string()) {
    ADD_FAILURE() << "vector lacks string field " << name << ": " << entry.dump();
    return "";
  }
  return entry[name].get<std::string>();
}

std::string Text(const nlohmann::json& entry) {
  if (!entry.is_string()) {
    ADD_FAILURE() << "expected a string: " << entry.dump();
    return "";
  }
  return entry.get<std::string>();
}

TEST(NirVectors, ValidAreNirs) {
  nlohmann::json vectors = LoadVectors();
  for (const nlohmann::json& entry : Section(vectors, "valid")) {
    ExpectNir(Field(entry, "nir"));
  }
}

TEST(NirVectors, BodiesWithoutKeyAreValidButNotNirs) {
  nlohmann::json vectors = LoadVectors();
  for (const nlohmann::json& entry : Section(vectors, "valid_13_char_body_without_key")) {
    std::string text = Field(entry, "nir");
    SCOPED_TRACE(text);
    Identifier identifier = Classify(text);
    EXPECT_EQ(identifier.kind, IdentifierKind::kNirBodyWithoutKey) << identifier.problem;
    EXPECT_EQ(identifier.canonical, WithoutSpaces(text));
    EXPECT_EQ(identifier.problem, "no control key given");
    Result<std::string> parsed = ParseNir(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().message(), "13-character body without control key");
  }
}

TEST(NirVectors, KeyComputation) {
  nlohmann::json vectors = LoadVectors();
  int flagged = 0;
  for (const nlohmann::json& entry : Section(vectors, "key_computation")) {
    std::string body = Field(entry, "body");
    std::string key = Field(entry, "key");
    SCOPED_TRACE(body);
    Result<int> computed = ControlKey(WithoutSpaces(body));
    if (entry.contains("warning")) {
      // CNAM substitutes 2B anywhere; the department is at positions 6-7
      // only, so we refuse the body instead of returning its 78.
      ++flagged;
      EXPECT_FALSE(computed.ok()) << "returned " << (computed.ok() ? *computed : 0);
      EXPECT_EQ(Classify(body + key).kind, IdentifierKind::kInvalid);
      continue;
    }
    ASSERT_TRUE(computed.ok()) << computed.status().ToString();
    EXPECT_EQ(TwoDigits(*computed), key);
    EXPECT_EQ(FormulaKey(body), *computed);
    // Every unflagged body is also a valid NIR body, so body + key is a NIR.
    ExpectNir(body + key);
  }
  EXPECT_EQ(flagged, 1);
}

TEST(NirVectors, InvalidAreRejected) {
  nlohmann::json vectors = LoadVectors();
  for (const nlohmann::json& entry : Section(vectors, "invalid")) {
    std::string text = Field(entry, "nir");
    SCOPED_TRACE(text + " (" + Field(entry, "reason") + ")");
    ExpectInvalid(text, "");
    EXPECT_THAT(Classify(text).problem, Not(IsEmpty()));
  }
}

TEST(NirVectors, ProvisionalNnp) {
  nlohmann::json vectors = LoadVectors();
  for (const nlohmann::json& entry : Section(vectors, "non_nir_identifiers_CNAM", "NNP_valid")) {
    std::string text = Text(entry);
    SCOPED_TRACE(text);
    Identifier identifier = Classify(text);
    EXPECT_EQ(identifier.kind, IdentifierKind::kNnp) << identifier.problem;
    EXPECT_EQ(identifier.canonical, WithoutSpaces(text));
    EXPECT_THAT(identifier.problem, HasSubstr("NNP"));
    Result<std::string> parsed = ParseNir(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().message(), "provisional identifier (NNP), not a NIR");
  }
  for (const nlohmann::json& entry :
       Section(vectors, "non_nir_identifiers_CNAM", "NNP_valid_only_with_useBefore2012")) {
    std::string text = Text(entry);
    SCOPED_TRACE(text);
    Identifier identifier = Classify(text);
    EXPECT_EQ(identifier.kind, IdentifierKind::kNnp) << identifier.problem;
    EXPECT_THAT(identifier.problem,
                HasSubstr("verification digit 0: valid only for numbers issued before 2012"));
    EXPECT_FALSE(ParseNir(text).ok());
  }
  for (const nlohmann::json& entry : Section(vectors, "non_nir_identifiers_CNAM", "NNP_invalid")) {
    std::string text = Text(entry);
    SCOPED_TRACE(text);
    EXPECT_NE(Classify(text).kind, IdentifierKind::kNnp);
    EXPECT_FALSE(ParseNir(text).ok());
  }
}

TEST(NirVectors, ProvisionalMig) {
  nlohmann::json vectors = LoadVectors();
  for (const nlohmann::json& entry : Section(vectors, "non_nir_identifiers_CNAM", "MIG_valid")) {
    std::string text = Text(entry);
    SCOPED_TRACE(text);
    Identifier identifier = Classify(text);
    EXPECT_EQ(identifier.kind, IdentifierKind::kMig) << identifier.problem;
    EXPECT_EQ(identifier.canonical, WithoutSpaces(text));
    Result<std::string> parsed = ParseNir(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().message(), "provisional identifier (MIG), not a NIR");
  }
  for (const nlohmann::json& entry : Section(vectors, "non_nir_identifiers_CNAM", "MIG_invalid")) {
    std::string text = Text(entry);
    SCOPED_TRACE(text);
    EXPECT_NE(Classify(text).kind, IdentifierKind::kMig);
  }
}

// "2 2 789 65432189" is listed as an invalid NNP and MIG by CNAM. Read as a
// NIR it is sex 2, year 27, month 89 (unknown), department 65, commune 432,
// order 189: a valid body, which CNAM's NIR validator accepts too.
TEST(NirVectors, InvalidProvisionalShapeIsANirBody) {
  Identifier identifier = Classify("2 2 789 65432189");
  EXPECT_EQ(identifier.kind, IdentifierKind::kNirBodyWithoutKey);
  EXPECT_EQ(identifier.birth_month, 0);
  EXPECT_EQ(identifier.department, "65");
}

// ---------------------------------------------------------------------------
// Hand-written cases. A valid body to mutate: man born in May 1985 in Paris
// (75), commune 123, order 456.

constexpr std::string_view kBody = "1850575123456";

std::string Mutated(std::size_t at, std::string_view replacement) {
  std::string body(kBody);
  body.replace(at, replacement.size(), replacement);
  return body;
}

TEST(Classify, DecodesAValidNir) {
  std::string nir = WithKey(kBody);
  Identifier identifier = Classify(nir);
  ASSERT_EQ(identifier.kind, IdentifierKind::kNir) << identifier.problem;
  EXPECT_EQ(identifier.canonical, nir);
  EXPECT_THAT(identifier.problem, IsEmpty());
  EXPECT_EQ(identifier.sex, 1);
  EXPECT_EQ(identifier.birth_year2, 85);
  EXPECT_EQ(identifier.birth_month, 5);
  EXPECT_EQ(identifier.department, "75");
}

TEST(Classify, SpacesAnywhereAreSeparators) {
  std::string nir = WithKey(kBody);
  ExpectNir("  " + nir.substr(0, 4) + "   " + nir.substr(4) + " ");
}

TEST(Classify, RejectsSexOtherThanOneOrTwo) {
  for (std::string_view sex : {"0", "3", "4", "9"}) {
    ExpectInvalid(WithKey(Mutated(0, sex)), "sex digit must be 1 (male) or 2 (female)");
  }
}

TEST(Classify, RejectsFifteenCharactersStartingLikeAProvisionalIdentifier) {
  for (std::string_view first : {"5", "6", "7", "8"}) {
    ExpectInvalid(WithKey(Mutated(0, first)), "provisional identifier");
  }
}

TEST(Classify, RejectsMonthsThatAreNeverIssued) {
  for (std::string_view month : {"00", "13", "19"}) {
    ExpectInvalid(WithKey(Mutated(3, month)), "birth month must be 01-12, or 20-99");
  }
}

TEST(Classify, AcceptsUnknownMonthsAsZero) {
  for (std::string_view month : {"20", "42", "50", "99"}) {
    Identifier identifier = Classify(WithKey(Mutated(3, month)));
    EXPECT_EQ(identifier.kind, IdentifierKind::kNir) << month;
    EXPECT_EQ(identifier.birth_month, 0) << month;
  }
  EXPECT_EQ(Classify(WithKey(Mutated(3, "12"))).birth_month, 12);
}

TEST(Classify, RejectsDepartmentsThatDoNotExist) {
  ExpectInvalid(WithKey(Mutated(5, "00")), "department must be 01-96, 2A, 2B");
  // 96: births in Tunisia before 1956, still carried by living people.
  EXPECT_EQ(Classify(WithKey(Mutated(5, "96"))).kind, IdentifierKind::kNir);
  ExpectInvalid(Mutated(5, "2C") + "00", "only departments with a letter are 2A and 2B");
  ExpectInvalid(Mutated(5, "1A") + "00", "letter outside the department position");
}

TEST(Classify, AcceptsDepartmentTwentyForCorsicaBefore1976) {
  Identifier identifier = Classify(WithKey(Mutated(5, "20")));
  EXPECT_EQ(identifier.kind, IdentifierKind::kNir) << identifier.problem;
  EXPECT_EQ(identifier.department, "20");
}

TEST(Classify, RejectsCommuneZero) {
  ExpectInvalid(WithKey(Mutated(7, "000")), "commune must be 001-999");
  ExpectInvalid(WithKey(Mutated(5, "2A000")), "commune must be 001-999");
}

TEST(Classify, RejectsOrderZero) {
  ExpectInvalid(WithKey(Mutated(10, "000")), "order number must be 001-999");
}

TEST(Classify, RejectsKeysOutsideOneToNinetySeven) {
  for (std::string_view key : {"00", "98", "99"}) {
    ExpectInvalid(std::string(kBody) + std::string(key), "control key must be 01-97");
  }
}

TEST(Classify, RejectsAWrongKeyWithoutSayingEitherValue) {
  int key = FormulaKey(std::string(kBody));
  std::string wrong = TwoDigits(key == 97 ? 1 : key + 1);
  ExpectInvalid(std::string(kBody) + wrong, "control key does not match the body");
  Identifier identifier = Classify(std::string(kBody) + wrong);
  EXPECT_THAT(identifier.problem, Not(HasSubstr(wrong)));
  EXPECT_THAT(identifier.problem, Not(HasSubstr(TwoDigits(key))));
}

// Over 999 consecutive orders the body runs through every residue mod 97, so
// both ends of the key range occur.
TEST(Classify, AcceptsKeysOneAndNinetySeven) {
  bool seen_one = false;
  bool seen_ninety_seven = false;
  for (int order = 1; order <= 999; ++order) {
    std::string body = Mutated(10, Padded(order, 3));
    int key = FormulaKey(body);
    if (key != 1 && key != 97) continue;
    seen_one |= key == 1;
    seen_ninety_seven |= key == 97;
    ExpectNir(body + TwoDigits(key));
  }
  EXPECT_TRUE(seen_one);
  EXPECT_TRUE(seen_ninety_seven);
}

TEST(Classify, RejectsLettersOutsideTheDepartment) {
  std::string nir = WithKey(kBody);
  for (std::size_t at : {0u, 2u, 4u, 5u, 7u, 9u, 12u, 14u}) {
    std::string text = nir;
    text[at] = 'A';
    ExpectInvalid(text, "letter outside the department position");
  }
  // 2A shifted one place to the right.
  ExpectInvalid("1850572A12345" + std::string("00"), "letter outside the department");
}

TEST(Classify, RejectsWrongLengths) {
  std::string nir = WithKey(kBody);
  ExpectInvalid(nir.substr(0, 12), "12 characters once spaces are removed");
  ExpectInvalid(nir.substr(0, 14), "14 characters once spaces are removed");
  ExpectInvalid(nir + "0", "16 characters once spaces are removed");
  ExpectInvalid("1", "1 character once spaces are removed");
}

TEST(Classify, RejectsEmptyInput) {
  ExpectInvalid("", "empty identifier");
  ExpectInvalid("    ", "empty identifier");
}

TEST(Classify, RejectsSeparatorsOtherThanSpaces) {
  std::string nir = WithKey(kBody);
  for (std::string_view separator : {"-", ".", "\t", "\n", "/", "_"}) {
    ExpectInvalid(nir.substr(0, 5) + std::string(separator) + nir.substr(5),
                  "character other than digits, spaces");
  }
  ExpectInvalid(nir.substr(0, 5) + "\xC3\xA9" + nir.substr(7), "character other than");
  ExpectInvalid(std::string("185057512345\0"
                            "600",
                            16),
                "character other than");
}

TEST(Classify, CorsicaKeyCountsTwoAAsNineteenAndTwoBAsEighteen) {
  // A man born in Ajaccio (2A 004), order 012: the body as digits uses 19.
  std::string body_2a = "185052A004012";
  Result<int> key_2a = ControlKey(body_2a);
  ASSERT_TRUE(key_2a.ok());
  EXPECT_EQ(*key_2a, static_cast<int>(97 - 1850519004012LL % 97));
  Result<int> key_2b = ControlKey("185052B004012");
  ASSERT_TRUE(key_2b.ok());
  EXPECT_EQ(*key_2b, static_cast<int>(97 - 1850518004012LL % 97));

  Identifier identifier = Classify(body_2a + TwoDigits(*key_2a));
  ASSERT_EQ(identifier.kind, IdentifierKind::kNir) << identifier.problem;
  EXPECT_EQ(identifier.department, "2A");
  // The same body with department 20 has another key: 2A is not 20.
  EXPECT_NE(FormulaKey("1850520004012"), *key_2a);
}

TEST(Classify, AcceptsCorsicaInLowerCaseAndCanonicalisesIt) {
  std::string nir = "2 84 05 2a 321 025 52";
  Identifier identifier = Classify(nir);
  ASSERT_EQ(identifier.kind, IdentifierKind::kNir) << identifier.problem;
  EXPECT_EQ(identifier.canonical, "284052A32102552");
  EXPECT_EQ(identifier.department, "2A");
  Result<std::string> parsed = ParseNir("284052b321025" + TwoDigits(FormulaKey("284052B321025")));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->substr(5, 2), "2B");
}

TEST(Classify, AcceptsOverseasBirthsWithTwoDigitCommunes) {
  // Guadeloupe 971, commune 05; New Caledonia 988, commune 12.
  struct Case {
    std::string_view body;
    std::string_view department;
  };
  for (const Case& c :
       {Case{"1850597105123", "971"}, Case{"2901298812001", "988"}, Case{"1850597401999", "974"}}) {
    Identifier identifier = Classify(WithKey(c.body));
    EXPECT_EQ(identifier.kind, IdentifierKind::kNir) << c.body << ": " << identifier.problem;
    EXPECT_EQ(identifier.department, c.department);
  }
}

TEST(Classify, RejectsOverseasCodesWithoutTerritoryOrCommune) {
  ExpectInvalid(WithKey("1850597005123"), "overseas department must be 97x or 98x");
  ExpectInvalid(WithKey("1850598012123"), "overseas department must be 97x or 98x");
  ExpectInvalid(WithKey("1850597100123"), "overseas commune must be 01-99");
}

TEST(Classify, AcceptsBirthsAbroadWithACountryCode) {
  // Germany is INSEE country 99109.
  for (std::string_view body : {"1700399109042", "2950199001001", "2950199990001"}) {
    Identifier identifier = Classify(WithKey(body));
    EXPECT_EQ(identifier.kind, IdentifierKind::kNir) << body << ": " << identifier.problem;
    EXPECT_EQ(identifier.department, "99");
  }
}

TEST(Classify, RejectsCountryCodesOutsideTheInseeRange) {
  ExpectInvalid(WithKey("1700399000042"), "country code of a birth abroad must be 001-990");
  ExpectInvalid(WithKey("1700399991042"), "country code of a birth abroad must be 001-990");
}

TEST(Classify, BodyWithoutKeyIsDecodedAndKeyIsLeftOut) {
  Identifier identifier = Classify(kBody);
  ASSERT_EQ(identifier.kind, IdentifierKind::kNirBodyWithoutKey);
  EXPECT_EQ(identifier.canonical, kBody);
  EXPECT_EQ(identifier.department, "75");
  EXPECT_THAT(identifier.problem, Not(HasSubstr(TwoDigits(FormulaKey(std::string(kBody))))));
  // A 13-character body is checked like a full NIR.
  ExpectInvalid(Mutated(3, "13"), "birth month");
}

TEST(Classify, ProvisionalIdentifiers) {
  EXPECT_EQ(Classify("7112312345678").kind, IdentifierKind::kNnp);
  EXPECT_EQ(Classify("8212312345678").kind, IdentifierKind::kNnp);
  Identifier before_2012 = Classify("7012312345678");
  EXPECT_EQ(before_2012.kind, IdentifierKind::kNnp);
  EXPECT_THAT(before_2012.problem,
              HasSubstr("verification digit 0: valid only for numbers issued before 2012"));
  EXPECT_EQ(Classify("5112312345678").kind, IdentifierKind::kMig);
  EXPECT_EQ(Classify("6212312345678").kind, IdentifierKind::kMig);
  ExpectInvalid("7312312345678", "verification digit of 1 or 2");
  ExpectInvalid("5012312345678", "second digit of 1 or 2");
  ExpectInvalid("6312312345678", "second digit of 1 or 2");
  ExpectInvalid("711232A345678", "has only digits");
  ExpectInvalid("71123123456789", "14 characters once spaces are removed");
}

TEST(ControlKey, MatchesTheFormula) {
  for (std::string_view body :
       {kBody, std::string_view("1234567890123"), std::string_view("2999999999999")}) {
    Result<int> key = ControlKey(body);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(*key, FormulaKey(std::string(body)));
  }
}

TEST(ControlKey, RejectsTwoBOutsideTheDepartmentInsteadOfReturning78) {
  // CNAM's key spec expects 78 here by replacing "2B" wherever it is.
  Result<int> key = ControlKey("2B34567890123");
  ASSERT_FALSE(key.ok()) << "returned " << *key;
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
}

TEST(ControlKey, RejectsMalformedBodies) {
  for (std::string_view body :
       {std::string_view(""), std::string_view("185057512345"), std::string_view("18505751234567"),
        std::string_view("1850575 23456"), std::string_view("185052C123456"),
        std::string_view("1850575A23456"), std::string_view("185051A123456")}) {
    Result<int> key = ControlKey(body);
    ASSERT_FALSE(key.ok()) << "\"" << body << "\"";
    EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(ControlKey("185052a123456").ok());
}

TEST(ParseNir, AcceptsOnlyCompleteNirs) {
  std::string nir = WithKey(kBody);
  Result<std::string> parsed = ParseNir(nir.substr(0, 3) + " " + nir.substr(3));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, nir);
  EXPECT_EQ(ParseNir(kBody).status().message(), "13-character body without control key");
  EXPECT_EQ(ParseNir("7112312345678").status().message(),
            "provisional identifier (NNP), not a NIR");
  EXPECT_EQ(ParseNir("5112312345678").status().message(),
            "provisional identifier (MIG), not a NIR");
  EXPECT_EQ(ParseNir(std::string(kBody) + "00").status().message(), "control key must be 01-97");
}

}  // namespace
}  // namespace sovhub::nir

namespace sovhub::nir {
namespace {

// The guard that keeps raw NIRs out of what sovhub writes.
TEST(LooksLikeNir, AcceptsOnlyCompleteValidNirs) {
  EXPECT_TRUE(LooksLikeNir("255081416802538"));
  EXPECT_TRUE(LooksLikeNir("2 55 08 14 168 025 38"));
  EXPECT_TRUE(LooksLikeNir(" 253072B07300470"));
  EXPECT_FALSE(LooksLikeNir("255081416802539"));      // wrong key
  EXPECT_FALSE(LooksLikeNir("2550814168025"));        // body without key
  EXPECT_FALSE(LooksLikeNir("7112312345678"));        // NNP
  EXPECT_FALSE(LooksLikeNir("AcZaAckxCilGUEdOw"));    // a stage-1 identifier
  EXPECT_FALSE(LooksLikeNir("3400921605068"));        // a CIP13 code
  EXPECT_FALSE(LooksLikeNir("x255081416802538"));
}

}  // namespace
}  // namespace sovhub::nir
