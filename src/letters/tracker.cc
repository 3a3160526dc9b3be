// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/tracker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "files/atomic_file.h"

namespace sovhub::letters {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFormat = "sovhub-letters/1";
// A citizen writes a few letters a year; 16 MiB is far beyond any real file
// and still bounds what a corrupted one can cost.
constexpr std::size_t kMaxTrackerBytes = 16 << 20;

json StringsToJson(const std::vector<std::string>& items) { return json(items); }

json AddresseeToJson(const Addressee& a) {
  return json{{"id", a.id},         {"name", a.name},     {"role", a.role},
              {"address", a.address}, {"email", a.email}, {"siren", a.siren},
              {"department", a.department}, {"source", a.source}, {"verified", a.verified},
              {"note", a.note}};
}

json LetterToJson(const Letter& l) {
  json out{{"id", l.id},
           {"type", LetterTypeName(l.type)},
           {"language", LanguageName(l.language)},
           {"date", ToIsoString(l.date)},
           {"place", l.place},
           {"identity",
            {{"name", l.identity.name},
             {"birth_date", ToIsoString(l.identity.birth_date)},
             {"address", l.identity.address},
             {"email", l.identity.email},
             {"nir_last_digits", l.identity.nir_last_digits}}},
           {"to", AddresseeToJson(l.to)},
           {"scope", l.scope},
           {"nir_in_letter", l.nir_in_letter},
           {"calendar", HolidayCalendarName(l.calendar)},
           {"files", StringsToJson(l.files)}};
  if (l.sent) {
    json sent{{"channel", ChannelName(l.sent->channel)}, {"date", ToIsoString(l.sent->date)},
              {"reference", l.sent->reference}};
    if (l.sent->delivered) sent["delivered"] = ToIsoString(*l.sent->delivered);
    out["sent"] = sent;
  }
  out["answers"] = json::array();
  for (const Answer& a : l.answers) {
    out["answers"].push_back({{"date", ToIsoString(a.date)}, {"summary", a.summary}, {"resolved", a.resolved}});
  }
  out["reminders"] = json::array();
  for (const Reminder& r : l.reminders) {
    out["reminders"].push_back({{"date", ToIsoString(r.date)}, {"files", r.files}});
  }
  if (l.complaint) out["complaint"] = {{"date", ToIsoString(l.complaint->date)}, {"files", l.complaint->files}};
  return out;
}

// Readers: each names the path of what is wrong.
Result<std::string> Text(const json& obj, const char* key, const std::string& path, bool required = false) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Status::InvalidArgument(path + "." + key + ": missing");
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument(path + "." + key + ": must be a string");
  return it->get<std::string>();
}

Result<CivilDate> Date(const json& obj, const char* key, const std::string& path) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, Text(obj, key, path, true));
  auto date = ParseIsoDate(text);
  if (!date.ok()) return Status::InvalidArgument(path + "." + key + ": " + date.status().message());
  return *date;
}

Result<bool> Flag(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (!it->is_boolean()) return Status::InvalidArgument(path + "." + key + ": must be true or false");
  return it->get<bool>();
}

Result<std::vector<std::string>> Strings(const json& obj, const char* key, const std::string& path) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (!it->is_array()) return Status::InvalidArgument(path + "." + key + ": must be an array of strings");
  for (const json& item : *it) {
    if (!item.is_string()) return Status::InvalidArgument(path + "." + key + ": must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<const json*> Object(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return Status::InvalidArgument(path + "." + key + ": must be an object");
  return &*it;
}

Result<Letter> LetterFromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return Status::InvalidArgument(path + ": must be an object");
  Letter l;
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer() || id->get<int>() < 1) {
    return Status::InvalidArgument(path + ".id: must be a positive integer");
  }
  l.id = id->get<int>();
  SOVHUB_ASSIGN_OR_RETURN(std::string type, Text(j, "type", path, true));
  auto parsed_type = ParseLetterType(type);
  if (!parsed_type.ok()) return Status::InvalidArgument(path + ".type: " + parsed_type.status().message());
  l.type = *parsed_type;
  SOVHUB_ASSIGN_OR_RETURN(std::string language, Text(j, "language", path, true));
  auto parsed_language = ParseLanguage(language);
  if (!parsed_language.ok()) return Status::InvalidArgument(path + ".language: " + parsed_language.status().message());
  l.language = *parsed_language;
  SOVHUB_ASSIGN_OR_RETURN(l.date, Date(j, "date", path));
  SOVHUB_ASSIGN_OR_RETURN(l.place, Text(j, "place", path));
  SOVHUB_ASSIGN_OR_RETURN(const json* identity, Object(j, "identity", path));
  const std::string ipath = path + ".identity";
  SOVHUB_ASSIGN_OR_RETURN(l.identity.name, Text(*identity, "name", ipath, true));
  SOVHUB_ASSIGN_OR_RETURN(l.identity.birth_date, Date(*identity, "birth_date", ipath));
  SOVHUB_ASSIGN_OR_RETURN(l.identity.address, Strings(*identity, "address", ipath));
  SOVHUB_ASSIGN_OR_RETURN(l.identity.email, Text(*identity, "email", ipath));
  SOVHUB_ASSIGN_OR_RETURN(l.identity.nir_last_digits, Text(*identity, "nir_last_digits", ipath));
  Status identity_ok = CheckIdentity(l.identity);
  if (!identity_ok.ok()) return Status::InvalidArgument(ipath + "." + identity_ok.message());
  SOVHUB_ASSIGN_OR_RETURN(const json* to, Object(j, "to", path));
  const std::string tpath = path + ".to";
  Addressee& a = l.to;
  SOVHUB_ASSIGN_OR_RETURN(a.id, Text(*to, "id", tpath, true));
  SOVHUB_ASSIGN_OR_RETURN(a.name, Text(*to, "name", tpath, true));
  SOVHUB_ASSIGN_OR_RETURN(a.role, Text(*to, "role", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.address, Strings(*to, "address", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.email, Text(*to, "email", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.siren, Text(*to, "siren", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.department, Text(*to, "department", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.source, Text(*to, "source", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.verified, Flag(*to, "verified", tpath));
  SOVHUB_ASSIGN_OR_RETURN(a.note, Text(*to, "note", tpath));
  SOVHUB_ASSIGN_OR_RETURN(l.scope, Text(j, "scope", path));
  SOVHUB_ASSIGN_OR_RETURN(l.nir_in_letter, Flag(j, "nir_in_letter", path));
  SOVHUB_ASSIGN_OR_RETURN(std::string calendar, Text(j, "calendar", path));
  if (!calendar.empty()) {
    auto parsed = ParseHolidayCalendar(calendar);
    if (!parsed.ok()) return Status::InvalidArgument(path + ".calendar: " + parsed.status().message());
    l.calendar = *parsed;
  }
  SOVHUB_ASSIGN_OR_RETURN(l.files, Strings(j, "files", path));
  if (j.contains("sent")) {
    SOVHUB_ASSIGN_OR_RETURN(const json* sent, Object(j, "sent", path));
    const std::string spath = path + ".sent";
    Sending s;
    SOVHUB_ASSIGN_OR_RETURN(std::string channel, Text(*sent, "channel", spath, true));
    auto parsed = ParseChannel(channel);
    if (!parsed.ok()) return Status::InvalidArgument(spath + ".channel: " + parsed.status().message());
    s.channel = *parsed;
    SOVHUB_ASSIGN_OR_RETURN(s.date, Date(*sent, "date", spath));
    if (sent->contains("delivered")) {
      SOVHUB_ASSIGN_OR_RETURN(CivilDate delivered, Date(*sent, "delivered", spath));
      s.delivered = delivered;
    }
    SOVHUB_ASSIGN_OR_RETURN(s.reference, Text(*sent, "reference", spath));
    l.sent = s;
  }
  const auto list = [&](const char* key) -> Result<std::vector<json>> {
    auto it = j.find(key);
    if (it == j.end()) return std::vector<json>{};
    if (!it->is_array()) return Status::InvalidArgument(path + "." + key + ": must be an array");
    return std::vector<json>(it->begin(), it->end());
  };
  SOVHUB_ASSIGN_OR_RETURN(std::vector<json> answers, list("answers"));
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::string apath = path + ".answers[" + std::to_string(i) + "]";
    Answer answer;
    SOVHUB_ASSIGN_OR_RETURN(answer.date, Date(answers[i], "date", apath));
    SOVHUB_ASSIGN_OR_RETURN(answer.summary, Text(answers[i], "summary", apath));
    SOVHUB_ASSIGN_OR_RETURN(answer.resolved, Flag(answers[i], "resolved", apath));
    l.answers.push_back(answer);
  }
  SOVHUB_ASSIGN_OR_RETURN(std::vector<json> reminders, list("reminders"));
  for (std::size_t i = 0; i < reminders.size(); ++i) {
    const std::string rpath = path + ".reminders[" + std::to_string(i) + "]";
    Reminder reminder;
    SOVHUB_ASSIGN_OR_RETURN(reminder.date, Date(reminders[i], "date", rpath));
    SOVHUB_ASSIGN_OR_RETURN(reminder.files, Strings(reminders[i], "files", rpath));
    l.reminders.push_back(reminder);
  }
  if (j.contains("complaint")) {
    SOVHUB_ASSIGN_OR_RETURN(const json* complaint, Object(j, "complaint", path));
    Complaint c;
    SOVHUB_ASSIGN_OR_RETURN(c.date, Date(*complaint, "date", path + ".complaint"));
    SOVHUB_ASSIGN_OR_RETURN(c.files, Strings(*complaint, "files", path + ".complaint"));
    l.complaint = c;
  }
  return l;
}

}  // namespace

int Tracker::NextId() const {
  int last = 0;
  for (const Letter& l : letters) last = std::max(last, l.id);
  return last + 1;
}

Letter* Tracker::Find(int id) {
  for (Letter& l : letters) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

const Letter* Tracker::Find(int id) const { return const_cast<Tracker*>(this)->Find(id); }

std::string TrackerToJson(const Tracker& tracker) {
  json out{{"format", kFormat}, {"letters", json::array()}};
  for (const Letter& l : tracker.letters) out["letters"].push_back(LetterToJson(l));
  return out.dump(2) + "\n";
}

Result<Tracker> TrackerFromJson(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument(std::string("not JSON: ") + e.what());
  }
  if (!doc.is_object() || doc.value("format", std::string()) != kFormat) {
    return Status::InvalidArgument("format: must be \"" + std::string(kFormat) + "\"");
  }
  auto letters = doc.find("letters");
  if (letters == doc.end() || !letters->is_array()) return Status::InvalidArgument("letters: must be an array");
  Tracker tracker;
  for (std::size_t i = 0; i < letters->size(); ++i) {
    SOVHUB_ASSIGN_OR_RETURN(Letter l, LetterFromJson((*letters)[i], "letters[" + std::to_string(i) + "]"));
    if (tracker.Find(l.id) != nullptr) {
      return Status::InvalidArgument("letters[" + std::to_string(i) + "].id: " + std::to_string(l.id) +
                                     " appears twice");
    }
    tracker.letters.push_back(std::move(l));
  }
  return tracker;
}

std::filesystem::path DefaultTrackerPath() {
  const char* env = std::getenv("SOVHUB_LETTERS");
  return env != nullptr && *env != '\0' ? env : "letters.json";
}

Result<Tracker> LoadTracker(const std::filesystem::path& path) {
  auto text = files::ReadWholeFile(path, kMaxTrackerBytes);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return Tracker{};
    return text.status();
  }
  auto tracker = TrackerFromJson(*text);
  if (!tracker.ok()) return tracker.status().WithContext(path.string());
  return tracker;
}

Status SaveTracker(const Tracker& tracker, const std::filesystem::path& path) {
  const std::string text = TrackerToJson(tracker);
  if (ContainsFullNir(text)) {
    return Status::InvalidArgument(path.string() +
                                   ": refused to save: a field holds a full social security number (NIR); the "
                                   "tracker never stores one (use --nir, printed in the letter only)");
  }
  return WritePrivateFile(path, text);
}

Status WritePrivateFile(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot create " + temp.string() + ": " + std::strerror(errno));
  // An older temporary file keeps its mode through O_CREAT: set it again.
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(temp.c_str());
    return Status::IoError("cannot write " + temp.string() + ": " + std::strerror(error));
  }
  return files::CommitRename(temp, path);
}

}  // namespace sovhub::letters
