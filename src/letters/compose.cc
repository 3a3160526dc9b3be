// SPDX-License-Identifier: AGPL-3.0-or-later
//
// French and English sit side by side in each sentence so that a change to
// one is seen next to the other. The texts are sovhub's own.
#include "letters/compose.h"

#include "letters/compose_internal.h"

namespace sovhub::letters {

std::string FormatLongDate(const CivilDate& date, Language language) {
  static constexpr const char* kFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  static constexpr const char* kEn[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  const int m = date.month >= 1 && date.month <= 12 ? date.month - 1 : 0;
  if (language == Language::kFrench) {
    return (date.day == 1 ? std::string("1er") : std::to_string(date.day)) + " " + kFr[m] + " " +
           std::to_string(date.year);
  }
  return std::to_string(date.day) + " " + kEn[m] + " " + std::to_string(date.year);
}

std::string DefaultScope(LetterType type, Language language) {
  const bool fr = language == Language::kFrench;
  switch (type) {
    case LetterType::kOpposition:
      return fr ? "la réutilisation, à des fins de recherche, d'étude ou d'évaluation, des données de santé me "
                  "concernant issues du Système national des données de santé (SNDS), y compris leur mise à "
                  "disposition par la Plateforme des données de santé (Health Data Hub) et par tout autre "
                  "destinataire"
                : "the reuse, for research, study or evaluation, of health data about me held in the French "
                  "National Health Data System (SNDS), including their provision by the Health Data Hub "
                  "(Plateforme des données de santé) and by any other recipient";
    case LetterType::kAccess:
      return fr ? "l'ensemble des données à caractère personnel me concernant que vous traitez, y compris les "
                  "données de santé"
                : "all personal data about me that you process, health data included";
    case LetterType::kErasure:
      return fr ? "l'ensemble des données à caractère personnel me concernant que vous traitez"
                : "all personal data about me that you process";
  }
  return "";
}

std::string Subject(LetterType type, Language language) {
  const bool fr = language == Language::kFrench;
  switch (type) {
    case LetterType::kOpposition:
      return fr ? "exercice de mon droit d'opposition (article 21 du RGPD, article 74 de la loi Informatique et "
                  "Libertés, article R. 1461-9 du code de la santé publique)"
                : "exercise of my right to object (GDPR Article 21, Article 74 of the loi Informatique et "
                  "Libertés, Article R. 1461-9 of the code de la santé publique)";
    case LetterType::kAccess:
      return fr ? "demande d'accès à mes données personnelles (article 15 du RGPD)"
                : "request for access to my personal data (GDPR Article 15)";
    case LetterType::kErasure:
      return fr ? "demande d'effacement de mes données personnelles (article 17 du RGPD)"
                : "request for erasure of my personal data (GDPR Article 17)";
  }
  return "";
}

namespace internal {

std::string Join(const std::vector<std::string>& lines, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? separator : "") + lines[i];
  return out;
}

std::string FormatNir(const std::string& nir) {
  // S YY MM DD CCC OOO KK
  if (nir.size() != 15) return nir;
  return nir.substr(0, 1) + " " + nir.substr(1, 2) + " " + nir.substr(3, 2) + " " + nir.substr(5, 2) + " " +
         nir.substr(7, 3) + " " + nir.substr(10, 3) + " " + nir.substr(13, 2);
}

void AddHeader(Document& doc, const Letter& letter, const CivilDate& date) {
  const bool fr = letter.language == Language::kFrench;
  std::vector<std::string> sender = {letter.identity.name};
  sender.insert(sender.end(), letter.identity.address.begin(), letter.identity.address.end());
  if (!letter.identity.email.empty()) sender.push_back(letter.identity.email);
  doc.Add(BlockStyle::kSender, Join(sender, "\n"));
  std::vector<std::string> to;
  if (!letter.to.role.empty()) to.push_back(letter.to.role);
  to.push_back(letter.to.name);
  to.insert(to.end(), letter.to.address.begin(), letter.to.address.end());
  doc.Add(BlockStyle::kAddressee, Join(to, "\n"));
  const std::string day = FormatLongDate(date, letter.language);
  if (fr) {
    doc.Add(BlockStyle::kDateLine, letter.place.empty() ? "Le " + day : letter.place + ", le " + day);
  } else {
    doc.Add(BlockStyle::kDateLine, letter.place.empty() ? day : letter.place + ", " + day);
  }
}

std::string IdentitySentence(const Letter& letter) {
  const bool fr = letter.language == Language::kFrench;
  const Identity& id = letter.identity;
  const std::string birth = FormatLongDate(id.birth_date, letter.language);
  const std::string address = Join(id.address, ", ");
  return fr ? "Je soussigné(e) " + id.name + ", né(e) le " + birth + ", demeurant " + address +
                  ", vous adresse la présente demande en qualité de personne concernée."
            : "I, " + id.name + ", born on " + birth + ", residing at " + address +
                  ", make this request as the data subject.";
}

std::string NirSentence(const Letter& letter, const std::optional<std::string>& full_nir) {
  const bool fr = letter.language == Language::kFrench;
  if (full_nir) {
    return fr ? "Pour faciliter mon identification, mon numéro d'inscription au répertoire (NIR) est le " +
                    FormatNir(*full_nir) + "."
              : "To help you identify me, my French social security number (NIR) is " + FormatNir(*full_nir) + ".";
  }
  if (!letter.identity.nir_last_digits.empty()) {
    return fr ? "Mon numéro d'inscription au répertoire (NIR) se termine par " + letter.identity.nir_last_digits +
                    " ; je vous le communiquerai en entier si mon identification l'exige."
              : "My French social security number (NIR) ends in " + letter.identity.nir_last_digits +
                    "; I will give it in full if you need it to identify me.";
  }
  return "";
}

std::string CnilSentence(Language language) {
  return language == Language::kFrench
             ? "À défaut de réponse dans ce délai, ou en cas de réponse insatisfaisante, je saisirai la Commission "
               "nationale de l'informatique et des libertés (CNIL) d'une réclamation, conformément à l'article 77 "
               "du RGPD."
             : "Should I receive no answer within this period, or an unsatisfactory one, I will lodge a complaint "
               "with the French supervisory authority, the Commission nationale de l'informatique et des libertés "
               "(CNIL), under GDPR Article 77.";
}

void AddClosing(Document& doc, const Letter& letter) {
  const bool fr = letter.language == Language::kFrench;
  doc.Add(BlockStyle::kParagraph, fr ? "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations "
                                       "distinguées."
                                     : "Yours faithfully,");
  doc.Add(BlockStyle::kSignature, letter.identity.name);
}

}  // namespace internal

using namespace internal;  // NOLINT: this file's own helpers

Document ComposeRequestLetter(const Letter& letter, const std::optional<std::string>& full_nir,
                              const CivilDate& expected_receipt) {
  const bool fr = letter.language == Language::kFrench;
  const Language lang = letter.language;
  Document doc;
  doc.title = (fr ? "Objet : " : "Subject: ") + Subject(letter.type, lang);
  AddHeader(doc, letter, letter.date);
  doc.Add(BlockStyle::kSubject, doc.title);
  doc.Add(BlockStyle::kParagraph, fr ? "Madame, Monsieur le Délégué à la protection des données,"
                                     : "Dear Data Protection Officer,");
  doc.Add(BlockStyle::kParagraph, IdentitySentence(letter));
  const std::string scope = letter.scope.empty() ? DefaultScope(letter.type, lang) : letter.scope;
  switch (letter.type) {
    case LetterType::kOpposition:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Sur le fondement de l'article 21 du règlement (UE) 2016/679 du 27 avril 2016 (RGPD), de "
                   "l'article 74 de la loi n° 78-17 du 6 janvier 1978 relative à l'informatique, aux fichiers et "
                   "aux libertés, et de l'article R. 1461-9 du code de la santé publique, j'exerce mon droit "
                   "d'opposition."
                 : "Under Article 21 of Regulation (EU) 2016/679 of 27 April 2016 (GDPR), Article 74 of French "
                   "Law No. 78-17 of 6 January 1978 on information technology, data files and civil liberties "
                   "(loi Informatique et Libertés) and Article R. 1461-9 of the French Public Health Code (code "
                   "de la santé publique), I exercise my right to object.");
      break;
    case LetterType::kAccess:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Sur le fondement de l'article 15 du règlement (UE) 2016/679 du 27 avril 2016 (RGPD), "
                   "j'exerce mon droit d'accès."
                 : "Under Article 15 of Regulation (EU) 2016/679 of 27 April 2016 (GDPR), I exercise my right "
                   "of access.");
      break;
    case LetterType::kErasure:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Sur le fondement de l'article 17 du règlement (UE) 2016/679 du 27 avril 2016 (RGPD), "
                   "j'exerce mon droit à l'effacement."
                 : "Under Article 17 of Regulation (EU) 2016/679 of 27 April 2016 (GDPR), I exercise my right "
                   "to erasure.");
      break;
  }
  doc.Add(BlockStyle::kParagraph, (fr ? "Ma demande porte sur : " : "My request covers: ") + scope + ".");
  if (std::string nir = NirSentence(letter, full_nir); !nir.empty()) doc.Add(BlockStyle::kParagraph, nir);
  switch (letter.type) {
    case LetterType::kOpposition:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Je vous demande de prendre en compte cette opposition, de la faire appliquer par les "
                   "destinataires de ces données et de me confirmer par écrit son enregistrement, en m'indiquant "
                   "la date à laquelle elle prend effet."
                 : "Please give effect to this objection, have it applied by the recipients of these data, and "
                   "confirm in writing that it has been recorded, stating the date from which it applies.");
      break;
    case LetterType::kAccess:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Je vous demande de me confirmer par écrit si des données me concernant sont traitées et, dans "
                   "ce cas, de m'en communiquer une copie accompagnée des informations suivantes :"
                 : "Please confirm in writing whether data about me are processed and, if so, send me a copy "
                   "of them with the following information:");
      for (const char* item :
           fr ? std::vector<const char*>{"les finalités du traitement ;", "les catégories de données concernées ;",
                                         "les destinataires, en particulier hors de l'Union européenne ;",
                                         "la durée de conservation ;", "la source des données ;",
                                         "l'existence éventuelle d'une prise de décision automatisée."}
              : std::vector<const char*>{"the purposes of the processing;", "the categories of data concerned;",
                                         "the recipients, in particular outside the European Union;",
                                         "the retention period;", "the source of the data;",
                                         "whether automated decision-making is used."}) {
        doc.Add(BlockStyle::kBullet, item);
      }
      break;
    case LetterType::kErasure:
      doc.Add(BlockStyle::kParagraph,
              fr ? "Je vous demande d'effacer ces données dans les meilleurs délais, d'en informer chaque "
                   "destinataire auquel elles ont été communiquées (article 19 du RGPD) et de me confirmer par "
                   "écrit l'effacement, ou de m'indiquer précisément le motif légal qui s'y opposerait."
                 : "Please erase these data without undue delay, inform every recipient to whom they were "
                   "disclosed (GDPR Article 19), and confirm the erasure in writing, or state precisely the legal "
                   "ground that would prevent it.");
      break;
  }
  const GdprDeadline deadline = GdprDueDate(expected_receipt, GdprPeriod::kOneMonth, letter.calendar);
  doc.Add(BlockStyle::kParagraph,
          fr ? "L'article 12, paragraphe 3, du RGPD vous impose de répondre dans un délai d'un mois à compter de "
               "la réception de la présente demande. Si elle vous parvient le " +
                   FormatLongDate(expected_receipt, lang) + ", ce délai expire le " +
                   FormatLongDate(deadline.due, lang) + "."
             : "Article 12(3) GDPR requires you to answer within one month of receipt of this request. If it "
               "reaches you on " +
                   FormatLongDate(expected_receipt, lang) + ", that period ends on " +
                   FormatLongDate(deadline.due, lang) + ".");
  doc.Add(BlockStyle::kParagraph, CnilSentence(lang));
  AddClosing(doc, letter);
  doc.Add(BlockStyle::kSmall, (fr ? "Référence de suivi : lettre n° " : "Tracking reference: letter no. ") +
                                  std::to_string(letter.id));
  return doc;
}

Document ComposeReminder(const Letter& letter, const CivilDate& today, const std::optional<std::string>& full_nir) {
  const bool fr = letter.language == Language::kFrench;
  const Language lang = letter.language;
  Document doc;
  doc.title = (fr ? "Objet : relance — " : "Subject: reminder — ") + Subject(letter.type, lang);
  AddHeader(doc, letter, today);
  doc.Add(BlockStyle::kSubject, doc.title);
  doc.Add(BlockStyle::kParagraph, fr ? "Madame, Monsieur le Délégué à la protection des données,"
                                     : "Dear Data Protection Officer,");
  const std::string sent_on = letter.sent ? FormatLongDate(letter.sent->date, lang) : "?";
  std::string how;
  if (letter.sent && letter.sent->channel == Channel::kRegisteredMail) {
    how = fr ? "par lettre recommandée avec accusé de réception" : "by registered letter with acknowledgement of receipt";
    if (!letter.sent->reference.empty()) how += (fr ? " n° " : " no. ") + letter.sent->reference;
  } else {
    how = fr ? "par courrier électronique" : "by e-mail";
  }
  const std::optional<GdprDeadline> deadline = AnswerDeadline(letter);
  const std::string due = deadline ? FormatLongDate(deadline->due, lang) : "?";
  std::string received;
  if (letter.sent && letter.sent->delivered) {
    received = fr ? ", reçue le " + FormatLongDate(*letter.sent->delivered, lang)
                  : ", received on " + FormatLongDate(*letter.sent->delivered, lang);
  }
  doc.Add(BlockStyle::kParagraph,
          fr ? "Le " + sent_on + ", je vous ai adressé " + how + " une demande (" + Subject(letter.type, lang) + ")" +
                   received + ", dont vous trouverez copie ci-jointe."
             : "On " + sent_on + ", I sent you " + how + " a request (" + Subject(letter.type, lang) + ")" + received +
                   "; a copy is attached.");
  doc.Add(BlockStyle::kParagraph, IdentitySentence(letter));
  if (std::string nir = NirSentence(letter, full_nir); !nir.empty()) doc.Add(BlockStyle::kParagraph, nir);
  doc.Add(BlockStyle::kParagraph,
          fr ? "Le délai d'un mois prévu par l'article 12, paragraphe 3, du RGPD a expiré le " + due +
                   " sans que j'aie reçu de réponse. Je vous demande d'y répondre sans délai et de me confirmer par "
                   "écrit la suite donnée à ma demande."
             : "The one-month period of GDPR Article 12(3) ended on " + due +
                   " without an answer. Please answer without further delay and confirm in writing what action "
                   "you have taken on my request.");
  doc.Add(BlockStyle::kParagraph,
          fr ? "À défaut de réponse rapide, je saisirai la Commission nationale de l'informatique et des libertés "
               "(CNIL) d'une réclamation, conformément à l'article 77 du RGPD."
             : "Without a prompt answer, I will lodge a complaint with the Commission nationale de l'informatique "
               "et des libertés (CNIL) under GDPR Article 77.");
  AddClosing(doc, letter);
  doc.Add(BlockStyle::kSmall, (fr ? "Pièce jointe : copie de ma demande du " : "Attachment: copy of my request of ") +
                                  FormatLongDate(letter.date, lang) + ". " +
                                  (fr ? "Référence de suivi : lettre n° " : "Tracking reference: letter no. ") +
                                  std::to_string(letter.id));
  return doc;
}

}  // namespace sovhub::letters
