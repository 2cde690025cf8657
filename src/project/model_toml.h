#pragma once
// Typed getters shared by the readers of model sidecars, `_defaults.toml` and contract files, on
// top of TomlTableReader: closed sets of values, SQL identifiers (spec README, cross-cutting
// rules) checked where they are written, and the conversion of reader issues and TOML or
// environment failures into Diagnostics.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/error.h"
#include "config/env_substitution.h"
#include "config/toml_document.h"

namespace rocky::project {

/// Diagnostic codes of model loading. Load errors (files, TOML, sidecar values, names) use
/// kModelLoadCode, as `rocky validate` lists them (V030); unknown keys are V002 warnings.
inline constexpr std::string_view kModelLoadCode = "V030";
inline constexpr std::string_view kUnknownKeyCode = "V002";

/// Records `key 'k' in [t] must be one of 'a', 'b' (got 'x')` for a value outside `choices`.
/// Returns the index of the value in `choices`, or nullopt (absent or invalid).
std::optional<size_t> ReadChoice(config::TomlTableReader& t, std::string_view key,
                                 const std::vector<std::string>& choices);

/// Records `invalid SQL identifier 'v': must match [a-zA-Z0-9_]+ (key 'k' in [t])` at `span`
/// unless `value` is a valid identifier. Returns whether it is.
bool CheckIdentifier(config::TomlTableReader& t, std::string_view key, const std::string& value,
                     const Span& span);

/// A string that must be a SQL identifier; nullopt when absent or invalid.
std::optional<std::string> OptIdentifier(config::TomlTableReader& t, std::string_view key);
/// Like OptIdentifier, recording `key 'k' in [t] is required` when absent.
std::optional<std::string> RequiredIdentifier(config::TomlTableReader& t, std::string_view key);

/// An array of identifiers; each element is checked at its own span. With `non_empty`, an empty
/// array records `key 'k' in [t] must be a non-empty array of strings`. nullopt when absent or
/// wrong; invalid identifiers are recorded but kept.
std::optional<std::vector<std::string>> OptIdentifierList(config::TomlTableReader& t,
                                                          std::string_view key, bool non_empty);

/// Records `key 'k' in [t] is required` (or `top-level key 'k' is required`).
void RequireKey(config::TomlTableReader& t, std::string_view key);

/// A Diagnostic for a reader issue: errors as kModelLoadCode, unknown keys as V002 warnings
/// carrying the did-you-mean suggestion.
Diagnostic IssueDiagnostic(const config::TomlIssue& issue);

/// Env substitution and TOML parsing of one file's text. Failures become one error Diagnostic
/// located at the file and line (the first `${NAME` of a missing variable; the parser's
/// line and column).
std::optional<config::TomlValue> ParseConfigText(std::string_view text, const std::string& file,
                                                 const config::EnvLookup& env,
                                                 std::vector<Diagnostic>& out);

/// An error Diagnostic with kModelLoadCode.
Diagnostic LoadError(std::string message, Span span);

}  // namespace rocky::project
