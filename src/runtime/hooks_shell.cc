#include "runtime/hooks_shell.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "base/strings.h"

extern char** environ;

namespace rocky::runtime {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr size_t kMaxCapture = 64 * 1024;
// How often to look for an exited shell whose pipes a background child still holds open.
constexpr auto kExitCheckInterval = 50ms;

// Closes a descriptor once.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read;
  Fd write;
  bool Create() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read.Reset(fds[0]);
    write.Reset(fds[1]);
    return true;
  }
};

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// The inherited environment with the hook's variables, then ROCKY_*, laid over it.
std::vector<std::string> ChildEnvironment(const config::ShellHookConfig& hook,
                                          const RunEvent& event) {
  std::map<std::string, std::string, std::less<>> overrides;
  for (const auto& [key, value] : hook.env) overrides[key] = value;
  overrides["ROCKY_EVENT"] = "on_" + event.event;
  overrides["ROCKY_RUN_ID"] = event.run_id;
  overrides["ROCKY_PIPELINE"] = event.pipeline;
  std::vector<std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    if (!overrides.contains(text.substr(0, text.find('=')))) out.emplace_back(text);
  }
  for (const auto& [key, value] : overrides) out.push_back(key + "=" + value);
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

// Spawns `sh -c command` in its own process group with the pipes as fds 0-2.
int Spawn(const std::string& command, const std::string& dir, std::vector<std::string>& env,
          int in_fd, int out_fd, int err_fd, pid_t* pid) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  if (!dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);

  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string sh = "sh", dash_c = "-c", cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  int rc = posix_spawn(pid, "/bin/sh", &actions, &attr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return rc;
}

// Waits for `pid` until `deadline`; true when it was reaped into `status`.
bool WaitUntil(pid_t pid, int& status, Clock::time_point deadline) {
  auto pause = 1ms;
  while (true) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) {
      status = 0;  // already reaped elsewhere (SIGCHLD ignored): nothing to report
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        pause,
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) + 1ms));
    pause = std::min<std::chrono::milliseconds>(pause * 2, 10ms);
  }
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

  Pipe in, out, err;
  if (!in.Create() || !out.Create() || !err.Create())
    return finish(fmt::format("command '{}' could not start: {}", shown, std::strerror(errno)));
  std::vector<std::string> env = ChildEnvironment(hook, event);
  pid_t pid = -1;
  int rc =
      Spawn(hook.command, project_dir, env, in.read.get(), out.write.get(), err.write.get(), &pid);
  in.read.Close();
  out.write.Close();
  err.write.Close();
  if (rc != 0)
    return finish(project_dir.empty()
                      ? fmt::format("command '{}' could not start: {}", shown, std::strerror(rc))
                      : fmt::format("command '{}' could not start in '{}': {}", shown, project_dir,
                                    std::strerror(rc)));

  SetNonBlocking(in.write.get());
  SetNonBlocking(out.read.get());
  SetNonBlocking(err.read.get());
  if (stdin_text.empty()) in.write.Close();

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
  while (out.read.open() || err.read.open()) {
    auto now = Clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    if (now - last_exit_check >= kExitCheckInterval) {
      last_exit_check = now;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;  // a background child may hold the pipes: take what is there and stop
        if (out.read.open()) ReadAvailable(out.read.get(), result.stdout_text);
        if (err.read.open()) ReadAvailable(err.read.get(), result.stderr_text);
        break;
      }
    }
    pollfd fds[3];
    int n = 0;
    int in_slot = -1, out_slot = -1, err_slot = -1;
    if (in.write.open()) fds[in_slot = n++] = {in.write.get(), POLLOUT, 0};
    if (out.read.open()) fds[out_slot = n++] = {out.read.get(), POLLIN, 0};
    if (err.read.open()) fds[err_slot = n++] = {err.read.get(), POLLIN, 0};
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
    auto slice = std::min<std::chrono::milliseconds>(
        remaining, std::chrono::duration_cast<std::chrono::milliseconds>(kExitCheckInterval));
    int ready = ::poll(fds, n, static_cast<int>(slice.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_slot >= 0 && fds[in_slot].revents != 0) {
      ssize_t w = ::write(in.write.get(), stdin_text.data() + written, stdin_text.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (written == stdin_text.size() || (w < 0 && errno != EAGAIN && errno != EINTR))
        in.write.Close();
    }
    if (out_slot >= 0 && fds[out_slot].revents != 0 &&
        !ReadAvailable(out.read.get(), result.stdout_text))
      out.read.Close();
    if (err_slot >= 0 && fds[err_slot].revents != 0 &&
        !ReadAvailable(err.read.get(), result.stderr_text))
      err.read.Close();
  }
  in.write.Close();
  out.read.Close();
  err.read.Close();

  if (!exited && !result.timed_out) {
    exited = WaitUntil(pid, status, deadline);
    result.timed_out = !exited;
  }
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }

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
