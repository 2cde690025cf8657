#pragma once
// A string that never prints itself: tokens, passwords, API keys.

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rocky {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  /// The real value, for the one place that sends it (an HTTP header, a connection string).
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  /// "***", or "" when empty.
  std::string Redacted() const { return value_.empty() ? "" : "***"; }

 private:
  std::string value_;
};

/// A URL with its user-info password replaced by `***` (`redis://u:***@host`).
std::string RedactUrl(std::string_view url);

}  // namespace rocky

template <>
struct fmt::formatter<rocky::Secret> : fmt::formatter<std::string_view> {
  auto format(const rocky::Secret& s, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(s.empty() ? "" : "***", ctx);
  }
};
