#pragma once
// The identifier check every name passes before it reaches SQL (spec README, cross-cutting rules).

#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::sql {

/// `^[A-Za-z0-9_]+$`, else `invalid SQL identifier '<value>': must match [a-zA-Z0-9_]+`.
Result<void> ValidateIdentifier(std::string_view name);
/// ValidateIdentifier on each name; the first failure.
Result<void> ValidateIdentifiers(const std::vector<std::string>& names);
bool IsValidIdentifier(std::string_view name);

/// SQL type strings: only `[A-Za-z0-9_ (),]`, non-empty.
Result<void> ValidateTypeString(std::string_view type);

/// Grant principals: `^[A-Za-z0-9_ \-.@]+$`.
Result<void> ValidatePrincipal(std::string_view principal);

/// Tag keys and values: non-empty, free of `--`, `/*`, `*/`, `'`, `;`, CR and LF.
Result<void> ValidateTagValue(std::string_view text);

}  // namespace rocky::sql
