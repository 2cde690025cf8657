#pragma once
// The HTTP skeleton every emulator shares: a cpp-httplib server on 127.0.0.1 (an ephemeral port
// unless one is asked for) served from a background thread, the request log, the fault queue and
// the control endpoints under /_emulator/:
//   POST   /_emulator/faults    queue a fault (fault_queue.h), or a JSON array of them
//   GET    /_emulator/faults    the faults still queued
//   DELETE /_emulator/faults    clear them
//   GET    /_emulator/requests  the request log (request_log.h); DELETE clears it
// Control requests are neither logged nor subject to faults, and need no credentials.
//
// Concurrency: httplib runs handlers on its own thread pool, one connection per thread; handlers
// must guard shared state. Routes are registered before Start and never changed while serving.

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "emulators/common/fault_queue.h"
#include "emulators/common/request_log.h"

namespace rocky::emulator {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

/// Load shaping, for benchmarks. 0 = off.
struct LoadShape {
  /// Every routed request waits this long before it is answered (a network round trip).
  int latency_ms = 0;
  /// Limited requests beyond this many at once are answered 429 (the fault body for 429) after
  /// the same latency.
  int max_in_flight = 0;
  /// Those 429 answers carry `Retry-After: <retry_after_secs>` when it is > 0.
  int retry_after_secs = 0;
};

class EmulatorServer {
 public:
  /// `name` appears in error messages ("databricks emulator: …").
  explicit EmulatorServer(std::string name);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  /// Registers `handler` for `method` (GET, POST, PUT, PATCH, DELETE) and a path regex that must
  /// match the whole path (its groups are in `req.matches`). Each request is logged, then the
  /// first queued fault matching "METHOD /path" applies (delay, scripted answer, dropped
  /// connection), then the handler runs. Call before Start.
  void Route(std::string_view method, std::string pattern, Handler handler);

  /// Registers a control endpoint (under /_emulator/): not logged, no faults. Call before Start.
  void ControlRoute(std::string_view method, std::string pattern, Handler handler);

  /// Answers requests that match no route (default: 404 with a JSON message). Call before Start.
  void SetNotFound(Handler handler);
  /// The body of a scripted fault that gives none, by status (default: a JSON message), and its
  /// content type (also the default of faults that give a body but no content type).
  void SetFaultBody(std::function<std::string(int status)> make_body,
                    std::string content_type = "application/json");
  /// For services whose error answer depends on the route (one emulator serving two APIs):
  /// answers a scripted fault that gives no body, setting the body, its content type and any
  /// headers (the fault's own headers override them). `request_line` is "METHOD /path". Takes
  /// precedence over SetFaultBody for faults; load shaping keeps using SetFaultBody's body.
  using FaultAnswer =
      std::function<void(int status, std::string_view request_line, httplib::Response& res)>;
  void SetFaultAnswer(FaultAnswer answer);

  /// Shapes the load (LoadShape) of the requests whose "METHOD /path" matches `limited`; does
  /// nothing when the shape is all 0. Call before Start.
  void ShapeLoad(const LoadShape& shape, std::string limited);
  /// Requests answered 429 by the load shaping so far, and the most ever in flight.
  int load_shed() const { return load_shed_.load(); }
  int peak_in_flight() const { return peak_in_flight_.load(); }

  /// Binds 127.0.0.1:`port` (0 = ephemeral) and starts serving on a background thread (once per
  /// server). Ignores SIGPIPE process-wide (a dropped connection must not kill the process).
  Result<void> Start(int port = 0);
  /// Stops serving and joins the thread; idempotent.
  void Stop();

  int port() const { return port_; }
  /// `http://127.0.0.1:PORT`.
  std::string url() const;

  RequestLog& log() { return log_; }
  const RequestLog& log() const { return log_; }
  FaultQueue& faults() { return faults_; }

 private:
  void Register(std::string_view method, std::string pattern, Handler handler);
  void Dispatch(const Handler& handler, const httplib::Request& req, httplib::Response& res);
  void AddControlRoutes();

  std::string name_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  bool started_ = false;
  RequestLog log_;
  FaultQueue faults_;
  Handler not_found_;
  std::function<std::string(int)> fault_body_;
  FaultAnswer fault_answer_;
  std::string fault_content_type_ = "application/json";
  int latency_ms_ = 0;
  std::optional<std::regex> limited_;
  int max_in_flight_ = 0;
  int retry_after_secs_ = 0;
  std::atomic<int> in_flight_{0}, peak_in_flight_{0}, load_shed_{0};
};

/// Sets `status`, the JSON body and its content type.
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

/// The request body as JSON; nullopt when it is not valid JSON (an empty body is an empty object).
std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req);

/// A string field of a JSON request body: "" when absent or null, nullopt when not a string.
std::optional<std::string> StringField(const nlohmann::json& body, const char* key);

/// Percent-decodes `text` ('+' becomes a space when `plus_is_space`).
std::string UrlDecode(std::string_view text, bool plus_is_space = true);
/// Parses an application/x-www-form-urlencoded body or query string into (key, value) pairs.
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text);
/// The first value of `key` in a parsed form, or "".
std::string FormValue(const std::vector<std::pair<std::string, std::string>>& form,
                      std::string_view key);

/// Closes the client connection that carried `req` without any response: the server-side socket
/// (local port `server_port`, peer port req.remote_port, found in /proc/self/fd) is shut down,
/// so httplib's write of the response fails and the client reads end-of-file. Returns false
/// when the socket could not be found.
bool DropConnection(const httplib::Request& req, int server_port);

}  // namespace rocky::emulator
