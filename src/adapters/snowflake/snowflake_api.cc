#include "adapters/snowflake/snowflake_api.h"

#include <fmt/format.h>

#include <thread>

#include "base/log.h"
#include "base/strings.h"

namespace rocky::adapters::snowflake {

namespace {

// A JWT lives an hour; Rocky makes a new one after 59 minutes (adapters.md §4).
constexpr auto kJwtLifetime = std::chrono::minutes(59);

// `code: message` of an error body (`{code, message, sqlState?}`); a body that is not JSON (a
// gateway page) is kept, shortened.
std::string ErrorDetail(const HttpResponse& response) {
  if (auto json = Json::Parse(response.body)) {
    const std::string& code = (*json)["code"].AsString();
    const std::string& message = (*json)["message"].AsString();
    if (!code.empty() || !message.empty())
      return code.empty() ? message : message.empty() ? code : code + ": " + message;
  }
  std::string raw(Trim(response.body));
  if (raw.size() > 300) raw = raw.substr(0, 300) + "…";
  return raw.empty() ? "(empty body)" : raw;
}

}  // namespace

std::string_view TokenTypeHeader(AuthKind kind) {
  switch (kind) {
    case AuthKind::kKeyPairJwt: return "KEYPAIR_JWT";
    case AuthKind::kOAuth: return "OAUTH";
    case AuthKind::kProgrammaticAccessToken: return "PROGRAMMATIC_ACCESS_TOKEN";
  }
  return "OAUTH";
}

SnowflakeApi::SnowflakeApi(SnowflakeConnection connection, HttpClient& http,
                           SnowflakeClock clock)
    : connection_(std::move(connection)),
      http_(http),
      clock_(std::move(clock)),
      breaker_("snowflake adapter '" + connection_.adapter_name + "'",
               connection_.circuit_breaker_threshold, connection_.circuit_breaker_cooldown,
               clock_.now),
      sleeper_(connection_.retry, [this](std::chrono::milliseconds d) { clock_.sleep(d); }) {
  if (!clock_.now) clock_.now = [] { return std::chrono::steady_clock::now(); };
  if (!clock_.wall) clock_.wall = [] { return std::chrono::system_clock::now(); };
  if (!clock_.sleep)
    clock_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::string SnowflakeApi::CredentialSource() const {
  switch (connection_.auth) {
    case AuthKind::kKeyPairJwt:
      return fmt::format("key-pair JWT (user {})", ToUpper(connection_.user));
    case AuthKind::kOAuth: return "OAuth token";
    case AuthKind::kProgrammaticAccessToken: return "programmatic access token";
  }
  return "";
}

void SnowflakeApi::Backoff(int64_t attempt, std::optional<std::chrono::milliseconds> at_least) {
  sleeper_.Wait(attempt, at_least);
}

Result<std::string> SnowflakeApi::BearerToken() {
  if (connection_.auth != AuthKind::kKeyPairJwt) return connection_.token.Reveal();
  if (!connection_.key)
    return Fail(ErrorKind::kConfig, "snowflake key-pair auth needs private_key_path");
  std::lock_guard lock(mu_);
  if (!jwt_.empty() && clock_.now() < jwt_expires_) return jwt_;
  auto jwt = MakeJwt(*connection_.key, connection_.account, connection_.user, clock_.wall());
  if (!jwt) return std::unexpected(jwt.error());
  jwt_ = std::move(*jwt);
  jwt_expires_ = clock_.now() + kJwtLifetime;
  LogDebug("snowflake adapter '{}': key-pair JWT made for {}", connection_.adapter_name,
           ToUpper(connection_.user));
  return jwt_;
}

void SnowflakeApi::DropToken(const std::string& token) {
  std::lock_guard lock(mu_);
  if (jwt_ == token) jwt_.clear();
}

Result<SnowflakeAnswer> SnowflakeApi::Call(const SnowflakeCall& call) {
  const std::string what = call.method + " " + call.path.substr(0, call.path.find('?'));
  bool refreshed = false;
  int paced = 0;
  for (int64_t attempt = 0;; ++attempt) {
    const bool last = attempt >= connection_.retry.max_retries;
    if (auto allowed = breaker_.Allow(); !allowed) return std::unexpected(allowed.error());
    auto token = BearerToken();
    if (!token) return std::unexpected(token.error());
    HttpRequest request;
    request.method = call.method;
    request.url = connection_.base_url + call.path;
    request.timeout = connection_.request_timeout;
    request.headers = {{"Authorization", "Bearer " + *token},
                       {"X-Snowflake-Authorization-Token-Type",
                        std::string(TokenTypeHeader(connection_.auth))},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"},
                       {"User-Agent", "rocky/1.0.0"}};
    if (call.body) request.body = call.body->Dump();
    request.idempotent = call.retry_ambiguous;
    auto response = http_.Send(request);
    if (!response) {
      Error e = std::move(response.error());
      e.message = "snowflake API error on " + what + ": " + e.message;
      if (!e.retryable) return std::unexpected(std::move(e));
      breaker_.RecordTransientFailure();
      if ((e.ambiguous && !call.retry_ambiguous) || last) return std::unexpected(std::move(e));
      LogDebug("snowflake {}: {} (retry {} of {})", what, e.message, attempt + 1,
               connection_.retry.max_retries);
      Backoff(attempt + 1);
      continue;
    }
    const int status = response->status;
    if (status == 200 || status == 202 || status == 422) {
      breaker_.RecordSuccess();
      SnowflakeAnswer answer;
      answer.status = status;
      if (!Trim(response->body).empty()) {
        auto json = Json::Parse(response->body);
        if (!json)
          return Fail(ErrorKind::kAdapter, "snowflake API error on {}: HTTP {} body is not JSON",
                      what, status);
        answer.body = std::move(*json);
      }
      return answer;
    }
    Error e{ErrorKind::kAdapter,
            fmt::format("snowflake API error on {}: HTTP {} {}", what, status,
                        ErrorDetail(*response)),
            {},
            {}};
    if (status == 401) {
      // An expired or rejected JWT: make a new one once. OAuth and PAT tokens are as given.
      if (connection_.auth == AuthKind::kKeyPairJwt && !refreshed) {
        refreshed = true;
        DropToken(*token);
        --attempt;
        continue;
      }
      e.hint = connection_.auth == AuthKind::kKeyPairJwt
                   ? "check account, username and that the public key is set on the user "
                     "(ALTER USER … SET RSA_PUBLIC_KEY)"
                   : "check the token: it may have expired";
      e.message += fmt::format(" (the {} was rejected; {})", CredentialSource(), e.hint);
      return std::unexpected(std::move(e));
    }
    if (status == 429 || status == 503 || status == 504) {
      e.retryable = true;
      e.ambiguous = status == 504;  // a gateway timeout may hide a statement that ran
      std::optional<std::chrono::milliseconds> wait;
      if (http::PacedAfterTransient(status, *response, breaker_, paced, wait)) {
        --attempt;
        continue;
      }
      if (last || (e.ambiguous && !call.retry_ambiguous)) return std::unexpected(std::move(e));
      LogDebug("snowflake {}: HTTP {} (retry {} of {})", what, status, attempt + 1,
               connection_.retry.max_retries);
      Backoff(attempt + 1, wait);
      continue;
    }
    return std::unexpected(std::move(e));
  }
}

}  // namespace rocky::adapters::snowflake
