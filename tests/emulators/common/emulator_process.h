#pragma once
// Starts an emulator program as a child process for tests that need it out of process (the
// programs print exactly one line, `listening on http://127.0.0.1:PORT`, then serve until SIGINT
// or SIGTERM). The child's stdout is a pipe read up to that line; its stderr is inherited. Real
// servers that announce themselves in another form (s3rver) come with their own line parser.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"

namespace rocky::emulator {

/// The URL a listening line announces, or "" when the line has another shape.
using ListeningLineParser = std::function<std::string(const std::string& line)>;

/// Parses `listening on URL`; "" when the line has another shape.
std::string ParseListeningLine(const std::string& line);

class EmulatorProcess {
 public:
  /// Runs `argv` (argv[0] is the program path) and waits up to `timeout` for the listening line:
  /// the first line that is not blank, read with `parse`. On failure the child is killed and
  /// reaped.
  static Result<std::unique_ptr<EmulatorProcess>> Spawn(
      std::vector<std::string> argv,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000),
      const ListeningLineParser& parse = ParseListeningLine);
  /// Stop().
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  /// The URL from the listening line.
  const std::string& url() const { return url_; }
  int pid() const { return pid_; }

  /// Sends SIGTERM and waits for the child; returns its exit code (128+N if killed by signal N,
  /// -1 if already stopped). Idempotent.
  int Stop();

 private:
  EmulatorProcess(int pid, int stdout_fd, std::string url)
      : pid_(pid), stdout_fd_(stdout_fd), url_(std::move(url)) {}

  int pid_ = -1;
  int stdout_fd_ = -1;
  std::string url_;
};

}  // namespace rocky::emulator
