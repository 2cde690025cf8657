#pragma once
// JSON-RPC 2.0 over stdio to a process adapter (adapters.md §6). Rocky spawns `command args…`
// with the configured env over its own, writes one request object per line to the child's
// stdin and reads one response object per line from its stdout; the child's stderr is passed
// through to Rocky's log, line by line, by a reader thread.
//
// One request is in flight at a time: calls are serialized by a mutex, and ids count up from 1
// (`initialize`). Every read and write has a deadline (the per-call timeout), so a child that
// stops answering is killed (SIGKILL to its process group) instead of hanging Rocky. A child
// that broke the protocol (timeout, wrong id, a line that is not JSON, closed stdout) is
// stopped, and every later call fails with the first reason. Kill() may be called from another
// thread to end a call in flight (cancellation).

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "adapter_sdk/manifest.h"
#include "base/error.h"
#include "base/json.h"

namespace rocky {
class Subprocess;
}

namespace rocky::adapters::process {

/// How to start one process adapter: `[adapter.NAME]` of type `process` (config.md §3).
struct ProcessOptions {
  std::string adapter_name;
  /// A path, or a program name looked up on PATH.
  std::string command;
  std::vector<std::string> args;
  /// Added to (or replacing in) Rocky's environment for the child.
  std::vector<std::pair<std::string, std::string>> env;
  /// Passed to `initialize` as `{config}`.
  Json config = Json::Object();
  /// Per call (`timeout_secs`, 300 by default).
  std::chrono::milliseconds timeout{std::chrono::seconds(300)};
  /// How long `shutdown` may take before the child is killed.
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(5)};
};

class ProcessAdapterClient {
 public:
  /// Spawns the child (it is not initialized yet). Fails with what could not be started, the
  /// path tried and what to change in the configuration.
  static Result<std::unique_ptr<ProcessAdapterClient>> Start(ProcessOptions options);

  ProcessAdapterClient(const ProcessAdapterClient&) = delete;
  ProcessAdapterClient& operator=(const ProcessAdapterClient&) = delete;
  /// Close().
  ~ProcessAdapterClient();

  /// `initialize` with `{config}`: the manifest from `{manifest}` or the result itself. A
  /// failure stops the child.
  Result<sdk::AdapterManifest> Initialize();

  /// One request and its response's `result`. An `error` response fails naming the method,
  /// its message and code; the child keeps running. Timeouts, a response with another id,
  /// output that is not JSON and a closed stdout stop the child.
  Result<Json> Call(std::string_view method, Json params);

  /// Sends `shutdown`, closes stdin, and kills the child when it has not exited after the
  /// shutdown grace. Waits for a call in flight. Idempotent.
  void Close();

  /// Kills the child now (from any thread): a call in flight fails at once, saying `why`.
  void Kill(std::string_view why);

  /// Kill(why) when a call is in flight; nothing when the adapter is idle.
  void CancelInFlight(std::string_view why);

  /// Whether the child runs and still follows the protocol.
  bool Usable();

  pid_t pid() const { return pid_; }
  const std::string& adapter_name() const { return options_.adapter_name; }
  const ProcessOptions& options() const { return options_; }

 private:
  explicit ProcessAdapterClient(ProcessOptions options);

  Result<Json> CallLocked(std::string_view method, Json params,
                          std::chrono::steady_clock::time_point deadline);
  /// The next non-empty line of stdout, or an error (timeout, end of file).
  enum class ReadFailure { kTimeout, kEof, kIo };
  std::expected<std::string, ReadFailure> ReadLine(std::chrono::steady_clock::time_point deadline);
  /// Kills and reaps the child, remembers `reason` for later calls, and returns it as an error.
  Error Stop(Error reason);
  /// Reaps the child shortly after it closed stdout (killing it if it lingers): its status.
  std::string EndedHow();
  void PumpStderr(int fd);

  ProcessOptions options_;
  std::unique_ptr<Subprocess> child_;
  pid_t pid_ = -1;
  std::mutex call_mutex_;         // one request in flight
  int64_t next_id_ = 1;           // guarded by call_mutex_
  std::string buffer_;            // unread stdout bytes; guarded by call_mutex_
  std::optional<Error> stopped_;  // why the child is no longer usable; guarded by call_mutex_
  bool closed_ = false;           // guarded by call_mutex_

  std::atomic<bool> in_flight_{false};
  std::mutex kill_mutex_;
  std::string killed_why_;  // set by Kill(); guarded by kill_mutex_

  std::thread stderr_thread_;  // owns the stderr pipe
  std::atomic<bool> stderr_stop_{false};
};

/// "5 s", or "1500 ms" below whole seconds: how timeouts are shown.
std::string FormatTimeout(std::chrono::milliseconds timeout);

}  // namespace rocky::adapters::process
