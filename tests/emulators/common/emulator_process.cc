#include "emulators/common/emulator_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/strings.h"

namespace rocky::emulator {

namespace {

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

void KillAndReap(int pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

std::string ParseListeningLine(const std::string& line) {
  constexpr std::string_view kPrefix = "listening on ";
  std::string_view text = Trim(line);
  if (!StartsWith(text, kPrefix)) return "";
  std::string_view url = text.substr(kPrefix.size());
  if (!StartsWith(url, "http://") && !StartsWith(url, "https://")) return "";
  return std::string(url);
}

Result<std::unique_ptr<EmulatorProcess>> EmulatorProcess::Spawn(std::vector<std::string> argv,
                                                                std::chrono::milliseconds timeout,
                                                                const ListeningLineParser& parse) {
  if (argv.empty()) return Fail(ErrorKind::kUsage, "no emulator program given");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return Fail(ErrorKind::kIo, "pipe failed: {}", std::strerror(errno));
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Fail(ErrorKind::kIo, "fork failed: {}", std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);

  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto first_line_ends = [&line] {
    const size_t start = line.find_first_not_of(" \t\r\n");
    return start == std::string::npos ? std::string::npos : line.find('\n', start);
  };
  while (first_line_ends() == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      ::close(fds[0]);
      KillAndReap(pid);
      return Fail(ErrorKind::kIo, "{} printed no listening line within {} ms", argv[0],
                  timeout.count());
    }
    char buffer[256];
    ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n <= 0) {
      ::close(fds[0]);
      KillAndReap(pid);
      return Fail(ErrorKind::kIo, "{} exited before listening (output: '{}')", argv[0], line);
    }
    line.append(buffer, static_cast<size_t>(n));
  }
  const size_t start = line.find_first_not_of(" \t\r\n");
  std::string url = parse(line.substr(start, first_line_ends() - start));
  if (url.empty()) {
    ::close(fds[0]);
    KillAndReap(pid);
    return Fail(ErrorKind::kIo, "{} printed an unexpected first line: '{}'", argv[0], line);
  }
  return std::unique_ptr<EmulatorProcess>(new EmulatorProcess(pid, fds[0], std::move(url)));
}

EmulatorProcess::~EmulatorProcess() { Stop(); }

int EmulatorProcess::Stop() {
  if (pid_ < 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  return ExitCode(status);
}

}  // namespace rocky::emulator
