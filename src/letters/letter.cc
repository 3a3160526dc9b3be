// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/letter.h"

#include <array>
#include <utility>

#include "domain/nir.h"

namespace sovhub::letters {
namespace {

constexpr std::array<std::pair<LetterType, std::string_view>, 3> kTypes = {{
    {LetterType::kOpposition, "opposition"},
    {LetterType::kAccess, "access"},
    {LetterType::kErasure, "erasure"},
}};
constexpr std::array<std::pair<Language, std::string_view>, 2> kLanguages = {{
    {Language::kFrench, "fr"},
    {Language::kEnglish, "en"},
}};
constexpr std::array<std::pair<Channel, std::string_view>, 2> kChannels = {{
    {Channel::kRegisteredMail, "registered-mail"},
    {Channel::kEmail, "email"},
}};
constexpr std::array<std::pair<LetterStatus, std::string_view>, 7> kStatuses = {{
    {LetterStatus::kDraft, "draft"},
    {LetterStatus::kWaiting, "waiting"},
    {LetterStatus::kDueSoon, "due-soon"},
    {LetterStatus::kOverdue, "overdue"},
    {LetterStatus::kAnswered, "answered"},
    {LetterStatus::kResolved, "resolved"},
    {LetterStatus::kComplained, "complained"},
}};

// A reminder goes out when the deadline is this close.
constexpr int kDueSoonDays = 7;

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename T, std::size_t N>
Result<T> Parse(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view text,
                std::string_view what) {
  std::string known;
  for (const auto& [v, name] : table) {
    if (name == text) return v;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  return Status::InvalidArgument("\"" + std::string(text) + "\" is not a " + std::string(what) + " (one of " +
                                 known + ")");
}

bool IsNirCharacter(char c) { return (c >= '0' && c <= '9') || c == 'A' || c == 'B' || c == 'a' || c == 'b'; }

}  // namespace

std::string_view LetterTypeName(LetterType type) { return NameOf(kTypes, type); }
Result<LetterType> ParseLetterType(std::string_view name) { return Parse(kTypes, name, "letter type"); }
std::string_view LanguageName(Language language) { return NameOf(kLanguages, language); }
Result<Language> ParseLanguage(std::string_view name) { return Parse(kLanguages, name, "language"); }
std::string_view ChannelName(Channel channel) { return NameOf(kChannels, channel); }
Result<Channel> ParseChannel(std::string_view name) { return Parse(kChannels, name, "channel"); }
std::string_view LetterStatusName(LetterStatus status) { return NameOf(kStatuses, status); }

bool ContainsFullNir(std::string_view text) {
  // From every sex digit, gather the next 15 NIR characters across single
  // spaces, dots and dashes (how people write a NIR) and let the NIR rules
  // decide: the control key makes a false alarm on other numbers rare.
  for (std::size_t start = 0; start < text.size(); ++start) {
    if (text[start] != '1' && text[start] != '2') continue;
    if (start > 0 && text[start - 1] >= '0' && text[start - 1] <= '9') continue;
    std::string candidate;
    for (std::size_t i = start; i < text.size() && candidate.size() < 15; ++i) {
      const char c = text[i];
      if (IsNirCharacter(c)) {
        candidate.push_back(c == 'a' ? 'A' : c == 'b' ? 'B' : c);
      } else if (c != ' ' && c != '.' && c != '-') {
        break;
      }
    }
    if (candidate.size() == 15 && nir::LooksLikeNir(candidate)) return true;
  }
  return false;
}

Status CheckIdentity(const Identity& identity) {
  if (identity.name.empty()) return Status::InvalidArgument("name: must not be empty");
  if (identity.address.empty()) return Status::InvalidArgument("address: give at least one line");
  for (const std::string& line : identity.address) {
    if (line.empty()) return Status::InvalidArgument("address: a line is empty");
  }
  const std::string& digits = identity.nir_last_digits;
  if (!digits.empty()) {
    bool all_digits = true;
    for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
    if (!all_digits || digits.size() < 2 || digits.size() > 4) {
      return Status::InvalidArgument("nir-last-digits: give 2 to 4 digits (the end of the NIR), never more");
    }
  }
  std::vector<std::pair<std::string, const std::string*>> fields = {{"name", &identity.name},
                                                                    {"email", &identity.email}};
  for (const std::string& line : identity.address) fields.push_back({"address", &line});
  for (const auto& [field, text] : fields) {
    if (ContainsFullNir(*text)) {
      return Status::InvalidArgument(field +
                                     ": holds a social security number (NIR); pass it with --nir, which "
                                     "prints it in the letter without storing it");
    }
  }
  return Status::Ok();
}

std::optional<CivilDate> ReceiptDate(const Letter& letter) {
  if (!letter.sent) return std::nullopt;
  return letter.sent->delivered.value_or(letter.sent->date);
}

std::optional<GdprDeadline> AnswerDeadline(const Letter& letter) {
  std::optional<CivilDate> receipt = ReceiptDate(letter);
  if (!receipt) return std::nullopt;
  return GdprDueDate(*receipt, GdprPeriod::kOneMonth, letter.calendar);
}

LetterStatus StatusOn(const Letter& letter, const CivilDate& today) {
  if (letter.complaint) return LetterStatus::kComplained;
  for (const Answer& answer : letter.answers) {
    if (answer.resolved) return LetterStatus::kResolved;
  }
  if (!letter.answers.empty()) return LetterStatus::kAnswered;
  std::optional<GdprDeadline> deadline = AnswerDeadline(letter);
  if (!deadline) return LetterStatus::kDraft;
  if (deadline->due < today) return LetterStatus::kOverdue;
  if (DaysFromCivil(deadline->due) - DaysFromCivil(today) <= kDueSoonDays) return LetterStatus::kDueSoon;
  return LetterStatus::kWaiting;
}

Status CheckCanRemind(const Letter& letter, const CivilDate& today) {
  const LetterStatus status = StatusOn(letter, today);
  const std::string id = "letter " + std::to_string(letter.id);
  switch (status) {
    case LetterStatus::kOverdue:
      return Status::Ok();
    case LetterStatus::kDraft:
      return Status::Conflict(id + " is not sent yet: record it with `sovhub letter sent " + std::to_string(letter.id) +
                              " --channel ... --date ...`");
    case LetterStatus::kWaiting:
    case LetterStatus::kDueSoon:
      return Status::Conflict(id + " is not overdue: the deadline is " + ToIsoString(AnswerDeadline(letter)->due));
    default:
      return Status::Conflict(id + " is " + std::string(LetterStatusName(status)) + ": no reminder is needed");
  }
}

Status CheckCanComplain(const Letter& letter, const CivilDate& today) {
  const LetterStatus status = StatusOn(letter, today);
  if (status == LetterStatus::kOverdue || status == LetterStatus::kAnswered) return Status::Ok();
  const std::string id = "letter " + std::to_string(letter.id);
  switch (status) {
    case LetterStatus::kDraft:
      return Status::Conflict(id + " is not sent yet");
    case LetterStatus::kWaiting:
    case LetterStatus::kDueSoon:
      return Status::Conflict(id + " is still within its deadline (" + ToIsoString(AnswerDeadline(letter)->due) +
                              "); a complaint comes after it, or after an unsatisfactory answer");
    case LetterStatus::kResolved:
      return Status::Conflict(id + " was resolved by the controller's answer");
    default:
      return Status::Conflict(id + " already has its complaint dossier");
  }
}

}  // namespace sovhub::letters
