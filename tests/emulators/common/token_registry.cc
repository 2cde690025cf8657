#include "emulators/common/token_registry.h"

#include <fmt/format.h>

#include <random>

#include "base/strings.h"

namespace rocky::emulator {

void TokenRegistry::AddStatic(std::string token) {
  std::lock_guard lock(mu_);
  tokens_[std::move(token)] = std::nullopt;
}

std::string TokenRegistry::Issue(std::chrono::milliseconds lifetime, std::string_view prefix) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string token = fmt::format("{}{:016x}{:016x}", prefix, random(), random());
  std::lock_guard lock(mu_);
  tokens_[token] = Clock::now() + lifetime;
  return token;
}

bool TokenRegistry::empty() const {
  std::lock_guard lock(mu_);
  return tokens_.empty();
}

TokenCheck TokenRegistry::Check(const std::optional<std::string>& token) const {
  if (!token || token->empty()) return TokenCheck::kMissing;
  std::lock_guard lock(mu_);
  auto it = tokens_.find(*token);
  if (it == tokens_.end()) return TokenCheck::kInvalid;
  if (it->second && Clock::now() >= *it->second) return TokenCheck::kExpired;
  return TokenCheck::kOk;
}

std::optional<std::string> BearerToken(std::string_view header) {
  header = Trim(header);
  if (header.size() < 7 || !EqualsIgnoreCase(header.substr(0, 7), "bearer ")) return std::nullopt;
  return std::string(Trim(header.substr(7)));
}

std::optional<BasicCredentials> BasicAuth(std::string_view header) {
  header = Trim(header);
  if (header.size() < 6 || !EqualsIgnoreCase(header.substr(0, 6), "basic ")) return std::nullopt;
  auto decoded = Base64Decode(Trim(header.substr(6)));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+' || c == '-')
      v = 62;
    else if (c == '/' || c == '_')
      v = 63;
    else if (c == '=')
      break;
    else
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace rocky::emulator
