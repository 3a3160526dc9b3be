// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Status and Result<T>: how every sovhub function reports an expected failure.
// Exceptions are used only where third-party code throws, and are converted to a
// Status at that boundary. The mapping from a StatusCode to an HTTP status or a
// process exit code lives in the adapters (cli/, api/), never here.
#ifndef SOVHUB_CORE_STATUS_H_
#define SOVHUB_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sovhub {

enum class StatusCode {
  kOk,
  kInvalidArgument,   // the caller's input is malformed; retrying will not help
  kNotFound,          // a named thing does not exist
  kPermissionDenied,  // policy or file permissions refuse the action
  kConflict,          // the action clashes with the current state
  kCorruption,        // stored data fails an integrity check
  kIoError,           // the operating system or the database failed
  kUnavailable,       // a resource is busy or absent; retrying may help
  kInternal,          // a bug: an invariant did not hold
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(StatusCode::kConflict, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Status(StatusCode::kCorruption, std::move(message));
  }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message" (same code).
  Status WithContext(std::string_view context) const;

 private:
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(state_);
  }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace sovhub

#define SOVHUB_CONCAT_INNER(a, b) a##b
#define SOVHUB_CONCAT(a, b) SOVHUB_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define SOVHUB_RETURN_IF_ERROR(expr)                  \
  do {                                                \
    ::sovhub::Status sovhub_status_ = (expr);         \
    if (!sovhub_status_.ok()) return sovhub_status_;  \
  } while (false)

// `lhs = value of expr`, or returns its Status from the enclosing function.
#define SOVHUB_ASSIGN_OR_RETURN(lhs, expr)                                 \
  SOVHUB_ASSIGN_OR_RETURN_IMPL(SOVHUB_CONCAT(sovhub_result_, __LINE__), lhs, \
                               expr)
#define SOVHUB_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()

#endif  // SOVHUB_CORE_STATUS_H_
