#include "project/model_toml.h"

#include <fmt/format.h>

#include <charconv>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

std::string KeyInTable(config::TomlTableReader& t, std::string_view key) {
  std::string where = t.Where();
  if (where == "top level") return fmt::format("top-level key '{}'", key);
  return fmt::format("key '{}' in {}", key, where);
}

// Line of the first reference to `${name` outside comment lines (1 when not found).
int LineOfVariable(std::string_view text, std::string_view name) {
  std::string plain = fmt::format("${{{}}}", name);
  std::string with_default = fmt::format("${{{}:-", name);
  int line = 1;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    std::string_view lead = Trim(row);
    if (!StartsWith(lead, "#") && (row.find(plain) != std::string_view::npos ||
                                   row.find(with_default) != std::string_view::npos))
      return line;
    ++line;
    pos = end + 1;
  }
  return 1;
}

// The variable named in `environment variable 'NAME' ...`.
std::string_view QuotedName(std::string_view message) {
  size_t open = message.find('\'');
  if (open == std::string_view::npos) return {};
  size_t close = message.find('\'', open + 1);
  if (close == std::string_view::npos) return {};
  return message.substr(open + 1, close - open - 1);
}

// Splits `FILE:LINE:COL: message` (as ParseToml words it) into a span and the message.
Diagnostic TomlParseDiagnostic(const std::string& text, const std::string& file) {
  Span span{file, 0, 0, 0};
  std::string_view rest = text;
  if (StartsWith(rest, file) && rest.size() > file.size() && rest[file.size()] == ':') {
    rest.remove_prefix(file.size() + 1);
    auto number = [&rest](int& out) {
      const char* end = rest.data() + rest.size();
      auto [ptr, ec] = std::from_chars(rest.data(), end, out);
      if (ec != std::errc() || ptr == end || *ptr != ':') return false;
      rest.remove_prefix(static_cast<size_t>(ptr - rest.data()) + 1);
      return true;
    };
    int line = 0, col = 0;
    if (number(line) && number(col)) {
      span.line = line;
      span.col = col;
      if (StartsWith(rest, " ")) rest.remove_prefix(1);
    } else {
      rest = text;
    }
  }
  return LoadError(std::string(rest), span);
}

}  // namespace

std::optional<size_t> ReadChoice(config::TomlTableReader& t, std::string_view key,
                                 const std::vector<std::string>& choices) {
  auto value = t.OptString(key);
  if (!value) return std::nullopt;
  for (size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == *value) return i;
  std::vector<std::string> quoted;
  quoted.reserve(choices.size());
  for (const auto& c : choices) quoted.push_back(fmt::format("'{}'", c));
  t.Error(key, fmt::format("{} must be one of {} (got '{}')", KeyInTable(t, key),
                           Join(quoted, ", "), *value));
  return std::nullopt;
}

bool CheckIdentifier(config::TomlTableReader& t, std::string_view key, const std::string& value,
                     const Span& span) {
  auto ok = sql::ValidateIdentifier(value);
  if (ok) return true;
  t.ErrorAt(span, fmt::format("{} ({})", ok.error().message, KeyInTable(t, key)), t.Field(key));
  return false;
}

std::optional<std::string> OptIdentifier(config::TomlTableReader& t, std::string_view key) {
  auto value = t.OptString(key);
  if (!value) return std::nullopt;
  if (!CheckIdentifier(t, key, *value, t.Get(key)->span())) return std::nullopt;
  return value;
}

std::optional<std::string> RequiredIdentifier(config::TomlTableReader& t, std::string_view key) {
  if (!t.Has(key)) {
    RequireKey(t, key);
    return std::nullopt;
  }
  return OptIdentifier(t, key);
}

std::optional<std::vector<std::string>> OptIdentifierList(config::TomlTableReader& t,
                                                          std::string_view key, bool non_empty) {
  auto values = t.OptStringList(key);
  if (!values) return std::nullopt;
  if (non_empty && values->empty()) {
    t.TypeError(key, "a non-empty array of strings");
    return std::nullopt;
  }
  const config::TomlValue* array = t.Get(key);
  for (size_t i = 0; i < values->size(); ++i)
    CheckIdentifier(t, key, (*values)[i], array->items()[i].span());
  return values;
}

void RequireKey(config::TomlTableReader& t, std::string_view key) {
  t.Declare(key);
  t.Error(key, fmt::format("{} is required", KeyInTable(t, key)));
}

Diagnostic IssueDiagnostic(const config::TomlIssue& issue) {
  Diagnostic d;
  if (issue.kind == config::TomlIssue::Kind::kUnknownKey) {
    d.severity = Severity::kWarning;
    d.code = std::string(kUnknownKeyCode);
    d.suggestion = issue.suggestion;
  } else {
    d.severity = Severity::kError;
    d.code = std::string(kModelLoadCode);
  }
  d.message = issue.message;
  d.span = issue.span;
  return d;
}

std::optional<config::TomlValue> ParseConfigText(std::string_view text, const std::string& file,
                                                 const config::EnvLookup& env,
                                                 std::vector<Diagnostic>& out) {
  std::string substituted;
  std::string_view source = text;
  if (text.find("${") != std::string_view::npos) {
    auto result = config::SubstituteEnv(text, env);
    if (!result) {
      const std::string& message = result.error().message;
      out.push_back(
          LoadError(message, Span{file, LineOfVariable(text, QuotedName(message)), 0, 0}));
      return std::nullopt;
    }
    substituted = std::move(*result);
    source = substituted;
  }
  auto parsed = config::ParseToml(source, file);
  if (!parsed) {
    out.push_back(TomlParseDiagnostic(parsed.error().message, file));
    return std::nullopt;
  }
  return std::move(*parsed);
}

Diagnostic LoadError(std::string message, Span span) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::string(kModelLoadCode);
  d.message = std::move(message);
  d.span = std::move(span);
  return d;
}

}  // namespace rocky::project
