// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/bulk_check.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "core/civil_date.h"
#include "domain/stage1.h"
#include "files/atomic_file.h"

namespace sovhub::registry {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Status LineError(const std::filesystem::path& file, std::uint64_t line, std::string_view what) {
  return Status::InvalidArgument(file.string() + ":" + std::to_string(line) + ": " +
                                 std::string(what));
}

}  // namespace

Result<BulkCheckReport> BulkCheck(const std::filesystem::path& input,
                                  const std::filesystem::path& output,
                                  const crypto::HmacSha256& hub_key, const OpposedSet& opposed,
                                  const BulkCheckOptions& options) {
  File in(std::fopen(input.c_str(), "rb"));
  if (!in) {
    return Status::NotFound("cannot open " + input.string() + ": " + std::strerror(errno));
  }
  std::setvbuf(in.get(), nullptr, _IOFBF, 1 << 20);
  // To a file: written beside it, then renamed. To stdout: held in memory
  // and printed once the whole input checked, so an error prints nothing.
  const bool to_stdout = output.empty();
  std::filesystem::path temp = output;
  temp += ".partial";
  char* memory = nullptr;
  std::size_t memory_size = 0;
  File out(to_stdout ? open_memstream(&memory, &memory_size) : std::fopen(temp.c_str(), "wb"));
  if (!out) return Status::IoError("cannot create " + temp.string() + ": " + std::strerror(errno));
  struct FreeMemory {
    char*& memory;
    ~FreeMemory() { std::free(memory); }
  } free_memory{memory};
  if (!to_stdout) std::setvbuf(out.get(), nullptr, _IOFBF, 1 << 20);

  BulkCheckReport report;
  const bool identities = options.source_key.has_value();
  std::string line;
  char pid[pseudonym::kIdentifierLength];
  auto fail = [&](Status status) {
    out.reset();
    if (!to_stdout) std::filesystem::remove(temp);
    return status;
  };
  if (identities) std::fputs("line\n", out.get());
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, in.get()) != nullptr) {
    std::size_t length = std::strlen(buffer);
    if (length == sizeof buffer - 1 && buffer[length - 1] != '\n') {
      return fail(LineError(input, report.lines + 1, "line is too long"));
    }
    ++report.lines;
    std::string_view text(buffer, length);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (identities) {
      if (report.lines == 1) {
        if (text != "NIR,BIRTH_DATE,SEX") {
          return fail(LineError(input, 1, "the header is not NIR,BIRTH_DATE,SEX"));
        }
        continue;
      }
      std::size_t c1 = text.find(',');
      std::size_t c2 = c1 == std::string_view::npos ? c1 : text.find(',', c1 + 1);
      if (c2 == std::string_view::npos) {
        return fail(LineError(input, report.lines, "not NIR,BIRTH_DATE,SEX"));
      }
      auto birth = ParseIsoDate(text.substr(c1 + 1, c2 - c1 - 1));
      if (!birth.ok()) return fail(LineError(input, report.lines, "BIRTH_DATE: " + birth.status().message()));
      std::string_view sex_text = text.substr(c2 + 1);
      if (sex_text != "1" && sex_text != "2") {
        return fail(LineError(input, report.lines, "SEX is neither 1 nor 2"));
      }
      auto message = pseudonym::Stage1Message(text.substr(0, c1), *birth, sex_text[0] - '0');
      if (!message.ok()) return fail(LineError(input, report.lines, "NIR: " + message.status().message()));
      char stage1[pseudonym::kIdentifierLength];
      pseudonym::EncodeIdentifier(options.source_key->Compute(*message), stage1);
      pseudonym::EncodeIdentifier(hub_key.Compute(std::string_view(stage1, sizeof stage1)), pid);
      if (opposed.Contains(std::string_view(pid, sizeof pid))) {
        ++report.opposed;
        std::fprintf(out.get(), "%llu\n", static_cast<unsigned long long>(report.lines));
      }
    } else {
      if (!pseudonym::IsEncodedIdentifier(text)) {
        // Never echo the value: it may be a raw NIR sent by mistake.
        return fail(LineError(input, report.lines, "not a 17-character stage-1 identifier"));
      }
      pseudonym::EncodeIdentifier(hub_key.Compute(text), pid);
      if (opposed.Contains(std::string_view(pid, sizeof pid))) {
        ++report.opposed;
        std::fwrite(text.data(), 1, text.size(), out.get());
        std::fputc('\n', out.get());
      }
    }
    if (options.progress && report.lines % 1000000 == 0) options.progress(report.lines);
  }
  if (std::ferror(in.get())) return fail(Status::IoError("cannot read " + input.string()));
  if (to_stdout) {
    out.reset();  // completes memory and memory_size
    if (std::fwrite(memory, 1, memory_size, stdout) != memory_size || std::fflush(stdout) != 0) {
      return Status::IoError("cannot write to stdout");
    }
    return report;
  }
  if (std::fflush(out.get()) != 0 || ::fsync(::fileno(out.get())) != 0) {
    return fail(Status::IoError("cannot write " + temp.string()));
  }
  out.reset();
  SOVHUB_RETURN_IF_ERROR(files::CommitRename(temp, output));
  return report;
}

}  // namespace sovhub::registry
