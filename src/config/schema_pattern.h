#pragma once
// Schema patterns (config.md §5): `prefix` + `separator` + ordered components parse a landed
// schema name such as `src__acme__us_west__shopify` into named values; target templates put
// those values back together (`staging__{regions}__{source}`).

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::config {

enum class ComponentKind { kSingle, kTerminal, kVariable };

struct PatternComponent {
  std::string name;  // without the trailing "..."
  ComponentKind kind = ComponentKind::kSingle;
};

/// One parsed value: a single string, or several for a variable-length component.
struct ComponentValue {
  std::string name;
  std::vector<std::string> values;
  bool multi = false;
};

struct ParsedSchema {
  std::string schema;
  std::vector<ComponentValue> components;  // pattern order
  /// The value of `name` joined with `separator`; nullptr-like empty optional when unknown.
  const ComponentValue* Find(std::string_view name) const;
};

class SchemaPattern {
 public:
  /// Validates the component specs: `"..."` and `""` fail with `invalid component spec '<entry>'`,
  /// at most one variable-length component, at least one component, a non-empty prefix.
  static Result<SchemaPattern> Create(std::string prefix, std::string separator,
                                      const std::vector<std::string>& components);

  Result<ParsedSchema> Parse(std::string_view schema) const;

  const std::string& prefix() const { return prefix_; }
  const std::string& separator() const { return separator_; }
  const std::vector<PatternComponent>& components() const { return components_; }

 private:
  std::string prefix_;
  std::string separator_;
  std::vector<PatternComponent> components_;
};

/// Replaces each `{name}` by the component's value (multi-valued joined with `separator`);
/// unknown placeholders stay as written.
std::string ResolveTemplate(std::string_view tmpl, const ParsedSchema& parsed,
                            std::string_view separator);

}  // namespace rocky::config
