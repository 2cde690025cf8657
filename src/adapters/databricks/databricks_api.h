#pragma once
// Authenticated, retried JSON calls to a Databricks workspace (adapters.md §3): bearer tokens
// from a PAT or OAuth M2M (cached, refreshed 60 s before expiry, dropped and fetched again once
// after a 401 or an invalid-token 403), the retry policy with jitter and Retry-After, and a
// circuit breaker. No secret ever reaches a message: errors name the method and path only.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "adapters/http/retry_policy.h"
#include "base/error.h"
#include "base/http.h"
#include "base/json.h"
#include "base/secret.h"

namespace rocky::adapters::databricks {

struct DatabricksConnection {
  /// `https://host`, or the base URL as configured (emulators: `http://127.0.0.1:PORT`).
  std::string base_url;
  std::string warehouse_id;
  Secret token;  // PAT; empty: OAuth M2M with client_id / client_secret
  std::string client_id;
  Secret client_secret;
  /// Per statement, from submit to a terminal state (`timeout_secs`).
  std::chrono::seconds statement_timeout{120};
  /// Per HTTP request.
  std::chrono::milliseconds request_timeout{60000};
  http::RetryPolicy retry;
  int64_t circuit_breaker_threshold = 5;
  std::chrono::seconds circuit_breaker_cooldown{30};
  std::string adapter_name = "databricks";
};

/// Test seams: time and waiting. Defaults are the real clock and sleep.
struct DatabricksClock {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// The base URL for `host` as config gives it (adapters.md §3): a bare host name becomes
/// `https://host`; a URL with a scheme is kept (without a trailing `/`), where `http` is allowed
/// only for loopback hosts. kConfig error otherwise.
Result<std::string> DatabricksBaseUrl(const std::string& host);

/// Which credential a connection uses, never the secret: `personal access token`,
/// `OAuth M2M (client_id ID)`, or "" when there is none.
std::string CredentialKind(const Secret& token, const std::string& client_id);

/// One API call. `retry_ambiguous`: whether a failure that may have reached the server (a
/// timeout after sending, a dropped connection, 502/503/504) may simply be sent again; false
/// for a non-idempotent statement submit, whose caller resolves the ambiguity.
struct ApiCall {
  std::string method = "GET";
  std::string path;  // `/api/2.0/...`, with its query
  std::optional<Json> body;
  bool retry_ambiguous = true;
};

class DatabricksApi {
 public:
  DatabricksApi(DatabricksConnection connection, HttpClient& http, DatabricksClock clock = {});

  /// The JSON body of a 2xx answer. Errors (kAdapter) read
  /// `databricks API error on POST /api/2.0/sql/statements: HTTP 400 INVALID_PARAMETER_VALUE:
  /// <message>`; `ambiguous` is set when the server may have acted on the request.
  Result<Json> Call(const ApiCall& call);

  /// Which credential is used, never the secret: `personal access token` or
  /// `OAuth M2M (client_id ID)`.
  std::string CredentialSource() const;

  const DatabricksConnection& connection() const { return connection_; }
  DatabricksClock& clock() { return clock_; }
  /// Sleeps for the retry policy's delay before retry `attempt`, or `at_least` (a Retry-After)
  /// when that is longer, capped at 300 s (runtime.md §4). The sleep is a BackoffWait: under
  /// adaptive concurrency the unit's slot serves another unit meanwhile.
  void Backoff(int64_t attempt,
               std::optional<std::chrono::milliseconds> at_least = std::nullopt);

 private:
  Result<std::string> BearerToken();
  void DropToken(const std::string& token);

  DatabricksConnection connection_;
  HttpClient& http_;
  DatabricksClock clock_;
  http::CircuitBreaker breaker_;
  std::mutex mu_;  // the token
  std::string token_;
  std::chrono::steady_clock::time_point token_expires_{};
  http::RetrySleeper sleeper_;
};

}  // namespace rocky::adapters::databricks
