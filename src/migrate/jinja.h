#pragma once
// A small Jinja subset, enough to expand the templates of a dbt model statically:
//   {{ expr }}, {% if %}/{% elif %}/{% else %}/{% endif %}, {% for x in expr %}…{% endfor %}
//   (with loop.index/index0/first/last/length), {% set x = expr %}, {# comments #}, and the
//   whitespace control `{%-`/`-%}`. Expressions: string/number/bool/none/list/dict literals,
//   names, attribute access and indexing, `== != < > <= >= in not in and or not`,
//   `is [not] none|defined|undefined|string|number`, `~`, `+ - * /`,
//   calls to the functions the caller provides and the filters lower, upper, default, join, trim,
//   replace, length; `{% raw %}…{% endraw %}` kept as written.
// Anything else (another statement such as `{% macro %}` or `{% call %}`, an unknown name,
// function or filter) is refused with the construct and its line: a migration must never guess.
// `is_incremental()` is built in: it is false (a full build), and every `if` whose condition
// called it reports the source text of the block it dropped.

#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rocky::migrate {

/// A value of the template language.
struct JinjaValue {
  enum class Kind { kNone, kBool, kNumber, kString, kList, kDict };
  Kind kind = Kind::kNone;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<JinjaValue> items;
  std::map<std::string, JinjaValue> fields;

  static JinjaValue Bool(bool b);
  static JinjaValue Number(double n);
  static JinjaValue String(std::string s);
  static JinjaValue List(std::vector<JinjaValue> items);
  static JinjaValue Dict(std::map<std::string, JinjaValue> fields);

  bool Truthy() const;
  /// What `{{ value }}` prints (Python's str(): `True`, `None`, `['a', 'b']`, `3` for 3.0).
  std::string Render() const;
  bool operator==(const JinjaValue& other) const;
};

/// Arguments of a call: positional, then keyword arguments in the order written.
struct JinjaArgs {
  std::vector<JinjaValue> positional;
  std::vector<std::pair<std::string, JinjaValue>> named;
};

/// A function the template may call (`ref`, `source`, `config`, `var`…). An error is a message;
/// the interpreter adds the line.
using JinjaFunction = std::function<std::expected<JinjaValue, std::string>(const JinjaArgs&)>;

struct JinjaEnvironment {
  std::map<std::string, JinjaValue> globals;
  std::map<std::string, JinjaFunction> functions;
};

/// An `{% if %}` body dropped because its condition called `is_incremental()`.
struct DroppedIncrementalBlock {
  int line = 0;
  std::string source;  // the body's template text, unrendered
};

struct JinjaOutput {
  std::string text;
  std::vector<DroppedIncrementalBlock> incremental_blocks;
};

/// Why a template was refused: the construct (`{% macro %}`, `adapter.get_relation`,
/// `filter 'tojson'`) and its 1-based line.
struct JinjaError {
  int line = 0;
  std::string construct;
  std::string message;
  /// "line 3: unsupported Jinja statement '{% macro %}'".
  std::string Text() const;
};

/// Renders `text` in `env`.
std::expected<JinjaOutput, JinjaError> RenderJinja(std::string_view text,
                                                   const JinjaEnvironment& env);

/// Evaluates one expression (a macro parameter's default, say) in `env`.
std::expected<JinjaValue, JinjaError> EvaluateJinja(std::string_view expression,
                                                    const JinjaEnvironment& env);

}  // namespace rocky::migrate
