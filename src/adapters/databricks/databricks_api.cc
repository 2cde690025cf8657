#include "adapters/databricks/databricks_api.h"

#include <fmt/format.h>

#include <thread>

#include "base/log.h"
#include "base/strings.h"

namespace rocky::adapters::databricks {

namespace {

constexpr auto kRefreshMargin = std::chrono::seconds(60);

bool IsLoopback(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// `{error_code, message}` of an error body: the code may be a string or (legacy endpoints) an
// integer; a body that is not JSON (an HTML gateway page) is kept, shortened.
std::string ErrorDetail(const HttpResponse& response) {
  auto json = Json::Parse(response.body);
  if (json) {
    // A non-string error_code (legacy endpoints send the HTTP status) counts as absent.
    const std::string& code = (*json)["error_code"].AsString();
    const std::string& message = (*json)["message"].AsString();
    if (!code.empty() || !message.empty())
      return code.empty() ? message : message.empty() ? code : code + ": " + message;
  }
  std::string raw(Trim(response.body));
  if (raw.size() > 300) raw = raw.substr(0, 300) + "…";
  return raw.empty() ? "(empty body)" : raw;
}

// A 403 that means the token itself is bad (expired or revoked), not a missing permission.
bool InvalidTokenBody(const HttpResponse& response) {
  const std::string body = ToLower(response.body);
  return body.find("invalid access token") != std::string::npos ||
         body.find("invalid token") != std::string::npos ||
         body.find("token expired") != std::string::npos ||
         body.find("expiring within") != std::string::npos;
}

}  // namespace

Result<std::string> DatabricksBaseUrl(const std::string& host) {
  std::string h(Trim(host));
  while (!h.empty() && h.back() == '/') h.pop_back();
  if (h.empty()) return Fail(ErrorKind::kConfig, "databricks host is empty");
  if (h.find("://") == std::string::npos) return "https://" + h;
  auto url = ParseHttpUrl(h);
  if (!url) return std::unexpected(url.error());
  if (url->scheme == "http" && !IsLoopback(url->host))
    return Fail(ErrorKind::kConfig,
                "databricks host '{}' uses http: only https is allowed, except for a loopback "
                "emulator (127.0.0.1, localhost)",
                RedactUrl(h));
  return h;
}

DatabricksApi::DatabricksApi(DatabricksConnection connection, HttpClient& http,
                             DatabricksClock clock)
    : connection_(std::move(connection)),
      http_(http),
      clock_(std::move(clock)),
      breaker_("databricks adapter '" + connection_.adapter_name + "'",
               connection_.circuit_breaker_threshold, connection_.circuit_breaker_cooldown,
               clock_.now),
      sleeper_(connection_.retry, [this](std::chrono::milliseconds d) { clock_.sleep(d); }) {
  if (!clock_.now) clock_.now = [] { return std::chrono::steady_clock::now(); };
  if (!clock_.sleep) clock_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::string CredentialKind(const Secret& token, const std::string& client_id) {
  if (!token.empty()) return "personal access token";
  return client_id.empty() ? std::string() : fmt::format("OAuth M2M (client_id {})", client_id);
}

std::string DatabricksApi::CredentialSource() const {
  return CredentialKind(connection_.token, connection_.client_id);
}

void DatabricksApi::Backoff(int64_t attempt, std::optional<std::chrono::milliseconds> at_least) {
  sleeper_.Wait(attempt, at_least);
}

Result<std::string> DatabricksApi::BearerToken() {
  if (!connection_.token.empty()) return connection_.token.Reveal();
  std::lock_guard lock(mu_);
  if (!token_.empty() && clock_.now() + kRefreshMargin < token_expires_) return token_;
  HttpRequest request;
  request.method = "POST";
  request.url = connection_.base_url + "/oidc/v1/token";
  request.timeout = connection_.request_timeout;
  request.body = "grant_type=client_credentials&scope=all-apis";
  request.headers = {
      {"Authorization", "Basic " + Base64Encode(connection_.client_id + ":" +
                                                connection_.client_secret.Reveal())},
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"User-Agent", "rocky/1.0.0"}};
  auto response = http_.Send(request);
  if (!response) return std::unexpected(std::move(response.error()).With("while getting an OAuth token"));
  if (!response->ok()) {
    Error e{ErrorKind::kAdapter,
            fmt::format("databricks OAuth token request failed: HTTP {} {}", response->status,
                        ErrorDetail(*response)),
            {},
            "check client_id / client_secret (or DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET)"};
    e.retryable = response->status == 429 || response->status >= 500;
    return std::unexpected(std::move(e));
  }
  auto json = Json::Parse(response->body);
  const Json* access = json ? json->Find("access_token") : nullptr;
  if (!access || !access->IsString() || access->AsString().empty())
    return Fail(ErrorKind::kAdapter, "databricks OAuth token response has no access_token");
  const Json* expires = json->Find("expires_in");
  const int64_t seconds = expires && expires->IsNumber() ? expires->AsInt() : 3600;
  token_ = access->AsString();
  token_expires_ = clock_.now() + std::chrono::seconds(seconds);
  LogDebug("databricks adapter '{}': OAuth token fetched, expires in {} s", connection_.adapter_name,
           seconds);
  return token_;
}

void DatabricksApi::DropToken(const std::string& token) {
  std::lock_guard lock(mu_);
  if (token_ == token) token_.clear();
}

Result<Json> DatabricksApi::Call(const ApiCall& call) {
  const std::string what = call.method + " " + call.path.substr(0, call.path.find('?'));
  bool refreshed = false;
  int paced = 0;
  for (int64_t attempt = 0;; ++attempt) {
    const bool last = attempt >= connection_.retry.max_retries;
    if (auto allowed = breaker_.Allow(); !allowed) return std::unexpected(allowed.error());
    auto token = BearerToken();
    if (!token) {
      if (token.error().retryable && !last) {
        breaker_.RecordTransientFailure();
        Backoff(attempt + 1);
        continue;
      }
      return std::unexpected(token.error());
    }
    HttpRequest request;
    request.method = call.method;
    request.url = connection_.base_url + call.path;
    request.timeout = connection_.request_timeout;
    request.headers = {{"Authorization", "Bearer " + *token},
                       {"User-Agent", "rocky/1.0.0"},
                       {"Content-Type", "application/json"}};
    if (call.body) request.body = call.body->Dump();
    request.idempotent = call.retry_ambiguous;
    auto response = http_.Send(request);
    if (!response) {
      Error e = std::move(response.error());
      e.message = "databricks API error on " + what + ": " + e.message;
      if (!e.retryable) return std::unexpected(std::move(e));
      breaker_.RecordTransientFailure();
      if (e.ambiguous && !call.retry_ambiguous) return std::unexpected(std::move(e));
      if (last) return std::unexpected(std::move(e));
      LogDebug("databricks {}: {} (retry {} of {})", what, e.message, attempt + 1,
               connection_.retry.max_retries);
      Backoff(attempt + 1);
      continue;
    }
    const int status = response->status;
    if (status >= 200 && status < 300) {
      breaker_.RecordSuccess();
      if (Trim(response->body).empty()) return Json::Object();
      auto json = Json::Parse(response->body);
      if (!json)
        return Fail(ErrorKind::kAdapter, "databricks API error on {}: the response is not JSON",
                    what);
      return std::move(*json);
    }
    Error e{ErrorKind::kAdapter,
            fmt::format("databricks API error on {}: HTTP {} {}", what, status,
                        ErrorDetail(*response)),
            {},
            {}};
    const bool oauth = connection_.token.empty();
    if (status == 401 || (status == 403 && InvalidTokenBody(*response))) {
      if (oauth && !refreshed) {
        refreshed = true;
        DropToken(*token);
        --attempt;  // a fresh token is not a retry
        continue;
      }
      e.hint = oauth ? "check client_id / client_secret and the service principal's access"
                     : "check the token (or DATABRICKS_TOKEN)";
      // In the message too: run outputs carry only the message.
      e.message += fmt::format(" (the {} credential was rejected{}; {})", CredentialSource(),
                               oauth ? " after a fresh token" : "", e.hint);
      return std::unexpected(std::move(e));
    }
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      e.retryable = true;
      // 429 means not accepted; a gateway error may hide a statement that ran.
      e.ambiguous = status != 429;
      std::optional<std::chrono::milliseconds> wait;
      if (http::PacedAfterTransient(status, *response, breaker_, paced, wait)) {
        --attempt;
        continue;
      }
      if (last || (e.ambiguous && !call.retry_ambiguous)) return std::unexpected(std::move(e));
      LogDebug("databricks {}: HTTP {} (retry {} of {})", what, status, attempt + 1,
               connection_.retry.max_retries);
      Backoff(attempt + 1, wait);
      continue;
    }
    return std::unexpected(std::move(e));
  }
}

}  // namespace rocky::adapters::databricks
