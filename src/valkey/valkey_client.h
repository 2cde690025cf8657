#pragma once
// A Valkey (Redis) client over one RESP2 connection (services.md §1): plain TCP for redis://, TLS
// for rediss://. Connecting sends `AUTH [user] password` when the URL has a password and
// `SELECT <db>` when its path names a database other than 0.
//
// Failures are Result errors of kind kAdapter that name the server as host:port and never the
// password: `cannot connect to Valkey at h:6379: connection refused`, `Valkey at h:6379: timed
// out`, and for error replies `Valkey at h:6379: <the server's message>`. A failed exchange
// closes the connection (its state is unknown); the next command connects again.
// Commands are never resent on their own: an error after the command went out is `ambiguous`.
//
// Thread-safe: a mutex serialises commands, so threads sharing one client wait for each other
// (a lock renewer should have its own client when others may block it for long).

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "valkey/resp.h"
#include "valkey/socket_stream.h"
#include "valkey/valkey_url.h"

namespace rocky::valkey {

struct ValkeyOptions {
  /// Bounds connecting: TCP, TLS handshake, AUTH and SELECT.
  std::chrono::milliseconds connect_timeout{5000};
  /// Bounds each command: sending it and reading its whole reply.
  std::chrono::milliseconds command_timeout{5000};
  /// PEM CA bundle trusted for rediss://; "" uses the system's store.
  std::string tls_ca_file;
};

/// Options of SET: at most one of `ex` / `px`.
struct SetOptions {
  std::optional<std::chrono::seconds> ex;       // EX <seconds>
  std::optional<std::chrono::milliseconds> px;  // PX <milliseconds>
  bool nx = false;                              // NX: only when the key does not exist
};

/// A message delivered to a subscribed connection.
struct PubSubMessage {
  std::string channel;
  std::string payload;
};

class ValkeyClient {
 public:
  /// Connects, authenticates and selects the database.
  static Result<std::unique_ptr<ValkeyClient>> Connect(const ValkeyUrl& url,
                                                       ValkeyOptions options = {});
  /// ParseValkeyUrl, then Connect.
  static Result<std::unique_ptr<ValkeyClient>> Connect(std::string_view url,
                                                       ValkeyOptions options = {});

  ValkeyClient(const ValkeyClient&) = delete;
  ValkeyClient& operator=(const ValkeyClient&) = delete;
  ~ValkeyClient();

  /// Sends one command and returns its reply. A top-level error reply (`-ERR …`) is returned as
  /// an error carrying the server's message; errors nested in arrays stay Reply values.
  Result<Reply> Command(std::vector<std::string> args);

  /// GET: the value, or nullopt when the key does not exist.
  Result<std::optional<std::string>> Get(std::string_view key);
  /// SET: true when stored; false when `nx` was set and the key exists.
  Result<bool> Set(std::string_view key, std::string_view value, const SetOptions& options = {});
  /// DEL: how many of the keys existed.
  Result<int64_t> Del(std::vector<std::string> keys);
  /// EVAL script numkeys keys… args…: the script's reply.
  Result<Reply> Eval(std::string_view script, std::vector<std::string> keys,
                     std::vector<std::string> args);
  /// PUBLISH: how many subscribers received the message.
  Result<int64_t> Publish(std::string_view channel, std::string_view message);
  /// PING, expecting PONG.
  Result<void> Ping();

  /// SUBSCRIBE to the channels and wait for each confirmation. Afterwards the connection only
  /// takes NextMessage (and more Subscribe calls); it is not reconnected if it breaks.
  Result<void> Subscribe(const std::vector<std::string>& channels);
  /// The next message on a subscribed connection, or nullopt when none arrives within `wait`
  /// (the connection stays usable).
  Result<std::optional<PubSubMessage>> NextMessage(std::chrono::milliseconds wait);

  const ValkeyUrl& url() const { return url_; }

 private:
  ValkeyClient(ValkeyUrl url, ValkeyOptions options);

  Result<void> ConnectLocked();
  Result<Reply> CommandLocked(const std::vector<std::string>& args);
  // Reads one reply; nullopt when the deadline passes with `timeout_is_quiet` set.
  Result<std::optional<Reply>> ReadReplyLocked(SocketStream::Clock::time_point deadline,
                                               bool timeout_is_quiet);
  void CloseLocked();
  // `Valkey at host:port: <reason>`; the second keeps the flags of a bare error.
  std::unexpected<Error> Failure(std::string reason) const;
  std::unexpected<Error> Failure(Error bare) const;

  const ValkeyUrl url_;
  const ValkeyOptions options_;
  std::mutex mutex_;
  std::unique_ptr<SocketStream> stream_;
  ReplyReader reader_;
  bool subscribed_ = false;
};

}  // namespace rocky::valkey
