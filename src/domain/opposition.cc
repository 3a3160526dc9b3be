// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/opposition.h"

#include <algorithm>
#include <cctype>

#include "core/bytes.h"

namespace sovhub::opposition {
namespace {

// "YYYY-MM-DDTHH:MM:SS.mmmZ"
bool IsIsoMillis(std::string_view t) {
  if (t.size() != 24) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    switch (i) {
      case 4: case 7: if (c != '-') return false; break;
      case 10: if (c != 'T') return false; break;
      case 13: case 16: if (c != ':') return false; break;
      case 19: if (c != '.') return false; break;
      case 23: if (c != 'Z') return false; break;
      default: if (c < '0' || c > '9') return false;
    }
  }
  return true;
}

}  // namespace

std::string_view EventName(Event event) {
  return event == Event::kRegister ? "register" : "withdraw";
}

Result<Event> ParseEvent(std::string_view name) {
  if (name == "register") return Event::kRegister;
  if (name == "withdraw") return Event::kWithdraw;
  return Status::InvalidArgument("event \"" + std::string(name) +
                                 "\" is neither register nor withdraw");
}

Status ValidateScope(std::string_view scope) {
  if (scope == kScopeAll) return Status::Ok();
  if (!scope.starts_with(kProjectScopePrefix)) {
    return Status::InvalidArgument("scope \"" + std::string(scope) +
                                   "\" is neither \"all\" nor \"project:<id>\"");
  }
  std::string_view id = scope.substr(kProjectScopePrefix.size());
  bool valid = !id.empty() && id.size() <= 64 &&
               std::isalnum(static_cast<unsigned char>(id[0])) &&
               std::all_of(id.begin(), id.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
               });
  if (!valid) {
    return Status::InvalidArgument("project id \"" + std::string(id) +
                                   "\" is not 1-64 characters of a-z, 0-9, '.', '_', '-'");
  }
  return Status::Ok();
}

std::string ProjectScope(std::string_view project_id) {
  return std::string(kProjectScopePrefix) + std::string(project_id);
}

std::string EncodeLeaf(const Leaf& leaf) {
  std::string out;
  out.reserve(128);
  out += kLeafVersion;
  out += "\nevent ";
  out += EventName(leaf.event);
  out += "\nscope ";
  out += leaf.scope;
  out += "\ntime ";
  out += leaf.time;
  out += "\ncommitment ";
  out += ToBase64(leaf.commitment);
  out += "\n";
  return out;
}

Result<Leaf> DecodeLeaf(std::string_view bytes) {
  auto field = [&bytes](std::string_view key) -> Result<std::string_view> {
    std::size_t end = bytes.find('\n');
    if (end == std::string_view::npos) {
      return Status::InvalidArgument("leaf: line \"" + std::string(key) + "\" is missing");
    }
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(end + 1);
    if (key.empty()) return line;
    std::string prefix = std::string(key) + " ";
    if (!line.starts_with(prefix)) {
      return Status::InvalidArgument("leaf: expected the \"" + std::string(key) + "\" line");
    }
    return line.substr(prefix.size());
  };
  SOVHUB_ASSIGN_OR_RETURN(std::string_view version, field(""));
  if (version != kLeafVersion) {
    return Status::InvalidArgument("leaf: unknown version \"" + std::string(version) + "\"");
  }
  Leaf leaf;
  SOVHUB_ASSIGN_OR_RETURN(std::string_view event, field("event"));
  SOVHUB_ASSIGN_OR_RETURN(leaf.event, ParseEvent(event));
  SOVHUB_ASSIGN_OR_RETURN(std::string_view scope, field("scope"));
  SOVHUB_RETURN_IF_ERROR(ValidateScope(scope));
  leaf.scope = std::string(scope);
  SOVHUB_ASSIGN_OR_RETURN(std::string_view time, field("time"));
  if (!IsIsoMillis(time)) {
    return Status::InvalidArgument("leaf: time is not YYYY-MM-DDTHH:MM:SS.mmmZ");
  }
  leaf.time = std::string(time);
  SOVHUB_ASSIGN_OR_RETURN(std::string_view commitment, field("commitment"));
  auto decoded = FromBase64(commitment);
  if (!decoded.ok() || decoded->size() != 32) {
    return Status::InvalidArgument("leaf: commitment is not 32 bytes of base64");
  }
  std::copy(decoded->begin(), decoded->end(), leaf.commitment.begin());
  if (!bytes.empty()) return Status::InvalidArgument("leaf: bytes after the commitment line");
  return leaf;
}

}  // namespace sovhub::opposition
