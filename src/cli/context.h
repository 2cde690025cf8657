#pragma once
// What a command handler gets: parsed arguments, the output mode, lazily loaded configuration,
// and the one way to print a result (JSON document or human text) and errors.

#include <memory>
#include <optional>
#include <string>

#include "base/cache.h"
#include "base/error.h"
#include "base/json.h"
#include "cli/args.h"

namespace rocky::config {
struct Config;
}

namespace rocky::cli {

struct CommandSpec;

enum class OutputMode { kJson, kTable };

class Context {
 public:
  Context(const CommandSpec& command, ParsedArgs args, OutputMode mode);
  ~Context();

  const CommandSpec& command() const { return command_; }
  const ParsedArgs& args() const { return args_; }
  bool json() const { return mode_ == OutputMode::kJson; }

  /// `-c` or `rocky.toml`.
  std::string ConfigPath() const;
  /// Loads the configuration once, printing unknown-key warnings to stderr. When the command is
  /// config-optional and the default file is absent, built-in defaults are used.
  Result<const config::Config*> Config();
  /// `--state-path`, else `[state].path`, else `<project>/.rocky/state.db`.
  Result<std::string> StatePath();
  /// The same with a configuration already loaded.
  std::string StatePath(const config::Config& config) const;
  /// The one cache of this process (services.md §1), made from `config`'s `[cache]` on first
  /// use: memory, plus Valkey when `cache.valkey_url` is set. Lives as long as the context.
  rocky::Cache* ProcessCache(const config::Config& config);

  /// Prints `{"version": "1.0.0", "command": <name>, …body}` pretty with a trailing newline.
  void EmitJson(std::string_view command_name, Json body);
  /// Prints human text to stdout (a trailing newline is added when missing).
  void PrintText(std::string_view text);

  /// Prints `error: <message>` and `  caused by: …` lines; returns the exit code (2 for usage).
  int ReportError(const Error& error);

 private:
  const CommandSpec& command_;
  ParsedArgs args_;
  OutputMode mode_;
  std::unique_ptr<config::Config> config_;
  std::unique_ptr<rocky::Cache> cache_;
};

/// Prints an error the way every command does; returns its exit code.
int PrintError(const Error& error);

}  // namespace rocky::cli
