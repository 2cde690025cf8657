// Fivetran discovery against a scripted in-memory server: paging, filtering, schema configs,
// path fallback, retries, sync detection.

#include "adapters/fivetran/fivetran_discovery.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::adapters::fivetran {
namespace {

using namespace std::chrono_literals;

class FakeFivetran : public HttpClient {
 public:
  /// Path (with query) → [status, body]; unknown paths answer 404 without an envelope.
  std::map<std::string, std::pair<int, std::string>> routes;
  std::vector<HttpRequest> sent;
  int throttle_first = 0;  // 429s before the first real answer

  Result<HttpResponse> Send(const HttpRequest& r) override {
    std::lock_guard lock(mu_);
    sent.push_back(r);
    if (throttle_first > 0) {
      --throttle_first;
      return HttpResponse{429, {{"Retry-After", "1"}}, R"({"code":"TooManyRequests"})"};
    }
    const std::string path = r.url.substr(r.url.find('/', 8));
    auto it = routes.find(path);
    if (it == routes.end()) return HttpResponse{404, {}, "not found"};
    return HttpResponse{it->second.first, {}, it->second.second};
  }
  std::vector<std::string> Paths() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& r : sent) out.push_back(r.url.substr(r.url.find('/', 8)));
    return out;
  }

 private:
  std::mutex mu_;
};

std::string Envelope(const std::string& data) {
  return R"({"code":"Success","data":)" + data + "}";
}

const char* kPage1 = R"({"items":[
  {"id":"c_shop","group_id":"d1","service":"shopify","schema":"src__acme__shopify","paused":false,
   "status":{"setup_state":"connected","sync_state":"scheduled"},"succeeded_at":"2026-12-01T10:00:00.245Z"},
  {"id":"c_paused","service":"stripe","schema":"src__acme__stripe","paused":true,
   "status":{"setup_state":"connected"},"succeeded_at":"2026-12-01T09:00:00Z"}],
  "next_cursor":"eyJ/page 2"})";
const char* kPage2 = R"({"items":[
  {"id":"c_new","service":"hubspot","schema":"src__acme__hubspot","paused":false,
   "status":{"setup_state":"incomplete"},"succeeded_at":null},
  {"id":"c_pg","service":"postgres","schema":"src__acme__pg","paused":false,
   "status":{"setup_state":"connected"},"succeeded_at":"2026-12-02T08:30:00.724201Z"}],
  "next_cursor":null})";
const char* kShopSchemas = R"({"schemas":{
  "shopify":{"enabled":true,"name_in_destination":"src__acme__shopify","tables":{
    "Orders":{"enabled":true,"name_in_destination":"orders"},
    "customers":{"enabled":true},
    "abandoned":{"enabled":false,"name_in_destination":"abandoned_checkouts"}}},
  "other":{"enabled":true,"name_in_destination":"unrelated","tables":{"x":{"enabled":true}}}}})";
const char* kPgSchemas = R"({"schemas":{
  "public":{"enabled":true,"name_in_destination":"src__acme__pg_public","tables":{"accounts":{}}},
  "sales":{"enabled":true,"name_in_destination":"src__acme__pg_sales","tables":{"deals":{"enabled":true}}},
  "off":{"enabled":false,"name_in_destination":"src__acme__pg_off","tables":{"t":{}}}}})";

FivetranConnection Connection() {
  FivetranConnection c;
  c.base_url = "https://api.fivetran.example";
  c.destination_id = "d1";
  c.api_key = Secret("key");
  c.api_secret = Secret("secret");
  c.retry.jitter = false;
  c.sleep = [](std::chrono::milliseconds) {};
  return c;
}

void Serve(FakeFivetran& f, const std::string& family) {
  f.routes["/v1/groups/d1/" + family + "?limit=100"] = {200, Envelope(kPage1)};
  f.routes["/v1/groups/d1/" + family + "?limit=100&cursor=eyJ%2Fpage%202"] = {200, Envelope(kPage2)};
  f.routes["/v1/" + family + "/c_shop/schemas"] = {200, Envelope(kShopSchemas)};
  f.routes["/v1/" + family + "/c_pg/schemas"] = {200, Envelope(kPgSchemas)};
}

TEST(FivetranDiscoveryTest, EnabledSchemasAndTablesOfConnectedConnections) {
  FakeFivetran f;
  Serve(f, "connections");
  FivetranDiscovery d(Connection(), f);
  auto sources = d.Discover("src__acme__", "");
  ASSERT_TRUE(sources) << sources.error().message;
  ASSERT_EQ(sources->size(), 3u);
  // Sorted by id; a connection with two matching schemas gives `<id>:<schema>` ids.
  EXPECT_EQ((*sources)[0].id, "c_pg:src__acme__pg_public");
  EXPECT_EQ((*sources)[1].id, "c_pg:src__acme__pg_sales");
  EXPECT_EQ((*sources)[2].id, "c_shop");
  const sdk::DiscoveredSource& shop = (*sources)[2];
  EXPECT_EQ(shop.schema, "src__acme__shopify");
  EXPECT_EQ(shop.source_type, "shopify");
  EXPECT_EQ(shop.last_sync_at, "2026-12-01T10:00:00.245Z");
  ASSERT_EQ(shop.tables.size(), 2u);
  EXPECT_EQ(shop.tables[0].name, "customers");
  EXPECT_EQ(shop.tables[1].name, "orders");
  EXPECT_EQ((*sources)[0].tables.at(0).name, "accounts");  // absent `enabled` means enabled
  // Never asked for the schemas of the paused or incomplete connections.
  for (const std::string& p : f.Paths()) {
    EXPECT_EQ(p.find("c_paused"), std::string::npos);
    EXPECT_EQ(p.find("c_new"), std::string::npos);
  }
  const HttpRequest& first = f.sent.at(0);
  EXPECT_EQ(first.headers.at(0).second, "Basic " + Base64Encode("key:secret"));
}

TEST(FivetranDiscoveryTest, FallsBackToTheConnectorsPaths) {
  FakeFivetran f;
  Serve(f, "connectors");
  FivetranDiscovery d(Connection(), f);
  auto sources = d.Discover("src__acme__", "");
  ASSERT_TRUE(sources) << sources.error().message;
  EXPECT_EQ(sources->size(), 3u);
  EXPECT_EQ(f.Paths().at(0), "/v1/groups/d1/connections?limit=100");
  EXPECT_EQ(f.Paths().at(1), "/v1/groups/d1/connectors?limit=100");
}

TEST(FivetranDiscoveryTest, MissingConfigsFailedFetchesRetriesAndErrors) {
  FakeFivetran f;
  Serve(f, "connections");
  f.routes["/v1/connections/c_pg/schemas"] = {
      404, R"({"code":"NotFound_SchemaConfig","message":"Connection with id 'c_pg' doesn't have schema config"})"};
  f.routes["/v1/connections/c_shop/schemas"] = {500, R"({"code":"InternalError"})"};
  f.throttle_first = 1;
  FivetranConnection c = Connection();
  std::vector<std::chrono::milliseconds> sleeps;
  c.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  c.retry.max_retries = 1;
  FivetranDiscovery d(c, f);
  auto sources = d.Discover("src__", "");
  ASSERT_TRUE(sources) << sources.error().message;
  EXPECT_TRUE(sources->empty());  // one has no config yet, the other failed (warned)
  EXPECT_EQ(sleeps.front(), 1000ms);  // Retry-After: 1

  f.routes["/v1/groups/d1/connections?limit=100"] = {
      200, R"({"code":"AuthFailed","message":"invalid key"})"};
  auto failed = d.ListConnectors();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "fivetran API error AuthFailed: invalid key");
  for (const HttpRequest& r : f.sent) EXPECT_EQ(r.url.find("secret"), std::string::npos);
}

// A cache that keeps everything in a map, recording the TTL each key was given.
class MapCache : public Cache {
 public:
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, std::chrono::seconds, std::less<>> ttls;

  Result<std::string> GetOrLoad(std::string_view key, const CacheEntryOptions& options,
                                const Loader& load) override {
    if (auto it = values.find(key); it != values.end()) return it->second;
    auto value = load();
    if (!value) return value;
    values[std::string(key)] = *value;
    ttls[std::string(key)] = options.ttl;
    return value;
  }
  void Invalidate(std::string_view key) override {
    if (auto it = values.find(key); it != values.end()) values.erase(it);
  }
  void Clear() override { values.clear(); }
};

size_t SchemaFetches(FakeFivetran& f, std::string_view id) {
  size_t n = 0;
  for (const std::string& p : f.Paths()) n += p == fmt::format("/v1/connections/{}/schemas", id);
  return n;
}

TEST(FivetranDiscoveryTest, SchemaConfigsAreCachedPerConnectionAndSync) {
  FakeFivetran f;
  Serve(f, "connections");
  MapCache cache;
  FivetranConnection c = Connection();
  c.cache = &cache;
  c.schema_cache_ttl = 1800s;
  FivetranDiscovery d(c, f);
  auto first = d.Discover("src__acme__", "");
  ASSERT_TRUE(first) << first.error().message;
  auto second = d.Discover("src__acme__", "");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(SchemaFetches(f, "c_shop"), 1u);
  EXPECT_EQ(SchemaFetches(f, "c_pg"), 1u);
  ASSERT_EQ(second->size(), first->size());
  for (size_t i = 0; i < first->size(); ++i) {
    EXPECT_EQ((*second)[i].id, (*first)[i].id);
    ASSERT_EQ((*second)[i].tables.size(), (*first)[i].tables.size());
    for (size_t t = 0; t < (*first)[i].tables.size(); ++t)
      EXPECT_EQ((*second)[i].tables[t].name, (*first)[i].tables[t].name);
  }
  EXPECT_EQ(cache.ttls.at("fivetran:schemas:c_shop:2026-12-01T10:00:00.245Z"), 1800s);
  EXPECT_EQ(cache.ttls.at("fivetran:schemas:c_pg:2026-12-02T08:30:00.724201Z"), 1800s);
  EXPECT_EQ(cache.values.size(), 2u);
  auto cached = Json::Parse(cache.values.at("fivetran:schemas:c_shop:2026-12-01T10:00:00.245Z"));
  ASSERT_TRUE(cached);
  EXPECT_EQ(*cached, *Json::Parse(kShopSchemas));

  // A new sync is a new key: asked again. A failed fetch is not cached.
  std::string page2 = kPage2;
  page2.replace(page2.find("2026-12-02T08:30:00.724201Z"), 27, "2026-12-03T08:30:00Z");
  f.routes["/v1/groups/d1/connections?limit=100&cursor=eyJ%2Fpage%202"] = {200, Envelope(page2)};
  f.routes["/v1/connections/c_pg/schemas"] = {500, R"({"code":"InternalError"})"};
  c.retry.max_retries = 0;
  FivetranDiscovery retry_less(c, f);
  ASSERT_TRUE(retry_less.Discover("src__acme__", ""));
  EXPECT_EQ(SchemaFetches(f, "c_pg"), 2u);
  EXPECT_EQ(SchemaFetches(f, "c_shop"), 1u);
  EXPECT_FALSE(cache.values.contains("fivetran:schemas:c_pg:2026-12-03T08:30:00Z"));

  // A connection that never succeeded is not cached.
  std::string never = kPage2;
  never.replace(never.find("\"2026-12-02T08:30:00.724201Z\""), 29, "null");
  f.routes["/v1/groups/d1/connections?limit=100&cursor=eyJ%2Fpage%202"] = {200, Envelope(never)};
  f.routes["/v1/connections/c_pg/schemas"] = {200, Envelope(kPgSchemas)};
  ASSERT_TRUE(retry_less.Discover("src__acme__", ""));
  ASSERT_TRUE(retry_less.Discover("src__acme__", ""));
  EXPECT_EQ(SchemaFetches(f, "c_pg"), 4u);
  EXPECT_EQ(cache.values.size(), 2u);
}

TEST(FivetranDiscoveryTest, AnUnreadableCachedConfigIsFetchedAgain) {
  FakeFivetran f;
  Serve(f, "connections");
  MapCache cache;
  cache.values["fivetran:schemas:c_shop:2026-12-01T10:00:00.245Z"] = "not json";
  FivetranConnection c = Connection();
  c.cache = &cache;
  FivetranDiscovery d(c, f);
  auto sources = d.Discover("src__acme__shopify", "");
  ASSERT_TRUE(sources) << sources.error().message;
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ(sources->at(0).tables.size(), 2u);
  EXPECT_EQ(SchemaFetches(f, "c_shop"), 1u);
}

TEST(FivetranDiscoveryTest, SyncDetection) {
  FivetranConnector never{.id = "a"};
  FivetranConnector synced{.id = "b", .succeeded_at = "2026-12-02T08:30:00.724201Z"};
  EXPECT_FALSE(HasNewData(never, std::nullopt));
  EXPECT_FALSE(HasNewData(never, "2020-01-01T00:00:00Z"));
  EXPECT_TRUE(HasNewData(synced, std::nullopt));
  EXPECT_TRUE(HasNewData(synced, "2026-12-02T08:30:00Z"));
  EXPECT_FALSE(HasNewData(synced, "2026-12-02T08:30:00.724201Z"));
  EXPECT_FALSE(HasNewData(synced, "2026-12-03T00:00:00Z"));
}

}  // namespace
}  // namespace rocky::adapters::fivetran
