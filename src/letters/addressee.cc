// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/addressee.h"

#include <cstdlib>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "files/atomic_file.h"

#ifndef SOVHUB_ADDRESSEES_FILE
#define SOVHUB_ADDRESSEES_FILE "data/addressees.toml"
#endif

namespace sovhub::letters {
namespace {

constexpr std::size_t kMaxDirectoryBytes = 1 << 20;

bool IsValidId(std::string_view id) {
  if (id.size() < 2 || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A string key, "" when absent; InvalidArgument when present with another type.
Result<std::string> StringKey(const toml::table& entry, std::string_view key, const std::string& where) {
  const toml::node* node = entry.get(key);
  if (node == nullptr) return std::string();
  if (auto text = node->value<std::string>()) return *text;
  return Status::InvalidArgument(where + "." + std::string(key) + ": must be a string");
}

Result<Addressee> ParseEntry(const toml::table& entry, const std::string& where) {
  Addressee a;
  const std::pair<const char*, std::string*> texts[] = {
      {"id", &a.id},       {"name", &a.name},       {"role", &a.role},     {"email", &a.email},
      {"siren", &a.siren}, {"department", &a.department}, {"source", &a.source}, {"note", &a.note}};
  for (const auto& [key, field] : texts) {
    SOVHUB_ASSIGN_OR_RETURN(*field, StringKey(entry, key, where));
  }
  if (!IsValidId(a.id)) {
    return Status::InvalidArgument(where + ".id: \"" + a.id +
                                   "\" is not an addressee id (2 to 64 of a-z, 0-9 and '-')");
  }
  for (const auto& [key, field] : {std::pair{"name", &a.name}, std::pair{"source", &a.source}}) {
    if (field->empty()) return Status::InvalidArgument(where + "." + key + ": must not be empty");
  }
  const toml::array* lines = entry["address"].as_array();
  if (lines == nullptr || lines->empty()) {
    return Status::InvalidArgument(where + ".address: must be a non-empty array of lines");
  }
  for (const toml::node& line : *lines) {
    auto text = line.value<std::string>();
    if (!text || text->empty()) return Status::InvalidArgument(where + ".address: every line must be a non-empty string");
    a.address.push_back(*text);
  }
  std::string siren;
  for (char c : a.siren) {
    if (c != ' ') siren.push_back(c);
  }
  if (!siren.empty() && !IsValidSiren(siren)) {
    return Status::InvalidArgument(where + ".siren: \"" + a.siren +
                                   "\" is not a SIREN (9 digits with a valid check digit); leave it empty "
                                   "when unknown");
  }
  a.siren = siren;
  if (const toml::node* verified = entry.get("verified")) {
    auto flag = verified->value<bool>();
    if (!flag) return Status::InvalidArgument(where + ".verified: must be true or false");
    a.verified = *flag;
  }
  return a;
}

}  // namespace

bool IsValidSiren(std::string_view siren) {
  if (siren.size() != 9) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    char c = siren[i];
    if (c < '0' || c > '9') return false;
    int digit = c - '0';
    // Luhn from the right: every second digit (odd positions from 0 on the
    // left, for 9 digits) is doubled.
    if (i % 2 == 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 == 0;
}

Result<std::vector<Addressee>> ParseDirectory(std::string_view toml_text, std::string_view file_name) {
  const std::string file(file_name);
  try {
    toml::table doc = toml::parse(toml_text, file);
    if (const toml::node* format = doc.get("format")) {
      if (format->value<std::string>() != std::string("sovhub-addressees/1")) {
        return Status::InvalidArgument(file + ": format: must be \"sovhub-addressees/1\"");
      }
    }
    const toml::array* entries = doc["addressee"].as_array();
    if (entries == nullptr) return Status::InvalidArgument(file + ": no [[addressee]] entry");
    std::vector<Addressee> out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const std::string where = file + ": addressee[" + std::to_string(i) + "]";
      const toml::table* entry = (*entries)[i].as_table();
      if (entry == nullptr) return Status::InvalidArgument(where + ": must be a table");
      SOVHUB_ASSIGN_OR_RETURN(Addressee a, ParseEntry(*entry, where));
      if (!ids.insert(a.id).second) return Status::InvalidArgument(where + ".id: \"" + a.id + "\" appears twice");
      out.push_back(std::move(a));
    }
    return out;
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    return Status::InvalidArgument(where.str());
  }
}

Result<std::vector<Addressee>> LoadDirectory(const std::filesystem::path& path) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, files::ReadWholeFile(path, kMaxDirectoryBytes));
  return ParseDirectory(text, path.string());
}

Result<Addressee> FindAddressee(const std::vector<Addressee>& directory, std::string_view id) {
  std::string known;
  for (const Addressee& a : directory) {
    if (a.id == id) return a;
    known += (known.empty() ? "" : ", ") + a.id;
  }
  return Status::NotFound("no addressee \"" + std::string(id) + "\" in the directory (known: " + known +
                          "); add it to the directory file, with its source");
}

std::filesystem::path DefaultDirectoryPath() {
  const char* env = std::getenv("SOVHUB_ADDRESSEES");
  if (env != nullptr && *env != '\0') return env;
  return SOVHUB_ADDRESSEES_FILE;
}

}  // namespace sovhub::letters
