#include "adapters/process/process_json.h"

#include <gtest/gtest.h>

namespace rocky::adapters::process {
namespace {

TEST(SourcesJson, RoundTripsEveryField) {
  std::vector<sdk::DiscoveredSource> sources = {{"conn_1:src__a",
                                                 "src__a",
                                                 "shopify",
                                                 "2026-12-01T10:00:00.245Z",
                                                 {{"customers", 12}, {"orders", std::nullopt}}},
                                                {"src__b", "src__b", "duckdb", std::nullopt, {}}};
  Json json = SourcesJson(sources);
  EXPECT_EQ(json["sources"][1].Dump(),
            R"({"id":"src__b","schema":"src__b","source_type":"duckdb","last_sync_at":null,)"
            R"("tables":[]})");
  auto back = SourcesFromJson(*Json::Parse(json.Dump()));
  ASSERT_TRUE(back) << back.error().Text();
  ASSERT_EQ(back->size(), sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    const auto &got = (*back)[i], &want = sources[i];
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.schema, want.schema);
    EXPECT_EQ(got.source_type, want.source_type);
    EXPECT_EQ(got.last_sync_at, want.last_sync_at);
    ASSERT_EQ(got.tables.size(), want.tables.size());
    for (size_t t = 0; t < want.tables.size(); ++t) {
      EXPECT_EQ(got.tables[t].name, want.tables[t].name);
      EXPECT_EQ(got.tables[t].row_count, want.tables[t].row_count);
    }
  }
}

}  // namespace
}  // namespace rocky::adapters::process
