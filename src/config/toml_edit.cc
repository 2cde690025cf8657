#include "config/toml_edit.h"

#include <fmt/format.h>

#include <vector>

#include "base/strings.h"
#include "base/toml_string.h"

namespace rocky::config {

namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The key a top-level `key = value` line sets ("" for other lines); bare or quoted keys.
std::string_view KeyOf(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.front() == '#' || line.front() == '[') return {};
  const size_t eq = line.find('=');
  if (eq == std::string_view::npos) return {};
  std::string_view key = Trim(line.substr(0, eq));
  if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
    key = key.substr(1, key.size() - 2);
  return key;
}

}  // namespace

std::string SetTopLevelString(std::string_view text, std::string_view key, std::string_view value) {
  const std::vector<std::string_view> lines = Lines(text);
  const std::string assignment = std::string(key) + " = " + TomlBasicString(value);
  std::string out;
  bool done = false;
  size_t insert_at = 0;  // after the last top-level key or leading comment
  size_t first_table = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = Trim(lines[i]);
    if (!t.empty() && t.front() == '[') {
      first_table = i;
      break;
    }
    if (!KeyOf(lines[i]).empty() || (!t.empty() && t.front() == '#')) insert_at = i + 1;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!done && i < first_table && KeyOf(lines[i]) == key) {
      // Skip a multi-line string value to its closing delimiter.
      std::string_view rest = Trim(lines[i].substr(lines[i].find('=') + 1));
      for (std::string_view delim : {std::string_view("\"\"\""), std::string_view("'''")}) {
        if (rest.starts_with(delim) && rest.substr(3).find(delim) == std::string_view::npos) {
          while (i + 1 < lines.size() && lines[i + 1].find(delim) == std::string_view::npos) ++i;
          if (i + 1 < lines.size()) ++i;
        }
      }
      out += assignment + "\n";
      done = true;
      continue;
    }
    if (!done && i == insert_at && i <= first_table) {
      out += assignment + "\n";
      done = true;
    }
    out += lines[i];
    out += "\n";
  }
  if (!done) out += assignment + "\n";
  return out;
}

}  // namespace rocky::config
