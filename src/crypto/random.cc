// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/random.h"

#include <openssl/rand.h>

#include <climits>

namespace sovhub::crypto {

Status SystemRandom::Fill(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    int chunk = static_cast<int>(std::min<std::size_t>(out.size() - done, INT_MAX));
    if (RAND_bytes(out.data() + done, chunk) != 1) {
      return Status::IoError("the system random generator failed");
    }
    done += static_cast<std::size_t>(chunk);
  }
  return Status::Ok();
}

Result<Bytes> RandomBytes(RandomSource& source, std::size_t count) {
  Bytes bytes(count);
  SOVHUB_RETURN_IF_ERROR(source.Fill(bytes));
  return bytes;
}

}  // namespace sovhub::crypto
