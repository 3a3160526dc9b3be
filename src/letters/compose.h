// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The words of the letters, in French and English: our own wording, citing
// the legal bases of each request. Pure: a Letter (and, for the letter
// itself, the NIR if the citizen chose to print it) in, a Document out.
//
// Every request letter holds: the sender's identity (name, date of birth,
// postal address), the legal bases (opposition: GDPR Art. 21, loi
// Informatique et Libertés Art. 74, code de la santé publique Art. R. 1461-9;
// access: GDPR Art. 15; erasure: GDPR Art. 17), the scope, the request for a
// written confirmation, the one-month deadline of GDPR Art. 12(3) with its
// date for the expected receipt day, and that a complaint to the CNIL will
// follow if the controller does not answer.
#ifndef SOVHUB_LETTERS_COMPOSE_H_
#define SOVHUB_LETTERS_COMPOSE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "letters/addressee.h"
#include "letters/document.h"
#include "letters/letter.h"

namespace sovhub::letters {

// "2 avril 2026", "1er mai 2026"; "2 April 2026".
std::string FormatLongDate(const CivilDate& date, Language language);

// What a request covers when the citizen does not say (--scope).
std::string DefaultScope(LetterType type, Language language);

// The letter's subject line, without "Objet :".
std::string Subject(LetterType type, Language language);

// The request letter. `full_nir`: a valid 15-character NIR (checked by the
// caller) printed in this letter only, or nullopt. `expected_receipt`: the day
// the letter should reach the controller, from which the stated deadline is
// computed (the letter's date for an e-mail).
Document ComposeRequestLetter(const Letter& letter, const std::optional<std::string>& full_nir,
                              const CivilDate& expected_receipt);

// The reminder for an overdue letter (CheckCanRemind holds), dated `today`.
Document ComposeReminder(const Letter& letter, const CivilDate& today, const std::optional<std::string>& full_nir);

// The complaint dossier for the CNIL (CheckCanComplain holds): complainant,
// the organisation (name, address, SIREN), the request, the chronology of
// letters and answers, the grievance, the attachments (the tracked documents
// and `extra_attachments`), and where to file it (`cnil`'s address).
Document ComposeComplaint(const Letter& letter, const Addressee& cnil, const CivilDate& today,
                          const std::vector<std::string>& extra_attachments);

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_COMPOSE_H_
