#pragma once
// Running one shell hook (runtime.md §12): `sh -c <command>` in the project directory, in its own
// process group, with the config `env` plus ROCKY_EVENT (the config key, `on_…`), ROCKY_RUN_ID
// and ROCKY_PIPELINE over the inherited environment, the context JSON on stdin, and its stdout
// and stderr captured (never mixed into Rocky's stdout, which carries only the command result).
// Passing `timeout_ms` kills the whole process group. Safe to call from any thread.

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.h"
#include "runtime/events.h"

namespace rocky::runtime {

struct ShellHookResult {
  bool ok = false;
  std::string reason;            // why it failed; "" when ok
  std::optional<int> exit_code;  // when it exited
  std::optional<int> signal;     // when a signal ended it
  bool timed_out = false;
  int64_t duration_ms = 0;
  std::string stdout_text;  // the first 64 KiB of each stream
  std::string stderr_text;
};

/// Runs `hook` for `event` with `stdin_text` (the pretty context JSON) on its standard input.
/// `project_dir` "" runs in the current directory.
ShellHookResult RunShellHook(const config::ShellHookConfig& hook, const std::string& project_dir,
                             const RunEvent& event, const std::string& stdin_text);

}  // namespace rocky::runtime
