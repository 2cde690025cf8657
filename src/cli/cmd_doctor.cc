#include <fmt/format.h>

#include <chrono>

#include "adapters/registry.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "config/config.h"
#include "facade/remote_state_setup.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

struct CheckOutcome {
  std::string name;
  std::string status;  // healthy | warning | critical
  std::string message;
  int64_t duration_ms = 0;
};

template <typename F>
CheckOutcome Timed(std::string name, F&& body) {
  auto start = std::chrono::steady_clock::now();
  CheckOutcome c = body();
  c.name = std::move(name);
  c.duration_ms = MillisSince(start);
  return c;
}

int RunDoctor(Context& ctx) {
  const auto only = ctx.args().Get("check");
  static const std::vector<std::string> kChecks = {"config", "state", "adapters",
                                                   "pipelines", "state_sync", "auth"};
  if (only && std::find(kChecks.begin(), kChecks.end(), *only) == kChecks.end())
    return ctx.ReportError(Error{ErrorKind::kUsage, "unknown check '" + *only + "'", {},
                                 "use one of config, state, adapters, pipelines, state_sync, auth"});
  auto wants = [&](std::string_view c) { return !only || *only == c; };
  std::vector<CheckOutcome> checks;
  std::vector<std::string> suggestions;

  auto config = ctx.Config();
  const config::Config* cfg = config ? *config : nullptr;
  std::vector<config::ConfigIssue> issues;
  if (cfg) issues = config::ValidateConfig(*cfg);
  // A configuration that does not load fails every check that needs it: report it even under
  // --check, or `doctor --check auth` on a broken rocky.toml would print nothing and "healthy".
  if (wants("config") || !cfg) {
    checks.push_back(Timed("config", [&] {
      if (!cfg) return CheckOutcome{"", "critical", config.error().message};
      int errors = 0, warnings = 0;
      for (const auto& i : issues) {
        if (i.severity == "error") ++errors;
        if (i.severity == "warn") ++warnings;
      }
      if (errors) return CheckOutcome{"", "critical", fmt::format("{} error(s); run 'rocky validate'", errors)};
      if (warnings) return CheckOutcome{"", "warning", fmt::format("{} warning(s); run 'rocky validate'", warnings)};
      return CheckOutcome{"", "healthy", cfg->path + " is valid"};
    }));
    if (!cfg) suggestions.push_back("create a project with 'rocky init' or fix rocky.toml");
  }
  if (wants("state")) {
    checks.push_back(Timed("state", [&] {
      auto path = ctx.StatePath();
      if (!path) return CheckOutcome{"", "critical", path.error().message};
      auto check = state::StateStore::Check(*path);
      if (!check) return CheckOutcome{"", "critical", check.error().message};
      if (!check->exists)
        return CheckOutcome{"", "healthy", *path + " does not exist yet (created by the first run)"};
      int held = 0;
      for (const auto& l : check->locks) held += l.held ? 1 : 0;
      std::string msg = fmt::format("{} schema version {}", *path, check->schema_version);
      if (held) msg += fmt::format(", {} run lock(s) held", held);
      if (check->needs_migration) return CheckOutcome{"", "warning", msg + ", needs migration"};
      return CheckOutcome{"", "healthy", msg};
    }));
  }
  if (cfg && wants("adapters")) {
    checks.push_back(Timed("adapters", [&] {
      if (cfg->adapters.empty()) return CheckOutcome{"", "warning", "no adapters configured"};
      for (const auto& a : cfg->adapters)
        if (config::HasErrorFor(issues, a.name, ""))
          return CheckOutcome{"", "critical", "adapter '" + a.name + "' is misconfigured"};
      return CheckOutcome{"", "healthy", fmt::format("{} adapter(s) configured", cfg->adapters.size())};
    }));
  }
  if (cfg && wants("pipelines")) {
    checks.push_back(Timed("pipelines", [&] {
      if (cfg->pipelines.empty()) return CheckOutcome{"", "warning", "no pipelines configured"};
      for (const auto& p : cfg->pipelines)
        if (config::HasErrorFor(issues, "", p.name))
          return CheckOutcome{"", "critical", "pipeline '" + p.name + "' is misconfigured"};
      return CheckOutcome{"", "healthy", fmt::format("{} pipeline(s) configured", cfg->pipelines.size())};
    }));
  }
  if (cfg && wants("state_sync")) {
    checks.push_back(Timed("state_sync", [&] {
      if (cfg->state.backend == config::StateBackend::kLocal)
        return CheckOutcome{"", "healthy", "local state (no remote sync)"};
      // Reads the remote object: credentials, reachability and the object's presence.
      const std::string backend = fmt::format("{} ({})", config::StateBackendName(cfg->state.backend),
                                              facade::RemoteStateLocation(cfg->state));
      auto remote = facade::OpenRemoteState(cfg->state);
      if (!remote) return CheckOutcome{"", "critical", backend + ": " + remote.error().Text()};
      auto fetched = (*remote)->object().Fetch();
      if (!fetched) return CheckOutcome{"", "critical", backend + ": " + fetched.error().Text()};
      if (!*fetched)
        return CheckOutcome{"", "healthy", backend + ": reachable, no remote state yet"};
      return CheckOutcome{"", "healthy",
                          fmt::format("{}: reachable, remote state of {} bytes", backend,
                                      (*fetched)->bytes.size())};
    }));
  }
  if (cfg && wants("auth")) {
    adapters::AdapterRegistry registry(*cfg);
    for (const auto& a : cfg->adapters) {
      checks.push_back(Timed("auth/" + a.name, [&] {
        auto ping = registry.Ping(a);
        const std::string source = adapters::AdapterRegistry::CredentialSource(a);
        const std::string with = source.empty() ? "" : " (" + source + ")";
        if (!ping) return CheckOutcome{"", "critical", ping.error().message + with};
        return CheckOutcome{"", "healthy", "reachable" + with};
      }));
      if (checks.back().status == "critical")
        suggestions.push_back("check the connection settings of adapter '" + a.name + "'");
    }
  }

  std::string overall = "healthy";
  for (const auto& c : checks) {
    if (c.status == "critical") overall = "critical";
    else if (c.status == "warning" && overall == "healthy") overall = "degraded";
  }
  if (ctx.json()) {
    Json list = Json::Array();
    for (const auto& c : checks)
      list.Push(Json::Object()
                    .Set("name", c.name)
                    .Set("status", c.status)
                    .Set("message", c.message)
                    .Set("duration_ms", c.duration_ms));
    ctx.EmitJson("doctor", Json::Object()
                               .Set("overall", overall)
                               .Set("checks", std::move(list))
                               .Set("suggestions", Json::ArrayOf(suggestions)));
  } else {
    TextTable table({"CHECK", "STATUS", "MESSAGE"});
    for (const auto& c : checks) table.AddRow({c.name, c.status, c.message});
    std::string text = table.Render() + "\nOverall: " + overall;
    for (const auto& s : suggestions) text += "\n  suggestion: " + s;
    ctx.PrintText(text);
  }
  return overall == "critical" ? 2 : 0;
}

}  // namespace

const CommandSpec& DoctorCommand() {
  static const CommandSpec kSpec{
      .name = "doctor",
      .summary = "Check the project's health: config, state, adapters, connections",
      .description =
          "Runs every health check (or one with --check) and reports healthy, degraded or\n"
          "critical. Exits 2 when a check is critical.\n\n"
          "Examples:\n"
          "  rocky doctor\n"
          "  rocky doctor --check auth -o json",
      .flags = {{"check", 0, "NAME", "config | state | adapters | pipelines | state_sync | auth"}},
      .run = &RunDoctor,
  };
  return kSpec;
}

}  // namespace rocky::cli
