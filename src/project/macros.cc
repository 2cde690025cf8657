#include "project/macros.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "base/byte_codec.h"
#include "base/strings.h"

namespace rocky::project {

namespace {

namespace fs = std::filesystem;

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A letter or `_`, then letters, digits and `_`.
bool IsMacroWord(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), IsWordChar);
}

Diagnostic MacroError(std::string message, Span span, std::optional<std::string> model) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::string(kMacroCode);
  d.message = std::move(message);
  d.span = std::move(span);
  d.model = std::move(model);
  return d;
}

// `-- @macro name(p1, p2)` → the macro's name and parameters, or an error message.
std::optional<Macro> ParseHeader(std::string_view line, std::string& error) {
  std::string_view rest = Trim(line);
  constexpr std::string_view kPrefix = "--";
  if (rest.substr(0, kPrefix.size()) != kPrefix) {
    error = "the first line must be `-- @macro name(p1, p2)`";
    return std::nullopt;
  }
  rest = Trim(rest.substr(kPrefix.size()));
  constexpr std::string_view kTag = "@macro";
  if (rest.substr(0, kTag.size()) != kTag) {
    error = "the first line must be `-- @macro name(p1, p2)`";
    return std::nullopt;
  }
  rest = Trim(rest.substr(kTag.size()));
  size_t open = rest.find('(');
  size_t close = rest.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
      !Trim(rest.substr(close + 1)).empty()) {
    error = "expected `name(p1, p2)` after `@macro`";
    return std::nullopt;
  }
  Macro m;
  m.name = std::string(Trim(rest.substr(0, open)));
  if (!IsMacroWord(m.name)) {
    error = fmt::format("invalid macro name '{}'", m.name);
    return std::nullopt;
  }
  std::string_view params = Trim(rest.substr(open + 1, close - open - 1));
  while (!params.empty()) {
    size_t comma = params.find(',');
    std::string_view p = Trim(params.substr(0, comma));
    if (!IsMacroWord(p)) {
      error = fmt::format("invalid parameter '{}' of macro '{}'", p, m.name);
      return std::nullopt;
    }
    m.params.emplace_back(p);
    if (comma == std::string_view::npos) break;
    params = params.substr(comma + 1);
  }
  return m;
}

// The arguments of a call whose `(` is at text[open]; `end` is set after the `)`.
std::optional<std::vector<std::string>> SplitArguments(std::string_view text, size_t open,
                                                       size_t& end) {
  std::vector<std::string> args;
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      size_t q = text.find(c, i + 1);
      while (q != std::string_view::npos && q + 1 < text.size() && text[q + 1] == c)
        q = text.find(c, q + 2);  // doubled quote
      if (q == std::string_view::npos) return std::nullopt;
      i = q;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    } else if (c == ')' || (c == ',' && depth == 0)) {
      std::string_view arg = Trim(text.substr(start, i - start));
      if (c == ',' || !arg.empty() || !args.empty()) args.emplace_back(arg);
      start = i + 1;
      if (c == ')') {
        end = i + 1;
        return args;
      }
    }
  }
  return std::nullopt;
}

bool Expand(std::string_view text, const MacroSet& macros, int depth, std::string& out,
            std::string& error) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t at = text.find('@', pos);
    if (at == std::string_view::npos) break;
    size_t name_end = at + 1;
    while (name_end < text.size() && IsWordChar(text[name_end])) ++name_end;
    const bool preceded = at > 0 && IsWordChar(text[at - 1]);
    auto it = (name_end < text.size() && text[name_end] == '(' && !preceded)
                  ? macros.by_name.find(ToLower(text.substr(at + 1, name_end - at - 1)))
                  : macros.by_name.end();
    if (it == macros.by_name.end()) {
      out.append(text.substr(pos, name_end - pos));
      pos = name_end;
      continue;
    }
    const Macro& macro = it->second;
    if (depth >= kMaxMacroDepth) {
      error = fmt::format("macro recursion too deep: {}", macro.name);
      return false;
    }
    size_t end = 0;
    auto args = SplitArguments(text, name_end, end);
    if (!args) {
      error = fmt::format("unclosed call of macro '{}'", macro.name);
      return false;
    }
    if (args->size() != macro.params.size()) {
      error = fmt::format("macro '{}' takes {} argument(s), got {}", macro.name,
                          macro.params.size(), args->size());
      return false;
    }
    std::string body = macro.body;
    for (size_t i = 0; i < args->size(); ++i)
      body = ReplaceAll(body, "{" + macro.params[i] + "}", (*args)[i]);
    out.append(text.substr(pos, at - pos));
    if (!Expand(body, macros, depth + 1, out, error)) return false;
    pos = end;
  }
  if (pos < text.size()) out.append(text.substr(pos));
  return true;
}

}  // namespace

MacroSet LoadMacros(const fs::path& models_dir) {
  MacroSet set;
  const fs::path dir = (models_dir / ".." / "macros").lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return set;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".sql") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  ContentHasher hash;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const std::string path = file.string();
    size_t newline = text.find('\n');
    std::string error;
    auto macro = ParseHeader(text.substr(0, newline), error);
    if (!macro) {
      set.diagnostics.push_back(MacroError(fmt::format("macro file {}: {}", path, error),
                                           Span{path, 1, 1, 0}, std::nullopt));
      continue;
    }
    macro->body = newline == std::string::npos ? "" : std::string(Trim(text.substr(newline + 1)));
    while (!macro->body.empty() && macro->body.back() == ';') macro->body.pop_back();
    macro->path = path;
    const std::string key = ToLower(macro->name);
    if (auto it = set.by_name.find(key); it != set.by_name.end()) {
      set.diagnostics.push_back(MacroError(
          fmt::format("macro '{}' is defined twice: {} and {}", macro->name, it->second.path, path),
          Span{path, 1, 1, 0}, std::nullopt));
      continue;
    }
    hash.Add(text);
    set.by_name.emplace(key, std::move(*macro));
  }
  if (!set.by_name.empty()) set.hash = hash.value() == 0 ? 1 : hash.value();
  return set;
}

std::optional<std::string> ExpandMacros(std::string_view text, const MacroSet& macros,
                                        std::string& error) {
  std::string out;
  out.reserve(text.size());
  if (!Expand(text, macros, 0, out, error)) return std::nullopt;
  return out;
}

std::vector<size_t> ExpandModelMacros(std::vector<Model>& models, const MacroSet& macros,
                                      std::vector<Diagnostic>& diagnostics) {
  std::vector<size_t> changed;
  if (macros.empty()) return changed;
  for (size_t i = 0; i < models.size(); ++i) {
    Model& m = models[i];
    if (m.kind != ModelKind::kSql || m.text.find('@') == std::string::npos) continue;
    std::string error;
    auto expanded = ExpandMacros(m.text, macros, error);
    if (!expanded) {
      diagnostics.push_back(MacroError(error, m.spans.body.line > 0 ? m.spans.body : m.spans.file,
                                       m.name));
      continue;
    }
    if (*expanded != m.text) {
      m.text = std::move(*expanded);
      changed.push_back(i);
    }
  }
  return changed;
}

}  // namespace rocky::project
