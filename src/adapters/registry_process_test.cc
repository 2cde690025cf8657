// The registry builds process adapters (config.md §3, adapters.md §6) and hands out the roles
// their manifest declares, with the dialect it names.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/registry.h"

namespace rocky::adapters {
namespace {

using ::testing::HasSubstr;

config::AdapterConfig ProcessAdapterConfig(std::string name, std::string mode,
                                           Json init = Json::Object()) {
  config::AdapterConfig a;
  a.name = std::move(name);
  a.type = "process";
  a.command = ROCKY_PYTHON;
  a.args = {ROCKY_FAKE_ADAPTER, "--mode=" + mode};
  a.config = std::move(init);
  a.timeout_secs = 20;
  return a;
}

TEST(RegistryProcess, RolesFollowTheManifest) {
  config::Config cfg;
  cfg.adapters.push_back(
      ProcessAdapterConfig("full", "good", Json::Object().Set("dialect", "snowflake")));
  cfg.adapters.push_back(ProcessAdapterConfig("disc", "no_warehouse"));
  cfg.adapters.push_back(
      ProcessAdapterConfig("pg", "good", Json::Object().Set("dialect", "postgres")));
  AdapterRegistry registry(cfg);
  const auto& full = cfg.adapters[0];
  auto warehouse = registry.Warehouse(full);
  ASSERT_TRUE(warehouse.has_value()) << warehouse.error().Text();
  EXPECT_EQ((*warehouse)->Dialect().Name(), "snowflake");
  auto pg = registry.Warehouse(cfg.adapters[2]);
  ASSERT_TRUE(pg.has_value()) << pg.error().Text();
  EXPECT_EQ((*pg)->Dialect().Name(), "postgres");
  EXPECT_TRUE(registry.Discovery(full).has_value());
  EXPECT_TRUE(registry.Governance(full).has_value());
  EXPECT_TRUE(registry.BatchChecks(full).has_value());
  EXPECT_FALSE(registry.Loader(full).has_value());
  EXPECT_TRUE(registry.Ping(full).has_value());
  auto again = registry.Warehouse(full);  // one process per adapter
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *warehouse);
  auto q = (*warehouse)->ExecuteQuery("SELECT 1 AS one");
  ASSERT_TRUE(q.has_value()) << q.error().Text();
  EXPECT_EQ(q->columns, std::vector<std::string>{"one"});

  const auto& disc = cfg.adapters[1];
  auto none = registry.Warehouse(disc);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().message,
            "adapter 'disc' (process 'fake-sqlite') cannot be used as a warehouse: its manifest "
            "does not declare the 'warehouse' capability");
  EXPECT_FALSE(registry.Governance(disc).has_value());
  EXPECT_FALSE(registry.BatchChecks(disc).has_value());
  auto discovery = registry.Discovery(disc);
  ASSERT_TRUE(discovery.has_value()) << discovery.error().Text();
  EXPECT_TRUE((*discovery)->Ping().has_value());
  EXPECT_TRUE(registry.Ping(disc).has_value());
  EXPECT_EQ(AdapterRegistry::CredentialSource(disc), "");
}

TEST(RegistryProcess, AdapterThatCannotStartFailsEveryRole) {
  config::Config cfg;
  auto bad = ProcessAdapterConfig("broken", "good");
  bad.command = "/nonexistent/rocky-adapter";
  cfg.adapters.push_back(bad);
  cfg.adapters.push_back(ProcessAdapterConfig("init", "bad_init"));
  AdapterRegistry registry(cfg);
  auto w = registry.Warehouse(cfg.adapters[0]);
  ASSERT_FALSE(w.has_value());
  EXPECT_THAT(w.error().message, HasSubstr("cannot start process adapter 'broken'"));
  auto d = registry.Discovery(cfg.adapters[0]);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().message, w.error().message);
  auto ping = registry.Ping(cfg.adapters[1]);
  ASSERT_FALSE(ping.has_value());
  EXPECT_THAT(ping.error().message, HasSubstr("missing option 'token'"));
}

}  // namespace
}  // namespace rocky::adapters
