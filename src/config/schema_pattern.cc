#include "config/schema_pattern.h"

#include "base/strings.h"

namespace rocky::config {

const ComponentValue* ParsedSchema::Find(std::string_view name) const {
  for (const auto& c : components)
    if (c.name == name) return &c;
  return nullptr;
}

Result<SchemaPattern> SchemaPattern::Create(std::string prefix, std::string separator,
                                            const std::vector<std::string>& components) {
  if (prefix.empty()) return Fail(ErrorKind::kConfig, "schema pattern prefix must not be empty");
  if (separator.empty())
    return Fail(ErrorKind::kConfig, "schema pattern separator must not be empty");
  if (components.empty())
    return Fail(ErrorKind::kConfig, "schema pattern components must not be empty");
  SchemaPattern p;
  p.prefix_ = std::move(prefix);
  p.separator_ = std::move(separator);
  int variable = 0;
  for (const auto& entry : components) {
    if (entry.empty() || entry == "...")
      return Fail(ErrorKind::kConfig, "invalid component spec '{}'", entry);
    PatternComponent c;
    if (EndsWith(entry, "...")) {
      c.name = entry.substr(0, entry.size() - 3);
      c.kind = ComponentKind::kVariable;
      if (++variable > 1)
        return Fail(ErrorKind::kConfig,
                    "invalid schema pattern: at most one variable-length component is allowed");
    } else {
      c.name = entry;
    }
    p.components_.push_back(std::move(c));
  }
  for (auto it = p.components_.rbegin(); it != p.components_.rend(); ++it) {
    if (it->kind != ComponentKind::kVariable) {
      it->kind = ComponentKind::kTerminal;
      break;
    }
  }
  return p;
}

Result<ParsedSchema> SchemaPattern::Parse(std::string_view schema) const {
  if (!StartsWith(schema, prefix_))
    return Fail(ErrorKind::kConfig, "schema '{}' does not start with prefix '{}'", schema, prefix_);
  std::string_view rest = schema.substr(prefix_.size());
  std::vector<std::string> segments;
  if (!rest.empty()) segments = Split(rest, separator_);
  const size_t n = segments.size();
  size_t fixed = 0;
  bool has_variable = false;
  for (const auto& c : components_) {
    if (c.kind == ComponentKind::kVariable) has_variable = true;
    else ++fixed;
  }
  const size_t minimum = fixed + (has_variable ? 1 : 0);
  if (n < minimum)
    return Fail(ErrorKind::kConfig, "schema '{}' has {} segments but the pattern needs at least {}",
                schema, n, minimum);
  if (!has_variable && n > fixed)
    return Fail(ErrorKind::kConfig, "schema '{}' has {} segments but the pattern takes exactly {}",
                schema, n, fixed);
  ParsedSchema parsed;
  parsed.schema = std::string(schema);
  size_t pos = 0;
  for (const auto& c : components_) {
    ComponentValue v;
    v.name = c.name;
    if (c.kind == ComponentKind::kVariable) {
      v.multi = true;
      size_t take = n - fixed;
      for (size_t i = 0; i < take; ++i) v.values.push_back(segments[pos++]);
    } else {
      v.values.push_back(segments[pos++]);
    }
    parsed.components.push_back(std::move(v));
  }
  return parsed;
}

std::string ResolveTemplate(std::string_view tmpl, const ParsedSchema& parsed,
                            std::string_view separator) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        if (const ComponentValue* v = parsed.Find(name)) {
          out += Join(v->values, separator);
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(tmpl[i++]);
  }
  return out;
}

}  // namespace rocky::config
