#pragma once
// A TOML basic string, for commands that write TOML (sidecars, seeds, imported projects).

#include <string>
#include <string_view>

namespace rocky {

/// `value` quoted as a TOML basic string, with `"`, `\` and control characters escaped.
std::string TomlBasicString(std::string_view value);

}  // namespace rocky
