#include "config/env_substitution.h"

#include <cstdlib>

namespace rocky::config {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

bool IsCommentLine(std::string_view line) {
  for (char c : line) {
    if (c == ' ' || c == '\t') continue;
    return c == '#';
  }
  return false;
}

// Substitutes one line (without its newline) into `out`.
Result<void> SubstituteLine(std::string_view line, const EnvLookup& lookup, std::string& out) {
  size_t pos = 0;
  while (pos < line.size()) {
    size_t start = line.find("${", pos);
    if (start == std::string_view::npos) break;
    out.append(line.substr(pos, start - pos));
    size_t i = start + 2;
    size_t name_begin = i;
    if (i < line.size() && IsNameStart(line[i])) {
      while (i < line.size() && IsNameChar(line[i])) ++i;
    }
    std::string_view name = line.substr(name_begin, i - name_begin);
    std::optional<std::string_view> fallback;
    size_t end = std::string_view::npos;
    if (!name.empty() && i < line.size()) {
      if (line[i] == '}') {
        end = i;
      } else if (line.substr(i, 2) == ":-") {
        size_t close = line.find('}', i + 2);
        if (close != std::string_view::npos) {
          fallback = line.substr(i + 2, close - i - 2);
          end = close;
        }
      }
    }
    if (end == std::string_view::npos) {  // not a reference: keep "${" and go on after it
      out.append("${");
      pos = start + 2;
      continue;
    }
    std::string key(name);
    std::optional<std::string> value = lookup ? lookup(key) : std::nullopt;
    if (fallback && (!value || value->empty())) {
      out.append(*fallback);
    } else if (!value) {
      return Fail(ErrorKind::kConfig, "environment variable '{}' not set (referenced in config)",
                  key);
    } else {
      if (value->find('\n') != std::string::npos || value->find('\r') != std::string::npos)
        return Fail(ErrorKind::kConfig, "environment variable '{}' contains a newline", key);
      out.append(*value);
    }
    pos = end + 1;
  }
  out.append(line.substr(pos));
  return Ok();
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<std::string> SubstituteEnv(std::string_view text, const EnvLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (IsCommentLine(line) || line.find("${") == std::string_view::npos) {
      out.append(line);
    } else if (auto r = SubstituteLine(line, lookup, out); !r) {
      return std::unexpected(std::move(r.error()));
    }
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    pos = nl + 1;
  }
  return out;
}

Result<std::string> SubstituteEnv(std::string_view text) {
  return SubstituteEnv(text, ProcessEnv());
}

}  // namespace rocky::config
