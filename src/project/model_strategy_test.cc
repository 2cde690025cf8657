#include "project/model_strategy.h"

#include <gtest/gtest.h>

#include "config/toml_document.h"

namespace rocky::project {
namespace {

struct Read {
  std::optional<MaterializationStrategy> strategy;
  std::vector<std::string> errors;   // located messages
  std::vector<std::string> unknown;  // unknown-key messages
};

// Reads the `[strategy]` table of `toml`.
Read ReadFrom(std::string_view toml) {
  Read out;
  auto root = config::ParseToml(toml, "m.toml");
  EXPECT_TRUE(root.has_value()) << (root ? "" : root.error().message);
  if (!root) return out;
  config::TomlDocumentReader doc(*root, "m.toml");
  auto top = doc.Root();
  top.Declare("depends_on");
  if (auto t = top.OptTable("strategy")) out.strategy = ReadStrategy(*t);
  for (const auto& e : doc.errors()) out.errors.push_back(e.Located());
  for (const auto& u : doc.UnknownKeys()) out.unknown.push_back(u.Located());
  return out;
}

std::string JsonOf(std::string_view toml) {
  Read r = ReadFrom(toml);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  return r.strategy ? r.strategy->ToJson().Dump() : "<none>";
}

TEST(ModelStrategy, DefaultIsFullRefresh) {
  MaterializationStrategy s;
  EXPECT_EQ(s.type(), StrategyType::kFullRefresh);
  EXPECT_EQ(s.ToJson().Dump(), R"({"type":"full_refresh"})");
}

TEST(ModelStrategy, ToJsonShowsDefaultsAlwaysAndOptionalsWhenSet) {
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"incremental\"\ntimestamp_column = \"ts\"\n"),
            R"({"type":"incremental","timestamp_column":"ts"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"merge\"\nunique_key = [\"a\", \"b\"]\n"),
            R"({"type":"merge","unique_key":["a","b"]})");
  EXPECT_EQ(
      JsonOf("[strategy]\ntype = \"merge\"\nunique_key = [\"id\"]\nupdate_columns = [\"name\"]\n"),
      R"({"type":"merge","unique_key":["id"],"update_columns":["name"]})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"delete_insert\"\npartition_by = [\"day\"]\n"),
            R"({"type":"delete_insert","partition_by":["day"]})");
  EXPECT_EQ(
      JsonOf("[strategy]\ntype = \"time_interval\"\ntime_column = \"t\"\ngranularity = \"day\"\n"),
      R"({"type":"time_interval","time_column":"t","granularity":"day","lookback":0,"batch_size":1})");
  EXPECT_EQ(
      JsonOf("[strategy]\ntype = \"time_interval\"\ntime_column = \"t\"\ngranularity = \"hour\"\n"
             "lookback = 2\nbatch_size = 24\nfirst_partition = \"2026-01-01T00\"\n"),
      R"({"type":"time_interval","time_column":"t","granularity":"hour","lookback":2,"batch_size":24,"first_partition":"2026-01-01T00"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"microbatch\"\ntimestamp_column = \"ts\"\n"),
            R"({"type":"microbatch","timestamp_column":"ts","granularity":"hour","lookback":0})");
  EXPECT_EQ(
      JsonOf("[strategy]\ntype = \"microbatch\"\ntimestamp_column = \"ts\"\ngranularity = \"day\"\n"
             "lookback = 1\nfirst_partition = \"2026-04-07\"\n"),
      R"({"type":"microbatch","timestamp_column":"ts","granularity":"day","lookback":1,"first_partition":"2026-04-07"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"ephemeral\"\n"), R"({"type":"ephemeral"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"view\"\n"), R"({"type":"view"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"materialized_view\"\n"),
            R"({"type":"materialized_view"})");
  EXPECT_EQ(JsonOf("[strategy]\ntype = \"dynamic_table\"\ntarget_lag = \"DOWNSTREAM\"\n"),
            R"({"type":"dynamic_table","target_lag":"DOWNSTREAM"})");
  EXPECT_EQ(
      JsonOf(
          "[strategy]\ntype = \"dynamic_table\"\ntarget_lag = \"5 minutes\"\nwarehouse = \"wh\"\n"),
      R"({"type":"dynamic_table","target_lag":"5 minutes","warehouse":"wh"})");
}

TEST(ModelStrategy, TypeIsRequiredAndClosed) {
  Read r = ReadFrom("[strategy]\ntimestamp_column = \"ts\"\n");
  EXPECT_FALSE(r.strategy);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "m.toml:1: key 'type' in [strategy] is required");
  EXPECT_TRUE(r.unknown.empty());

  r = ReadFrom("[strategy]\ntype = \"snapshot\"\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "m.toml:2: key 'type' in [strategy] must be one of 'full_refresh', 'incremental', "
            "'merge', 'delete_insert', 'time_interval', 'microbatch', 'ephemeral', 'view', "
            "'materialized_view', 'dynamic_table' (got 'snapshot')");
}

TEST(ModelStrategy, RequiredOptions) {
  struct Case {
    const char* toml;
    const char* error;
  } cases[] = {
      {"[strategy]\ntype = \"incremental\"\n",
       "m.toml:1: key 'timestamp_column' in [strategy] is required"},
      {"[strategy]\ntype = \"merge\"\n", "m.toml:1: key 'unique_key' in [strategy] is required"},
      {"[strategy]\ntype = \"merge\"\nunique_key = []\n",
       "m.toml:3: key 'unique_key' in [strategy] must be a non-empty array of strings"},
      {"[strategy]\ntype = \"delete_insert\"\npartition_by = []\n",
       "m.toml:3: key 'partition_by' in [strategy] must be a non-empty array of strings"},
      {"[strategy]\ntype = \"time_interval\"\ntime_column = \"t\"\n",
       "m.toml:1: key 'granularity' in [strategy] is required"},
      {"[strategy]\ntype = \"time_interval\"\ntime_column = \"t\"\ngranularity = "
       "\"day\"\nbatch_size = 0\n",
       "m.toml:5: key 'batch_size' in [strategy] must be at least 1"},
      {"[strategy]\ntype = \"microbatch\"\ntimestamp_column = \"t\"\nlookback = -1\n",
       "m.toml:4: key 'lookback' in [strategy] must be at least 0"},
      {"[strategy]\ntype = \"dynamic_table\"\n",
       "m.toml:1: key 'target_lag' in [strategy] is required"},
      {"[strategy]\ntype = \"dynamic_table\"\ntarget_lag = \"soon\"\n",
       "m.toml:3: key 'target_lag' in [strategy] must be 'DOWNSTREAM' or "
       "'<n> seconds|minutes|hours|days' (got 'soon')"},
      {"[strategy]\ntype = \"incremental\"\ntimestamp_column = \"updated at\"\n",
       "m.toml:3: invalid SQL identifier 'updated at': must match [a-zA-Z0-9_]+ (key "
       "'timestamp_column' in [strategy])"},
      {"[strategy]\ntype = \"merge\"\nunique_key = [\"id\", \"x;drop\"]\n",
       "m.toml:3: invalid SQL identifier 'x;drop': must match [a-zA-Z0-9_]+ (key 'unique_key' "
       "in [strategy])"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.toml);
    Read r = ReadFrom(c.toml);
    EXPECT_FALSE(r.strategy);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0], c.error);
  }
}

TEST(ModelStrategy, OptionsOfAnotherTypeAreUnknownKeys) {
  Read r = ReadFrom(
      "[strategy]\ntype = \"full_refresh\"\ntimestamp_column = \"ts\"\n"
      "depends_on = [\"x\"]\ntime_colum = \"t\"\n");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.unknown.size(), 3u);
  EXPECT_EQ(r.unknown[0], "m.toml:3: unknown key 'timestamp_column' in [strategy]");
  EXPECT_EQ(r.unknown[1],
            "m.toml:4: unknown key 'depends_on' in [strategy]; did you mean top-level "
            "'depends_on'? (move it above [strategy])");
  EXPECT_EQ(r.unknown[2], "m.toml:5: unknown key 'time_colum' in [strategy]");

  r = ReadFrom("[strategy]\ntype = \"time_interval\"\ntime_colum = \"t\"\ngranularity = \"day\"\n");
  ASSERT_EQ(r.unknown.size(), 1u);
  EXPECT_EQ(r.unknown[0],
            "m.toml:3: unknown key 'time_colum' in [strategy]; did you mean 'time_column'?");
}

TEST(ModelStrategy, TypeNamesRoundTrip) {
  for (const auto& name : StrategyTypeNames()) {
    auto type = ParseStrategyType(name);
    ASSERT_TRUE(type) << name;
    EXPECT_EQ(StrategyTypeName(*type), name);
  }
  EXPECT_FALSE(ParseStrategyType("Full_Refresh"));
  EXPECT_EQ(ParseGranularity("month"), Granularity::kMonth);
  EXPECT_FALSE(ParseGranularity("week"));
}

TEST(ModelStrategy, CanonicalPartitionKeys) {
  EXPECT_TRUE(IsCanonicalPartitionKey("2026-04-07T13", Granularity::kHour));
  EXPECT_TRUE(IsCanonicalPartitionKey("2026-04-07T00", Granularity::kHour));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-04-07T24", Granularity::kHour));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-04-07 13", Granularity::kHour));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-04-07", Granularity::kHour));
  EXPECT_TRUE(IsCanonicalPartitionKey("2026-04-07", Granularity::kDay));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-04-7", Granularity::kDay));  // not zero-padded
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-02-30", Granularity::kDay));
  EXPECT_TRUE(IsCanonicalPartitionKey("2024-02-29", Granularity::kDay));  // leap year
  EXPECT_FALSE(IsCanonicalPartitionKey("2025-02-29", Granularity::kDay));
  EXPECT_FALSE(IsCanonicalPartitionKey("1900-02-29", Granularity::kDay));
  EXPECT_TRUE(IsCanonicalPartitionKey("2000-02-29", Granularity::kDay));
  EXPECT_TRUE(IsCanonicalPartitionKey("2026-12", Granularity::kMonth));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-13", Granularity::kMonth));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-00", Granularity::kMonth));
  EXPECT_FALSE(IsCanonicalPartitionKey("2026-04-07", Granularity::kMonth));
  EXPECT_TRUE(IsCanonicalPartitionKey("2026", Granularity::kYear));
  EXPECT_FALSE(IsCanonicalPartitionKey("26", Granularity::kYear));
  EXPECT_FALSE(IsCanonicalPartitionKey("20x6", Granularity::kYear));
}

TEST(ModelStrategy, TargetLag) {
  EXPECT_TRUE(IsValidTargetLag("DOWNSTREAM"));
  EXPECT_TRUE(IsValidTargetLag("downstream"));
  EXPECT_TRUE(IsValidTargetLag("1 seconds"));
  EXPECT_TRUE(IsValidTargetLag("30 minutes"));
  EXPECT_TRUE(IsValidTargetLag("2 hours"));
  EXPECT_TRUE(IsValidTargetLag("7 days"));
  EXPECT_FALSE(IsValidTargetLag("0 days"));
  EXPECT_FALSE(IsValidTargetLag("7 weeks"));
  EXPECT_FALSE(IsValidTargetLag("7days"));
  EXPECT_FALSE(IsValidTargetLag("-1 days"));
  EXPECT_FALSE(IsValidTargetLag(" 1 days"));
  EXPECT_FALSE(IsValidTargetLag(""));
}

}  // namespace
}  // namespace rocky::project
