// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/compose.h"

#include <gtest/gtest.h>

namespace sovhub::letters {
namespace {

constexpr const char* kNir = "255081416802538";

Letter Sample(LetterType type, Language language) {
  Letter l;
  l.id = 7;
  l.type = type;
  l.language = language;
  l.date = {2026, 3, 2};
  l.place = "Rennes";
  l.identity = {"Camille Martin", {1955, 8, 14}, {"12 rue des Lilas", "35000 Rennes"}, "camille@example.org", ""};
  l.to = {"cpam-99", "CPAM d'Exemple", "Délégué à la protection des données", {"1 rue de l'Exemple", "99000 Exempleville"},
          "", "", "99", "test data", false, ""};
  return l;
}

TEST(ComposeTest, LongDates) {
  EXPECT_EQ(FormatLongDate({2026, 5, 1}, Language::kFrench), "1er mai 2026");
  EXPECT_EQ(FormatLongDate({2026, 8, 15}, Language::kFrench), "15 août 2026");
  EXPECT_EQ(FormatLongDate({2026, 5, 1}, Language::kEnglish), "1 May 2026");
}

struct Expect {
  LetterType type;
  Language language;
  std::vector<std::string> phrases;
};

TEST(ComposeTest, EveryRequestLetterHoldsItsRequiredFields) {
  const std::vector<Expect> cases = {
      {LetterType::kOpposition, Language::kFrench,
       {"article 21 du règlement (UE) 2016/679", "article 74 de la loi n° 78-17", "article R. 1461-9 du code de la santé publique",
        "Système national des données de santé", "confirmer par écrit", "2 avril 2026", "CNIL"}},
      {LetterType::kOpposition, Language::kEnglish,
       {"Article 21 of Regulation (EU) 2016/679", "Article 74 of French Law No. 78-17", "Article R. 1461-9",
        "National Health Data System", "confirm in writing", "2 April 2026", "CNIL"}},
      {LetterType::kAccess, Language::kFrench,
       {"article 15 du règlement (UE) 2016/679", "données à caractère personnel", "confirmer par écrit", "2 avril 2026",
        "CNIL"}},
      {LetterType::kAccess, Language::kEnglish,
       {"Article 15 of Regulation (EU) 2016/679", "all personal data", "confirm in writing", "2 April 2026", "CNIL"}},
      {LetterType::kErasure, Language::kFrench,
       {"article 17 du règlement (UE) 2016/679", "article 19 du RGPD", "confirmer par écrit", "2 avril 2026", "CNIL"}},
      {LetterType::kErasure, Language::kEnglish,
       {"Article 17 of Regulation (EU) 2016/679", "Article 19", "confirm the erasure in writing", "2 April 2026", "CNIL"}},
  };
  for (const Expect& c : cases) {
    const std::string text = RenderText(ComposeRequestLetter(Sample(c.type, c.language), std::nullopt, {2026, 3, 2}), 100000);
    const std::string label = std::string(LetterTypeName(c.type)) + "/" + std::string(LanguageName(c.language));
    for (const std::string& phrase : c.phrases) EXPECT_NE(text.find(phrase), std::string::npos) << label << ": " << phrase;
    for (const char* identity : {"Camille Martin", "12 rue des Lilas", "35000 Rennes", "CPAM d'Exemple"}) {
      EXPECT_NE(text.find(identity), std::string::npos) << label << ": " << identity;
    }
    EXPECT_NE(text.find(c.language == Language::kFrench ? "14 août 1955" : "14 August 1955"), std::string::npos) << label;
    EXPECT_EQ(text.find("NIR"), std::string::npos) << label << ": no NIR unless asked";
  }
}

TEST(ComposeTest, TheDeadlineFollowsTheExpectedReceipt) {
  // Posted Friday 27 March 2026, expected Monday 30: one month is Thursday 30
  // April.
  Letter l = Sample(LetterType::kAccess, Language::kFrench);
  l.date = {2026, 3, 27};
  const std::string text = RenderText(ComposeRequestLetter(l, std::nullopt, {2026, 3, 30}), 100000);
  EXPECT_NE(text.find("Si elle vous parvient le 30 mars 2026, ce délai expire le 30 avril 2026"), std::string::npos)
      << text;
}

TEST(ComposeTest, TheNirIsPrintedOnlyWhenGivenAndTheLastDigitsOtherwise) {
  Letter l = Sample(LetterType::kOpposition, Language::kFrench);
  const std::string with_nir = RenderText(ComposeRequestLetter(l, std::string(kNir), {2026, 3, 2}), 100000);
  EXPECT_NE(with_nir.find("2 55 08 14 168 025 38"), std::string::npos);
  l.identity.nir_last_digits = "38";
  const std::string with_digits = RenderText(ComposeRequestLetter(l, std::nullopt, {2026, 3, 2}), 100000);
  EXPECT_NE(with_digits.find("se termine par 38"), std::string::npos);
  EXPECT_FALSE(ContainsFullNir(with_digits));
}

TEST(ComposeTest, ReminderCitesTheSendingAndTheExpiredDeadline) {
  Letter l = Sample(LetterType::kErasure, Language::kEnglish);
  l.sent = Sending{Channel::kRegisteredMail, {2026, 3, 2}, CivilDate{2026, 3, 4}, "1A 234"};
  const std::string text = RenderText(ComposeReminder(l, {2026, 4, 10}, std::nullopt), 100000);
  for (const char* phrase : {"reminder", "On 2 March 2026", "registered letter", "no. 1A 234", "received on 4 March 2026",
                             "ended on 7 April 2026", "CNIL", "10 April 2026"}) {
    EXPECT_NE(text.find(phrase), std::string::npos) << phrase << "\n" << text;
  }
}

TEST(ComposeTest, ComplaintDossierHoldsEveryField) {
  Letter l = Sample(LetterType::kOpposition, Language::kFrench);
  l.to.siren = "130006877";  // any valid SIREN for the test
  l.files = {"letter-7.pdf"};
  l.sent = Sending{Channel::kRegisteredMail, {2026, 3, 2}, CivilDate{2026, 3, 4}, "1A 234"};
  l.reminders.push_back({{2026, 4, 10}, {"letter-7-reminder-1.pdf"}});
  Addressee cnil{"cnil", "Commission nationale de l'informatique et des libertés (CNIL)", "", {"3 place de Fontenoy", "TSA 80715", "75334 Paris Cedex 07"}, "", "130006877", "", "s", true, ""};
  const std::string text = RenderText(ComposeComplaint(l, cnil, {2026, 5, 1}, {"Copie de ma carte d'identité"}), 100000);
  for (const char* phrase : {"Plaignant", "Camille Martin", "14 août 1955", "12 rue des Lilas, 35000 Rennes",
                             "Organisme mis en cause", "CPAM d'Exemple", "1 rue de l'Exemple, 99000 Exempleville",
                             "SIREN : 130 006 877", "Chronologie", "2 mars 2026 — Envoi par lettre recommandée",
                             "4 mars 2026 — Réception", "7 avril 2026 — Expiration", "10 avril 2026 — Relance",
                             "Pièces jointes", "letter-7.pdf", "letter-7-reminder-1.pdf", "Copie de ma carte d'identité",
                             "avis de réception de la lettre recommandée", "TSA 80715", "malgré ma relance"}) {
    EXPECT_NE(text.find(phrase), std::string::npos) << phrase << "\n" << text;
  }
  l.to.siren.clear();
  const std::string no_siren = RenderText(ComposeComplaint(l, cnil, {2026, 5, 1}, {}), 100000);
  EXPECT_NE(no_siren.find("SIREN : non connu"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::letters
