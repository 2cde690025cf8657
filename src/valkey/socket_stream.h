#pragma once
// A TCP connection, optionally wrapped in TLS (OpenSSL), on which every operation takes a
// deadline: connecting, writing and reading never block past it. Non-blocking sockets and poll;
// SIGPIPE never reaches the process. Messages name the failure ("connection refused", "timed
// out", "connection closed by the server", "TLS handshake failed: …") and never the data sent.
// One thread uses a stream at a time.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"

namespace rocky::valkey {

struct TlsSettings {
  bool enabled = false;
  /// PEM CA bundle to trust; "" uses the system's store (and SSL_CERT_FILE / SSL_CERT_DIR).
  std::string ca_file;
};

class SocketStream {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects to host:port (each resolved address in turn) and, with TLS, completes the handshake
  /// verifying the server's certificate against `host`. DNS resolution itself is not bounded by
  /// the deadline. kAdapter errors, retryable.
  static Result<std::unique_ptr<SocketStream>> Connect(const std::string& host, int port,
                                                       const TlsSettings& tls,
                                                       Clock::time_point deadline);

  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;
  ~SocketStream();

  /// Sends all of `data` before `deadline`.
  Result<void> WriteAll(std::string_view data, Clock::time_point deadline);
  /// Reads at least one byte (up to `size`), or returns 0 when `deadline` passes first (the
  /// stream stays usable). Fails with "connection closed by the server" at end of stream.
  Result<size_t> ReadSome(char* buffer, size_t size, Clock::time_point deadline);

 private:
  struct Tls;
  SocketStream(int fd, std::unique_ptr<Tls> tls);

  int fd_ = -1;
  std::unique_ptr<Tls> tls_;
};

}  // namespace rocky::valkey
