#pragma once
// Building and sending one webhook (runtime.md §12). The request carries `Content-Type:
// application/json`, the preset's default headers, then the user's headers (which win), and with
// a `secret` an `X-Rocky-Signature: sha256=<hex HMAC-SHA256(secret, body)>` header. The body is
// `body_template` rendered, else the preset's template, else the compact context JSON.
// Secrets (header values, the signing key, the routing key) stay in the request: results and
// their messages name only the method and the URL (password redacted).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/http.h"
#include "config/config.h"
#include "runtime/events.h"

namespace rocky::runtime {

/// The body `hook` sends for `event`.
std::string WebhookBody(const config::WebhookConfig& hook, const RunEvent& event);

/// The full request `hook` sends for `event`.
HttpRequest BuildWebhookRequest(const config::WebhookConfig& hook, const RunEvent& event);

/// The wait before retry `n` (1-based): retry_delay_ms·2^(n−1), capped at 30 s.
std::chrono::milliseconds WebhookRetryDelay(int64_t retry_delay_ms, int64_t n);

struct WebhookResult {
  bool ok = false;
  std::string reason;  // why the last attempt failed; "" when ok
  int attempts = 0;
  std::optional<int> status;  // of the last response, when there was one
  int64_t duration_ms = 0;    // all attempts and waits
};

/// How retries wait; the default sleeps the calling thread.
using RetrySleeper = std::function<void(std::chrono::milliseconds)>;

/// Sends `request` and retries a non-2xx response or an error `hook.retry_count` times.
WebhookResult SendWebhook(HttpClient& client, const config::WebhookConfig& hook,
                          const HttpRequest& request, const RetrySleeper& sleep = {});

}  // namespace rocky::runtime
