// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Pieces shared by compose.cc (letters, reminders) and complaint.cc (the CNIL
// dossier). Internal to src/letters.
#ifndef SOVHUB_LETTERS_COMPOSE_INTERNAL_H_
#define SOVHUB_LETTERS_COMPOSE_INTERNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "letters/document.h"
#include "letters/letter.h"

namespace sovhub::letters::internal {

std::string Join(const std::vector<std::string>& lines, const std::string& separator);

// "2 55 08 14 168 025 38" for a 15-character NIR.
std::string FormatNir(const std::string& nir);

// Sender, addressee and "Place, le DATE" blocks.
void AddHeader(Document& doc, const Letter& letter, const CivilDate& date);

// "Je soussigné(e) NAME, né(e) le ..., demeurant ..." in the letter's language.
std::string IdentitySentence(const Letter& letter);

// The NIR line: the full NIR when given, else its last digits, else "".
std::string NirSentence(const Letter& letter, const std::optional<std::string>& full_nir);

// "... je saisirai la CNIL d'une réclamation ..."
std::string CnilSentence(Language language);

// The polite closing and the signature.
void AddClosing(Document& doc, const Letter& letter);

}  // namespace sovhub::letters::internal

#endif  // SOVHUB_LETTERS_COMPOSE_INTERNAL_H_
