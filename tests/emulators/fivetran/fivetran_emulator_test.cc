// Rocky's Fivetran discovery (src/adapters/fivetran) over real HTTP against the emulator: three
// connections over two pages (one paused, one not yet connected), faults, auth, sync detection.

#include "emulators/fivetran/fivetran_emulator.h"

#include <gtest/gtest.h>

#include "adapters/fivetran/fivetran_discovery.h"
#include "adapters/http/http_client.h"

namespace rocky::emulator::fivetran {
namespace {

using namespace std::chrono_literals;
using adapters::fivetran::FivetranDiscovery;

nlohmann::json Fixture() {
  return nlohmann::json::parse(R"({
    "destination_id": "dest_1",
    "connectors": [
      {"id": "shop_us", "service": "shopify", "schema": "src__acme__us_west__shopify",
       "paused": false, "status": {"setup_state": "connected", "sync_state": "scheduled"},
       "succeeded_at": "2026-12-01T10:00:00.245Z",
       "schema_config": {"schemas": {"shopify": {"enabled": true,
          "name_in_destination": "src__acme__us_west__shopify",
          "tables": {"orders": {"enabled": true}, "Customers": {"enabled": true},
                     "abandoned_checkouts": {"enabled": false}}}}}},
      {"id": "stripe_eu", "service": "stripe", "schema": "src__acme__eu__stripe",
       "paused": true, "status": {"setup_state": "connected", "sync_state": "paused"},
       "succeeded_at": "2026-11-30T08:00:00Z",
       "schema_config": {"schemas": {"stripe": {"enabled": true, "tables": {"charges": {}}}}}},
      {"id": "hubspot_new", "service": "hubspot", "schema": "src__acme__us_west__hubspot",
       "paused": false, "status": {"setup_state": "incomplete", "sync_state": "scheduled"},
       "succeeded_at": null}
    ]})");
}

struct Running {
  std::unique_ptr<FivetranEmulator> emulator;
  std::unique_ptr<HttpClient> http = adapters::http::NewHttpClient();
  std::unique_ptr<FivetranDiscovery> discovery;

  explicit Running(size_t page_size = 2, std::string secret = "emulator-secret") {
    auto started = FivetranEmulator::Start({.page_size = page_size, .fixture = Fixture()});
    EXPECT_TRUE(started.has_value()) << started.error().message;
    emulator = std::move(*started);
    adapters::fivetran::FivetranConnection c;
    c.base_url = emulator->url();
    c.destination_id = "dest_1";
    c.api_key = Secret("emulator-key");
    c.api_secret = Secret(secret);
    c.retry.initial_backoff = 10ms;
    discovery = std::make_unique<FivetranDiscovery>(c, *http);
  }
};

TEST(FivetranEmulatorTest, DiscoveryListsExactlyTheEnabledSchemasAndTables) {
  Running r(/*page_size=*/2);
  auto sources = r.discovery->Discover("src__", "");
  ASSERT_TRUE(sources) << sources.error().message;
  ASSERT_EQ(sources->size(), 1u);
  const auto& shop = (*sources)[0];
  EXPECT_EQ(shop.id, "shop_us");
  EXPECT_EQ(shop.schema, "src__acme__us_west__shopify");
  EXPECT_EQ(shop.source_type, "shopify");
  EXPECT_EQ(shop.last_sync_at, "2026-12-01T10:00:00.245Z");
  ASSERT_EQ(shop.tables.size(), 2u);
  EXPECT_EQ(shop.tables[0].name, "customers");
  EXPECT_EQ(shop.tables[1].name, "orders");
  // Two pages of connections, then one schema config: the paused and incomplete ones are
  // never asked for.
  std::vector<std::string> paths;
  for (const auto& q : r.emulator->requests()) paths.push_back(q.method + " " + q.target);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], "GET /v1/groups/dest_1/connections?limit=100");
  EXPECT_TRUE(paths[1].starts_with("GET /v1/groups/dest_1/connections?limit=100&cursor=")) << paths[1];
  EXPECT_EQ(paths[2], "GET /v1/connections/shop_us/schemas");
  EXPECT_TRUE(r.discovery->Ping());
}

TEST(FivetranEmulatorTest, RateLimitsAndServerErrorsAreRetried) {
  Running r;
  Fault throttled;
  throttled.match = "GET /v1/groups/";
  throttled.status = 429;
  throttled.headers = {{"Retry-After", "1"}};
  ASSERT_TRUE(r.emulator->AddFault(throttled));
  Fault broken;
  broken.match = "GET /v1/connections/shop_us/schemas";
  broken.status = 503;
  ASSERT_TRUE(r.emulator->AddFault(broken));
  auto start = std::chrono::steady_clock::now();
  auto sources = r.discovery->Discover("src__", "");
  ASSERT_TRUE(sources) << sources.error().message;
  EXPECT_EQ(sources->size(), 1u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1s);  // Retry-After honoured
}

TEST(FivetranEmulatorTest, BadCredentialsAreAClearErrorWithoutTheSecret) {
  Running r(2, "wrong-secret");
  auto sources = r.discovery->Discover("src__", "");
  ASSERT_FALSE(sources);
  EXPECT_NE(sources.error().message.find("HTTP 401 AuthFailed"), std::string::npos)
      << sources.error().message;
  EXPECT_EQ(sources.error().Text().find("wrong-secret"), std::string::npos);
}

TEST(FivetranEmulatorTest, SyncDetectionFollowsSucceededAt) {
  Running r;
  auto connectors = r.discovery->ListConnectors();
  ASSERT_TRUE(connectors) << connectors.error().message;
  ASSERT_EQ(connectors->size(), 3u);
  std::vector<std::string> fresh;
  for (const auto& c : *connectors)
    if (adapters::fivetran::HasNewData(c, "2026-12-01T00:00:00Z")) fresh.push_back(c.id);
  EXPECT_EQ(fresh, std::vector<std::string>{"shop_us"});

  nlohmann::json updated = Fixture()["connectors"];
  updated[1]["succeeded_at"] = "2026-12-02T00:00:00Z";  // stripe synced again
  r.emulator->SetConnectors(updated);
  connectors = r.discovery->ListConnectors();
  ASSERT_TRUE(connectors);
  fresh.clear();
  for (const auto& c : *connectors)
    if (adapters::fivetran::HasNewData(c, "2026-12-01T12:00:00Z")) fresh.push_back(c.id);
  EXPECT_EQ(fresh, std::vector<std::string>{"stripe_eu"});
}

}  // namespace
}  // namespace rocky::emulator::fivetran
