#include "cli/metrics_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "cli/output_schemas.h"

namespace rocky::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A state store in a fresh temporary folder, seeded through the StateStore API.
class SeededStore {
 public:
  explicit SeededStore(std::string_view tag)
      : dir_(fs::temp_directory_path() /
             ("rocky-metrics-" + std::string(tag) + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~SeededStore() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "state.db").string(); }

  // Snapshot i of `model` at 2026-04-01 + i hours, as run-<i>.
  void Record(const std::string& model, int i, int64_t rows, std::optional<int64_t> lag,
              std::vector<state::QualitySnapshot::NullRate> rates) {
    auto store = state::StateStore::Open(path(), state::OpenMode::kReadWrite);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    state::QualitySnapshot s;
    s.model_name = model;
    s.run_id = "run-" + std::to_string(100 + i);
    s.timestamp = *ParseTimestamp("2026-04-01T00:00:00Z") + std::chrono::hours(i);
    s.row_count = rows;
    s.freshness_lag_seconds = lag;
    s.null_rates = std::move(rates);
    ASSERT_TRUE(store->RecordQuality(s).has_value());
  }

  // What `rocky metrics` reads: the read-only store's history with the query's limit.
  std::vector<state::QualitySnapshot> History(const MetricsQuery& query) {
    auto store = state::StateStore::Open(path(), state::OpenMode::kReadOnly);
    EXPECT_TRUE(store.has_value());
    if (!store) return {};
    auto history = store->QualityHistory(query.model, query.Limit());
    EXPECT_TRUE(history.has_value());
    return history ? *history : std::vector<state::QualitySnapshot>{};
  }

 private:
  fs::path dir_;
};

// The full document as the command prints it, checked against the exported schema.
Json Report(SeededStore& store, const MetricsQuery& query) {
  Json body = MetricsReportJson(query, store.History(query));
  Json doc = Json::Object().Set("version", "1.0.0").Set("command", "metrics");
  for (size_t i = 0; i < body.keys().size(); ++i) doc.Set(body.keys()[i], body.items()[i]);
  EXPECT_THAT(ValidateOutput(doc), IsEmpty()) << doc.Dump(2);
  return doc;
}

std::vector<std::string> Keys(const Json& doc) { return doc.keys(); }

std::vector<std::string> RunIds(const Json& list) {
  std::vector<std::string> out;
  for (const Json& item : list.items()) out.push_back(item["run_id"].AsString());
  return out;
}

TEST(MetricsReportTest, NoDataSaysSo) {
  SeededStore store("empty");
  MetricsQuery query{.model = "orders", .trend = true, .column = "email", .alerts = true};
  Json doc = Report(store, query);
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"version", "command", "model", "snapshots",
                                                 "count", "column", "message"}));
  EXPECT_EQ(doc["count"].AsInt(), 0);
  EXPECT_EQ(doc["message"].AsString(), "no quality metrics available");
  EXPECT_THAT(MetricsReportText(query, {}), HasSubstr("no quality metrics available"));
}

TEST(MetricsReportTest, LatestSnapshotByDefault) {
  SeededStore store("latest");
  store.Record("orders", 1, 10, std::nullopt, {});
  store.Record("orders", 2, 12, 60, {{"email", 0.25}, {"name", 0.0}});
  store.Record("customers", 3, 99, std::nullopt, {});
  Json doc = Report(store, {.model = "orders"});
  EXPECT_EQ(Keys(doc),
            (std::vector<std::string>{"version", "command", "model", "snapshots", "count"}));
  EXPECT_EQ(doc["count"].AsInt(), 1);
  const Json& s = doc["snapshots"][0];
  EXPECT_EQ(s.Dump(), R"({"run_id":"run-102","timestamp":"2026-04-01T02:00:00Z","row_count":12,)"
                      R"("freshness_lag_seconds":60,"null_rates":{"email":0.25,"name":0.0}})");
  // Without --alerts the warning-level null rate is not reported.
  EXPECT_EQ(doc.Find("alerts"), nullptr);
}

TEST(MetricsReportTest, FreshnessLagIsLeftOutWhenNotMeasured) {
  SeededStore store("nolag");
  store.Record("orders", 1, 10, std::nullopt, {});
  Json doc = Report(store, {.model = "orders"});
  EXPECT_EQ(doc["snapshots"][0].Dump(),
            R"({"run_id":"run-101","timestamp":"2026-04-01T01:00:00Z","row_count":10,)"
            R"("null_rates":{}})");
}

TEST(MetricsReportTest, TrendShowsTheLastTwentyNewestFirst) {
  SeededStore store("trend");
  for (int i = 0; i < 25; ++i) store.Record("orders", i, 100 + i, std::nullopt, {});
  Json doc = Report(store, {.model = "orders", .trend = true});
  EXPECT_EQ(doc["count"].AsInt(), 20);
  ASSERT_EQ(doc["snapshots"].size(), 20u);
  EXPECT_EQ(doc["snapshots"][0]["run_id"].AsString(), "run-124");
  EXPECT_EQ(doc["snapshots"][19]["run_id"].AsString(), "run-105");
  EXPECT_EQ(doc["snapshots"][0]["row_count"].AsInt(), 124);
}

TEST(MetricsReportTest, ColumnTrendFollowsTheColumnAcrossRuns) {
  SeededStore store("column");
  store.Record("orders", 1, 10, std::nullopt, {{"email", 0.1}});
  store.Record("orders", 2, 11, std::nullopt, {});  // a run that did not measure it
  store.Record("orders", 3, 12, std::nullopt, {{"EMAIL", 0.3}, {"name", 0.9}});
  MetricsQuery query{.model = "orders", .trend = true, .column = "email"};
  Json doc = Report(store, query);
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"version", "command", "model", "snapshots",
                                                 "count", "column", "column_trend"}));
  EXPECT_EQ(doc["column"].AsString(), "email");
  EXPECT_EQ(doc["column_trend"].Dump(),
            R"([{"run_id":"run-103","timestamp":"2026-04-01T03:00:00Z","null_rate":0.3,)"
            R"("row_count":12},{"run_id":"run-102","timestamp":"2026-04-01T02:00:00Z",)"
            R"("row_count":11},{"run_id":"run-101","timestamp":"2026-04-01T01:00:00Z",)"
            R"("null_rate":0.1,"row_count":10}])");
  std::string text = MetricsReportText(query, store.History(query));
  EXPECT_THAT(text, HasSubstr("Column 'email':"));
  EXPECT_THAT(text, HasSubstr("30.0%"));
}

TEST(MetricsReportTest, AlertsCoverTheSnapshotsShown) {
  SeededStore store("alerts");
  store.Record("orders", 1, 10, 200000, {{"email", 0.9}});  // outside the latest
  store.Record("orders", 2, 10, 90000, {{"email", 0.6}, {"name", 0.21}, {"id", 0.0}});
  Json latest = Report(store, {.model = "orders", .alerts = true});
  EXPECT_EQ(latest["alerts"].Dump(),
            R"j([{"type":"freshness","severity":"warning",)j"
            R"j("message":"freshness lag of 90000 s exceeds 86400 s (1 day)","run_id":"run-102"},)j"
            R"j({"type":"null_rate","severity":"critical",)j"
            R"j("message":"column 'email' is 60.0% null (above 50%)","run_id":"run-102",)j"
            R"j("column":"email"},{"type":"null_rate","severity":"warning",)j"
            R"j("message":"column 'name' is 21.0% null (above 20%)","run_id":"run-102",)j"
            R"j("column":"name"}])j");
  Json trend = Report(store, {.model = "orders", .trend = true, .alerts = true});
  EXPECT_EQ(RunIds(trend["alerts"]),
            (std::vector<std::string>{"run-102", "run-102", "run-102", "run-101", "run-101"}));

  // A healthy snapshot has no alerts: the field is left out.
  store.Record("orders", 3, 10, 10, {{"email", 0.2}});
  Json healthy = Report(store, {.model = "orders", .alerts = true});
  EXPECT_EQ(healthy.Find("alerts"), nullptr);
  MetricsQuery q{.model = "orders", .alerts = true};
  EXPECT_THAT(MetricsReportText(q, store.History(q)), HasSubstr("No alerts."));
  MetricsQuery t{.model = "orders", .trend = true, .alerts = true};
  EXPECT_THAT(MetricsReportText(t, store.History(t)), HasSubstr("critical  null_rate"));
  EXPECT_THAT(MetricsReportText(t, store.History(t)), Not(HasSubstr("No alerts.")));
}

}  // namespace
}  // namespace rocky::cli
