#include "project/partitions.h"

#include <gtest/gtest.h>

#include <chrono>

namespace rocky::project {
namespace {

using namespace std::chrono;
using Kind = PartitionSelection::Kind;

constexpr Granularity kHour = Granularity::kHour;
constexpr Granularity kDay = Granularity::kDay;
constexpr Granularity kMonth = Granularity::kMonth;
constexpr Granularity kYear = Granularity::kYear;

Timestamp T(std::string_view text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Timestamp{});
}

std::string Rfc(Timestamp t) { return FormatRfc3339(t); }

// "key+other+… [start, end)" with SQL-literal bounds.
std::string Describe(const PartitionBatch& b) {
  std::string out = b.key;
  for (const auto& k : b.batched_with) out += "+" + k;
  return out + " [" + SqlTimestampText(b.start) + ", " + SqlTimestampText(b.end) + ")";
}

std::vector<std::string> Describe(const std::vector<PartitionBatch>& batches) {
  std::vector<std::string> out;
  for (const auto& b : batches) out.push_back(Describe(b));
  return out;
}

std::vector<std::string> KeysOf(const std::vector<PartitionWindow>& windows) {
  std::vector<std::string> out;
  for (const auto& w : windows) out.push_back(w.key);
  return out;
}

// ---- Keys and windows (§6.1) ----

TEST(PartitionKeys, CanonicalKeysParseToUtcWindows) {
  struct Case {
    const char* key;
    Granularity grain;
    const char* start;
    const char* end;
  };
  const Case cases[] = {
      {"2026-04-07T10", kHour, "2026-04-07T10:00:00Z", "2026-04-07T11:00:00Z"},
      {"2026-04-07T00", kHour, "2026-04-07T00:00:00Z", "2026-04-07T01:00:00Z"},
      {"2026-04-07T23", kHour, "2026-04-07T23:00:00Z", "2026-04-08T00:00:00Z"},
      {"2026-12-31T23", kHour, "2026-12-31T23:00:00Z", "2027-01-01T00:00:00Z"},
      {"1969-12-31T23", kHour, "1969-12-31T23:00:00Z", "1970-01-01T00:00:00Z"},
      {"2026-04-07", kDay, "2026-04-07T00:00:00Z", "2026-04-08T00:00:00Z"},
      {"2026-04-30", kDay, "2026-04-30T00:00:00Z", "2026-05-01T00:00:00Z"},
      {"2024-02-28", kDay, "2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z"},
      {"2024-02-29", kDay, "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"},
      {"2000-02-29", kDay, "2000-02-29T00:00:00Z", "2000-03-01T00:00:00Z"},
      {"2025-02-28", kDay, "2025-02-28T00:00:00Z", "2025-03-01T00:00:00Z"},
      {"2026-12-31", kDay, "2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z"},
      {"2026-01", kMonth, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"},
      {"2026-04", kMonth, "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"},
      {"2024-02", kMonth, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"},
      {"2026-12", kMonth, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"},
      {"2026", kYear, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
      {"2024", kYear, "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
      {"0000", kYear, "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
      {"9999-12-31T23", kHour, "9999-12-31T23:00:00Z", "10000-01-01T00:00:00Z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    auto w = ParsePartitionKey(c.key, c.grain);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    EXPECT_EQ(w->key, c.key);
    EXPECT_EQ(Rfc(w->start), c.start);
    EXPECT_EQ(Rfc(w->end), c.end);
  }
}

TEST(PartitionKeys, NonCanonicalKeysAreRejectedNamingTheForm) {
  struct Case {
    const char* key;
    Granularity grain;
    const char* message;
  };
  const Case cases[] = {
      {"2026-04-7", kDay, "invalid partition key '2026-04-7' for grain day: expected YYYY-MM-DD"},
      {"2026-4-07", kDay, "invalid partition key '2026-4-07' for grain day: expected YYYY-MM-DD"},
      {"2026-04", kDay, "invalid partition key '2026-04' for grain day: expected YYYY-MM-DD"},
      {"2026-04-07T10", kDay,
       "invalid partition key '2026-04-07T10' for grain day: expected YYYY-MM-DD"},
      {"2025-02-29", kDay, "invalid partition key '2025-02-29' for grain day: expected YYYY-MM-DD"},
      {"1900-02-29", kDay, "invalid partition key '1900-02-29' for grain day: expected YYYY-MM-DD"},
      {"2026-04-31", kDay, "invalid partition key '2026-04-31' for grain day: expected YYYY-MM-DD"},
      {"", kDay, "invalid partition key '' for grain day: expected YYYY-MM-DD"},
      {"2026-04-07", kHour,
       "invalid partition key '2026-04-07' for grain hour: expected YYYY-MM-DDTHH"},
      {"2026-04-07T1", kHour,
       "invalid partition key '2026-04-07T1' for grain hour: expected YYYY-MM-DDTHH"},
      {"2026-04-07 10", kHour,
       "invalid partition key '2026-04-07 10' for grain hour: expected YYYY-MM-DDTHH"},
      {"2026-04-07T24", kHour,
       "invalid partition key '2026-04-07T24' for grain hour: expected YYYY-MM-DDTHH"},
      {"2026-13", kMonth, "invalid partition key '2026-13' for grain month: expected YYYY-MM"},
      {"2026-00", kMonth, "invalid partition key '2026-00' for grain month: expected YYYY-MM"},
      {"2026-4", kMonth, "invalid partition key '2026-4' for grain month: expected YYYY-MM"},
      {"2026-04-01", kMonth,
       "invalid partition key '2026-04-01' for grain month: expected YYYY-MM"},
      {"26", kYear, "invalid partition key '26' for grain year: expected YYYY"},
      {" 2026", kYear, "invalid partition key ' 2026' for grain year: expected YYYY"},
      {"2026-01", kYear, "invalid partition key '2026-01' for grain year: expected YYYY"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    auto w = ParsePartitionKey(c.key, c.grain);
    ASSERT_FALSE(w.has_value());
    EXPECT_EQ(w.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(w.error().message, c.message);
  }
}

TEST(PartitionKeys, PartitionContainingATimestamp) {
  struct Case {
    const char* at;
    Granularity grain;
    const char* key;
  };
  const Case cases[] = {
      {"2026-04-07T10:00:00Z", kHour, "2026-04-07T10"},
      {"2026-04-07T10:59:59.999999Z", kHour, "2026-04-07T10"},
      {"2026-04-07T11:00:00Z", kHour, "2026-04-07T11"},
      {"2026-04-07T00:00:00Z", kDay, "2026-04-07"},
      {"2026-04-06T23:59:59Z", kDay, "2026-04-06"},
      {"2026-04-07T01:30:00+02:00", kDay, "2026-04-06"},
      {"2024-02-29T12:00:00Z", kMonth, "2024-02"},
      {"2026-03-01T00:00:00Z", kMonth, "2026-03"},
      {"2026-12-31T23:59:59Z", kYear, "2026"},
      {"2027-01-01T00:00:00Z", kYear, "2027"},
      {"1969-12-31T23:30:00Z", kHour, "1969-12-31T23"},
      {"1969-12-31T23:30:00Z", kDay, "1969-12-31"},
      {"1969-12-31T23:30:00Z", kMonth, "1969-12"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.at) + " " + GranularityName(c.grain));
    auto w = PartitionContaining(T(c.at), c.grain);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    EXPECT_EQ(w->key, c.key);
    EXPECT_LE(w->start, T(c.at));
    EXPECT_GT(w->end, T(c.at));
  }
  EXPECT_FALSE(PartitionContaining(Timestamp{sys_days{year{10000} / 1 / 1}}, kYear).has_value());
  EXPECT_FALSE(PartitionContaining(Timestamp{sys_days{year{-1} / 12 / 31}}, kDay).has_value());
}

TEST(PartitionKeys, NextAndPreviousAreCalendarSteps) {
  struct Case {
    const char* key;
    Granularity grain;
    const char* next;
    const char* previous;
  };
  const Case cases[] = {
      {"2026-04-07T10", kHour, "2026-04-07T11", "2026-04-07T09"},
      {"2026-04-07T23", kHour, "2026-04-08T00", "2026-04-07T22"},
      {"2026-04-08T00", kHour, "2026-04-08T01", "2026-04-07T23"},
      {"2026-01-01T00", kHour, "2026-01-01T01", "2025-12-31T23"},
      {"2024-02-28", kDay, "2024-02-29", "2024-02-27"},
      {"2024-03-01", kDay, "2024-03-02", "2024-02-29"},
      {"2023-03-01", kDay, "2023-03-02", "2023-02-28"},
      {"2026-04-30", kDay, "2026-05-01", "2026-04-29"},
      {"2026-01-01", kDay, "2026-01-02", "2025-12-31"},
      {"2026-01", kMonth, "2026-02", "2025-12"},
      {"2026-12", kMonth, "2027-01", "2026-11"},
      {"2024-02", kMonth, "2024-03", "2024-01"},
      {"2026", kYear, "2027", "2025"},
      {"2000", kYear, "2001", "1999"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    auto next = NextPartition(c.key, c.grain);
    ASSERT_TRUE(next.has_value()) << next.error().message;
    EXPECT_EQ(next->key, c.next);
    auto previous = PreviousPartition(c.key, c.grain);
    ASSERT_TRUE(previous.has_value()) << previous.error().message;
    EXPECT_EQ(previous->key, c.previous);
    // Neighbours touch: no gap and no overlap.
    auto self = ParsePartitionKey(c.key, c.grain);
    EXPECT_EQ(self->end, next->start);
    EXPECT_EQ(previous->end, self->start);
  }
}

TEST(PartitionKeys, NeighboursStopAtTheYearsKeysCanName) {
  EXPECT_EQ(NextPartition("9999", kYear).error().message,
            "partition key '9999' has no successor: keys end at year 9999");
  EXPECT_FALSE(NextPartition("9999-12", kMonth).has_value());
  EXPECT_FALSE(NextPartition("9999-12-31T23", kHour).has_value());
  EXPECT_EQ(PreviousPartition("0000-01-01", kDay).error().message,
            "partition key '0000-01-01' has no predecessor: keys start at year 0000");
  EXPECT_EQ(PreviousPartition("0001", kYear)->key, "0000");
  EXPECT_EQ(NextPartition("2026-04-7", kDay).error().message,
            "invalid partition key '2026-04-7' for grain day: expected YYYY-MM-DD");
}

TEST(PartitionKeys, RangeIsInclusiveAndInOrder) {
  struct Case {
    const char* from;
    const char* to;
    Granularity grain;
    std::vector<std::string> keys;
  };
  const Case cases[] = {
      {"2026-04-07", "2026-04-07", kDay, {"2026-04-07"}},
      {"2026-04-07T22",
       "2026-04-08T01",
       kHour,
       {"2026-04-07T22", "2026-04-07T23", "2026-04-08T00", "2026-04-08T01"}},
      {"2024-02-27", "2024-03-01", kDay, {"2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"}},
      {"2023-02-27", "2023-03-01", kDay, {"2023-02-27", "2023-02-28", "2023-03-01"}},
      {"2026-11", "2027-02", kMonth, {"2026-11", "2026-12", "2027-01", "2027-02"}},
      {"2024", "2026", kYear, {"2024", "2025", "2026"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + ".." + c.to);
    auto range = PartitionRange(c.from, c.to, c.grain);
    ASSERT_TRUE(range.has_value()) << range.error().message;
    EXPECT_EQ(KeysOf(*range), c.keys);
    for (size_t i = 1; i < range->size(); ++i) EXPECT_EQ((*range)[i - 1].end, (*range)[i].start);
  }
}

TEST(PartitionKeys, RangeErrors) {
  struct Case {
    const char* from;
    const char* to;
    Granularity grain;
    const char* message;
  };
  const Case cases[] = {
      {"2026-04-09", "2026-04-05", kDay, "partition key '2026-04-09' is after '2026-04-05'"},
      {"2026-04-7", "2026-04-09", kDay,
       "invalid partition key '2026-04-7' for grain day: expected YYYY-MM-DD"},
      {"2026-04-01", "2026-04", kDay,
       "invalid partition key '2026-04' for grain day: expected YYYY-MM-DD"},
      {"1900-01-01T00", "2026-01-01T00", kHour,
       "the range covers 1104505 hour partitions (1900-01-01T00 through 2026-01-01T00), more "
       "than the limit of 100000"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    auto range = PartitionRange(c.from, c.to, c.grain);
    ASSERT_FALSE(range.has_value());
    EXPECT_EQ(range.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(range.error().message, c.message);
  }
}

TEST(PartitionKeys, RangeLimitIsInclusive) {
  // 2000-01-01 plus 99,999 days is 2273-10-15: exactly 100,000 day partitions.
  auto at_limit = PartitionRange("2000-01-01", "2273-10-15", kDay);
  ASSERT_TRUE(at_limit.has_value()) << at_limit.error().message;
  EXPECT_EQ(static_cast<int64_t>(at_limit->size()), kMaxPartitionsPerSelection);
  EXPECT_FALSE(PartitionRange("2000-01-01", "2273-10-16", kDay).has_value());
}

TEST(PartitionKeys, CoveringIsEveryWindowFromTheOneContainingFrom) {
  struct Case {
    const char* from;
    const char* through;
    Granularity grain;
    std::vector<std::string> keys;
  };
  const Case cases[] = {
      {"2026-04-07T08:15:00Z",
       "2026-04-07T10:05:00Z",
       kHour,
       {"2026-04-07T08", "2026-04-07T09", "2026-04-07T10"}},
      {"2026-04-07T10:00:00Z", "2026-04-07T10:59:59Z", kHour, {"2026-04-07T10"}},
      {"2026-04-06T23:59:59Z", "2026-04-07T00:00:00Z", kHour, {"2026-04-06T23", "2026-04-07T00"}},
      {"2026-03-30T12:00:00Z",
       "2026-04-01T00:00:00Z",
       kDay,
       {"2026-03-30", "2026-03-31", "2026-04-01"}},
      {"2026-04-07T11:00:00Z", "2026-04-07T10:00:00Z", kHour, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + ".." + c.through);
    auto windows = PartitionsCovering(T(c.from), T(c.through), c.grain);
    ASSERT_TRUE(windows.has_value()) << windows.error().message;
    EXPECT_EQ(KeysOf(*windows), c.keys);
  }
  EXPECT_FALSE(PartitionsCovering(T("1900-01-01"), T("2026-04-07"), kHour).has_value());
}

// ---- Selection (§6.2) ----

struct SelectionCase {
  const char* name;
  PartitionFlags flags;
  std::optional<std::string> pipes_key;
  PartitionSelection expected;  // when error is empty
  const char* error = "";
};

PartitionSelection Selection(Kind kind, std::string key = "", std::string from = "",
                             std::string to = "", std::optional<int64_t> lookback = {},
                             bool defaulted = false) {
  PartitionSelection s;
  s.kind = kind;
  s.key = std::move(key);
  s.from = std::move(from);
  s.to = std::move(to);
  s.lookback = lookback;
  s.defaulted = defaulted;
  return s;
}

TEST(PartitionSelectionParse, FlagsBecomeOneSelection) {
  const SelectionCase cases[] = {
      {"no flag is latest", {}, {}, Selection(Kind::kLatest, "", "", "", {}, true)},
      {"pipes key is the default",
       {},
       "2026-04-07",
       Selection(Kind::kPartition, "2026-04-07", "", "", {}, true)},
      {"explicit latest beats pipes", {.latest = true}, "2026-04-07", Selection(Kind::kLatest)},
      {"explicit partition beats pipes",
       {.partition = "2026-04-01"},
       "2026-04-07",
       Selection(Kind::kPartition, "2026-04-01")},
      {"partition", {.partition = "2026-04-07"}, {}, Selection(Kind::kPartition, "2026-04-07")},
      {"range",
       {.from = "2026-04-01", .to = "2026-04-05"},
       {},
       Selection(Kind::kRange, "", "2026-04-01", "2026-04-05")},
      {"one-key range",
       {.from = "2026-04", .to = "2026-04"},
       {},
       Selection(Kind::kRange, "", "2026-04", "2026-04")},
      {"keys of different grains wait for the model's grain",
       {.from = "2026-04-09", .to = "2026-04"},
       {},
       Selection(Kind::kRange, "", "2026-04-09", "2026-04")},
      {"missing with lookback",
       {.missing = true, .lookback = 3},
       {},
       Selection(Kind::kMissing, "", "", "", 3)},
      {"lookback alone keeps the default",
       {.lookback = 2},
       {},
       Selection(Kind::kLatest, "", "", "", 2, true)},
      {"lookback zero",
       {.latest = true, .lookback = 0},
       {},
       Selection(Kind::kLatest, "", "", "", 0)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto sel = ParsePartitionSelection(c.flags, c.pipes_key);
    ASSERT_TRUE(sel.has_value()) << sel.error().message;
    EXPECT_EQ(sel->kind, c.expected.kind);
    EXPECT_EQ(sel->key, c.expected.key);
    EXPECT_EQ(sel->from, c.expected.from);
    EXPECT_EQ(sel->to, c.expected.to);
    EXPECT_EQ(sel->lookback, c.expected.lookback);
    EXPECT_EQ(sel->defaulted, c.expected.defaulted);
  }
}

TEST(PartitionSelectionParse, UsageErrors) {
  const SelectionCase cases[] = {
      {"partition and latest",
       {.partition = "2026-04-07", .latest = true},
       {},
       {},
       "--partition and --latest are mutually exclusive"},
      {"partition and range",
       {.partition = "2026-04-07", .from = "2026-04-01", .to = "2026-04-02"},
       {},
       {},
       "--partition and --from are mutually exclusive"},
      {"to and missing",
       {.to = "2026-04-02", .missing = true},
       {},
       {},
       "--to and --missing are mutually exclusive"},
      {"latest and missing",
       {.latest = true, .missing = true},
       {},
       {},
       "--latest and --missing are mutually exclusive"},
      {"everything names the first two",
       {.partition = "2026-04-07", .latest = true, .missing = true},
       {},
       {},
       "--partition and --latest are mutually exclusive"},
      {"from alone", {.from = "2026-04-01"}, {}, {}, "--from needs --to"},
      {"to alone", {.to = "2026-04-01"}, {}, {}, "--to needs --from"},
      {"from after to",
       {.from = "2026-04-09", .to = "2026-04-05"},
       {},
       {},
       "--from 2026-04-09 is after --to 2026-04-05"},
      {"hour from after to",
       {.from = "2026-04-06T00", .to = "2026-04-05T23"},
       {},
       {},
       "--from 2026-04-06T00 is after --to 2026-04-05T23"},
      {"year from after to",
       {.from = "2027", .to = "2026"},
       {},
       {},
       "--from 2027 is after --to 2026"},
      {"negative lookback", {.lookback = -1}, {}, {}, "--lookback must be at least 0, got -1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto sel = ParsePartitionSelection(c.flags, c.pipes_key);
    ASSERT_FALSE(sel.has_value());
    EXPECT_EQ(sel.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(sel.error().message, c.error);
  }
}

// ---- Planning (§6.2) ----

TimeIntervalStrategy Strategy(Granularity g, int64_t lookback = 0, int64_t batch_size = 1,
                              std::optional<std::string> first_partition = {}) {
  TimeIntervalStrategy s;
  s.time_column = "ts";
  s.granularity = g;
  s.lookback = lookback;
  s.batch_size = batch_size;
  s.first_partition = std::move(first_partition);
  return s;
}

PartitionSelection Partition(std::string key, std::optional<int64_t> lookback = {}) {
  return Selection(Kind::kPartition, std::move(key), "", "", lookback);
}
PartitionSelection Range(std::string from, std::string to, std::optional<int64_t> lookback = {}) {
  return Selection(Kind::kRange, "", std::move(from), std::move(to), lookback);
}
PartitionSelection Latest(std::optional<int64_t> lookback = {}) {
  return Selection(Kind::kLatest, "", "", "", lookback);
}
PartitionSelection Missing(std::optional<int64_t> lookback = {}) {
  return Selection(Kind::kMissing, "", "", "", lookback);
}

struct PlanCase {
  const char* name;
  TimeIntervalStrategy strategy;
  PartitionSelection selection;
  const char* now;
  std::set<std::string> computed;
  std::vector<std::string> batches;
};

class PartitionPlanCases : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PartitionPlanCases, Plans) {
  const auto& c = GetParam();
  auto plan = PlanPartitions(c.strategy, c.selection, T(c.now), c.computed, "orders");
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ(Describe(*plan), c.batches);
}

const char* const kNow = "2026-04-07T10:30:00Z";

INSTANTIATE_TEST_SUITE_P(
    Partition, PartitionPlanCases,
    ::testing::Values(
        // Latest: the partition containing now, for each grain.
        PlanCase{"LatestDay",
                 Strategy(kDay),
                 Latest(),
                 kNow,
                 {},
                 {"2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"LatestHour",
                 Strategy(kHour),
                 Latest(),
                 kNow,
                 {},
                 {"2026-04-07T10 [2026-04-07 10:00:00, 2026-04-07 11:00:00)"}},
        PlanCase{"LatestMonthLeapFebruary",
                 Strategy(kMonth),
                 Latest(),
                 "2024-02-15T00:00:00Z",
                 {},
                 {"2024-02 [2024-02-01 00:00:00, 2024-03-01 00:00:00)"}},
        PlanCase{"LatestYear",
                 Strategy(kYear),
                 Latest(),
                 kNow,
                 {},
                 {"2026 [2026-01-01 00:00:00, 2027-01-01 00:00:00)"}},
        PlanCase{"LatestWithStrategyLookback",
                 Strategy(kDay, 2),
                 Latest(),
                 kNow,
                 {},
                 {"2026-04-05 [2026-04-05 00:00:00, 2026-04-06 00:00:00)",
                  "2026-04-06 [2026-04-06 00:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        // One key; computed keys do not matter outside --missing.
        PlanCase{"PartitionIgnoresComputed",
                 Strategy(kDay),
                 Partition("2026-01-15"),
                 kNow,
                 {"2026-01-15"},
                 {"2026-01-15 [2026-01-15 00:00:00, 2026-01-16 00:00:00)"}},
        PlanCase{"FuturePartition",
                 Strategy(kDay),
                 Partition("2026-05-01"),
                 kNow,
                 {},
                 {"2026-05-01 [2026-05-01 00:00:00, 2026-05-02 00:00:00)"}},
        // Lookback across month, year, leap-day and day boundaries.
        PlanCase{"LookbackAcrossMonthEnd",
                 Strategy(kDay, 2),
                 Partition("2026-04-01"),
                 kNow,
                 {},
                 {"2026-03-30 [2026-03-30 00:00:00, 2026-03-31 00:00:00)",
                  "2026-03-31 [2026-03-31 00:00:00, 2026-04-01 00:00:00)",
                  "2026-04-01 [2026-04-01 00:00:00, 2026-04-02 00:00:00)"}},
        PlanCase{"FlagLookbackOverridesStrategy",
                 Strategy(kDay, 3),
                 Partition("2026-03-01", 1),
                 kNow,
                 {},
                 {"2026-02-28 [2026-02-28 00:00:00, 2026-03-01 00:00:00)",
                  "2026-03-01 [2026-03-01 00:00:00, 2026-03-02 00:00:00)"}},
        PlanCase{"FlagLookbackZeroOverridesStrategy",
                 Strategy(kDay, 3),
                 Partition("2026-03-01", 0),
                 kNow,
                 {},
                 {"2026-03-01 [2026-03-01 00:00:00, 2026-03-02 00:00:00)"}},
        PlanCase{"LookbackAcrossLeapDay",
                 Strategy(kDay),
                 Partition("2024-03-01", 2),
                 kNow,
                 {},
                 {"2024-02-28 [2024-02-28 00:00:00, 2024-02-29 00:00:00)",
                  "2024-02-29 [2024-02-29 00:00:00, 2024-03-01 00:00:00)",
                  "2024-03-01 [2024-03-01 00:00:00, 2024-03-02 00:00:00)"}},
        PlanCase{"HourLookbackAcrossMidnight",
                 Strategy(kHour, 3),
                 Partition("2026-04-07T01"),
                 kNow,
                 {},
                 {"2026-04-06T22 [2026-04-06 22:00:00, 2026-04-06 23:00:00)",
                  "2026-04-06T23 [2026-04-06 23:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07T00 [2026-04-07 00:00:00, 2026-04-07 01:00:00)",
                  "2026-04-07T01 [2026-04-07 01:00:00, 2026-04-07 02:00:00)"}},
        PlanCase{"MonthLookbackAcrossYear",
                 Strategy(kMonth, 2),
                 Partition("2026-01"),
                 kNow,
                 {},
                 {"2025-11 [2025-11-01 00:00:00, 2025-12-01 00:00:00)",
                  "2025-12 [2025-12-01 00:00:00, 2026-01-01 00:00:00)",
                  "2026-01 [2026-01-01 00:00:00, 2026-02-01 00:00:00)"}},
        PlanCase{"YearLookback",
                 Strategy(kYear, 1),
                 Partition("2025"),
                 kNow,
                 {},
                 {"2024 [2024-01-01 00:00:00, 2025-01-01 00:00:00)",
                  "2025 [2025-01-01 00:00:00, 2026-01-01 00:00:00)"}},
        PlanCase{"LookbackStopsAtYearZero",
                 Strategy(kYear, 5),
                 Partition("0001"),
                 kNow,
                 {},
                 {"0000 [0000-01-01 00:00:00, 0001-01-01 00:00:00)",
                  "0001 [0001-01-01 00:00:00, 0002-01-01 00:00:00)"}},
        // Ranges, with lookback before the earliest key.
        PlanCase{"RangeWithLookback",
                 Strategy(kDay),
                 Range("2026-04-03", "2026-04-05", 2),
                 kNow,
                 {},
                 {"2026-04-01 [2026-04-01 00:00:00, 2026-04-02 00:00:00)",
                  "2026-04-02 [2026-04-02 00:00:00, 2026-04-03 00:00:00)",
                  "2026-04-03 [2026-04-03 00:00:00, 2026-04-04 00:00:00)",
                  "2026-04-04 [2026-04-04 00:00:00, 2026-04-05 00:00:00)",
                  "2026-04-05 [2026-04-05 00:00:00, 2026-04-06 00:00:00)"}},
        // Batches: at most batch_size keys, split at the size and at gaps.
        PlanCase{"BatchesSplitAtBatchSize",
                 Strategy(kDay, 0, 3),
                 Range("2026-04-01", "2026-04-07"),
                 kNow,
                 {},
                 {"2026-04-01+2026-04-02+2026-04-03 [2026-04-01 00:00:00, 2026-04-04 00:00:00)",
                  "2026-04-04+2026-04-05+2026-04-06 [2026-04-04 00:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"BatchCrossesMidnight",
                 Strategy(kHour, 0, 24),
                 Range("2026-04-06T22", "2026-04-07T01"),
                 kNow,
                 {},
                 {"2026-04-06T22+2026-04-06T23+2026-04-07T00+2026-04-07T01 "
                  "[2026-04-06 22:00:00, 2026-04-07 02:00:00)"}},
        PlanCase{"MonthBatchesAreCalendarMonths",
                 Strategy(kMonth, 0, 2),
                 Range("2024-01", "2024-03"),
                 kNow,
                 {},
                 {"2024-01+2024-02 [2024-01-01 00:00:00, 2024-03-01 00:00:00)",
                  "2024-03 [2024-03-01 00:00:00, 2024-04-01 00:00:00)"}},
        PlanCase{"YearBatch",
                 Strategy(kYear, 0, 10),
                 Range("2020", "2022"),
                 kNow,
                 {},
                 {"2020+2021+2022 [2020-01-01 00:00:00, 2023-01-01 00:00:00)"}},
        PlanCase{"BatchIncludesLookback",
                 Strategy(kDay, 1, 7),
                 Partition("2026-03-01"),
                 kNow,
                 {},
                 {"2026-02-28+2026-03-01 [2026-02-28 00:00:00, 2026-03-02 00:00:00)"}},
        // --missing: first_partition through now, minus computed keys.
        PlanCase{"MissingEverythingWhenNothingComputed",
                 Strategy(kDay, 0, 1, "2026-04-05"),
                 Missing(),
                 kNow,
                 {},
                 {"2026-04-05 [2026-04-05 00:00:00, 2026-04-06 00:00:00)",
                  "2026-04-06 [2026-04-06 00:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"MissingSkipsComputed",
                 Strategy(kDay, 0, 1, "2026-04-01"),
                 Missing(),
                 kNow,
                 {"2026-04-02", "2026-04-03", "2026-04-05", "2026-03-31", "2026-04-08"},
                 {"2026-04-01 [2026-04-01 00:00:00, 2026-04-02 00:00:00)",
                  "2026-04-04 [2026-04-04 00:00:00, 2026-04-05 00:00:00)",
                  "2026-04-06 [2026-04-06 00:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"MissingBatchesBreakAtComputedGaps",
                 Strategy(kDay, 0, 3, "2026-04-01"),
                 Missing(),
                 kNow,
                 {"2026-04-02", "2026-04-03", "2026-04-05"},
                 {"2026-04-01 [2026-04-01 00:00:00, 2026-04-02 00:00:00)",
                  "2026-04-04 [2026-04-04 00:00:00, 2026-04-05 00:00:00)",
                  "2026-04-06+2026-04-07 [2026-04-06 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"MissingLookbackRecomputesBeforeEarliestMissing",
                 Strategy(kDay, 0, 2, "2026-04-01"),
                 Missing(2),
                 kNow,
                 {"2026-04-01", "2026-04-02", "2026-04-03", "2026-04-05"},
                 {"2026-04-02+2026-04-03 [2026-04-02 00:00:00, 2026-04-04 00:00:00)",
                  "2026-04-04 [2026-04-04 00:00:00, 2026-04-05 00:00:00)",
                  "2026-04-06+2026-04-07 [2026-04-06 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"MissingLookbackOverlapsSelectionWithoutDuplicates",
                 Strategy(kDay, 0, 1, "2026-04-05"),
                 Missing(3),
                 kNow,
                 {"2026-04-05"},
                 {"2026-04-03 [2026-04-03 00:00:00, 2026-04-04 00:00:00)",
                  "2026-04-04 [2026-04-04 00:00:00, 2026-04-05 00:00:00)",
                  "2026-04-05 [2026-04-05 00:00:00, 2026-04-06 00:00:00)",
                  "2026-04-06 [2026-04-06 00:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07 [2026-04-07 00:00:00, 2026-04-08 00:00:00)"}},
        PlanCase{"MissingHourAcrossMidnight",
                 Strategy(kHour, 0, 4, "2026-04-06T22"),
                 Missing(),
                 "2026-04-07T02:10:00Z",
                 {"2026-04-07T00"},
                 {"2026-04-06T22+2026-04-06T23 [2026-04-06 22:00:00, 2026-04-07 00:00:00)",
                  "2026-04-07T01+2026-04-07T02 [2026-04-07 01:00:00, 2026-04-07 03:00:00)"}},
        PlanCase{"MissingMonthsThroughNow",
                 Strategy(kMonth, 0, 12, "2025-11"),
                 Missing(),
                 kNow,
                 {"2026-01"},
                 {"2025-11+2025-12 [2025-11-01 00:00:00, 2026-01-01 00:00:00)",
                  "2026-02+2026-03+2026-04 [2026-02-01 00:00:00, 2026-05-01 00:00:00)"}},
        PlanCase{"MissingAllComputedIsEmptyEvenWithLookback",
                 Strategy(kDay, 2, 1, "2026-04-06"),
                 Missing(),
                 kNow,
                 {"2026-04-06", "2026-04-07"},
                 {}},
        PlanCase{"MissingFirstPartitionInTheFutureIsEmpty",
                 Strategy(kDay, 0, 1, "2026-05-01"),
                 Missing(),
                 kNow,
                 {},
                 {}}),
    [](const ::testing::TestParamInfo<PlanCase>& info) { return std::string(info.param.name); });

TEST(PartitionPlan, Errors) {
  struct Case {
    const char* name;
    TimeIntervalStrategy strategy;
    PartitionSelection selection;
    const char* now;
    ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
      {"non-canonical key", Strategy(kDay), Partition("2026-04-7"), kNow, ErrorKind::kUsage,
       "invalid partition key '2026-04-7' for grain day: expected YYYY-MM-DD"},
      {"key of another grain", Strategy(kHour), Partition("2026-04-07"), kNow, ErrorKind::kUsage,
       "invalid partition key '2026-04-07' for grain hour: expected YYYY-MM-DDTHH"},
      {"range key of another grain", Strategy(kMonth), Range("2026-04", "2026-05-01"), kNow,
       ErrorKind::kUsage, "invalid partition key '2026-05-01' for grain month: expected YYYY-MM"},
      {"from after to", Strategy(kDay), Range("2026-04-09", "2026-04-05"), kNow, ErrorKind::kUsage,
       "--from 2026-04-09 is after --to 2026-04-05"},
      {"missing without first_partition", Strategy(kDay), Missing(), kNow, ErrorKind::kUsage,
       "--missing requires first_partition in the strategy of model 'orders'"},
      {"missing with a bad first_partition", Strategy(kDay, 0, 1, "2026-04"), Missing(), kNow,
       ErrorKind::kConfig,
       "invalid first_partition '2026-04' of model 'orders': expected YYYY-MM-DD"},
      {"hourly since 1900", Strategy(kHour, 0, 1, "1900-01-01T00"), Missing(), kNow,
       ErrorKind::kUsage,
       "the selection for model 'orders' covers 1106819 hour partitions (1900-01-01T00 through "
       "2026-04-07T10), more than the limit of 100000"},
      {"lookback past the limit", Strategy(kDay), Partition("2026-04-07", 100000), kNow,
       ErrorKind::kUsage,
       "the selection for model 'orders' covers 1 day partition (2026-04-07 through 2026-04-07) "
       "plus a lookback of 100000, more than the limit of 100000"},
      {"absurd lookback does not overflow", Strategy(kDay), Latest(INT64_MAX), kNow,
       ErrorKind::kUsage,
       "the selection for model 'orders' covers 1 day partition (2026-04-07 through 2026-04-07) "
       "plus a lookback of 9223372036854775807, more than the limit of 100000"},
      {"negative strategy lookback", Strategy(kDay, -1), Latest(), kNow, ErrorKind::kConfig,
       "lookback of model 'orders' must be at least 0, got -1"},
      {"zero batch size", Strategy(kDay, 0, 0), Latest(), kNow, ErrorKind::kConfig,
       "batch_size of model 'orders' must be at least 1, got 0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto plan = PlanPartitions(c.strategy, c.selection, T(c.now), {}, "orders");
    ASSERT_FALSE(plan.has_value());
    EXPECT_EQ(plan.error().kind, c.kind);
    EXPECT_EQ(plan.error().message, c.message);
  }
}

TEST(PartitionPlan, KeyErrorsNameTheModelInTheirContext) {
  auto plan = PlanPartitions(Strategy(kDay), Partition("2026-04-7"), T(kNow), {}, "orders");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().context,
            std::vector<std::string>{"while selecting partitions of model 'orders'"});
}

TEST(PartitionPlan, LimitCountsLookbackAndIsInclusive) {
  auto plan = PlanPartitions(Strategy(kDay), Partition("2026-04-07", 99999), T(kNow), {}, "m");
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ(static_cast<int64_t>(plan->size()), kMaxPartitionsPerSelection);
  EXPECT_EQ(plan->back().key, "2026-04-07");
}

TEST(PartitionPlan, ParsedSelectionsResolvePerModelGrain) {
  // The Dagster Pipes key is the default; it must fit each model's grain.
  auto sel = ParsePartitionSelection({}, std::string("2026-04-05"));
  ASSERT_TRUE(sel.has_value());
  auto day = PlanPartitions(Strategy(kDay), *sel, T(kNow), {}, "daily");
  ASSERT_TRUE(day.has_value()) << day.error().message;
  EXPECT_EQ(Describe(*day),
            std::vector<std::string>{"2026-04-05 [2026-04-05 00:00:00, 2026-04-06 00:00:00)"});
  auto hour = PlanPartitions(Strategy(kHour), *sel, T(kNow), {}, "hourly");
  ASSERT_FALSE(hour.has_value());
  EXPECT_EQ(hour.error().message,
            "invalid partition key '2026-04-05' for grain hour: expected YYYY-MM-DDTHH");

  // Keys of different shapes pass parsing and fail against the grain.
  auto mixed = ParsePartitionSelection({.from = "2026-04-09", .to = "2026-04"});
  ASSERT_TRUE(mixed.has_value());
  auto plan = PlanPartitions(Strategy(kDay), *mixed, T(kNow), {}, "daily");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().message,
            "invalid partition key '2026-04' for grain day: expected YYYY-MM-DD");
}

// ---- Microbatch (§6.5) ----

MicrobatchStrategy Micro(Granularity g = kHour, int64_t lookback = 0,
                         std::optional<std::string> first_partition = {}) {
  MicrobatchStrategy s;
  s.timestamp_column = "ts";
  s.granularity = g;
  s.lookback = lookback;
  s.first_partition = std::move(first_partition);
  return s;
}

TEST(PartitionMicrobatch, Plans) {
  PartitionSelection by_default = Selection(Kind::kLatest, "", "", "", {}, true);
  PartitionSelection pipes_default = Selection(Kind::kPartition, "2026-04-01", "", "", {}, true);
  struct Case {
    const char* name;
    MicrobatchStrategy strategy;
    PartitionSelection selection;
    std::optional<Timestamp> watermark;
    std::set<std::string> computed;
    std::vector<std::string> keys;
  };
  const Case cases[] = {
      {"default runs watermark through now",
       Micro(),
       by_default,
       T("2026-04-07T07:45:00Z"),
       {},
       {"2026-04-07T07", "2026-04-07T08", "2026-04-07T09", "2026-04-07T10"}},
      {"pipes key is ignored by microbatch",
       Micro(),
       pipes_default,
       T("2026-04-07T09:00:00Z"),
       {},
       {"2026-04-07T09", "2026-04-07T10"}},
      {"default with strategy lookback",
       Micro(kHour, 1),
       by_default,
       T("2026-04-07T09:59:59Z"),
       {},
       {"2026-04-07T08", "2026-04-07T09", "2026-04-07T10"}},
      {"watermark across midnight, day grain",
       Micro(kDay),
       by_default,
       T("2026-03-30T12:00:00Z"),
       {},
       {"2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04",
        "2026-04-05", "2026-04-06", "2026-04-07"}},
      {"no watermark is the latest", Micro(), by_default, std::nullopt, {}, {"2026-04-07T10"}},
      {"watermark after now counts as now",
       Micro(),
       by_default,
       T("2026-04-08T00:00:00Z"),
       {},
       {"2026-04-07T10"}},
      {"explicit partition ignores the watermark",
       Micro(),
       Partition("2026-04-01T05"),
       T("2026-04-07T07:45:00Z"),
       {},
       {"2026-04-01T05"}},
      {"explicit latest ignores the watermark",
       Micro(),
       Latest(),
       T("2026-04-07T07:45:00Z"),
       {},
       {"2026-04-07T10"}},
      {"missing",
       Micro(kHour, 0, "2026-04-07T08"),
       Missing(),
       std::nullopt,
       {"2026-04-07T09"},
       {"2026-04-07T08", "2026-04-07T10"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto plan = PlanPartitions(c.strategy, c.selection, T(kNow), c.watermark, c.computed, "events");
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    std::vector<std::string> keys;
    for (const auto& b : *plan) {
      EXPECT_TRUE(b.batched_with.empty());
      keys.push_back(b.key);
    }
    EXPECT_EQ(keys, c.keys);
  }
}

TEST(PartitionMicrobatch, OldWatermarkHitsTheLimit) {
  auto plan = PlanPartitions(Micro(), Selection(Kind::kLatest, "", "", "", {}, true), T(kNow),
                             T("2000-01-01T00:00:00Z"), {}, "events");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().kind, ErrorKind::kUsage);
  EXPECT_NE(plan.error().message.find("more than the limit of 100000"), std::string::npos);
}

// ---- Output ----

TEST(PartitionFormat, WindowBoundsAsSqlLiteralText) {
  struct Case {
    const char* at;
    const char* text;
  };
  const Case cases[] = {
      {"2026-04-07T10:00:00Z", "2026-04-07 10:00:00"},
      {"2026-04-07T00:00:00Z", "2026-04-07 00:00:00"},
      {"1969-12-31T23:59:59Z", "1969-12-31 23:59:59"},
      {"2026-04-07T10:00:00.25Z", "2026-04-07 10:00:00.250000"},
      {"2026-04-07T10:00:00.000001Z", "2026-04-07 10:00:00.000001"},
  };
  for (const auto& c : cases) EXPECT_EQ(SqlTimestampText(T(c.at)), c.text) << c.at;
}

TEST(PartitionFormat, BatchJsonUsesRfc3339AndOmitsEmptyBatchedWith) {
  auto single = PlanPartitions(Strategy(kDay), Partition("2026-04-07"), T(kNow), {}, "m");
  ASSERT_TRUE(single.has_value());
  EXPECT_EQ(single->at(0).ToJson().Dump(),
            R"({"key":"2026-04-07","start":"2026-04-07T00:00:00Z","end":"2026-04-08T00:00:00Z"})");
  EXPECT_EQ(single->at(0).Keys(), std::vector<std::string>{"2026-04-07"});

  auto batched = PlanPartitions(Strategy(kHour, 0, 3), Range("2026-04-06T23", "2026-04-07T01"),
                                T(kNow), {}, "m");
  ASSERT_TRUE(batched.has_value());
  ASSERT_EQ(batched->size(), 1u);
  EXPECT_EQ(batched->at(0).ToJson().Dump(),
            R"({"key":"2026-04-06T23","start":"2026-04-06T23:00:00Z","end":"2026-04-07T02:00:00Z",)"
            R"("batched_with":["2026-04-07T00","2026-04-07T01"]})");
  EXPECT_EQ(batched->at(0).Keys(),
            (std::vector<std::string>{"2026-04-06T23", "2026-04-07T00", "2026-04-07T01"}));
}

}  // namespace
}  // namespace rocky::project
