#pragma once
// Command-line parsing driven by the command table: global flags are accepted before or after
// the subcommand, `--flag value` and `--flag=value` both work, `--` ends the flags.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::cli {

struct FlagSpec {
  std::string_view name;        // long name without dashes: "pipeline"
  char short_name = 0;          // 'c' for -c, 0 for none
  std::string_view value_name;  // "P"; empty for a switch
  std::string_view help;
  bool repeatable = false;
};

struct PositionalSpec {
  std::string_view name;  // "PATH"
  std::string_view help;
  bool required = false;
  bool variadic = false;
};

/// What the user typed, by long flag name.
class ParsedArgs {
 public:
  bool Has(std::string_view flag) const { return values_.count(std::string(flag)) > 0; }
  std::optional<std::string> Get(std::string_view flag) const;
  std::vector<std::string> GetAll(std::string_view flag) const;
  int Count(std::string_view flag) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

  void Add(std::string flag, std::string value) { values_[std::move(flag)].push_back(std::move(value)); }
  void AddPositional(std::string value) { positionals_.push_back(std::move(value)); }
  /// Moves the values of flag `from` to `to` (no-op when `from` is absent).
  void Rename(const std::string& from, const std::string& to);

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

/// The global flags of cli.md §1.
const std::vector<FlagSpec>& GlobalFlags();

struct CommandSpec;  // command.h

/// Where ParsedArgs keeps the global flag `name`: under `name`, or under `global:<name>` when
/// `command` declares a flag of the same long name (`docs --output PATH`). After the command
/// name, `--name` is then the command's flag; the global keeps its short form (`-o`) and any
/// position before the command name.
std::string GlobalFlagKey(const CommandSpec* command, std::string_view name);

/// Finds the command (first non-flag word) and parses everything around it. `find` maps a
/// command name to its spec (nullptr when unknown). Usage errors are ErrorKind::kUsage.
struct ParsedCommandLine {
  const CommandSpec* command = nullptr;  // nullptr: no command given
  ParsedArgs args;
};
Result<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& argv,
                                           const CommandSpec* (*find)(std::string_view));

}  // namespace rocky::cli
