// Discovery through the cache: the key (config hash, no secret in the text), the lossless JSON
// round trip, and the registry handing out the cached role.

#include "adapters/cached_discovery.h"

#include <gtest/gtest.h>

#include <regex>

#include "adapters/registry.h"
#include "cache/tiered_cache.h"

namespace rocky::adapters {
namespace {

using namespace std::chrono_literals;

config::AdapterConfig Fivetran(std::string name, std::string secret) {
  config::AdapterConfig a;
  a.name = std::move(name);
  a.type = "fivetran";
  a.destination_id = "dest_1";
  a.api_key = Secret("key-1");
  a.api_secret = Secret(std::move(secret));
  a.base_url = "http://127.0.0.1:1";
  return a;
}

TEST(DiscoveryCacheKey, HashesTheConfigSecretsIncludedButNeverShowsThem) {
  config::AdapterConfig a = Fivetran("ft", "Top-Secret-1");
  std::string key = DiscoveryCacheKey(a, "src__", "");
  EXPECT_TRUE(std::regex_match(key, std::regex("discover:fivetran:[0-9a-f]{64}:src__"))) << key;
  EXPECT_EQ(key.find("Top-Secret-1"), std::string::npos);
  EXPECT_EQ(key.find("key-1"), std::string::npos);

  config::AdapterConfig renamed = Fivetran("other_name", "Top-Secret-1");
  renamed.line = 42;
  renamed.timeout_secs = 5;
  EXPECT_EQ(DiscoveryCacheKey(renamed, "src__", ""), key);  // same source, same entry
  EXPECT_NE(DiscoveryCacheKey(Fivetran("ft", "Top-Secret-2"), "src__", ""), key);
  config::AdapterConfig other_destination = a;
  other_destination.destination_id = "dest_2";
  EXPECT_NE(DiscoveryCacheKey(other_destination, "src__", ""), key);
  EXPECT_NE(DiscoveryCacheKey(a, "src__", "fivetran"), key);  // a catalog is part of the hash
  EXPECT_EQ(DiscoveryCacheKey(a, "raw_", "").substr(0, key.size() - 5),
            key.substr(0, key.size() - 5));
}

TEST(DiscoveryCacheKey, AProcessAdaptersConfigTableInAnyOrderIsOneConfig) {
  config::AdapterConfig a;
  a.type = "process";
  a.command = "rocky-pg";
  a.config = Json::Object().Set("host", "h").Set("nested", Json::Object().Set("b", 1).Set("a", 2));
  config::AdapterConfig b = a;
  b.config = Json::Object().Set("nested", Json::Object().Set("a", 2).Set("b", 1)).Set("host", "h");
  EXPECT_EQ(DiscoveryCacheKey(a, "p", ""), DiscoveryCacheKey(b, "p", ""));
  b.config.Set("host", "h2");
  EXPECT_NE(DiscoveryCacheKey(a, "p", ""), DiscoveryCacheKey(b, "p", ""));
}

// A discovery adapter that counts its calls and answers `sources` (or `error`).
class CountingDiscovery : public sdk::DiscoveryAdapter {
 public:
  std::vector<sdk::DiscoveredSource> sources;
  std::optional<Error> error;
  int calls = 0;
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view prefix,
                                                      std::string_view) override {
    ++calls;
    last_prefix = std::string(prefix);
    if (error) return std::unexpected(*error);
    return sources;
  }
  Result<void> Ping() override { return Ok(); }
  std::string last_prefix;
};

std::vector<sdk::DiscoveredSource> Sample() {
  return {{"conn_1:src__a",
           "src__a",
           "shopify",
           "2026-12-01T10:00:00.245Z",
           {{"customers", 12}, {"orders", std::nullopt}}},
          {"src__b", "src__b", "duckdb", std::nullopt, {}}};
}

void ExpectSame(const std::vector<sdk::DiscoveredSource>& got,
                const std::vector<sdk::DiscoveredSource>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].schema, want[i].schema);
    EXPECT_EQ(got[i].source_type, want[i].source_type);
    EXPECT_EQ(got[i].last_sync_at, want[i].last_sync_at);
    ASSERT_EQ(got[i].tables.size(), want[i].tables.size());
    for (size_t t = 0; t < got[i].tables.size(); ++t) {
      EXPECT_EQ(got[i].tables[t].name, want[i].tables[t].name);
      EXPECT_EQ(got[i].tables[t].row_count, want[i].tables[t].row_count);
    }
  }
}

TEST(CachedDiscovery, TheSecondCallIsServedFromTheCache) {
  cache::TieredCache cache({});
  CountingDiscovery inner;
  inner.sources = Sample();
  CachedDiscovery cached(inner, cache, Fivetran("ft", "s"), 60s);
  auto first = cached.Discover("src__", "");
  ASSERT_TRUE(first) << first.error().Text();
  auto second = cached.Discover("src__", "");
  ASSERT_TRUE(second) << second.error().Text();
  EXPECT_EQ(inner.calls, 1);
  ExpectSame(*first, Sample());
  ExpectSame(*second, Sample());
  ASSERT_TRUE(cached.Discover("src__a", ""));  // another prefix, another entry
  EXPECT_EQ(inner.calls, 2);
  EXPECT_EQ(inner.last_prefix, "src__a");
  ASSERT_TRUE(cached.Discover("src__", "other_catalog"));
  EXPECT_EQ(inner.calls, 3);
}

TEST(CachedDiscovery, ErrorsAreReturnedNotCached) {
  cache::TieredCache cache({});
  CountingDiscovery inner;
  inner.error = Error{ErrorKind::kAdapter, "fivetran API error AuthFailed: invalid key", {}};
  CachedDiscovery cached(inner, cache, Fivetran("ft", "s"), 60s);
  auto failed = cached.Discover("src__", "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "fivetran API error AuthFailed: invalid key");
  inner.error.reset();
  inner.sources = Sample();
  auto ok = cached.Discover("src__", "");
  ASSERT_TRUE(ok);
  ExpectSame(*ok, Sample());
  EXPECT_EQ(inner.calls, 2);
}

TEST(CachedDiscovery, AnUnreadableCachedValueIsDiscoveredAgain) {
  cache::TieredCache cache({});
  config::AdapterConfig adapter = Fivetran("ft", "s");
  ASSERT_TRUE(cache.GetOrLoad(DiscoveryCacheKey(adapter, "src__", ""), {.ttl = 60s},
                              [] { return Result<std::string>("{\"sources\": 7}"); }));
  CountingDiscovery inner;
  inner.sources = Sample();
  CachedDiscovery cached(inner, cache, adapter, 60s);
  auto found = cached.Discover("src__", "");
  ASSERT_TRUE(found);
  ExpectSame(*found, Sample());
  EXPECT_EQ(inner.calls, 1);
}

// The registry on an in-memory DuckDB: a schema created after the first discovery is not seen
// while the entry lives, and is seen at once with discovery_ttl_secs = 0.
std::vector<std::string> Schemas(AdapterRegistry& registry, const config::AdapterConfig& a) {
  auto discovery = registry.Discovery(a);
  EXPECT_TRUE(discovery) << discovery.error().Text();
  if (!discovery) return {};
  auto found = (*discovery)->Discover("raw__", "");
  EXPECT_TRUE(found) << found.error().Text();
  std::vector<std::string> out;
  if (found)
    for (const auto& s : *found) out.push_back(s.schema);
  return out;
}

void CreateSchema(AdapterRegistry& registry, const config::AdapterConfig& a, std::string name) {
  auto warehouse = registry.Warehouse(a);
  ASSERT_TRUE(warehouse) << warehouse.error().Text();
  ASSERT_TRUE(
      (*warehouse)
          ->ExecuteStatement({"create_schema", name,
                              "CREATE SCHEMA " + name + "; CREATE TABLE " + name + ".t (x INT)"}));
}

TEST(RegistryDiscoveryCache, DuckDbDiscoveryIsCachedForDiscoveryTtl) {
  for (int64_t ttl : {60, 0}) {
    config::Config cfg;
    cfg.cache.discovery_ttl_secs = ttl;
    config::AdapterConfig a;
    a.name = "wh";
    a.type = "duckdb";
    cfg.adapters.push_back(a);
    cache::TieredCache cache({});
    AdapterRegistry registry(cfg, &cache);
    CreateSchema(registry, cfg.adapters[0], "raw__one");
    EXPECT_EQ(Schemas(registry, cfg.adapters[0]), std::vector<std::string>{"raw__one"});
    CreateSchema(registry, cfg.adapters[0], "raw__two");
    auto discovery = registry.Discovery(cfg.adapters[0]);
    ASSERT_TRUE(discovery);
    EXPECT_EQ(dynamic_cast<CachedDiscovery*>(*discovery) != nullptr, ttl > 0);
    EXPECT_EQ(Schemas(registry, cfg.adapters[0]).size(), ttl > 0 ? 1u : 2u) << "ttl " << ttl;
  }
}

TEST(RegistryDiscoveryCache, ManualAndUncachedRegistriesHandOutTheAdapterItself) {
  config::Config cfg;
  config::AdapterConfig manual;
  manual.name = "m";
  manual.type = "manual";
  manual.schemas = {{"raw__x", {"t"}}};
  cfg.adapters.push_back(manual);
  cache::TieredCache cache({});
  AdapterRegistry cached(cfg, &cache);
  auto discovery = cached.Discovery(cfg.adapters[0]);
  ASSERT_TRUE(discovery);
  EXPECT_EQ(dynamic_cast<CachedDiscovery*>(*discovery), nullptr);
  config::AdapterConfig duck;
  duck.name = "wh";
  duck.type = "duckdb";
  cfg.adapters.push_back(duck);
  AdapterRegistry plain(cfg);
  auto direct = plain.Discovery(cfg.adapters[1]);
  ASSERT_TRUE(direct);
  EXPECT_EQ(dynamic_cast<CachedDiscovery*>(*direct), nullptr);
}

}  // namespace
}  // namespace rocky::adapters
