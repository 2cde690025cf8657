#include "valkey/socket_stream.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rocky::valkey {

namespace {

using Clock = SocketStream::Clock;

std::unexpected<Error> StreamError(std::string message) {
  Error e{ErrorKind::kAdapter, std::move(message), {}, {}};
  e.retryable = true;
  return std::unexpected(std::move(e));
}

// Waits until `fd` is ready for `events`: true, or false when the deadline passes first.
Result<bool> Ready(int fd, short events, Clock::time_point deadline) {
  while (true) {
    auto now = Clock::now();
    if (now >= deadline) return false;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return StreamError(std::strerror(errno));
  }
}

// Ready, with a passed deadline as the error "timed out".
Result<void> WaitFor(int fd, short events, Clock::time_point deadline) {
  auto ready = Ready(fd, events, deadline);
  if (!ready) return Fail(std::move(ready.error()));
  if (!*ready) return StreamError("timed out");
  return Ok();
}

// OpenSSL writes to the socket with write(), which raises SIGPIPE once the peer is gone: hold the
// signal back in this thread around TLS calls and discard it.
class SigpipeHold {
 public:
  SigpipeHold() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeHold() {
    if (!was_pending_) {
      timespec zero{};
      while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeHold(const SigpipeHold&) = delete;
  SigpipeHold& operator=(const SigpipeHold&) = delete;

 private:
  sigset_t pipe_, old_;
  bool was_pending_ = false;
};

std::string OpenSslErrors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown TLS error" : out;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

Result<int> ConnectTcp(const std::string& host, int port, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return StreamError(fmt::format("cannot resolve host: {}", ::gai_strerror(rc)));
  std::string last_error = "no address";
  int connected = -1;
  for (addrinfo* ai = found; ai != nullptr && connected < 0; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      if (auto ready = WaitFor(fd, POLLOUT, deadline); !ready) {
        last_error = ready.error().message;
        ::close(fd);
        break;  // the deadline is spent: no time for other addresses
      }
      int so_error = 0;
      socklen_t len = sizeof(so_error);
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      rc = so_error == 0 ? 0 : -1;
      errno = so_error;
    }
    if (rc != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    connected = fd;
  }
  ::freeaddrinfo(found);
  if (connected < 0) return StreamError(last_error);
  return connected;
}

}  // namespace

struct SocketStream::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl != nullptr) SSL_free(ssl);
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }

  // Waits for what the last SSL call asked for (false: the deadline passed first); an error for
  // anything but WANT_READ / WANT_WRITE.
  Result<bool> Await(int fd, int ret, Clock::time_point deadline, std::string_view what) {
    int code = SSL_get_error(ssl, ret);
    if (code == SSL_ERROR_WANT_READ) return Ready(fd, POLLIN, deadline);
    if (code == SSL_ERROR_WANT_WRITE) return Ready(fd, POLLOUT, deadline);
    if (code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 &&
                                          (errno == 0 || errno == ECONNRESET || errno == EPIPE)))
      return StreamError("connection closed by the server");
    if (code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) return StreamError(std::strerror(errno));
    return StreamError(fmt::format("{}: {}", what, OpenSslErrors()));
  }
};

SocketStream::SocketStream(int fd, std::unique_ptr<Tls> tls) : fd_(fd), tls_(std::move(tls)) {}

SocketStream::~SocketStream() {
  if (tls_ && tls_->ssl != nullptr) {
    SigpipeHold hold;
    SSL_shutdown(tls_->ssl);  // one non-blocking try: tell the server, do not wait for it
  }
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<SocketStream>> SocketStream::Connect(const std::string& host, int port,
                                                            const TlsSettings& settings,
                                                            Clock::time_point deadline) {
  auto fd = ConnectTcp(host, port, deadline);
  if (!fd) return Fail(std::move(fd.error()));
  std::unique_ptr<SocketStream> stream(new SocketStream(*fd, nullptr));
  if (!settings.enabled) return stream;

  ERR_clear_error();
  auto tls = std::make_unique<Tls>();
  tls->ctx = SSL_CTX_new(TLS_client_method());
  if (tls->ctx == nullptr) return StreamError("cannot create a TLS context: " + OpenSslErrors());
  SSL_CTX_set_min_proto_version(tls->ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  int loaded = settings.ca_file.empty()
                   ? SSL_CTX_set_default_verify_paths(tls->ctx)
                   : SSL_CTX_load_verify_locations(tls->ctx, settings.ca_file.c_str(), nullptr);
  if (loaded != 1) {
    return StreamError(fmt::format("cannot load the TLS trust store{}: {}",
                                   settings.ca_file.empty() ? "" : " " + settings.ca_file,
                                   OpenSslErrors()));
  }
  tls->ssl = SSL_new(tls->ctx);
  if (tls->ssl == nullptr) return StreamError("cannot create a TLS session: " + OpenSslErrors());
  SSL_set_fd(tls->ssl, *fd);
  if (IsIpAddress(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls->ssl), host.c_str());
  } else {
    SSL_set_tlsext_host_name(tls->ssl, host.c_str());
    SSL_set1_host(tls->ssl, host.c_str());
  }
  stream->tls_ = std::move(tls);

  SigpipeHold hold;
  while (true) {
    int ret = SSL_connect(stream->tls_->ssl);
    if (ret == 1) break;
    long verify = SSL_get_verify_result(stream->tls_->ssl);
    if (verify != X509_V_OK) {
      return StreamError(fmt::format("TLS certificate verification failed: {}",
                                     X509_verify_cert_error_string(verify)));
    }
    auto waited = stream->tls_->Await(*fd, ret, deadline, "TLS handshake failed");
    if (!waited) return Fail(std::move(waited.error()));
    if (!*waited) return StreamError("timed out during the TLS handshake");
  }
  return stream;
}

Result<void> SocketStream::WriteAll(std::string_view data, Clock::time_point deadline) {
  size_t done = 0;
  if (tls_) {
    SigpipeHold hold;
    ERR_clear_error();
    while (done < data.size()) {
      int n = SSL_write(tls_->ssl, data.data() + done,
                        static_cast<int>(std::min<size_t>(data.size() - done, 1 << 30)));
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      auto waited = tls_->Await(fd_, n, deadline, "TLS write failed");
      if (!waited) return Fail(std::move(waited.error()));
      if (!*waited) return StreamError("timed out");
    }
    return Ok();
  }
  while (done < data.size()) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ready = WaitFor(fd_, POLLOUT, deadline); !ready) return Fail(std::move(ready.error()));
      continue;
    }
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
      return StreamError("connection closed by the server");
    return StreamError(std::strerror(errno));
  }
  return Ok();
}

Result<size_t> SocketStream::ReadSome(char* buffer, size_t size, Clock::time_point deadline) {
  if (tls_) {
    SigpipeHold hold;
    ERR_clear_error();
    while (true) {
      int n = SSL_read(tls_->ssl, buffer, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return static_cast<size_t>(n);
      auto waited = tls_->Await(fd_, n, deadline, "TLS read failed");
      if (!waited) return Fail(std::move(waited.error()));
      if (!*waited) return size_t{0};
    }
  }
  while (true) {
    ssize_t n = ::recv(fd_, buffer, size, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0) return StreamError("connection closed by the server");
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      auto ready = Ready(fd_, POLLIN, deadline);
      if (!ready) return Fail(std::move(ready.error()));
      if (!*ready) return size_t{0};
      continue;
    }
    if (errno == ECONNRESET) return StreamError("connection closed by the server");
    return StreamError(std::strerror(errno));
  }
}

}  // namespace rocky::valkey
