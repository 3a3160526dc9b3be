// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Secret key files: 256-bit keys stored as one line of lower-case hex, created
// with mode 0600 and refused when anyone but the owner can read them.
#ifndef SOVHUB_CRYPTO_KEY_FILE_H_
#define SOVHUB_CRYPTO_KEY_FILE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/status.h"
#include "crypto/random.h"

namespace sovhub::crypto {

inline constexpr std::size_t kKeyBytes = 32;

// Creates `path` (which must not exist) with mode 0600 holding `text`,
// fsynced before returning. Conflict when the file exists.
Status CreateSecretFile(const std::filesystem::path& path, std::string_view text);

// Reads a secret file (at most `max_bytes`) without its final newline;
// PermissionDenied when the group or others have any access to it.
Result<std::string> ReadSecretFile(const std::filesystem::path& path, std::size_t max_bytes);

// Creates `path` (which must not exist) with mode 0600 and a fresh random key,
// written and fsynced before returning. Conflict when the file exists.
Status CreateKeyFile(const std::filesystem::path& path, RandomSource& random);

// Reads a key file. PermissionDenied, naming the file and its mode, when the
// group or others have any access to it; Corruption when it is not 64 hex
// digits (plus an optional newline).
Result<Bytes> ReadKeyFile(const std::filesystem::path& path);

}  // namespace sovhub::crypto

#endif  // SOVHUB_CRYPTO_KEY_FILE_H_
