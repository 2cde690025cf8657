#include "sql/identifier.h"

namespace rocky::sql {

namespace {
bool AllOf(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

bool IsValidIdentifier(std::string_view name) { return AllOf(name, IsWordChar); }

Result<void> ValidateIdentifier(std::string_view name) {
  if (IsValidIdentifier(name)) return Ok();
  return Fail(ErrorKind::kConfig, "invalid SQL identifier '{}': must match [a-zA-Z0-9_]+", name);
}

Result<void> ValidateTypeString(std::string_view type) {
  if (AllOf(type, [](char c) {
        return IsWordChar(c) || c == ' ' || c == '(' || c == ')' || c == ',';
      }))
    return Ok();
  return Fail(ErrorKind::kConfig, "invalid SQL type '{}': must match [a-zA-Z0-9_ (),]+", type);
}

Result<void> ValidatePrincipal(std::string_view principal) {
  if (AllOf(principal, [](char c) {
        return IsWordChar(c) || c == ' ' || c == '-' || c == '.' || c == '@';
      }))
    return Ok();
  return Fail(ErrorKind::kConfig, "invalid principal '{}': must match [a-zA-Z0-9_ \\-.@]+",
              principal);
}

Result<void> ValidateTagValue(std::string_view text) {
  bool bad = text.empty();
  for (std::string_view banned : {"--", "/*", "*/", "'", ";", "\r", "\n"})
    if (text.find(banned) != std::string_view::npos) bad = true;
  if (!bad) return Ok();
  return Fail(ErrorKind::kConfig,
              "invalid tag '{}': must be non-empty and free of --, /*, */, ', ;, CR and LF", text);
}

Result<void> ValidateIdentifiers(const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (auto ok = ValidateIdentifier(n); !ok) return ok;
  return Ok();
}

}  // namespace rocky::sql
