#pragma once
// Test fixture: a real redis-server (or valkey-server) on a free port of 127.0.0.1, with no
// persistence, in its own temporary folder, killed when the object goes. Tests that need it fail
// (never skip) when no server is installed: scripts/setup.sh installs redis-server.
// Header-only, for the tests of this library and the layers above.

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/subprocess.h"
#include "valkey/socket_stream.h"

namespace rocky::valkey {

struct TestServerOptions {
  /// More server arguments (`--requirepass`, `--tls-cert-file`, …).
  std::vector<std::string> args;
  /// Listen with TLS (`--tls-port`, plain port off); `args` must name the certificate files.
  bool tls = false;
};

class ValkeyTestServer {
 public:
  static Result<std::unique_ptr<ValkeyTestServer>> Start(TestServerOptions options = {}) {
    const char* path_env = std::getenv("PATH");
    std::string path_list = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
    std::optional<std::string> program = FindOnPath("redis-server", path_list);
    if (!program) program = FindOnPath("valkey-server", path_list);
    if (!program) {
      return Fail(ErrorKind::kNotFound,
                  "redis-server (or valkey-server) is not installed: run scripts/setup.sh");
    }
    std::unique_ptr<ValkeyTestServer> server(new ValkeyTestServer());
    std::string pattern = (std::filesystem::temp_directory_path() / "rocky-valkey-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      return Fail(ErrorKind::kIo, "cannot create a temporary folder for redis-server");
    server->dir_ = pattern;

    std::string last_problem;
    for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take the free port
      auto port = FreePort();
      if (!port) return Fail(std::move(port.error()));
      server->port_ = *port;
      std::vector<std::string> argv = {*program};
      if (options.tls) {
        argv.insert(argv.end(), {"--port", "0", "--tls-port", std::to_string(*port)});
      } else {
        argv.insert(argv.end(), {"--port", std::to_string(*port)});
      }
      argv.insert(argv.end(), {"--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", server->dir_, "--logfile", server->dir_ + "/server.log"});
      argv.insert(argv.end(), options.args.begin(), options.args.end());
      auto child = Subprocess::Spawn(
          {.argv = argv, .pipe_stdin = false, .pipe_stdout = false, .pipe_stderr = false});
      if (!child) return Fail(std::move(child.error()));
      server->process_ = std::move(*child);
      if (server->WaitUntilListening()) return server;
      server->process_.reset();
      last_problem = server->LogTail();
    }
    return Fail(ErrorKind::kIo, "redis-server did not start: {}", last_problem);
  }

  ValkeyTestServer(const ValkeyTestServer&) = delete;
  ValkeyTestServer& operator=(const ValkeyTestServer&) = delete;
  ~ValkeyTestServer() {
    Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return port_; }
  /// `redis://[userinfo@]127.0.0.1:<port>[/db]` (`rediss://` with TLS).
  std::string Url(std::string_view userinfo = "", int db = 0, bool tls = false) const {
    return fmt::format("{}://{}{}127.0.0.1:{}{}", tls ? "rediss" : "redis", userinfo,
                       userinfo.empty() ? "" : "@", port_, db == 0 ? "" : fmt::format("/{}", db));
  }
  const std::string& dir() const { return dir_; }

  /// Kills the server (SIGKILL) and waits for it.
  void Stop() {
    if (process_) {
      process_->Signal(SIGCONT);
      process_->KillAndWait();
      process_.reset();
    }
  }
  /// Freezes the server (SIGSTOP): connections stay open, nothing answers.
  void Pause() {
    if (process_) process_->Signal(SIGSTOP);
  }
  void Resume() {
    if (process_) process_->Signal(SIGCONT);
  }

 private:
  ValkeyTestServer() = default;

  static Result<int> FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Fail(ErrorKind::kIo, "socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    if (rc == 0) rc = ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    if (rc != 0) return Fail(ErrorKind::kIo, "cannot find a free port");
    return static_cast<int>(ntohs(addr.sin_port));
  }

  bool WaitUntilListening() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!process_->Running()) return false;
      auto probe = SocketStream::Connect("127.0.0.1", port_, {},
                                         std::chrono::steady_clock::now() +
                                             std::chrono::milliseconds(200));
      if (probe) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  std::string LogTail() const {
    std::ifstream in(dir_ + "/server.log");
    std::stringstream text;
    text << in.rdbuf();
    std::string log = text.str();
    return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
  }

  std::string dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace rocky::valkey
