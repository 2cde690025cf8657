#pragma once
// Child processes with pipes on their standard streams: spawned with posix_spawn (no fork of a
// threaded process), in their own process group, with default signal dispositions and an empty
// signal mask, the given variables laid over the inherited environment. Every wait takes a
// deadline, so a child that never answers cannot hang the caller. The parent's ends of the pipes
// are close-on-exec, so a child never inherits another child's pipes.
//
// Concurrency: Signal, TryWait, WaitUntil and KillAndWait may be called from any thread (a
// canceller may kill a child another thread waits on). The pipe descriptors belong to one
// thread at a time, chosen by the caller.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace rocky {

/// A file descriptor closed once, on Close() or destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd() { Close(); }

  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void Close();
  void Reset(int fd);

 private:
  int fd_ = -1;
};

struct SpawnOptions {
  /// argv[0] is the program: a path when it contains '/', else a name looked up on PATH (the
  /// PATH of `env` when it sets one, else Rocky's).
  std::vector<std::string> argv;
  /// Variables laid over (added to, or replacing) the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  /// Working directory of the child; "" keeps the current one.
  std::string working_dir;
  /// Which standard streams become pipes; the others are inherited from Rocky.
  bool pipe_stdin = true;
  bool pipe_stdout = true;
  bool pipe_stderr = true;
};

/// A spawned child. Destruction kills what is still running (the whole process group, SIGKILL)
/// and reaps it, so no child outlives its Subprocess as a zombie.
class Subprocess {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts the child. Fails (kind kIo) when the program cannot be found or executed, with a
  /// message naming the program and the reason.
  static Result<std::unique_ptr<Subprocess>> Spawn(const SpawnOptions& options);

  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  /// The resolved program path that was executed.
  const std::string& program() const { return program_; }

  /// Parent ends of the pipes (-1 when not piped or closed). Close* closes them.
  int stdin_fd() const { return stdin_.get(); }
  int stdout_fd() const { return stdout_.get(); }
  int stderr_fd() const { return stderr_.get(); }
  void CloseStdin() { stdin_.Close(); }
  void CloseStdout() { stdout_.Close(); }
  void CloseStderr() { stderr_.Close(); }
  /// Hands the stderr pipe to the caller (a reader thread, say).
  UniqueFd TakeStderr() { return std::move(stderr_); }

  /// Writes all of `data` to the child's stdin before `deadline`. Fails with "timed out" when
  /// the child does not read in time, or with the errno text (EPIPE: the child closed its
  /// stdin or exited). SIGPIPE never reaches the process.
  Result<void> Write(std::string_view data, Clock::time_point deadline);

  /// The wait status once the child has exited and was reaped; nullopt while it runs.
  std::optional<int> TryWait();
  /// Waits until the child exits or `deadline` passes; the wait status, or nullopt.
  std::optional<int> WaitUntil(Clock::time_point deadline);
  /// Sends `signal` to the child's process group, unless the child was already reaped.
  void Signal(int signal);
  /// SIGKILL to the process group, then reaps; returns the wait status.
  int KillAndWait();
  /// Whether the child has not been reaped yet.
  bool Running();

 private:
  Subprocess() = default;
  std::optional<int> ReapLocked(bool block);

  pid_t pid_ = -1;
  std::string program_;
  UniqueFd stdin_, stdout_, stderr_;
  std::mutex mutex_;  // guards status_ and the reap
  std::optional<int> status_;
};

/// The full path of `name` found on `path_list` (colon-separated directories; an empty entry
/// is the current directory), or nullopt when no executable file of that name is there.
std::optional<std::string> FindOnPath(std::string_view name, std::string_view path_list);

/// "exited with status 3", "was killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int status);

}  // namespace rocky
