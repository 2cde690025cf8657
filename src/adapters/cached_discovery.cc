#include "adapters/cached_discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "adapters/process/process_json.h"
#include "base/hash.h"
#include "base/log.h"

namespace rocky::adapters {

namespace {

// Objects with their keys sorted, all the way down: the process adapter's `config` table in any
// order is one configuration.
Json Sorted(const Json& json) {
  if (json.IsArray()) {
    Json out = Json::Array();
    for (const Json& item : json.items()) out.Push(Sorted(item));
    return out;
  }
  if (!json.IsObject()) return json;
  std::vector<size_t> order(json.keys().size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return json.keys()[a] < json.keys()[b]; });
  Json out = Json::Object();
  for (size_t i : order) out.Set(json.keys()[i], Sorted(json.items()[i]));
  return out;
}

Json Optional(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }

std::string KeyOf(std::string_view type, std::string_view canonical_config, std::string_view prefix,
                  std::string_view catalog) {
  std::string hash = catalog.empty()
                         ? Sha256Hex(canonical_config)
                         : Sha256Hex(fmt::format("{}\ncatalog={}", canonical_config, catalog));
  return fmt::format("discover:{}:{}:{}", type, hash, prefix);
}

}  // namespace

std::string CanonicalAdapterConfig(const config::AdapterConfig& a) {
  Json env = Json::Array();
  for (const auto& [name, value] : a.env) env.Push(Json::ArrayOf({name, value}));
  Json manual = Json::Array();
  for (const auto& s : a.schemas)
    manual.Push(Json::Object().Set("name", s.name).Set("tables", Json::ArrayOf(s.tables)));
  return Json::Object()
      .Set("type", a.type)
      .Set("path", Optional(a.path))
      .Set("host", a.host)
      .Set("http_path", a.http_path)
      .Set("token", a.token.Reveal())
      .Set("client_id", a.client_id)
      .Set("client_secret", a.client_secret.Reveal())
      .Set("account", a.account)
      .Set("warehouse", a.warehouse)
      .Set("username", Optional(a.username))
      .Set("oauth_token", a.oauth_token.Reveal())
      .Set("private_key_path", Optional(a.private_key_path))
      .Set("private_key_passphrase", a.private_key_passphrase.Reveal())
      .Set("role", Optional(a.role))
      .Set("database", Optional(a.database))
      .Set("schema", Optional(a.schema))
      .Set("destination_id", a.destination_id)
      .Set("api_key", a.api_key.Reveal())
      .Set("api_secret", a.api_secret.Reveal())
      .Set("base_url", a.base_url)
      .Set("schemas", std::move(manual))
      .Set("command", a.command)
      .Set("args", Json::ArrayOf(a.args))
      .Set("env", std::move(env))
      .Set("config", Sorted(a.config))
      .Dump();
}

std::string DiscoveryCacheKey(const config::AdapterConfig& adapter, std::string_view prefix,
                              std::string_view catalog) {
  return KeyOf(adapter.type, CanonicalAdapterConfig(adapter), prefix, catalog);
}

CachedDiscovery::CachedDiscovery(sdk::DiscoveryAdapter& inner, Cache& cache,
                                 const config::AdapterConfig& adapter, std::chrono::seconds ttl)
    : inner_(inner),
      cache_(cache),
      type_(adapter.type),
      canonical_config_(CanonicalAdapterConfig(adapter)),
      ttl_(ttl) {}

Result<std::vector<sdk::DiscoveredSource>> CachedDiscovery::Discover(std::string_view schema_prefix,
                                                                     std::string_view catalog) {
  const std::string key = KeyOf(type_, canonical_config_, schema_prefix, catalog);
  auto text = cache_.GetOrLoad(key, {.ttl = ttl_, .fill_lock = true}, [&]() -> Result<std::string> {
    auto found = inner_.Discover(schema_prefix, catalog);
    if (!found) return std::unexpected(std::move(found.error()));
    return process::SourcesJson(*found).Dump();
  });
  if (!text) return std::unexpected(std::move(text.error()));
  if (auto json = Json::Parse(*text); json && json->IsObject())
    if (auto sources = process::SourcesFromJson(*json)) return sources;
  LogWarn("the cached discovery result {} is unreadable; discovering again", key);
  cache_.Invalidate(key);
  return inner_.Discover(schema_prefix, catalog);
}

}  // namespace rocky::adapters
