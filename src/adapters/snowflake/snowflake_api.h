#pragma once
// Authenticated, retried calls to the Snowflake SQL API v2 (adapters.md §4): a bearer token with
// its `X-Snowflake-Authorization-Token-Type` (a key-pair JWT made and cached 59 minutes, an
// OAuth token or a programmatic access token as given), the retry policy with jitter and
// Retry-After for 429/503/504 and connection failures, a circuit breaker, and one fresh JWT
// after a 401. Unlike most REST APIs, 202 (still running) and 422 (the statement failed) are
// answers, not errors: Call returns them to the statement client. No secret reaches a message.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/http/retry_policy.h"
#include "adapters/snowflake/snowflake_jwt.h"
#include "base/error.h"
#include "base/http.h"
#include "base/json.h"
#include "base/secret.h"

namespace rocky::adapters::snowflake {

enum class AuthKind { kKeyPairJwt, kOAuth, kProgrammaticAccessToken };

/// `KEYPAIR_JWT`, `OAUTH`, `PROGRAMMATIC_ACCESS_TOKEN` (the token-type header's values).
std::string_view TokenTypeHeader(AuthKind kind);

struct SnowflakeConnection {
  /// `https://<account>.snowflakecomputing.com`, or the configured base_url (emulators:
  /// `http://127.0.0.1:PORT`).
  std::string base_url;
  std::string account;
  std::string user;  // key-pair auth
  std::string warehouse;
  std::optional<std::string> database, schema, role;
  AuthKind auth = AuthKind::kOAuth;
  Secret token;                         // OAuth or programmatic access token
  std::shared_ptr<PrivateKey> key;      // key-pair auth
  /// Per statement, from submit to a terminal state (`timeout_secs`).
  std::chrono::seconds statement_timeout{120};
  /// Per HTTP request.
  std::chrono::milliseconds request_timeout{60000};
  http::RetryPolicy retry;
  int64_t circuit_breaker_threshold = 5;
  std::chrono::seconds circuit_breaker_cooldown{30};
  std::string adapter_name = "snowflake";
};

/// Test seams: time and waiting. Defaults are the real clocks and sleep.
struct SnowflakeClock {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<std::chrono::system_clock::time_point()> wall;  // JWT iat/exp
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// What an API call answered: 200, 202 or 422 with the JSON body.
struct SnowflakeAnswer {
  int status = 0;
  Json body = Json::Object();
};

/// One call. `retry_ambiguous`: whether a failure that may have reached the server (a read
/// timeout, a dropped connection, 504) may be sent again as it is; false for a statement submit,
/// which the statement client resends with `retry=true` itself.
struct SnowflakeCall {
  std::string method = "GET";
  std::string path;  // `/api/v2/statements…`, with its query
  std::optional<Json> body;
  bool retry_ambiguous = true;
};

class SnowflakeApi {
 public:
  SnowflakeApi(SnowflakeConnection connection, HttpClient& http, SnowflakeClock clock = {});

  /// 200/202/422 with their bodies. Other answers are errors (kAdapter) reading
  /// `snowflake API error on POST /api/v2/statements: HTTP 401 390144: <message>`; transient
  /// ones (429/503/504, connection failures) are retried first, and `ambiguous` is set on the
  /// error when the request may have reached the server.
  Result<SnowflakeAnswer> Call(const SnowflakeCall& call);

  /// `key-pair JWT (user ROCKY_SVC)`, `OAuth token` or `programmatic access token`: which
  /// credential is used, never the secret.
  std::string CredentialSource() const;

  const SnowflakeConnection& connection() const { return connection_; }
  SnowflakeClock& clock() { return clock_; }
  /// Sleeps the retry policy's delay before retry `attempt` (or a longer Retry-After), as a
  /// BackoffWait (adaptive concurrency gives the slot away meanwhile).
  void Backoff(int64_t attempt, std::optional<std::chrono::milliseconds> at_least = std::nullopt);

 private:
  Result<std::string> BearerToken();
  void DropToken(const std::string& token);

  SnowflakeConnection connection_;
  HttpClient& http_;
  SnowflakeClock clock_;
  http::CircuitBreaker breaker_;
  http::RetrySleeper sleeper_;
  std::mutex mu_;  // guards the cached JWT
  std::string jwt_;
  std::chrono::steady_clock::time_point jwt_expires_{};
};

}  // namespace rocky::adapters::snowflake
