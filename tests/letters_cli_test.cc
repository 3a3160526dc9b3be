// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The citizen's letter tracker as a citizen runs it: letters of every type in
// French and English rendered to PDF and read back with `pdftotext` (from
// poppler-utils) for every required field; the reminder; the CNIL complaint
// dossier; the tracker file never holding a full NIR; `rights due-date`.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

#include "command.h"
#include "letters/letter.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

constexpr const char* kNir = "255081416802538";  // valid (key 38)

// A directory of the test's own: a fictional organisation with a SIREN
// (Luhn-valid), and the CNIL for the complaint's filing address.
constexpr const char* kDirectory = R"toml(format = "sovhub-addressees/1"
[[addressee]]
id = "cnil"
name = "Commission nationale de l'informatique et des libertés (CNIL)"
address = ["3 place de Fontenoy", "TSA 80715", "75334 Paris Cedex 07"]
siren = "130006877"
source = "test"
verified = true

[[addressee]]
id = "exemple"
name = "Caisse d'exemple"
role = "Délégué à la protection des données"
address = ["1 rue de l'Exemple", "99000 Exempleville"]
email = "dpo@exemple.test"
siren = "123456782"
source = "test"
)toml";

// pdftotext's output with every run of whitespace made one space, and words
// split at a line-end hyphen joined again.
std::string PdfText(const std::filesystem::path& pdf) {
  const std::string command = "pdftotext -enc UTF-8 '" + pdf.string() + "' - 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "";
  std::string raw;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) raw.append(buffer.data(), n);
  std::string text;
  bool space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '-' && i + 1 < raw.size() && raw[i + 1] == '\n') {
      text += '-';
      ++i;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !text.empty()) text += ' ';
    space = false;
    text += c;
  }
  return text;
}

void ExpectAll(const std::string& text, const std::vector<std::string>& phrases, const std::string& label) {
  for (const std::string& phrase : phrases) {
    EXPECT_NE(text.find(phrase), std::string::npos) << label << ": missing \"" << phrase << "\" in:\n" << text;
  }
}

class LettersCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(std::system("command -v pdftotext > /dev/null"), 0)
        << "pdftotext is missing: run scripts/install-deps (poppler-utils)";
    std::ofstream(dir_ / "addressees.toml") << kDirectory;
  }

  CommandResult Letter(std::vector<std::string> args) {
    args.insert(args.begin(), "letter");
    args.push_back("--tracker");
    args.push_back(Tracker());
    return RunSovhub(args);
  }
  CommandResult New(const std::string& type, const std::string& lang, const std::string& to,
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"new",          "--type",    type,         "--to",
                                     to,             "--lang",    lang,         "--name",
                                     "Camille Martin", "--birth-date", "1955-08-14", "--address",
                                     "12 rue des Lilas", "--address", "49000 Angers", "--date",
                                     "2026-03-02",   "--place",   "Angers"};
    if (to != "cpam-49") extra.insert(extra.end(), {"--directory", (dir_ / "addressees.toml").string()});
    args.insert(args.end(), extra.begin(), extra.end());
    return Letter(args);
  }
  std::string Tracker() const { return (dir_ / "letters.json").string(); }

  TempDir dir_;
};

struct LetterCase {
  std::string type, lang;
  std::vector<std::string> phrases;
};

TEST_F(LettersCliTest, EveryLetterTypeInBothLanguagesHasEveryRequiredFieldInItsPdf) {
  const std::vector<LetterCase> cases = {
      {"opposition", "fr",
       {"14 août 1955", "article 21 du règlement (UE) 2016/679", "article 74 de la loi n° 78-17",
        "article R. 1461-9 du code de la santé publique", "Ma demande porte sur : la réutilisation",
        "Système national des données de santé", "confirmer par écrit", "ce délai expire le 2 avril 2026", "CNIL"}},
      {"opposition", "en",
       {"14 August 1955", "Article 21 of Regulation (EU) 2016/679", "Article 74 of French Law No. 78-17",
        "Article R. 1461-9 of the French Public Health Code", "My request covers: the reuse",
        "National Health Data System", "confirm in writing", "that period ends on 2 April 2026", "CNIL"}},
      {"access", "fr",
       {"14 août 1955", "article 15 du règlement (UE) 2016/679", "Ma demande porte sur : l'ensemble des données",
        "confirmer par écrit", "ce délai expire le 2 avril 2026", "CNIL"}},
      {"access", "en",
       {"14 August 1955", "Article 15 of Regulation (EU) 2016/679", "My request covers: all personal data",
        "confirm in writing", "that period ends on 2 April 2026", "CNIL"}},
      {"erasure", "fr",
       {"14 août 1955", "article 17 du règlement (UE) 2016/679", "Ma demande porte sur : l'ensemble des données",
        "confirmer par écrit l'effacement", "ce délai expire le 2 avril 2026", "CNIL"}},
      {"erasure", "en",
       {"14 August 1955", "Article 17 of Regulation (EU) 2016/679", "My request covers: all personal data",
        "confirm the erasure in writing", "that period ends on 2 April 2026", "CNIL"}},
  };
  int id = 0;
  for (const LetterCase& c : cases) {
    ++id;
    const std::string label = c.type + "/" + c.lang;
    CommandResult made = New(c.type, c.lang, "cpam-49");
    ASSERT_EQ(made.exit_code, 0) << label << ": " << made.err;
    const std::filesystem::path pdf =
        dir_ / ("letter-" + std::to_string(id) + "-" + c.type + "-" + c.lang + ".pdf");
    ASSERT_TRUE(std::filesystem::exists(pdf)) << made.out;
    const std::string text = PdfText(pdf);
    ExpectAll(text, c.phrases, label);
    // Identity and addressee, from the shipped directory.
    ExpectAll(text, {"Camille Martin", "12 rue des Lilas", "49000 Angers", "CPAM de Maine-et-Loire",
                     "32 rue Louis Gain", "49937 Angers Cedex 9"},
              label);
    // The text file says the same words.
    std::string txt;
    for (char ch : ReadFileOrFail(pdf.parent_path() / (pdf.stem().string() + ".txt"))) {
      if (ch == '\n') ch = ' ';
      if (ch != ' ' || txt.empty() || txt.back() != ' ') txt += ch;
    }
    ExpectAll(txt, {c.phrases.back(), c.phrases[c.phrases.size() - 2], "Camille Martin"}, label + " (text)");
  }
}

TEST_F(LettersCliTest, TheNirIsInTheLetterButNeverInTheTracker) {
  CommandResult made = New("opposition", "fr", "exemple", {"--nir", kNir});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(PdfText(dir_ / "letter-1-opposition-fr.pdf").find("2 55 08 14 168 025 38"), std::string::npos);
  const std::string tracker = ReadFileOrFail(Tracker());
  EXPECT_FALSE(letters::ContainsFullNir(tracker)) << tracker;
  std::string digits;
  for (char c : tracker) {
    if (c >= '0' && c <= '9') digits += c;
  }
  EXPECT_EQ(digits.find("2550814168025"), std::string::npos);
  EXPECT_NE(tracker.find("\"nir_in_letter\": true"), std::string::npos);

  // The last digits alone are kept; a NIR typed elsewhere is refused.
  ASSERT_EQ(New("access", "en", "exemple", {"--nir-last-digits", "38"}).exit_code, 0);
  EXPECT_NE(ReadFileOrFail(Tracker()).find("\"nir_last_digits\": \"38\""), std::string::npos);
  CommandResult in_scope = New("access", "fr", "exemple", {"--scope", std::string("mon dossier ") + kNir});
  EXPECT_EQ(in_scope.exit_code, 2);
  CommandResult in_address = New("access", "fr", "exemple", {"--address", kNir});
  EXPECT_EQ(in_address.exit_code, 2);
  EXPECT_EQ(in_address.err.find(kNir), std::string::npos) << "never echo a NIR";
  EXPECT_FALSE(letters::ContainsFullNir(ReadFileOrFail(Tracker())));

  CommandResult bad_key = New("opposition", "fr", "exemple", {"--nir", "255081416802539"});
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.err.find("--nir"), std::string::npos);
  EXPECT_EQ(bad_key.err.find("255081416802539"), std::string::npos);
}

TEST_F(LettersCliTest, ReminderThenComplaintDossierInFrench) {
  ASSERT_EQ(New("opposition", "fr", "exemple").exit_code, 0);
  ASSERT_EQ(Letter({"sent", "1", "--channel", "registered-mail", "--date", "2026-03-02", "--delivered", "2026-03-04",
                    "--reference", "1A 234 567"})
                .exit_code,
            0);
  // Received 4 March: one month is Saturday 4 April, then Easter Monday: due 7 April.
  CommandResult early = Letter({"remind", "1", "--today", "2026-04-07"});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("not overdue: the deadline is 2026-04-07"), std::string::npos) << early.err;
  CommandResult soon = Letter({"remind", "--today", "2026-04-02"});
  EXPECT_EQ(soon.exit_code, 0);
  EXPECT_NE(soon.out.find("due-soon"), std::string::npos) << soon.out;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "letter-1-reminder-1.pdf"));
  EXPECT_EQ(Letter({"complaint", "1", "--today", "2026-04-02", "--directory", (dir_ / "addressees.toml").string()})
                .exit_code,
            2);

  CommandResult reminded = Letter({"remind", "--today", "2026-04-10"});
  ASSERT_EQ(reminded.exit_code, 0) << reminded.err;
  ExpectAll(PdfText(dir_ / "letter-1-reminder-1.pdf"),
            {"relance", "Le 2 mars 2026", "lettre recommandée avec accusé de réception n° 1A 234 567",
             "reçue le 4 mars 2026", "a expiré le 7 avril 2026", "CNIL", "Camille Martin", "Caisse d'exemple"},
            "reminder");
  // Only one automatic reminder per letter.
  ASSERT_EQ(Letter({"remind", "--today", "2026-04-12"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "letter-1-reminder-2.pdf"));

  CommandResult complaint = Letter({"complaint", "1", "--today", "2026-04-30", "--attachment",
                                    "Copie de ma pièce d'identité", "--directory",
                                    (dir_ / "addressees.toml").string()});
  ASSERT_EQ(complaint.exit_code, 0) << complaint.err;
  ExpectAll(PdfText(dir_ / "letter-1-complaint.pdf"),
            {"Dossier de réclamation", "Plaignant", "Camille Martin", "14 août 1955", "12 rue des Lilas, 49000 Angers",
             "Organisme mis en cause", "Caisse d'exemple", "1 rue de l'Exemple, 99000 Exempleville",
             "SIREN : 123 456 782", "Chronologie", "2 mars 2026 — Demande rédigée",
             "2 mars 2026 — Envoi par lettre recommandée avec accusé de réception n° 1A 234 567",
             "4 mars 2026 — Réception par l'organisme", "7 avril 2026 — Expiration du délai",
             "10 avril 2026 — Relance", "30 avril 2026 — Constitution", "droit d'opposition (article 21 du RGPD",
             "Pièces jointes", "letter-1-opposition-fr.pdf", "letter-1-reminder-1.pdf",
             "Copie de ma pièce d'identité", "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"},
            "complaint fr");
  CommandResult list = Letter({"list", "--today", "2026-04-30"});
  EXPECT_NE(list.out.find("complained"), std::string::npos) << list.out;
}

TEST_F(LettersCliTest, ComplaintAfterAnUnsatisfactoryAnswerInEnglish) {
  ASSERT_EQ(New("access", "en", "exemple", {"--email", "camille@example.org"}).exit_code, 0);
  ASSERT_EQ(Letter({"sent", "1", "--channel", "email", "--date", "2026-03-02"}).exit_code, 0);
  ASSERT_EQ(Letter({"answer", "1", "--date", "2026-03-20", "--summary", "Partial copy, no recipients listed"}).exit_code,
            0);
  CommandResult remind = Letter({"remind", "1", "--today", "2026-04-10"});
  EXPECT_EQ(remind.exit_code, 2) << "an answered letter is not reminded";
  CommandResult complaint =
      Letter({"complaint", "1", "--today", "2026-03-25", "--directory", (dir_ / "addressees.toml").string()});
  ASSERT_EQ(complaint.exit_code, 0) << complaint.err;
  ExpectAll(PdfText(dir_ / "letter-1-complaint.pdf"),
            {"Complaint file", "Complainant", "Camille Martin", "14 August 1955", "camille@example.org",
             "Organisation complained about", "Caisse d'exemple", "1 rue de l'Exemple, 99000 Exempleville",
             "SIREN : 123 456 782", "Chronology of letters and answers", "2 March 2026 — Sent by e-mail to dpo@exemple.test",
             "2 April 2026 — End of the one-month period",
             "20 March 2026 — Answer from the organisation: Partial copy, no recipients listed (unsatisfactory)",
             "right of access (GDPR Article 15)", "Attachments", "letter-1-access-en.pdf", "Copy of the e-mail sent",
             "The organisation's answer of 20 March 2026", "TSA 80715"},
            "complaint en");
}

TEST_F(LettersCliTest, ErrorsNameWhatIsWrong) {
  CommandResult unknown = New("access", "fr", "nowhere");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no addressee \"nowhere\""), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("exemple"), std::string::npos) << "lists the known ids";
  CommandResult bad_type = New("rectification", "fr", "exemple");
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_NE(bad_type.err.find("--type"), std::string::npos);
  CommandResult bad_date = Letter({"sent", "1", "--channel", "email", "--date", "2026-02-30"});
  EXPECT_EQ(bad_date.exit_code, 2);
  CommandResult no_letter = Letter({"sent", "9", "--channel", "email", "--date", "2026-03-02"});
  EXPECT_EQ(no_letter.exit_code, 2);
  EXPECT_NE(no_letter.err.find("no letter 9"), std::string::npos);
  EXPECT_EQ(RunSovhub({"letter", "new", "--type", "access"}).exit_code, 1) << "missing options: usage";
  std::ofstream(Tracker()) << "{\"format\": \"sovhub-letters/1\", \"letters\": [{\"id\": 1}]}";
  CommandResult corrupt = Letter({"list"});
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find("letters.json: letters[0].type: missing"), std::string::npos) << corrupt.err;
}

TEST(RightsCliTest, DueDate) {
  CommandResult plain = RunSovhub({"rights", "due-date", "--received", "2026-01-31"});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, "2026-03-02\n");
  EXPECT_EQ(RunSovhub({"rights", "due-date", "--received", "2026-01-31", "--extended"}).out, "2026-04-30\n");
  EXPECT_EQ(RunSovhub({"rights", "due-date", "--received", "2024-01-31"}).out, "2024-02-29\n");
  CommandResult whit = RunSovhub({"rights", "due-date", "--received", "2026-04-25", "--explain"});
  EXPECT_NE(whit.out.find("2026-05-26\n"), std::string::npos);
  EXPECT_NE(whit.out.find("2026-05-25 is Whit Monday"), std::string::npos) << whit.out;
  EXPECT_EQ(RunSovhub({"rights", "due-date", "--received", "2026-03-03", "--calendar", "alsace-moselle"}).out,
            "2026-04-07\n");
  CommandResult bad = RunSovhub({"rights", "due-date", "--received", "2026-02-30"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--received"), std::string::npos);
  EXPECT_EQ(RunSovhub({"rights", "due-date"}).exit_code, 1);
  CommandResult help = RunSovhub({"rights", "due-date", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::testing
