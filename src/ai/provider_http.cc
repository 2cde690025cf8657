#include "ai/provider_http.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "base/log.h"

namespace rocky::ai {

namespace {

bool Transient(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
         status == 529;
}

}  // namespace

Result<HttpResponse> PostWithRetries(const ProviderCall& call, const HttpRequest& request) {
  adapters::http::RetrySleeper sleeper(
      *call.retry, call.sleep ? call.sleep : [](std::chrono::milliseconds d) {
        std::this_thread::sleep_for(d);
      });
  for (int64_t attempt = 0;; ++attempt) {
    auto response = call.http->Send(request);
    const bool last = attempt >= call.retry->max_retries;
    if (!response) {
      if (!response.error().retryable || last)
        return Fail(std::move(response.error()).With("calling the " + call.provider));
      LogWarn("{}: {}; retrying", call.provider, response.error().Text());
      sleeper.Wait(attempt + 1);
      continue;
    }
    if (!Transient(response->status) || last) return response;
    LogWarn("{} answered HTTP {} ({}); retrying", call.provider, response->status,
            ServiceErrorText(response->body));
    sleeper.Wait(attempt + 1, adapters::http::RetryAfter(*response));
  }
}

std::string ServiceErrorText(std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const auto& e = parsed["error"];
    const std::string type = e.value("type", std::string());
    const std::string message = e.value("message", std::string());
    if (!type.empty() || !message.empty())
      return type.empty() ? message : message.empty() ? type : type + ": " + message;
  }
  std::string start(body.substr(0, 200));
  return start.empty() ? "(empty body)" : start;
}

Error ServiceError(const ProviderCall& call, const HttpResponse& response,
                   std::string_view key_variable) {
  Error error{ErrorKind::kAdapter,
              fmt::format("HTTP {} from the {}: {}", response.status, call.provider,
                          ServiceErrorText(response.body)),
              {}};
  if (response.status == 401 || response.status == 403)
    error.hint = fmt::format("check the key in {} (ai.api_key_env)", key_variable);
  else if (response.status == 404)
    error.hint = "check ai.base_url and ai.model";
  return error;
}

}  // namespace rocky::ai
