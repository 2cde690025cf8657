#pragma once
// Operational failures: files, network, warehouse, state. Problems in user input are
// Diagnostics (base/diagnostic.h); bugs are asserts.

#include <expected>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace rocky {

enum class ErrorKind {
  kConfig,      // configuration cannot be used
  kUsage,       // bad command-line usage (exit 2)
  kIo,          // file system
  kAdapter,     // warehouse / source adapter failure
  kState,       // state store
  kNotFound,    // a named thing does not exist
  kConflict,    // a lock or concurrent change
  kInternal,
};

/// An operational failure: a kind, a message, and outer context lines ("while describing ...").
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::vector<std::string> context;  // innermost first
  std::string hint;                  // what to do about it, when known
  /// Remote calls (HTTP, warehouse APIs): trying again may succeed (a refused connection, a
  /// 503), and the remote side may have acted on the request although no answer came back (a
  /// timeout or a dropped connection after the request went out): retry only what is safe twice.
  bool retryable = false;
  bool ambiguous = false;

  /// Adds a context line; returns *this for chaining.
  Error& With(std::string ctx) & {
    context.push_back(std::move(ctx));
    return *this;
  }
  Error&& With(std::string ctx) && {
    context.push_back(std::move(ctx));
    return std::move(*this);
  }
  Error&& WithHint(std::string h) && {
    hint = std::move(h);
    return std::move(*this);
  }
  /// One line for reports: the message, then each context line in parentheses.
  std::string Text() const {
    std::string text = message;
    for (const auto& c : context) text += " (" + c + ")";
    return text;
  }
};

template <typename T>
using Result = std::expected<T, Error>;

/// Result<void> success value: `return Ok();`.
inline Result<void> Ok() { return {}; }

template <typename... Args>
std::unexpected<Error> Fail(ErrorKind kind, fmt::format_string<Args...> f, Args&&... args) {
  return std::unexpected(Error{kind, fmt::format(f, std::forward<Args>(args)...), {}, {}});
}

inline std::unexpected<Error> Fail(Error e) { return std::unexpected(std::move(e)); }

}  // namespace rocky
