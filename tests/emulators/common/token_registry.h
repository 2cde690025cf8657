#pragma once
// Credentials an emulator accepts: static tokens (a PAT, an API key) that never expire, and tokens
// it issues with a lifetime (OAuth access tokens). Also the parsing of `Authorization` headers.
// Thread-safe.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rocky::emulator {

enum class TokenCheck { kOk, kMissing, kInvalid, kExpired };

class TokenRegistry {
 public:
  using Clock = std::chrono::system_clock;

  /// Accepts `token` forever.
  void AddStatic(std::string token);
  /// Issues a fresh random token (`prefix` + 32 hex digits) valid for `lifetime`.
  std::string Issue(std::chrono::milliseconds lifetime, std::string_view prefix = "emu-");
  /// Whether anything was registered or issued (an emulator with no credentials configured may
  /// choose to accept any token).
  bool empty() const;

  /// Checks a token taken from a request (std::nullopt or "" = none sent).
  TokenCheck Check(const std::optional<std::string>& token) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::optional<Clock::time_point>> tokens_;  // nullopt: static
};

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive), or nullopt.
std::optional<std::string> BearerToken(std::string_view authorization_header);

struct BasicCredentials {
  std::string user;
  std::string password;
};
/// The decoded user and password of `Authorization: Basic <base64(user:password)>`, or nullopt.
std::optional<BasicCredentials> BasicAuth(std::string_view authorization_header);

/// Standard or URL-safe base64, padding optional; nullopt on a bad character.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace rocky::emulator
