#include "base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

extern char** environ;

namespace rocky {

namespace {

using namespace std::chrono_literals;
constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The inherited environment with `overrides` laid over it.
std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::map<std::string, std::string, std::less<>> over;
  for (const auto& [key, value] : overrides) over[key] = value;
  std::vector<std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    if (!over.contains(text.substr(0, text.find('=')))) out.emplace_back(text);
  }
  for (const auto& [key, value] : over) out.push_back(key + "=" + value);
  return out;
}

// The program to execute, or an error saying why there is none.
Result<std::string> ResolveProgram(const SpawnOptions& options) {
  const std::string& name = options.argv[0];
  if (name.empty()) return Fail(ErrorKind::kIo, "the command is empty");
  if (name.find('/') != std::string::npos) {
    struct stat st {};
    if (::stat(name.c_str(), &st) != 0)
      return Fail(ErrorKind::kIo, "cannot run '{}': {}", name, std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return Fail(ErrorKind::kIo, "cannot run '{}': not a file", name);
    if (::access(name.c_str(), X_OK) != 0)
      return Fail(ErrorKind::kIo, "cannot run '{}': it is not executable", name);
    return name;
  }
  std::string path_list;
  bool from_env = false;
  for (const auto& [key, value] : options.env)
    if (key == "PATH") path_list = value, from_env = true;
  if (!from_env) {
    const char* p = std::getenv("PATH");
    path_list = p ? p : std::string(kDefaultPath);
  }
  auto found = FindOnPath(name, path_list);
  if (!found) return Fail(ErrorKind::kIo, "'{}' was not found on PATH ({})", name, path_list);
  return *found;
}

struct PipePair {
  UniqueFd read, write;
  bool Create() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read.Reset(fds[0]);
    write.Reset(fds[1]);
    return true;
  }
};

void SetNonBlocking(int fd) {
  if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) Reset(std::exchange(other.fd_, -1));
  return *this;
}

void UniqueFd::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void UniqueFd::Reset(int fd) {
  Close();
  fd_ = fd;
}

std::optional<std::string> FindOnPath(std::string_view name, std::string_view path_list) {
  size_t start = 0;
  while (start <= path_list.size()) {
    size_t end = path_list.find(':', start);
    if (end == std::string_view::npos) end = path_list.size();
    std::string dir(path_list.substr(start, end - start));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + std::string(name);
    if (IsExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = ::strsignal(WTERMSIG(status));
    return fmt::format("was killed by signal {} ({})", WTERMSIG(status), name ? name : "unknown");
  }
  return fmt::format("ended with wait status {}", status);
}

Result<std::unique_ptr<Subprocess>> Subprocess::Spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return Fail(ErrorKind::kIo, "no command to run");
  auto program = ResolveProgram(options);
  if (!program) return std::unexpected(program.error());

  PipePair in, out, err;
  if ((options.pipe_stdin && !in.Create()) || (options.pipe_stdout && !out.Create()) ||
      (options.pipe_stderr && !err.Create()))
    return Fail(ErrorKind::kIo, "cannot create pipes for '{}': {}", *program, std::strerror(errno));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (options.pipe_stdin) posix_spawn_file_actions_adddup2(&actions, in.read.get(), STDIN_FILENO);
  if (options.pipe_stdout)
    posix_spawn_file_actions_adddup2(&actions, out.write.get(), STDOUT_FILENO);
  if (options.pipe_stderr)
    posix_spawn_file_actions_adddup2(&actions, err.write.get(), STDERR_FILENO);
  if (!options.working_dir.empty())
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());

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
  for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);

  std::vector<std::string> env = ChildEnvironment(options.env);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = options.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::unique_ptr<Subprocess> child(new Subprocess());
  int rc = ::posix_spawn(&child->pid_, program->c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    if (!options.working_dir.empty())
      return Fail(ErrorKind::kIo, "cannot run '{}' in '{}': {}", *program, options.working_dir,
                  std::strerror(rc));
    return Fail(ErrorKind::kIo, "cannot run '{}': {}", *program, std::strerror(rc));
  }
  child->program_ = *program;
  child->stdin_ = std::move(in.write);
  child->stdout_ = std::move(out.read);
  child->stderr_ = std::move(err.read);
  SetNonBlocking(child->stdin_.get());
  SetNonBlocking(child->stdout_.get());
  SetNonBlocking(child->stderr_.get());
  return child;
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && Running()) KillAndWait();
}

Result<void> Subprocess::Write(std::string_view data, Clock::time_point deadline) {
  if (!stdin_.open()) return Fail(ErrorKind::kIo, "{}", std::strerror(EPIPE));
  // A write to a pipe nobody reads raises SIGPIPE: hold it back in this thread and discard it.
  sigset_t pipe_signal, old_mask;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
  std::optional<Error> failure;
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(stdin_.get(), data.data() + written, data.size() - written);
    if (n > 0) {
      written += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      failure = Error{ErrorKind::kIo, std::strerror(errno), {}};
      break;
    }
    auto now = Clock::now();
    if (now >= deadline) {
      failure = Error{ErrorKind::kIo, "timed out", {}};
      break;
    }
    pollfd p{stdin_.get(), POLLOUT, 0};
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
    ::poll(&p, 1, static_cast<int>(std::min<int64_t>(wait.count(), 1000)));
  }
  timespec zero{};
  while (sigtimedwait(&pipe_signal, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  if (failure) return std::unexpected(std::move(*failure));
  return Ok();
}

std::optional<int> Subprocess::ReapLocked(bool block) {
  if (status_) return status_;
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r == pid_) {
      status_ = status;
      break;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) status_ = 0;  // reaped elsewhere (SIGCHLD ignored): nothing to report
    break;
  }
  return status_;
}

std::optional<int> Subprocess::TryWait() {
  std::lock_guard lock(mutex_);
  return ReapLocked(false);
}

std::optional<int> Subprocess::WaitUntil(Clock::time_point deadline) {
  auto pause = 1ms;
  while (true) {
    if (auto status = TryWait()) return status;
    auto now = Clock::now();
    if (now >= deadline) return std::nullopt;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(pause, left));
    pause = std::min<std::chrono::milliseconds>(pause * 2, 10ms);
  }
}

void Subprocess::Signal(int signal) {
  std::lock_guard lock(mutex_);
  if (status_ || pid_ <= 0) return;
  if (::kill(-pid_, signal) != 0) ::kill(pid_, signal);
}

int Subprocess::KillAndWait() {
  std::lock_guard lock(mutex_);
  if (!status_) {
    if (::kill(-pid_, SIGKILL) != 0) ::kill(pid_, SIGKILL);
    ReapLocked(true);
  }
  return *status_;
}

bool Subprocess::Running() { return !TryWait().has_value(); }

}  // namespace rocky
