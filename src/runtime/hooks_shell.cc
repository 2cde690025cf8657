#include "runtime/hooks_shell.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "base/subprocess.h"

namespace rocky::runtime {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr size_t kMaxCapture = 64 * 1024;
// How often to look for an exited shell whose pipes a background child still holds open.
constexpr auto kExitCheckInterval = 50ms;

// The hook's variables, then ROCKY_*, to lay over the inherited environment.
std::vector<std::pair<std::string, std::string>> HookEnvironment(
    const config::ShellHookConfig& hook, const RunEvent& event) {
  std::vector<std::pair<std::string, std::string>> out(hook.env.begin(), hook.env.end());
  out.emplace_back("ROCKY_EVENT", "on_" + event.event);
  out.emplace_back("ROCKY_RUN_ID", event.run_id);
  out.emplace_back("ROCKY_PIPELINE", event.pipeline);
  return out;
}

// Reads what is available; false at end of file or on an error.
bool ReadAvailable(int fd, std::string& sink) {
  char buffer[8192];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      size_t room = kMaxCapture > sink.size() ? kMaxCapture - sink.size() : 0;
      sink.append(buffer, std::min(room, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

std::string ShortCommand(std::string_view command) {
  std::string flat = ReplaceAll(Trim(command), "\n", " ");
  if (flat.size() > 80) flat = flat.substr(0, 77) + "...";
  return flat;
}

std::string LastLine(std::string_view text) {
  text = Trim(text);
  size_t nl = text.rfind('\n');
  std::string_view line = Trim(nl == std::string_view::npos ? text : text.substr(nl + 1));
  return std::string(line.substr(0, 200));
}

}  // namespace

ShellHookResult RunShellHook(const config::ShellHookConfig& hook, const std::string& project_dir,
                             const RunEvent& event, const std::string& stdin_text) {
  ShellHookResult result;
  const auto start = Clock::now();
  const int64_t timeout_ms = std::max<int64_t>(1, hook.timeout_ms);
  const auto deadline = start + std::chrono::milliseconds(timeout_ms);
  const std::string shown = ShortCommand(hook.command);
  auto finish = [&](std::string reason) {
    result.ok = reason.empty();
    result.reason = std::move(reason);
    result.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    return std::move(result);
  };

  SpawnOptions spawn;
  spawn.argv = {"/bin/sh", "-c", hook.command};
  spawn.env = HookEnvironment(hook, event);
  spawn.working_dir = project_dir;
  auto child = Subprocess::Spawn(spawn);
  if (!child)
    return finish(fmt::format("command '{}' could not start: {}", shown, child.error().message));
  Subprocess& proc = **child;
  if (stdin_text.empty()) proc.CloseStdin();

  // A hook that exits without reading stdin makes our write fail with EPIPE; keep the signal
  // that comes with it away from the process while this thread writes.
  sigset_t pipe_signal, old_mask;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);

  size_t written = 0;
  int status = 0;
  bool exited = false;
  auto last_exit_check = start;
  while (proc.stdout_fd() >= 0 || proc.stderr_fd() >= 0) {
    auto now = Clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    if (now - last_exit_check >= kExitCheckInterval) {
      last_exit_check = now;
      if (auto done = proc.TryWait()) {
        status = *done;
        exited = true;  // a background child may hold the pipes: take what is there and stop
        if (proc.stdout_fd() >= 0) ReadAvailable(proc.stdout_fd(), result.stdout_text);
        if (proc.stderr_fd() >= 0) ReadAvailable(proc.stderr_fd(), result.stderr_text);
        break;
      }
    }
    pollfd fds[3];
    int n = 0;
    int in_slot = -1, out_slot = -1, err_slot = -1;
    if (proc.stdin_fd() >= 0) fds[in_slot = n++] = {proc.stdin_fd(), POLLOUT, 0};
    if (proc.stdout_fd() >= 0) fds[out_slot = n++] = {proc.stdout_fd(), POLLIN, 0};
    if (proc.stderr_fd() >= 0) fds[err_slot = n++] = {proc.stderr_fd(), POLLIN, 0};
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
    auto slice = std::min<std::chrono::milliseconds>(
        remaining, std::chrono::duration_cast<std::chrono::milliseconds>(kExitCheckInterval));
    int ready = ::poll(fds, n, static_cast<int>(slice.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_slot >= 0 && fds[in_slot].revents != 0) {
      ssize_t w = ::write(proc.stdin_fd(), stdin_text.data() + written, stdin_text.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (written == stdin_text.size() || (w < 0 && errno != EAGAIN && errno != EINTR))
        proc.CloseStdin();
    }
    if (out_slot >= 0 && fds[out_slot].revents != 0 &&
        !ReadAvailable(proc.stdout_fd(), result.stdout_text))
      proc.CloseStdout();
    if (err_slot >= 0 && fds[err_slot].revents != 0 &&
        !ReadAvailable(proc.stderr_fd(), result.stderr_text))
      proc.CloseStderr();
  }
  proc.CloseStdin();
  proc.CloseStdout();
  proc.CloseStderr();

  if (!exited && !result.timed_out) {
    if (auto done = proc.WaitUntil(deadline)) {
      status = *done;
      exited = true;
    }
    result.timed_out = !exited;
  }
  if (result.timed_out) status = proc.KillAndWait();

  timespec zero{};
  while (sigtimedwait(&pipe_signal, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);

  if (result.timed_out)
    return finish(fmt::format("command '{}' timed out after {} ms", shown, timeout_ms));
  std::string detail = LastLine(result.stderr_text);
  std::string suffix = detail.empty() ? "" : ": " + detail;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    return finish(
        fmt::format("command '{}' was killed by signal {}{}", shown, *result.signal, suffix));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  if (*result.exit_code != 0)
    return finish(
        fmt::format("command '{}' exited with status {}{}", shown, *result.exit_code, suffix));
  return finish("");
}

}  // namespace rocky::runtime
