// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The citizen's side of a rights request to a controller outside the hub:
// one letter (opposition, access or erasure) with its sending, the answers,
// the reminders and the complaint to the CNIL. The tracker (tracker.h) keeps
// these on the citizen's own machine; compose.h writes their words.
//
// What is stored, and what is not: the identity the letters need (name, birth
// date, postal address, e-mail, at most the last digits of the NIR) and the
// history. A full NIR given for one letter is printed in that letter only and
// never enters a Letter: there is no field for it.
#ifndef SOVHUB_LETTERS_LETTER_H_
#define SOVHUB_LETTERS_LETTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/statutory_deadline.h"
#include "core/status.h"
#include "letters/addressee.h"

namespace sovhub::letters {

enum class LetterType { kOpposition, kAccess, kErasure };
std::string_view LetterTypeName(LetterType type);  // "opposition", "access", "erasure"
Result<LetterType> ParseLetterType(std::string_view name);

enum class Language { kFrench, kEnglish };
std::string_view LanguageName(Language language);  // "fr", "en"
Result<Language> ParseLanguage(std::string_view name);

enum class Channel { kRegisteredMail, kEmail };
std::string_view ChannelName(Channel channel);  // "registered-mail", "email"
Result<Channel> ParseChannel(std::string_view name);

struct Identity {
  std::string name;
  CivilDate birth_date;
  std::vector<std::string> address;  // postal address lines
  std::string email;                 // optional
  std::string nir_last_digits;       // optional: 2 to 4 digits, never more
  bool operator==(const Identity&) const = default;
};

// True when `text` holds a complete, valid NIR anywhere, with or without
// spaces between its digits (nir::LooksLikeNir on every candidate).
bool ContainsFullNir(std::string_view text);

// InvalidArgument naming the field: name and address required, the last
// digits 2 to 4 digits, no field holding a full NIR.
Status CheckIdentity(const Identity& identity);

struct Sending {
  Channel channel = Channel::kRegisteredMail;
  CivilDate date;                      // posted or e-mailed
  std::optional<CivilDate> delivered;  // from the acknowledgement of receipt
  std::string reference;               // the registered letter's number, or empty
  bool operator==(const Sending&) const = default;
};

struct Answer {
  CivilDate date;
  std::string summary;
  bool resolved = false;  // the request was satisfied
  bool operator==(const Answer&) const = default;
};

struct Reminder {
  CivilDate date;
  std::vector<std::string> files;
  bool operator==(const Reminder&) const = default;
};

struct Complaint {
  CivilDate date;
  std::vector<std::string> files;
  bool operator==(const Complaint&) const = default;
};

struct Letter {
  int id = 0;
  LetterType type = LetterType::kOpposition;
  Language language = Language::kFrench;
  CivilDate date;             // the date the letter bears
  std::string place;          // "Rennes" in "Rennes, le 2 mars 2026"; may be empty
  Identity identity;
  Addressee to;               // the directory entry as it was when writing
  std::string scope;          // what the request covers
  bool nir_in_letter = false;  // the full NIR was printed in the letter (not kept)
  HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance;
  std::vector<std::string> files;  // the rendered letter
  std::optional<Sending> sent;
  std::vector<Answer> answers;
  std::vector<Reminder> reminders;
  std::optional<Complaint> complaint;
  bool operator==(const Letter&) const = default;
};

// The day the controller received the letter, as far as the tracker knows:
// the delivery date when recorded, else the sending date (an e-mail arrives
// the day it is sent; for a registered letter this counts from posting until
// the acknowledgement's date is recorded). nullopt when not sent.
std::optional<CivilDate> ReceiptDate(const Letter& letter);

// The controller's deadline (GDPR Art. 12(3), one month), or nullopt when the
// letter is not sent.
std::optional<GdprDeadline> AnswerDeadline(const Letter& letter);

enum class LetterStatus {
  kDraft,       // written, not sent
  kWaiting,     // sent, deadline more than 7 days away
  kDueSoon,     // sent, deadline within 7 days
  kOverdue,     // sent, no answer, deadline passed: remind, then complain
  kAnswered,    // an answer that did not resolve the request: complain
  kResolved,    // an answer resolved it
  kComplained,  // the complaint dossier was built
};
std::string_view LetterStatusName(LetterStatus status);
LetterStatus StatusOn(const Letter& letter, const CivilDate& today);

// Conflict with the reason when `today` does not allow a reminder: only an
// overdue letter (sent, no answer, deadline passed) is reminded.
Status CheckCanRemind(const Letter& letter, const CivilDate& today);

// Conflict unless the letter is overdue or answered without being resolved.
Status CheckCanComplain(const Letter& letter, const CivilDate& today);

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_LETTER_H_
