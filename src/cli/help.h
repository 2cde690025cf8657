#pragma once

#include <string>

namespace rocky::cli {

struct CommandSpec;

/// `rocky --help`: what Rocky is, the commands, the global flags, where to start.
std::string TopLevelHelp();
/// `rocky NAME --help`: usage, description with examples, the command's flags, global flags.
std::string CommandHelp(const CommandSpec& command);

}  // namespace rocky::cli
