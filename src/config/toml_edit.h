#pragma once
// Small edits of TOML text that keep everything else as written (comments, order, spacing), for
// commands that update a user's sidecar (`ai-explain --save`) or write a new one.

#include <string>
#include <string_view>

#include "base/toml_string.h"

namespace rocky::config {

/// `text` with the top-level key `key` (before the first table header) set to the string
/// `value`: its line replaced when present (a multi-line `"""`/`'''` value included), else
/// `key = "value"` inserted after the leading comments and keys, before the first table header.
std::string SetTopLevelString(std::string_view text, std::string_view key, std::string_view value);

}  // namespace rocky::config
