// ValidateConfig: config.md §1.8 and §12, the config codes of `rocky validate` (cli.md §4).

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "base/strings.h"
#include "config/config.h"

namespace rocky::config {
namespace {

class Validator {
 public:
  explicit Validator(const Config& config) : config_(config) {}

  std::vector<ConfigIssue> Run();

 private:
  ConfigIssue& Add(const char* severity, const char* code, std::string message, int line,
                   std::string field) {
    ConfigIssue issue;
    issue.severity = severity;
    issue.code = code;
    issue.message = std::move(message);
    if (!config_.path.empty()) issue.file = config_.path;
    if (line > 0) issue.line = line;
    if (!field.empty()) issue.field = std::move(field);
    issues_.push_back(std::move(issue));
    return issues_.back();
  }
  void AdapterIssue(const AdapterConfig& a, const char* severity, const char* code,
                    std::string message, std::string_view key) {
    Add(severity, code, std::move(message), a.line, fmt::format("adapter.{}.{}", a.name, key))
        .adapter = a.name;
  }
  void PipelineIssue(const PipelineConfig& p, const char* severity, const char* code,
                     std::string message, std::string_view key) {
    std::string field = key.empty() ? fmt::format("pipeline.{}", p.name)
                                    : fmt::format("pipeline.{}.{}", p.name, key);
    Add(severity, code, std::move(message), p.line, std::move(field)).pipeline = p.name;
  }

  void CheckAdapter(const AdapterConfig& a);
  void CheckPipeline(const PipelineConfig& p);
  void CheckWarehouse(const PipelineConfig& p, AdapterRole role, const char* code,
                      std::string_view field);
  void CheckDiscovery(const PipelineConfig& p);
  void CheckLints(const PipelineConfig& p);
  void CheckCycles();

  const Config& config_;
  std::vector<ConfigIssue> issues_;
};

bool IsLoopbackHost(std::string_view authority) {
  // authority: host[:port]
  std::string_view host = authority;
  if (StartsWith(host, "[")) {
    size_t close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(1, close - 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return host == "localhost" || host == "::1" || StartsWith(host, "127.");
}

std::vector<ConfigIssue> Validator::Run() {
  if (config_.adapters.empty())
    Add("error", "V010", "no adapters defined; add an [adapter.NAME] section", 0, "adapter");
  for (const auto& a : config_.adapters) CheckAdapter(a);
  if (config_.pipelines.empty()) Add("warn", "V020", "no pipelines defined", 0, "pipeline");
  for (const auto& p : config_.pipelines) CheckPipeline(p);
  CheckCycles();
  if (config_.state.backend_written && config_.state.backend == StateBackend::kLocal)
    Add("lint", "L004", "state backend = \"local\" is the default; the line can be removed",
        config_.state.line, "state.backend");
  return std::move(issues_);
}

void Validator::CheckAdapter(const AdapterConfig& a) {
  if (a.type == "databricks") {
    if (a.host.empty()) {
      AdapterIssue(a, "error", "V011",
                   fmt::format("adapter '{}' (databricks): host is not set", a.name), "host");
    } else if (StartsWith(a.host, "http://")) {
      std::string_view rest = std::string_view(a.host).substr(7);
      if (!IsLoopbackHost(rest.substr(0, rest.find('/'))))
        AdapterIssue(a, "error", "V011",
                     fmt::format("adapter '{}' (databricks): http:// is allowed only for loopback "
                                 "hosts; use https://",
                                 a.name),
                     "host");
    }
    if (a.http_path.empty())
      AdapterIssue(a, "error", "V012",
                   fmt::format("adapter '{}' (databricks): http_path is not set", a.name),
                   "http_path");
    if (a.token.empty() && (a.client_id.empty() || a.client_secret.empty()))
      AdapterIssue(a, "warn", "V013",
                   fmt::format("adapter '{}' (databricks): no credentials; set token, or client_id "
                               "and client_secret (or DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and "
                               "DATABRICKS_CLIENT_SECRET)",
                               a.name),
                   "token");
  } else if (a.type == "fivetran") {
    if (a.destination_id.empty())
      AdapterIssue(a, "error", "V014",
                   fmt::format("adapter '{}' (fivetran): destination_id is not set", a.name),
                   "destination_id");
    if (a.api_key.empty())
      AdapterIssue(a, "error", "V015",
                   fmt::format("adapter '{}' (fivetran): api_key is not set", a.name), "api_key");
    if (a.api_secret.empty())
      AdapterIssue(a, "error", "V016",
                   fmt::format("adapter '{}' (fivetran): api_secret is not set", a.name),
                   "api_secret");
  } else if (a.type == "snowflake") {
    if (a.account.empty())
      AdapterIssue(a, "error", "V018",
                   fmt::format("adapter '{}' (snowflake): account is not set", a.name), "account");
    if (a.warehouse.empty())
      AdapterIssue(a, "error", "V018",
                   fmt::format("adapter '{}' (snowflake): warehouse is not set", a.name),
                   "warehouse");
    if (a.oauth_token.empty() && !a.private_key_path && a.token.empty()) {
      AdapterIssue(a, "error", "V018",
                   fmt::format("adapter '{}' (snowflake): no authentication; set oauth_token, "
                               "private_key_path (with username) or token",
                               a.name),
                   "oauth_token");
    } else if (a.oauth_token.empty() && a.private_key_path &&
               (!a.username || a.username->empty())) {
      AdapterIssue(
          a, "error", "V018",
          fmt::format("adapter '{}' (snowflake): private_key_path requires username", a.name),
          "username");
    }
  }
}

void Validator::CheckWarehouse(const PipelineConfig& p, AdapterRole role, const char* code,
                               std::string_view field) {
  if (config_.adapters.empty()) return;  // V010 says it once
  auto resolved = ResolveAdapter(config_, p, role);
  if (!resolved) PipelineIssue(p, "error", code, resolved.error().message, field);
}

void Validator::CheckDiscovery(const PipelineConfig& p) {
  if (config_.adapters.empty()) return;
  const auto& name = p.source.discovery_adapter;
  if (name && config_.FindAdapter(*name) == nullptr) {
    PipelineIssue(p, "error", "V024",
                  fmt::format("pipeline '{}' references unknown adapter '{}' (discovery.adapter)",
                              p.name, *name),
                  "source.discovery.adapter");
    return;
  }
  // Without an explicit discovery adapter the source adapter is used; when that does not
  // resolve, V022 has already said so.
  if (!name) {
    bool source_found = p.source.adapter ? config_.FindAdapter(*p.source.adapter) != nullptr
                                         : config_.FindAdapter("default") != nullptr ||
                                               config_.adapters.size() == 1;
    if (!source_found) return;
  }
  auto resolved = ResolveAdapter(config_, p, AdapterRole::kDiscovery);
  if (!resolved)
    PipelineIssue(p, "error", "V033", resolved.error().message,
                  name ? "source.discovery.adapter" : "source.adapter");
}

void Validator::CheckPipeline(const PipelineConfig& p) {
  for (const auto& dep : p.depends_on) {
    if (config_.FindPipeline(dep) == nullptr)
      PipelineIssue(p, "error", "V029",
                    fmt::format("pipeline '{}' depends on unknown pipeline '{}'", p.name, dep),
                    "depends_on");
  }
  std::string summary;
  switch (p.type) {
    case PipelineType::kReplication: {
      const auto& pattern = p.source.schema_pattern;
      if (!pattern.present) {
        PipelineIssue(p, "error", "V021",
                      fmt::format("pipeline '{}': source.schema_pattern is required", p.name),
                      "source.schema_pattern");
      } else if (auto built = pattern.Build(); !built) {
        PipelineIssue(
            p, "error", "V021",
            fmt::format("pipeline '{}': invalid schema pattern: {}", p.name, built.error().message),
            "source.schema_pattern");
      }
      CheckWarehouse(p, AdapterRole::kSource, "V022", "source.adapter");
      CheckWarehouse(p, AdapterRole::kTarget, "V023", "target.adapter");
      CheckDiscovery(p);
      summary = fmt::format("pipeline '{}': replication ({}), {} -> {}", p.name,
                            ReplicationStrategyName(p.strategy), pattern.prefix,
                            p.target.schema_template);
      break;
    }
    case PipelineType::kTransformation: {
      CheckWarehouse(p, AdapterRole::kTarget, "V023", "target.adapter");
      std::error_code ec;
      if (!std::filesystem::is_directory(p.models, ec))
        PipelineIssue(
            p, "error", "V025",
            fmt::format("pipeline '{}': models directory '{}' does not exist", p.name, p.models),
            "models");
      summary = fmt::format("pipeline '{}': transformation of {}", p.name, p.models);
      break;
    }
    case PipelineType::kQuality:
      CheckWarehouse(p, AdapterRole::kTarget, "V023", "target.adapter");
      if (p.tables.empty())
        PipelineIssue(
            p, "error", "V026",
            fmt::format("pipeline '{}': [[tables]] is required for quality pipelines", p.name),
            "tables");
      if (!p.checks_present)
        PipelineIssue(
            p, "error", "V027",
            fmt::format("pipeline '{}': [checks] is required for quality pipelines", p.name),
            "checks");
      else if (!p.checks.enabled)
        PipelineIssue(p, "warn", "V027",
                      fmt::format("pipeline '{}': checks are disabled, so the quality pipeline "
                                  "runs nothing",
                                  p.name),
                      "checks.enabled");
      summary = fmt::format("pipeline '{}': quality of {} table set(s)", p.name, p.tables.size());
      break;
    case PipelineType::kSnapshot:
      CheckWarehouse(p, AdapterRole::kSource, "V022", "source.adapter");
      CheckWarehouse(p, AdapterRole::kTarget, "V023", "target.adapter");
      if (p.unique_key.empty())
        PipelineIssue(p, "error", "V028",
                      fmt::format("pipeline '{}': unique_key must not be empty", p.name),
                      "unique_key");
      summary = fmt::format("pipeline '{}': snapshot of {}", p.name, p.source.table);
      break;
    case PipelineType::kLoad:
      CheckWarehouse(p, AdapterRole::kTarget, "V023", "target.adapter");
      summary = fmt::format("pipeline '{}': load from {}", p.name, p.source_dir);
      break;
  }
  CheckLints(p);
  PipelineIssue(p, "ok", "V020", std::move(summary), "");
}

void Validator::CheckLints(const PipelineConfig& p) {
  const GovernanceConfig& g = p.target.governance;
  if (g.auto_create_catalogs_written && !g.auto_create_catalogs)
    Add("lint", "L006",
        fmt::format("pipeline '{}': auto_create_catalogs = false is the default; the line can be "
                    "removed",
                    p.name),
        g.line, fmt::format("pipeline.{}.target.governance.auto_create_catalogs", p.name))
        .pipeline = p.name;
  if (g.auto_create_schemas && !*g.auto_create_schemas) {
    auto target = ResolveAdapter(config_, p, AdapterRole::kTarget);
    if (target && !(*target)->DefaultAutoCreateSchemas())
      Add("lint", "L006",
          fmt::format("pipeline '{}': auto_create_schemas = false is the default for a {} target; "
                      "the line can be removed",
                      p.name, (*target)->type),
          g.line, fmt::format("pipeline.{}.target.governance.auto_create_schemas", p.name))
          .pipeline = p.name;
  }
  if (config_.adapters.size() == 1) {
    const std::string& only = config_.adapters[0].name;
    auto lint = [&](const std::optional<std::string>& ref, std::string_view field) {
      if (ref && *ref == only)
        Add("lint", "L007",
            fmt::format("pipeline '{}': {} = \"{}\" can be left out; it is the only adapter",
                        p.name, field, only),
            p.line, fmt::format("pipeline.{}.{}", p.name, field))
            .pipeline = p.name;
    };
    lint(p.source.adapter, "source.adapter");
    lint(p.source.discovery_adapter, "source.discovery.adapter");
    lint(p.target.adapter, "target.adapter");
  }
}

void Validator::CheckCycles() {
  const auto& pipelines = config_.pipelines;
  const size_t n = pipelines.size();
  std::vector<int> state(n, 0);  // 0 new, 1 on stack, 2 done
  std::vector<size_t> stack;
  std::set<std::vector<std::string>> reported;
  auto index_of = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t i = 0; i < n; ++i)
      if (pipelines[i].name == name) return i;
    return std::nullopt;
  };
  std::function<void(size_t)> visit = [&](size_t i) {
    state[i] = 1;
    stack.push_back(i);
    for (const auto& dep : pipelines[i].depends_on) {
      auto j = index_of(dep);
      if (!j) continue;
      if (state[*j] == 1) {
        auto start = std::find(stack.begin(), stack.end(), *j);
        std::vector<std::string> names;
        for (auto it = start; it != stack.end(); ++it) names.push_back(pipelines[*it].name);
        std::vector<std::string> key = names;
        std::sort(key.begin(), key.end());
        if (reported.insert(key).second) {
          names.push_back(pipelines[*j].name);
          const PipelineConfig& p = pipelines[*j];
          PipelineIssue(p, "error", "V032",
                        fmt::format("pipeline depends_on cycle: {}", Join(names, " -> ")),
                        "depends_on");
        }
      } else if (state[*j] == 0) {
        visit(*j);
      }
    }
    stack.pop_back();
    state[i] = 2;
  };
  for (size_t i = 0; i < n; ++i)
    if (state[i] == 0) visit(i);
}

}  // namespace

std::vector<ConfigIssue> ValidateConfig(const Config& config) {
  Validator validator(config);
  return validator.Run();
}

}  // namespace rocky::config
