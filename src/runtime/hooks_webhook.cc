#include "runtime/hooks_webhook.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "base/log.h"
#include "base/secret.h"
#include "base/strings.h"
#include "runtime/hooks_template.h"

namespace rocky::runtime {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kMaxRetryDelayMs = 30000;

}  // namespace

std::string WebhookBody(const config::WebhookConfig& hook, const RunEvent& event) {
  TemplateContext context{event, hook.routing_key.Reveal()};
  if (hook.body_template) return RenderHookTemplate(*hook.body_template, context);
  if (hook.preset)
    if (auto preset = PresetBodyTemplate(*hook.preset)) return RenderHookTemplate(*preset, context);
  return event.ToJson().Dump();
}

HttpRequest BuildWebhookRequest(const config::WebhookConfig& hook, const RunEvent& event) {
  HttpRequest request;
  request.method = ToUpper(hook.method.empty() ? "POST" : hook.method);
  request.url = hook.url;
  request.timeout = std::chrono::milliseconds(std::max<int64_t>(1, hook.timeout_ms));
  request.body = WebhookBody(hook, event);
  // Every preset's default headers are the JSON content type; user headers override them.
  SetHttpHeader(request.headers, "Content-Type", "application/json");
  for (const auto& [name, value] : hook.headers)
    SetHttpHeader(request.headers, name, value.Reveal());
  if (!hook.secret.empty())
    SetHttpHeader(request.headers, "X-Rocky-Signature",
                  "sha256=" + HmacSha256Hex(hook.secret.Reveal(), request.body));
  return request;
}

std::chrono::milliseconds WebhookRetryDelay(int64_t retry_delay_ms, int64_t n) {
  int64_t delay = std::max<int64_t>(0, retry_delay_ms);
  for (int64_t i = 1; i < n && delay < kMaxRetryDelayMs; ++i) delay *= 2;
  return std::chrono::milliseconds(std::min(delay, kMaxRetryDelayMs));
}

WebhookResult SendWebhook(HttpClient& client, const config::WebhookConfig& hook,
                          const HttpRequest& request, const RetrySleeper& sleep) {
  WebhookResult result;
  const auto start = Clock::now();
  const int64_t retries = std::max<int64_t>(0, hook.retry_count);
  for (int64_t attempt = 0; attempt <= retries; ++attempt) {
    if (attempt > 0) {
      auto delay = WebhookRetryDelay(hook.retry_delay_ms, attempt);
      LogDebug("webhook {} {}: retry {} of {} in {} ms ({})", request.method,
               RedactUrl(request.url), attempt, retries, delay.count(), result.reason);
      if (sleep)
        sleep(delay);
      else
        std::this_thread::sleep_for(delay);
    }
    ++result.attempts;
    auto response = client.Send(request);
    if (!response) {
      result.status.reset();
      result.reason = response.error().message;
      continue;
    }
    result.status = response->status;
    if (response->ok()) {
      result.ok = true;
      result.reason.clear();
      break;
    }
    result.reason = fmt::format("{} {} returned HTTP {}", request.method, RedactUrl(request.url),
                                response->status);
  }
  if (!result.ok && result.attempts > 1)
    result.reason += fmt::format(" (after {} attempts)", result.attempts);
  result.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  return result;
}

}  // namespace rocky::runtime
