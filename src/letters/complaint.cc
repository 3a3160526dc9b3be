// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The complaint dossier for the CNIL: everything the CNIL's complaint form
// asks for, gathered from the tracker, in the letter's language.
#include <algorithm>
#include <filesystem>

#include "letters/compose.h"
#include "letters/compose_internal.h"

namespace sovhub::letters {
namespace {

// The attachments list names files, not the folders they sit in on the
// citizen's machine.
std::string FileNames(const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  for (const std::string& path : paths) names.push_back(std::filesystem::path(path).filename().string());
  return internal::Join(names, ", ");
}

struct Event {
  CivilDate date;
  std::string text;
};

std::string Article(LetterType type, bool fr) {
  switch (type) {
    case LetterType::kOpposition:
      return fr ? "droit d'opposition (article 21 du RGPD, article 74 de la loi Informatique et Libertés, "
                  "article R. 1461-9 du code de la santé publique)"
                : "right to object (GDPR Article 21, Article 74 of the loi Informatique et Libertés, Article "
                  "R. 1461-9 of the code de la santé publique)";
    case LetterType::kAccess:
      return fr ? "droit d'accès (article 15 du RGPD)" : "right of access (GDPR Article 15)";
    case LetterType::kErasure:
      return fr ? "droit à l'effacement (article 17 du RGPD)" : "right to erasure (GDPR Article 17)";
  }
  return "";
}

std::vector<Event> Chronology(const Letter& letter, const CivilDate& today) {
  const bool fr = letter.language == Language::kFrench;
  const Language lang = letter.language;
  std::vector<Event> events;
  events.push_back({letter.date, fr ? "Demande rédigée (" + Subject(letter.type, lang) + ")."
                                    : "Request written (" + Subject(letter.type, lang) + ")."});
  if (letter.sent) {
    const Sending& sent = *letter.sent;
    std::string how = sent.channel == Channel::kRegisteredMail
                          ? (fr ? "Envoi par lettre recommandée avec accusé de réception"
                                : "Sent by registered letter with acknowledgement of receipt")
                          : (fr ? "Envoi par courrier électronique" : "Sent by e-mail");
    if (!sent.reference.empty()) how += (fr ? " n° " : " no. ") + sent.reference;
    if (!letter.to.email.empty() && sent.channel == Channel::kEmail) how += (fr ? " à " : " to ") + letter.to.email;
    events.push_back({sent.date, how + "."});
    if (sent.delivered) {
      events.push_back({*sent.delivered, fr ? "Réception par l'organisme (avis de réception)."
                                            : "Received by the organisation (acknowledgement of receipt)."});
    }
    if (std::optional<GdprDeadline> deadline = AnswerDeadline(letter)) {
      events.push_back({deadline->due, fr ? "Expiration du délai de réponse d'un mois (article 12, paragraphe 3, "
                                            "du RGPD)."
                                          : "End of the one-month period to answer (GDPR Article 12(3))."});
    }
  }
  for (const Reminder& reminder : letter.reminders) {
    events.push_back({reminder.date, fr ? "Relance adressée à l'organisme." : "Reminder sent to the organisation."});
  }
  for (const Answer& answer : letter.answers) {
    events.push_back({answer.date, (fr ? "Réponse de l'organisme : " : "Answer from the organisation: ") +
                                       answer.summary +
                                       (answer.resolved ? (fr ? " (satisfaisante)" : " (satisfactory)")
                                                        : (fr ? " (insatisfaisante)" : " (unsatisfactory)"))});
  }
  events.push_back({today, fr ? "Constitution du présent dossier de réclamation." : "This complaint file prepared."});
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.date < b.date; });
  return events;
}

}  // namespace

Document ComposeComplaint(const Letter& letter, const Addressee& cnil, const CivilDate& today,
                          const std::vector<std::string>& extra_attachments) {
  using internal::Join;
  const bool fr = letter.language == Language::kFrench;
  const Language lang = letter.language;
  Document doc;
  doc.title = fr ? "Réclamation auprès de la CNIL — " + letter.to.name : "Complaint to the CNIL — " + letter.to.name;
  doc.Add(BlockStyle::kTitle, fr ? "Dossier de réclamation auprès de la Commission nationale de l'informatique et "
                                   "des libertés (CNIL)"
                                 : "Complaint file for the Commission nationale de l'informatique et des libertés "
                                   "(CNIL)");
  doc.Add(BlockStyle::kDateLine, fr ? "Le " + FormatLongDate(today, lang) : FormatLongDate(today, lang));

  const Identity& id = letter.identity;
  doc.Add(BlockStyle::kHeading, fr ? "1. Plaignant(e)" : "1. Complainant");
  doc.Add(BlockStyle::kBullet, (fr ? "Nom : " : "Name: ") + id.name);
  doc.Add(BlockStyle::kBullet, (fr ? "Date de naissance : " : "Date of birth: ") + FormatLongDate(id.birth_date, lang));
  doc.Add(BlockStyle::kBullet, (fr ? "Adresse : " : "Address: ") + Join(id.address, ", "));
  if (!id.email.empty()) doc.Add(BlockStyle::kBullet, (fr ? "Courriel : " : "E-mail: ") + id.email);

  const Addressee& to = letter.to;
  doc.Add(BlockStyle::kHeading, fr ? "2. Organisme mis en cause" : "2. Organisation complained about");
  doc.Add(BlockStyle::kBullet, (fr ? "Nom : " : "Name: ") + to.name);
  if (!to.role.empty()) doc.Add(BlockStyle::kBullet, (fr ? "Destinataire : " : "Addressed to: ") + to.role);
  doc.Add(BlockStyle::kBullet, (fr ? "Adresse : " : "Address: ") + Join(to.address, ", "));
  doc.Add(BlockStyle::kBullet,
          "SIREN : " + (to.siren.empty() ? std::string(fr ? "non connu (à compléter, annuaire-entreprises.data.gouv.fr)"
                                                          : "not known (to complete, annuaire-entreprises.data.gouv.fr)")
                                         : to.siren.substr(0, 3) + " " + to.siren.substr(3, 3) + " " +
                                               to.siren.substr(6, 3)));
  if (!to.email.empty()) doc.Add(BlockStyle::kBullet, (fr ? "Courriel : " : "E-mail: ") + to.email);

  doc.Add(BlockStyle::kHeading, fr ? "3. Droit exercé" : "3. Right exercised");
  const std::string scope = letter.scope.empty() ? DefaultScope(letter.type, lang) : letter.scope;
  doc.Add(BlockStyle::kParagraph, (fr ? "J'ai exercé mon " : "I exercised my ") + Article(letter.type, fr) +
                                      (fr ? " auprès de cet organisme. Ma demande portait sur : "
                                          : " with this organisation. My request covered: ") +
                                      scope + ".");

  doc.Add(BlockStyle::kHeading, fr ? "4. Chronologie des échanges" : "4. Chronology of letters and answers");
  for (const Event& event : Chronology(letter, today)) {
    doc.Add(BlockStyle::kBullet, FormatLongDate(event.date, lang) + " — " + event.text);
  }

  doc.Add(BlockStyle::kHeading, fr ? "5. Manquement constaté" : "5. Grievance");
  const bool unanswered = letter.answers.empty();
  const std::optional<GdprDeadline> deadline = AnswerDeadline(letter);
  const std::string due = deadline ? FormatLongDate(deadline->due, lang) : "?";
  if (unanswered) {
    doc.Add(BlockStyle::kParagraph,
            fr ? "L'organisme n'a pas répondu à ma demande dans le délai d'un mois, expiré le " + due +
                     ", prévu par l'article 12, paragraphe 3, du RGPD" +
                     (letter.reminders.empty() ? std::string(".") : std::string(", malgré ma relance."))
               : "The organisation did not answer my request within the one-month period of GDPR Article 12(3), "
                 "which ended on " + due + (letter.reminders.empty() ? std::string(".")
                                                                     : std::string(", despite my reminder.")));
  } else {
    doc.Add(BlockStyle::kParagraph,
            fr ? "La réponse de l'organisme ne satisfait pas ma demande (voir la chronologie ci-dessus)."
               : "The organisation's answer does not satisfy my request (see the chronology above).");
  }
  doc.Add(BlockStyle::kParagraph,
          fr ? "Je demande à la CNIL d'intervenir auprès de cet organisme afin que ma demande soit satisfaite "
               "(article 77 du RGPD)."
             : "I ask the CNIL to intervene with this organisation so that my request is satisfied (GDPR Article "
               "77).");

  doc.Add(BlockStyle::kHeading, fr ? "6. Pièces jointes" : "6. Attachments");
  std::vector<std::string> attachments;
  attachments.push_back((fr ? "Copie de ma demande du " : "Copy of my request of ") + FormatLongDate(letter.date, lang) +
                        (letter.files.empty() ? "" : " (" + FileNames(letter.files) + ")"));
  if (letter.sent && letter.sent->channel == Channel::kRegisteredMail) {
    attachments.push_back(fr ? "Preuve de dépôt et avis de réception de la lettre recommandée"
                             : "Proof of posting and acknowledgement of receipt of the registered letter");
  } else if (letter.sent) {
    attachments.push_back(fr ? "Copie du courrier électronique envoyé" : "Copy of the e-mail sent");
  }
  for (const Reminder& reminder : letter.reminders) {
    attachments.push_back((fr ? "Copie de la relance du " : "Copy of the reminder of ") +
                          FormatLongDate(reminder.date, lang) +
                          (reminder.files.empty() ? "" : " (" + FileNames(reminder.files) + ")"));
  }
  for (const Answer& answer : letter.answers) {
    attachments.push_back((fr ? "Réponse de l'organisme du " : "The organisation's answer of ") +
                          FormatLongDate(answer.date, lang));
  }
  attachments.insert(attachments.end(), extra_attachments.begin(), extra_attachments.end());
  for (const std::string& item : attachments) doc.Add(BlockStyle::kBullet, item);

  doc.Add(BlockStyle::kHeading, fr ? "7. Dépôt de la réclamation" : "7. Filing the complaint");
  doc.Add(BlockStyle::kParagraph,
          fr ? "La réclamation se dépose en ligne sur www.cnil.fr (« Adresser une plainte »), en reprenant les "
               "éléments ci-dessus et en joignant les pièces, ou par courrier à : " +
                   cnil.name + ", " + Join(cnil.address, ", ") + "."
             : "The complaint is filed online at www.cnil.fr (\"Adresser une plainte\"), with the details above "
               "and the attachments, or by post to: " +
                   cnil.name + ", " + Join(cnil.address, ", ") + ".");
  doc.Add(BlockStyle::kSignature, id.name);
  doc.Add(BlockStyle::kSmall, (fr ? "Référence de suivi : lettre n° " : "Tracking reference: letter no. ") +
                                  std::to_string(letter.id));
  return doc;
}

}  // namespace sovhub::letters
