// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/json_syntax.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace sovhub::cohort {
namespace {

using nlohmann::json;

// Walks the SAX events keeping the path of the value being read.
class SyntaxChecker : public nlohmann::json_sax<json> {
 public:
  SyntaxChecker(std::string_view text, int max_depth, std::string_view root_name)
      : text_(text), max_depth_(max_depth), root_name_(root_name) {}

  const Status& status() const { return status_; }

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }

  bool start_object(std::size_t) override { return Open(false); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(string_t& name) override {
    Frame& frame = frames_.back();
    frame.key = name;
    frame.has_key = true;
    if (!frame.keys.insert(name).second) return Fail("duplicate key");
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error
    // at line 1, column 5: syntax error ..."; keep the part after the
    // position, which this function states itself.
    std::string reason = error.what();
    std::size_t at = reason.find("parse error");
    at = at == std::string::npos ? std::string::npos : reason.find(": ", at);
    if (at != std::string::npos) reason = reason.substr(at + 2);
    // The message quotes the input it last read, which may be any bytes:
    // keep it printable ASCII, as messages end up in logs and JSON replies.
    for (char& c : reason) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    return Fail("malformed JSON at " + LineAndColumn(position) + ": " + reason);
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t next_index = 0;  // arrays: index of the next element
    std::string key;             // objects: the last key read
    bool has_key = false;        // objects: `key` names the value being read
    std::set<std::string> keys;  // objects: the keys seen
  };

  // A value starts: in an array, it takes the next index.
  void Enter() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().next_index;
  }
  // A value ends: in an object, what follows is not under its key.
  void Leave() {
    if (!frames_.empty() && !frames_.back().array) frames_.back().has_key = false;
  }
  bool Value() {
    Enter();
    Leave();
    return true;
  }
  bool Open(bool array) {
    Enter();
    if (static_cast<int>(frames_.size()) >= max_depth_) {
      return Fail("nested deeper than " + std::to_string(max_depth_));
    }
    frames_.push_back(Frame{.array = array});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    Leave();
    return true;
  }

  // The path of the value being read: the key or index in each open frame.
  std::string Path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.array) {
        if (frame.next_index > 0) path += "[" + std::to_string(frame.next_index - 1) + "]";
      } else if (frame.has_key) {
        path += (path.empty() ? "" : ".") + frame.key;
      }
    }
    return path;
  }

  // nlohmann counts characters read, the offending one included.
  std::string LineAndColumn(std::size_t position) const {
    std::size_t offset = std::min(position == 0 ? 0 : position - 1, text_.size());
    std::size_t line = 1 + std::count(text_.begin(), text_.begin() + offset, '\n');
    std::size_t line_start = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
  }

  bool Fail(const std::string& reason) {
    std::string path = Path();
    status_ =
        Status::InvalidArgument((path.empty() ? std::string(root_name_) : path) + ": " + reason);
    return false;
  }

  std::string_view text_;
  int max_depth_;
  std::string_view root_name_;
  std::vector<Frame> frames_;
  Status status_;
};

}  // namespace

Status CheckJsonSyntax(std::string_view text, int max_depth, std::string_view root_name) {
  SyntaxChecker checker(text, max_depth, root_name);
  bool accepted = false;
  try {
    accepted = json::sax_parse(text.begin(), text.end(), &checker);
  } catch (const json::exception& error) {
    // sax_parse reports through parse_error; a throw is an exception of its own.
    return Status::InvalidArgument(std::string(root_name) + ": malformed JSON: " + error.what());
  }
  if (!accepted && checker.status().ok()) {
    return Status::InvalidArgument(std::string(root_name) + ": malformed JSON");
  }
  return checker.status();
}

}  // namespace sovhub::cohort
