// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The directory of addressees: the data protection officers (DPOs) of the
// controllers a citizen writes to, and the supervisory authority. An editable
// TOML file shipped in the repository (data/addressees.toml, format in
// docs/letters.md), where every entry names its source; the operator or the
// citizen completes and re-verifies it.
#ifndef SOVHUB_LETTERS_ADDRESSEE_H_
#define SOVHUB_LETTERS_ADDRESSEE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::letters {

struct Addressee {
  std::string id;                    // [a-z0-9-], 2 to 64 characters: what --to names
  std::string name;                  // the organisation
  std::string role;                  // e.g. "Délégué à la protection des données"
  std::vector<std::string> address;  // postal address, one line each, at least one
  std::string email;                 // empty when none is public
  std::string siren;                 // 9 digits (Luhn-valid), or empty when not known
  std::string department;            // for a departmental fund: "49", "2A", "971"; else empty
  std::string source;                // where the entry comes from (URL, document, date)
  bool verified = false;             // false: to check before relying on it
  std::string note;                  // free text, e.g. why the SIREN is empty
  bool operator==(const Addressee&) const = default;
};

// True for a 9-digit SIREN whose Luhn checksum holds (INSEE's check digit).
bool IsValidSiren(std::string_view siren);

// Parses the directory. InvalidArgument "FILE:LINE:COLUMN: ..." for TOML
// syntax, "FILE: addressee[3].siren: ..." for a bad entry; ids are unique.
Result<std::vector<Addressee>> ParseDirectory(std::string_view toml_text, std::string_view file_name);

// Reads and parses `path` (at most 1 MiB).
Result<std::vector<Addressee>> LoadDirectory(const std::filesystem::path& path);

// NotFound naming the known ids when `id` is not in `directory`.
Result<Addressee> FindAddressee(const std::vector<Addressee>& directory, std::string_view id);

// $SOVHUB_ADDRESSEES when set, else the repository's data/addressees.toml
// (the path is compiled in).
std::filesystem::path DefaultDirectoryPath();

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_ADDRESSEE_H_
