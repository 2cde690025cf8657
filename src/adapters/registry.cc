#include "adapters/registry.h"

#include <filesystem>

#include "adapters/cached_discovery.h"
#include "adapters/databricks/databricks_governance.h"
#include "adapters/databricks/databricks_warehouse.h"
#include "adapters/duckdb/duckdb_adapter.h"
#include "adapters/duckdb/duckdb_manifest.h"
#include "adapters/duckdb/duckdb_dialect.h"
#include "adapters/fivetran/fivetran_discovery.h"
#include "adapters/http/http_client.h"
#include "adapters/snowflake/snowflake_governance.h"
#include "adapters/snowflake/snowflake_warehouse.h"
#include "adapters/process/postgres_dialect.h"
#include "adapters/process/process_adapter.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "replication/manual_discovery.h"

namespace rocky::adapters {

struct AdapterRegistry::Entry {
  std::optional<duckdb::DuckDbAdapter> duckdb;
  std::unique_ptr<replication::ManualDiscovery> manual;
  std::unique_ptr<HttpClient> http;  // remote adapters: one pooled client each
  std::unique_ptr<databricks::DatabricksWarehouse> databricks;
  std::unique_ptr<databricks::DatabricksGovernance> databricks_governance;
  std::unique_ptr<fivetran::FivetranDiscovery> fivetran;
  std::unique_ptr<snowflake::SnowflakeWarehouse> snowflake;
  std::unique_ptr<snowflake::SnowflakeGovernance> snowflake_governance;
  std::unique_ptr<process::ProcessAdapter> process;  // roles per its manifest
  std::unique_ptr<CachedDiscovery> cached_discovery;  // over the discovery role, when cached
};

AdapterRegistry::AdapterRegistry(const config::Config& config, Cache* cache)
    : config_(config), cache_(cache) {}
AdapterRegistry::~AdapterRegistry() = default;

namespace {
Error NotAvailable(const config::AdapterConfig& adapter) {
  return Error{ErrorKind::kAdapter,
               "adapter '" + adapter.name + "' has type '" + adapter.type +
                   "', which this build of Rocky cannot connect to yet",
               {},
               "use a duckdb adapter for local work"};
}
Error CannotPlay(const config::AdapterConfig& adapter, std::string_view role) {
  return Error{ErrorKind::kConfig,
               "adapter '" + adapter.name + "' of type '" + adapter.type + "' cannot be used as " +
                   std::string(role),
               {}};
}
http::RetryPolicy RetryPolicyOf(const config::RetryConfig& r) {
  return {r.max_retries, std::chrono::milliseconds(r.initial_backoff_ms),
          std::chrono::milliseconds(r.max_backoff_ms), r.backoff_multiplier, r.jitter};
}

// adapters.md §3 from `[adapter.NAME]` (config.md §3).
Result<databricks::DatabricksConnection> DatabricksConnectionOf(const config::AdapterConfig& a) {
  auto base = databricks::DatabricksBaseUrl(a.host);
  if (!base) return std::unexpected(base.error());
  databricks::DatabricksConnection c;
  c.base_url = *base;
  c.warehouse_id = a.WarehouseId();
  c.token = a.token;
  c.client_id = a.client_id;
  c.client_secret = a.client_secret;
  c.adapter_name = a.name;
  if (c.token.empty() && (c.client_id.empty() || c.client_secret.empty()))
    return Fail(ErrorKind::kConfig,
                "adapter '{}' (databricks) has no credentials: set token (or DATABRICKS_TOKEN), "
                "or client_id and client_secret for OAuth M2M (or DATABRICKS_CLIENT_ID and "
                "DATABRICKS_CLIENT_SECRET)",
                a.name);
  if (c.warehouse_id.empty())
    return Fail(ErrorKind::kConfig,
                "adapter '{}' (databricks): http_path must end with the warehouse id "
                "(/sql/1.0/warehouses/<id>)",
                a.name);
  c.statement_timeout = std::chrono::seconds(a.timeout_secs);
  c.request_timeout = std::chrono::milliseconds(60000);
  c.retry = RetryPolicyOf(a.retry);
  c.circuit_breaker_threshold = a.retry.circuit_breaker_threshold;
  c.circuit_breaker_cooldown = std::chrono::seconds(a.retry.circuit_breaker_cooldown_secs);
  return c;
}

// adapters.md §4 from `[adapter.NAME]` (config.md §3). Auth priority: oauth_token, then
// private_key_path (+ username), then token (a programmatic access token).
Result<snowflake::SnowflakeConnection> SnowflakeConnectionOf(const config::AdapterConfig& a) {
  snowflake::SnowflakeConnection c;
  c.base_url = a.base_url;
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  c.account = a.account;
  c.warehouse = a.warehouse;
  c.database = a.database;
  c.schema = a.schema;
  c.role = a.role;
  c.adapter_name = a.name;
  if (a.account.empty() || a.warehouse.empty())
    return Fail(ErrorKind::kConfig, "adapter '{}' (snowflake) needs account and warehouse",
                a.name);
  if (!a.oauth_token.empty()) {
    c.auth = snowflake::AuthKind::kOAuth;
    c.token = a.oauth_token;
  } else if (a.private_key_path) {
    if (!a.username || a.username->empty())
      return Fail(ErrorKind::kConfig,
                  "adapter '{}' (snowflake): key-pair auth needs username with private_key_path",
                  a.name);
    auto key = snowflake::PrivateKey::Load(*a.private_key_path, a.private_key_passphrase);
    if (!key) return std::unexpected(std::move(key.error()).With("in adapter '" + a.name + "'"));
    c.auth = snowflake::AuthKind::kKeyPairJwt;
    c.user = *a.username;
    c.key = std::make_shared<snowflake::PrivateKey>(std::move(*key));
  } else if (!a.token.empty()) {
    c.auth = snowflake::AuthKind::kProgrammaticAccessToken;
    c.token = a.token;
  } else {
    return Fail(ErrorKind::kConfig,
                "adapter '{}' (snowflake) has no credentials: set oauth_token, private_key_path "
                "with username (key-pair), or token (a programmatic access token)",
                a.name);
  }
  c.statement_timeout = std::chrono::seconds(a.timeout_secs);
  c.retry = RetryPolicyOf(a.retry);
  c.circuit_breaker_threshold = a.retry.circuit_breaker_threshold;
  c.circuit_breaker_cooldown = std::chrono::seconds(a.retry.circuit_breaker_cooldown_secs);
  return c;
}

// The SqlDialect a process adapter's manifest names (adapters.md §6: `ansi` by default).
const sdk::SqlDialect* DialectNamed(std::string_view name) {
  static const duckdb::DuckDbDialect kDuckDb;
  if (name == "ansi") return &process::AnsiSqlDialect();
  if (name == "duckdb") return &kDuckDb;
  if (name == "databricks") return &databricks::DatabricksSqlDialect();
  if (name == "snowflake") return &snowflake::SnowflakeSqlDialect();
  if (name == "postgres") return &process::PostgresSqlDialect();
  return nullptr;
}

process::ProcessOptions ProcessOptionsOf(const config::AdapterConfig& a) {
  process::ProcessOptions o;
  o.adapter_name = a.name;
  o.command = a.command;
  o.args = a.args;
  o.env = a.env;
  o.config = a.config;
  o.timeout = std::chrono::seconds(a.timeout_secs);
  return o;
}

}  // namespace

Result<AdapterRegistry::Entry*> AdapterRegistry::Open(const config::AdapterConfig& adapter) {
  auto it = entries_.find(adapter.name);
  if (it != entries_.end()) return it->second.get();
  // A process adapter that failed to start is not spawned again for each role.
  if (auto failed = failures_.find(adapter.name); failed != failures_.end())
    return std::unexpected(failed->second);
  auto entry = std::make_unique<Entry>();
  if (adapter.type == "duckdb") {
    auto opened = duckdb::OpenDuckDbAdapter(adapter.path);
    if (!opened) {
      Error e = opened.error();
      e.context.push_back("while opening adapter '" + adapter.name + "'");
      return std::unexpected(std::move(e));
    }
    entry->duckdb = std::move(*opened);
  } else if (adapter.type == "manual") {
    entry->manual = std::make_unique<replication::ManualDiscovery>(adapter.schemas);
  } else if (adapter.type == "databricks") {
    auto connection = DatabricksConnectionOf(adapter);
    if (!connection) return std::unexpected(connection.error());
    entry->http = http::NewHttpClient();
    entry->databricks = std::make_unique<databricks::DatabricksWarehouse>(
        std::make_unique<databricks::DatabricksApi>(std::move(*connection), *entry->http));
    entry->databricks_governance = std::make_unique<databricks::DatabricksGovernance>(
        entry->databricks->api(), entry->databricks->statements());
  } else if (adapter.type == "snowflake") {
    auto connection = SnowflakeConnectionOf(adapter);
    if (!connection) return std::unexpected(connection.error());
    entry->http = http::NewHttpClient();
    entry->snowflake = std::make_unique<snowflake::SnowflakeWarehouse>(
        std::make_unique<snowflake::SnowflakeApi>(std::move(*connection), *entry->http));
    entry->snowflake_governance =
        std::make_unique<snowflake::SnowflakeGovernance>(entry->snowflake->statements());
  } else if (adapter.type == "fivetran") {
    fivetran::FivetranConnection c;
    if (!adapter.base_url.empty()) c.base_url = adapter.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    c.destination_id = adapter.destination_id;
    c.api_key = adapter.api_key;
    c.api_secret = adapter.api_secret;
    c.retry = RetryPolicyOf(adapter.retry);
    c.cache = cache_;
    c.schema_cache_ttl = std::chrono::seconds(config_.cache.valkey_ttl_secs);
    entry->http = http::NewHttpClient();
    entry->fivetran = std::make_unique<fivetran::FivetranDiscovery>(std::move(c), *entry->http);
  } else if (adapter.type == "process") {
    auto opened = process::OpenProcessAdapter(ProcessOptionsOf(adapter), &DialectNamed);
    if (!opened) {
      failures_.emplace(adapter.name, opened.error());
      return std::unexpected(std::move(opened.error()));
    }
    entry->process = std::move(*opened);
  } else {
    return std::unexpected(NotAvailable(adapter));
  }
  Entry* raw = entry.get();
  entries_.emplace(adapter.name, std::move(entry));
  return raw;
}

Result<sdk::WarehouseAdapter*> AdapterRegistry::Warehouse(const config::AdapterConfig& adapter) {
  if (!adapter.CanBeWarehouse()) return std::unexpected(CannotPlay(adapter, "a warehouse"));
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->warehouse.get();
  if ((*entry)->databricks) return (*entry)->databricks.get();
  if ((*entry)->snowflake) return (*entry)->snowflake.get();
  if (const auto& p = (*entry)->process) {
    if (p->warehouse) return p->warehouse.get();
    return std::unexpected(p->MissingRole("a warehouse", "warehouse"));
  }
  return std::unexpected(NotAvailable(adapter));
}

Result<sdk::DiscoveryAdapter*> AdapterRegistry::Discovery(const config::AdapterConfig& adapter) {
  if (!adapter.CanDiscover()) return std::unexpected(CannotPlay(adapter, "a discovery adapter"));
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  Entry& e = **entry;
  if (e.manual) return e.manual.get();
  sdk::DiscoveryAdapter* found = nullptr;
  if (e.duckdb) {
    found = e.duckdb->discovery.get();
  } else if (e.fivetran) {
    found = e.fivetran.get();
  } else if (const auto& p = e.process) {
    if (!p->discovery) return std::unexpected(p->MissingRole("a discovery adapter", "discovery"));
    found = p->discovery.get();
  } else {
    return std::unexpected(NotAvailable(adapter));
  }
  if (cache_ == nullptr || config_.cache.discovery_ttl_secs <= 0) return found;
  if (!e.cached_discovery)
    e.cached_discovery = std::make_unique<CachedDiscovery>(
        *found, *cache_, adapter, std::chrono::seconds(config_.cache.discovery_ttl_secs));
  return e.cached_discovery.get();
}

Result<sdk::GovernanceAdapter*> AdapterRegistry::Governance(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->databricks_governance) return (*entry)->databricks_governance.get();
  if ((*entry)->snowflake_governance) return (*entry)->snowflake_governance.get();
  if (const auto& p = (*entry)->process) {
    if (p->governance) return p->governance.get();
    return std::unexpected(p->MissingRole("a governance adapter", "governance"));
  }
  return std::unexpected(CannotPlay(adapter, "a governance adapter"));
}

Result<sdk::BatchCheckAdapter*> AdapterRegistry::BatchChecks(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (entry && (*entry)->databricks) return (*entry)->databricks.get();
  if (entry && (*entry)->snowflake) return (*entry)->snowflake.get();
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->batch_checks.get();
  if (const auto& p = (*entry)->process) {
    if (p->batch_checks) return p->batch_checks.get();
    return std::unexpected(p->MissingRole("a batch-check adapter", "batch_checks"));
  }
  return std::unexpected(CannotPlay(adapter, "a batch-check adapter"));
}

Result<sdk::LoaderAdapter*> AdapterRegistry::Loader(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->loader.get();
  return std::unexpected(CannotPlay(adapter, "a loader (file_load)"));
}

Result<void> AdapterRegistry::Ping(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->warehouse->Ping();
  if ((*entry)->manual) return Ok();
  if ((*entry)->databricks) return (*entry)->databricks->Ping();
  if ((*entry)->snowflake) return (*entry)->snowflake->Ping();
  if ((*entry)->fivetran) return (*entry)->fivetran->Ping();
  if (const auto& p = (*entry)->process) {  // healthy once initialize answered (adapters.md §1)
    if (p->client->Usable()) return Ok();
    return Fail(ErrorKind::kAdapter, "adapter '{}': the adapter process is no longer running",
                adapter.name);
  }
  return std::unexpected(NotAvailable(adapter));
}

std::string AdapterRegistry::CredentialSource(const config::AdapterConfig& adapter) {
  std::string what;
  if (adapter.type == "databricks")
    what = databricks::CredentialKind(adapter.token, adapter.client_id);
  else if (adapter.type == "fivetran" && !adapter.api_key.empty())
    what = "API key";
  else if (adapter.type == "snowflake")
    what = !adapter.oauth_token.empty() ? "OAuth token"
           : adapter.private_key_path    ? "key-pair JWT (" + *adapter.private_key_path + ")"
           : !adapter.token.empty()      ? "programmatic access token"
                                         : "";
  if (what.empty() || adapter.credentials_from.empty()) return what;
  return what + " from " + adapter.credentials_from;
}

Result<sdk::Capabilities> AdapterRegistry::CapabilitiesOf(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->process) return (*entry)->process->manifest.capabilities;
  if (auto manifest = Manifest(adapter.type)) return manifest->capabilities;
  sdk::Capabilities c;
  c.warehouse = (*entry)->databricks || (*entry)->snowflake;
  c.create_catalog = c.create_schema = c.merge = c.batch_checks = c.governance = c.warehouse;
  c.discovery = (*entry)->fivetran || (*entry)->manual;
  return c;
}

std::optional<sdk::AdapterManifest> AdapterRegistry::Manifest(std::string_view type) {
  if (type == "duckdb") return duckdb::DuckDbManifest();
  return std::nullopt;
}

std::optional<std::string> AdapterRegistry::LocalDatabaseFile(const config::AdapterConfig& adapter) {
  if (adapter.type != "duckdb" || !adapter.path || *adapter.path == ":memory:") return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*adapter.path, ec)) return std::nullopt;
  return *adapter.path;
}

}  // namespace rocky::adapters
