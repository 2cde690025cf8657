#pragma once
// Environment-variable substitution on raw configuration text (config.md §1.2). It runs before
// TOML parsing on `rocky.toml`, model sidecars, `_defaults.toml`, contract and seed files, so it
// knows nothing about any of them: it works line by line on plain text and never changes the
// number of lines, which keeps parser line numbers true to the file.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace rocky::config {

/// Looks a variable up; nullopt when it is unset (an empty value is set).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
EnvLookup ProcessEnv();

/// Replaces `${NAME}` and `${NAME:-default}` in `text`:
/// - lines whose first non-blank character is `#` are copied unchanged;
/// - `${NAME}` needs NAME set (an empty value gives ""), else the error is
///   `environment variable 'NAME' not set (referenced in config)`, naming the first missing
///   variable in file order;
/// - `${NAME:-default}` gives `default` when NAME is unset or empty (split at the first `:-`;
///   the default may be empty and ends at the first `}`);
/// - values are inserted verbatim, without escaping or recursive expansion; a value holding a
///   newline fails with `environment variable 'NAME' contains a newline`.
/// NAME is `[A-Za-z_][A-Za-z0-9_]*`; a `${` not followed by such a name and a `}` is left as
/// written. Errors are ErrorKind::kConfig.
Result<std::string> SubstituteEnv(std::string_view text, const EnvLookup& lookup);

/// SubstituteEnv against the process environment.
Result<std::string> SubstituteEnv(std::string_view text);

}  // namespace rocky::config
