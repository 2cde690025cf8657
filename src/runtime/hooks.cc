#include "runtime/hooks.h"

#include <fmt/format.h>

#include "base/log.h"
#include "base/secret.h"
#include "base/strings.h"
#include "runtime/hooks_shell.h"

namespace rocky::runtime {

namespace {

// Applies `on_failure` to one failed hook.
void HandleFailure(EventOutcome& outcome, config::HookFailure on_failure, std::string_view key,
                   std::string_view reason) {
  switch (on_failure) {
    case config::HookFailure::kIgnore:
      return;
    case config::HookFailure::kWarn:
      LogWarn("hook for event '{}' failed: {}", key, reason);
      return;
    case config::HookFailure::kAbort:
      if (!outcome.abort) {
        outcome.abort = true;
        outcome.message = fmt::format("aborted by hook for event '{}': {}", key, reason);
      } else {
        LogWarn("hook for event '{}' failed: {}", key, reason);
      }
      return;
  }
}

void LogOutput(std::string_view command, std::string_view stream, std::string_view text) {
  std::string_view trimmed = Trim(text);
  if (!trimmed.empty()) LogDebug("hook '{}' {}: {}", command, stream, trimmed);
}

}  // namespace

HookDispatcher::HookDispatcher(const config::HookConfig& config, std::string project_dir,
                               HttpClient& http, HookDispatcherOptions options)
    : config_(config),
      project_dir_(std::move(project_dir)),
      http_(http),
      options_(std::move(options)) {}

HookDispatcher::~HookDispatcher() {
  {
    std::lock_guard lock(async_mutex_);
    stopping_ = true;
  }
  async_cv_.notify_all();
  if (async_worker_.joinable()) async_worker_.join();
}

EventOutcome HookDispatcher::Fire(const RunEvent& event) { return Dispatch(event).outcome; }

bool HookDispatcher::HasHooks(config::HookEvent event) const {
  for (const auto& hook : config_.shell)
    if (hook.event == event) return true;
  for (const auto& hook : config_.webhooks)
    if (hook.event == event) return true;
  return false;
}

HookReport HookDispatcher::Dispatch(const RunEvent& event) {
  auto kind = config::ParseHookEvent("on_" + event.event);
  if (!kind || !HasHooks(*kind)) return {};

  std::unique_lock order(order_mutex_);
  const uint64_t ticket = next_ticket_++;
  order_cv_.wait(order, [&] { return serving_ == ticket; });
  order.unlock();
  // Hands the turn to the next ticket however this dispatch ends.
  struct NextTurn {
    HookDispatcher& self;
    ~NextTurn() {
      {
        std::lock_guard lock(self.order_mutex_);
        ++self.serving_;
      }
      self.order_cv_.notify_all();
    }
  } next_turn{*this};
  return DispatchLocked(event, *kind);
}

HookReport HookDispatcher::DispatchLocked(const RunEvent& event, config::HookEvent kind) {
  HookReport report;
  const std::string key = config::HookEventKey(kind);

  std::string stdin_text;
  for (const auto& hook : config_.shell) {
    if (hook.event != kind) continue;
    if (stdin_text.empty()) stdin_text = event.ToJson().Dump(2) + "\n";
    ShellHookResult result = RunShellHook(hook, project_dir_, event, stdin_text);
    LogOutput(hook.command, "stdout", result.stdout_text);
    LogOutput(hook.command, "stderr", result.stderr_text);
    HookInvocation& inv = report.invocations.emplace_back();
    inv.kind = HookInvocation::Kind::kShell;
    inv.target = hook.command;
    inv.on_failure = hook.on_failure;
    inv.ok = result.ok;
    inv.error = result.reason;
    inv.duration_ms = result.duration_ms;
    if (!result.ok) HandleFailure(report.outcome, hook.on_failure, key, result.reason);
  }

  for (size_t i = 0; i < config_.webhooks.size(); ++i) {
    const config::WebhookConfig& hook = config_.webhooks[i];
    if (hook.event != kind) continue;
    HttpRequest request = BuildWebhookRequest(hook, event);
    HookInvocation& inv = report.invocations.emplace_back();
    inv.kind = HookInvocation::Kind::kWebhook;
    inv.target = request.method + " " + RedactUrl(hook.url);
    inv.on_failure = hook.on_failure;
    if (hook.async) {
      inv.async = true;
      std::lock_guard lock(async_mutex_);
      if (!async_worker_.joinable()) async_worker_ = std::thread([this] { AsyncLoop(); });
      async_queue_.push_back({i, key, std::move(request)});
      async_cv_.notify_all();
      continue;
    }
    WebhookResult result = SendWebhook(http_, hook, request, options_.sleep);
    inv.ok = result.ok;
    inv.error = result.reason;
    inv.duration_ms = result.duration_ms;
    inv.attempts = result.attempts;
    inv.http_status = result.status;
    if (!result.ok) HandleFailure(report.outcome, hook.on_failure, key, result.reason);
  }
  return report;
}

void HookDispatcher::WaitForAsync() {
  std::unique_lock lock(async_mutex_);
  async_cv_.wait(lock, [&] { return async_queue_.empty() && !async_busy_; });
}

void HookDispatcher::AsyncLoop() {
  std::unique_lock lock(async_mutex_);
  while (true) {
    async_cv_.wait(lock, [&] { return stopping_ || !async_queue_.empty(); });
    if (async_queue_.empty()) return;  // stopping, and everything queued was sent
    AsyncSend job = std::move(async_queue_.front());
    async_queue_.pop_front();
    async_busy_ = true;
    lock.unlock();

    const config::WebhookConfig& hook = config_.webhooks[job.webhook];
    WebhookResult result = SendWebhook(http_, hook, job.request, options_.sleep);
    if (result.ok)
      LogDebug("async hook for event '{}' sent: {} {} -> HTTP {}", job.event_key,
               job.request.method, RedactUrl(hook.url), result.status.value_or(0));
    else if (hook.on_failure != config::HookFailure::kIgnore)
      LogWarn("async hook for event '{}' failed: {}", job.event_key, result.reason);

    lock.lock();
    async_busy_ = false;
    async_cv_.notify_all();
  }
}

}  // namespace rocky::runtime
