// `rocky hooks list` and `rocky hooks test EVENT [--pipeline P]` (cli.md §5): the configured shell
// hooks and webhooks, and firing one event's hooks with a synthetic context.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "adapters/http/http_client.h"
#include "base/secret.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "config/config.h"
#include "runtime/hooks.h"

namespace rocky::cli {

namespace {

constexpr std::string_view kUsageHint = "rocky hooks list | rocky hooks test EVENT [--pipeline P]";

std::string EnvKeys(const config::ShellHookConfig& hook) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : hook.env) keys.push_back(key);
  return Join(keys, ", ");
}

int RunList(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::HookConfig& hooks = (*config)->hooks;

  if (ctx.json()) {
    Json shell = Json::Array();
    for (const auto& h : hooks.shell) {
      Json env_keys = Json::Array();
      for (const auto& [key, value] : h.env) env_keys.Push(key);
      shell.Push(Json::Object()
                     .Set("event", config::HookEventKey(h.event))
                     .Set("command", h.command)
                     .Set("timeout_ms", h.timeout_ms)
                     .Set("on_failure", config::HookFailureName(h.on_failure))
                     .Set("env_keys", std::move(env_keys)));
    }
    Json webhooks = Json::Array();
    for (const auto& w : hooks.webhooks) {
      Json item = Json::Object()
                      .Set("event", config::HookEventKey(w.event))
                      .Set("url", RedactUrl(w.url))
                      .Set("method", ToUpper(w.method));
      if (w.preset) item.Set("preset", config::WebhookPresetName(*w.preset));
      item.Set("async", w.async).Set("on_failure", config::HookFailureName(w.on_failure));
      webhooks.Push(std::move(item));
    }
    ctx.EmitJson("hooks_list", Json::Object()
                                   .Set("hooks", std::move(shell))
                                   .Set("webhooks", std::move(webhooks))
                                   .Set("total", hooks.shell.size() + hooks.webhooks.size()));
    return 0;
  }

  if (hooks.empty()) {
    ctx.PrintText(
        "No hooks configured. Add [[hook.on_<event>]] or [hook.webhooks.on_<event>] to "
        "rocky.toml.");
    return 0;
  }
  TextTable table({"EVENT", "TYPE", "TARGET", "ON FAILURE", "DETAILS"});
  for (const auto& h : hooks.shell) {
    std::string details = fmt::format("timeout {} ms", h.timeout_ms);
    if (!h.env.empty()) details += "; env " + EnvKeys(h);
    table.AddRow({config::HookEventKey(h.event), "shell", h.command,
                  config::HookFailureName(h.on_failure), details});
  }
  for (const auto& w : hooks.webhooks) {
    std::vector<std::string> details;
    if (w.preset) details.push_back(std::string("preset ") + config::WebhookPresetName(*w.preset));
    if (w.async) details.push_back("async");
    if (w.retry_count > 0) details.push_back(fmt::format("{} retries", w.retry_count));
    if (!w.secret.empty()) details.push_back("signed");
    table.AddRow({config::HookEventKey(w.event), "webhook",
                  ToUpper(w.method) + " " + RedactUrl(w.url), config::HookFailureName(w.on_failure),
                  Join(details, "; ")});
  }
  ctx.PrintText(
      fmt::format("{}\n{} hook(s)", table.Render(), hooks.shell.size() + hooks.webhooks.size()));
  return 0;
}

Error UnknownEvent(const std::string& name) {
  std::vector<std::string> keys;
  for (config::HookEvent e : config::AllHookEvents()) keys.push_back(config::HookEventKey(e));
  std::string hint;
  if (config::ParseHookEvent("on_" + name))
    hint = "did you mean 'on_" + name + "'?";
  else if (auto close = DidYouMean(name, keys))
    hint = "did you mean '" + *close + "'?";
  else
    hint = "events: " + Join(keys, ", ");
  return Error{ErrorKind::kNotFound, "unknown hook event '" + name + "'", {}, hint};
}

Json InvocationJson(const runtime::HookInvocation& inv) {
  const bool shell = inv.kind == runtime::HookInvocation::Kind::kShell;
  Json item = Json::Object()
                  .Set("type", shell ? "shell" : "webhook")
                  .Set("target", inv.target)
                  .Set("on_failure", config::HookFailureName(inv.on_failure))
                  .Set("status", inv.async ? "queued"
                                 : inv.ok  ? "ok"
                                           : "failed");
  if (!inv.error.empty()) item.Set("error", inv.error);
  if (!inv.async) item.Set("duration_ms", inv.duration_ms);
  if (!shell && !inv.async) item.Set("attempts", inv.attempts);
  if (inv.http_status) item.Set("http_status", *inv.http_status);
  return item;
}

int RunTest(Context& ctx, const std::string& name) {
  auto kind = config::ParseHookEvent(name);
  if (!kind) return ctx.ReportError(UnknownEvent(name));
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;

  std::string pipeline;
  if (auto chosen = ctx.args().Get("pipeline")) {
    auto p = config::SelectPipeline(cfg, chosen, {});
    if (!p) return ctx.ReportError(p.error());
    pipeline = (*p)->name;
  } else if (!cfg.pipelines.empty()) {
    pipeline = cfg.pipelines.front().name;
  }

  runtime::RunEvent event;
  event.event = name.substr(3);  // the context JSON names the event without `on_`
  event.run_id = "test-run-id";
  event.pipeline = pipeline;
  event.timestamp = NowUtc();
  event.table = "catalog.schema.table";
  event.model = "example_model";
  event.duration_ms = 1234;
  event.metadata = Json::Object().Set("test", true);

  auto http = adapters::http::NewHttpClient();
  runtime::HookDispatcher dispatcher(cfg.hooks, cfg.project_dir, *http);
  if (!dispatcher.HasHooks(*kind)) {
    if (ctx.json())
      ctx.EmitJson("hooks_test", Json::Object().Set("event", name).Set("status", "no_hooks"));
    else
      ctx.PrintText(fmt::format("No hooks configured for {}.", name));
    return 0;
  }

  runtime::HookReport report = dispatcher.Dispatch(event);
  dispatcher.WaitForAsync();  // async results are logged before the summary

  size_t failed = 0;
  for (const auto& inv : report.invocations)
    if (!inv.ok) ++failed;
  std::optional<std::string> message;
  if (report.outcome.abort)
    message = report.outcome.message;
  else if (failed > 0)
    message = fmt::format("{} of {} hook(s) failed", failed, report.invocations.size());
  const char* status = report.outcome.abort ? "abort" : "continue";

  if (ctx.json()) {
    Json invocations = Json::Array();
    for (const auto& inv : report.invocations) invocations.Push(InvocationJson(inv));
    Json body = Json::Object().Set("event", name).Set("status", status);
    if (message) body.Set("message", *message);
    body.Set("result", Json::Object()
                           .Set("pipeline", pipeline)
                           .Set("hooks_run", report.invocations.size())
                           .Set("failed", failed)
                           .Set("invocations", std::move(invocations)));
    ctx.EmitJson("hooks_test", body);
    return 0;
  }

  TextTable table({"STATUS", "TYPE", "TARGET", "DURATION", "ERROR"});
  for (const auto& inv : report.invocations) {
    const bool shell = inv.kind == runtime::HookInvocation::Kind::kShell;
    table.AddRow({inv.async ? "queued"
                  : inv.ok  ? "ok"
                            : "failed",
                  shell ? "shell" : "webhook", inv.target,
                  inv.async ? "-" : fmt::format("{} ms", inv.duration_ms),
                  inv.error.empty() ? "-" : inv.error});
  }
  std::string text =
      fmt::format("{} (pipeline '{}'): {}\n\n{}", name, pipeline, status, table.Render());
  if (message) text += "\n" + *message;
  ctx.PrintText(text);
  return 0;
}

int RunHooks(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  const std::string action = pos.empty() ? "" : pos[0];
  if (action == "list" && pos.size() == 1) return RunList(ctx);
  if (action == "test" && pos.size() == 2) return RunTest(ctx, pos[1]);
  std::string problem;
  if (action == "test")
    problem = pos.size() < 2 ? "missing argument EVENT for 'rocky hooks test'"
                             : "unexpected argument '" + pos[2] + "' for 'rocky hooks test'";
  else if (action == "list")
    problem = "unexpected argument '" + pos[1] + "' for 'rocky hooks list'";
  else
    problem = action.empty() ? "missing what to do: list or test"
                             : "unknown hooks action '" + action + "'";
  return ctx.ReportError(Error{ErrorKind::kUsage, problem, {}, std::string(kUsageHint)});
}

}  // namespace

const CommandSpec& HooksCommand() {
  static const CommandSpec kSpec{
      .name = "hooks",
      .summary = "List the configured hooks, or fire one event's hooks as a test",
      .description =
          "rocky hooks list        every shell hook and webhook of [hook], in file order\n"
          "rocky hooks test EVENT  runs EVENT's hooks (shell hooks, then webhooks) with a\n"
          "                        synthetic context: run_id test-run-id, table\n"
          "                        catalog.schema.table, model example_model, duration_ms 1234,\n"
          "                        metadata {test: true}; status continue, abort or no_hooks\n\n"
          "EVENT is a config key with the on_ prefix, such as on_pipeline_start.\n"
          "Secrets (webhook secret, header values, routing key, URL passwords) are never shown.\n\n"
          "Examples:\n"
          "  rocky hooks list\n"
          "  rocky hooks test on_pipeline_error --pipeline raw_replication",
      .positionals = {{"ACTION", "list | test", true}, {"EVENT", "the on_* event to fire (test)"}},
      .flags = {{"pipeline", 0, "P", "pipeline of the synthetic context (default: the first)"}},
      .run = &RunHooks,
  };
  return kSpec;
}

}  // namespace rocky::cli
