#include "project/model_strategy.h"

#include <fmt/format.h>

#include <charconv>

#include "base/strings.h"
#include "config/toml_document.h"
#include "project/model_toml.h"

namespace rocky::project {

namespace {

const std::vector<std::string>& GranularityNames() {
  static const std::vector<std::string> kNames = {"hour", "day", "month", "year"};
  return kNames;
}

// Parses exactly `width` digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t width, int& out) {
  if (pos + width > s.size()) return false;
  for (size_t i = pos; i < pos + width; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + width, out);
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

Json StringArray(const std::vector<std::string>& values) { return Json::ArrayOf(values); }

}  // namespace

const char* GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kHour:
      return "hour";
    case Granularity::kDay:
      return "day";
    case Granularity::kMonth:
      return "month";
    case Granularity::kYear:
      return "year";
  }
  return "day";
}

std::optional<Granularity> ParseGranularity(std::string_view name) {
  const auto& names = GranularityNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Granularity>(i);
  return std::nullopt;
}

bool IsCanonicalPartitionKey(std::string_view key, Granularity g) {
  static constexpr size_t kLength[] = {13, 10, 7, 4};  // hour, day, month, year
  if (key.size() != kLength[static_cast<int>(g)]) return false;
  int year = 0, month = 1, day = 1, hour = 0;
  if (!Digits(key, 0, 4, year)) return false;
  if (g == Granularity::kYear) return true;
  if (key[4] != '-' || !Digits(key, 5, 2, month) || month < 1 || month > 12) return false;
  if (g == Granularity::kMonth) return true;
  if (key[7] != '-' || !Digits(key, 8, 2, day) || day < 1 || day > DaysInMonth(year, month))
    return false;
  if (g == Granularity::kDay) return true;
  return key[10] == 'T' && Digits(key, 11, 2, hour) && hour <= 23;
}

const std::vector<std::string>& StrategyTypeNames() {
  static const std::vector<std::string> kNames = {
      "full_refresh", "incremental", "merge", "delete_insert",     "time_interval",
      "microbatch",   "ephemeral",   "view",  "materialized_view", "dynamic_table"};
  return kNames;
}

const char* StrategyTypeName(StrategyType type) {
  return StrategyTypeNames()[static_cast<size_t>(type)].c_str();
}

std::optional<StrategyType> ParseStrategyType(std::string_view name) {
  const auto& names = StrategyTypeNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<StrategyType>(i);
  return std::nullopt;
}

Json MaterializationStrategy::ToJson() const {
  Json out = Json::Object().Set("type", TypeName());
  if (auto* s = As<IncrementalStrategy>()) {
    out.Set("timestamp_column", s->timestamp_column);
  } else if (auto* s = As<MergeStrategy>()) {
    out.Set("unique_key", StringArray(s->unique_key));
    if (s->update_columns) out.Set("update_columns", StringArray(*s->update_columns));
  } else if (auto* s = As<DeleteInsertStrategy>()) {
    out.Set("partition_by", StringArray(s->partition_by));
  } else if (auto* s = As<TimeIntervalStrategy>()) {
    out.Set("time_column", s->time_column)
        .Set("granularity", GranularityName(s->granularity))
        .Set("lookback", s->lookback)
        .Set("batch_size", s->batch_size);
    if (s->first_partition) out.Set("first_partition", *s->first_partition);
  } else if (auto* s = As<MicrobatchStrategy>()) {
    out.Set("timestamp_column", s->timestamp_column)
        .Set("granularity", GranularityName(s->granularity))
        .Set("lookback", s->lookback);
    if (s->first_partition) out.Set("first_partition", *s->first_partition);
  } else if (auto* s = As<DynamicTableStrategy>()) {
    out.Set("target_lag", s->target_lag);
    if (s->warehouse) out.Set("warehouse", *s->warehouse);
  }
  return out;
}

bool IsValidTargetLag(std::string_view lag) {
  if (EqualsIgnoreCase(lag, "DOWNSTREAM")) return true;
  size_t space = lag.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  std::string_view count = lag.substr(0, space);
  std::string_view unit = lag.substr(space + 1);
  for (char c : count)
    if (c < '0' || c > '9') return false;
  bool positive = count.find_first_not_of('0') != std::string_view::npos;
  return positive && (EqualsIgnoreCase(unit, "seconds") || EqualsIgnoreCase(unit, "minutes") ||
                      EqualsIgnoreCase(unit, "hours") || EqualsIgnoreCase(unit, "days"));
}

namespace {

// A string column name that must be present and a valid identifier ("" when not).
std::string ColumnKey(config::TomlTableReader& t, std::string_view key, bool& ok) {
  auto v = RequiredIdentifier(t, key);
  if (!v) ok = false;
  return v.value_or("");
}

std::optional<Granularity> ReadGranularity(config::TomlTableReader& t,
                                           std::optional<Granularity> dflt, bool& ok) {
  if (!t.Has("granularity")) {
    if (dflt) {
      t.Declare("granularity");
      return dflt;
    }
    RequireKey(t, "granularity");
    ok = false;
    return std::nullopt;
  }
  auto index = ReadChoice(t, "granularity", GranularityNames());
  if (!index) {
    ok = false;
    return std::nullopt;
  }
  return static_cast<Granularity>(*index);
}

int64_t ReadCount(config::TomlTableReader& t, std::string_view key, int64_t dflt, int64_t min,
                  bool& ok) {
  auto v = t.OptInt(key);
  if (!t.Has(key)) return dflt;
  if (!v) {
    ok = false;
    return dflt;
  }
  if (*v < min) {
    t.TypeError(key, fmt::format("at least {}", min));
    ok = false;
    return dflt;
  }
  return *v;
}

}  // namespace

std::optional<MaterializationStrategy> ReadStrategy(config::TomlTableReader& t) {
  const size_t errors_before = t.document().errors().size();
  auto type_index = [&]() -> std::optional<size_t> {
    if (!t.Has("type")) {
      RequireKey(t, "type");
      return std::nullopt;
    }
    return ReadChoice(t, "type", StrategyTypeNames());
  }();
  if (!type_index) {
    // Declare every option so that the only message is about `type`.
    t.Declare({"timestamp_column", "unique_key", "update_columns", "partition_by", "time_column",
               "granularity", "lookback", "batch_size", "first_partition", "target_lag",
               "warehouse"});
    return std::nullopt;
  }
  bool ok = true;
  MaterializationStrategy out;
  switch (static_cast<StrategyType>(*type_index)) {
    case StrategyType::kFullRefresh:
      out.options = FullRefreshStrategy{};
      break;
    case StrategyType::kIncremental:
      out.options = IncrementalStrategy{ColumnKey(t, "timestamp_column", ok)};
      break;
    case StrategyType::kMerge: {
      MergeStrategy s;
      if (!t.Has("unique_key")) {
        RequireKey(t, "unique_key");
        ok = false;
      } else if (auto keys = OptIdentifierList(t, "unique_key", true)) {
        s.unique_key = std::move(*keys);
      } else {
        ok = false;
      }
      if (t.Has("update_columns")) {
        s.update_columns = OptIdentifierList(t, "update_columns", false);
        if (!s.update_columns) ok = false;
      } else {
        t.Declare("update_columns");
      }
      out.options = std::move(s);
      break;
    }
    case StrategyType::kDeleteInsert: {
      DeleteInsertStrategy s;
      if (!t.Has("partition_by")) {
        RequireKey(t, "partition_by");
        ok = false;
      } else if (auto cols = OptIdentifierList(t, "partition_by", true)) {
        s.partition_by = std::move(*cols);
      } else {
        ok = false;
      }
      out.options = std::move(s);
      break;
    }
    case StrategyType::kTimeInterval: {
      TimeIntervalStrategy s;
      s.time_column = ColumnKey(t, "time_column", ok);
      if (auto g = ReadGranularity(t, std::nullopt, ok)) s.granularity = *g;
      s.lookback = ReadCount(t, "lookback", 0, 0, ok);
      s.batch_size = ReadCount(t, "batch_size", 1, 1, ok);
      s.first_partition = t.OptString("first_partition");
      out.options = std::move(s);
      break;
    }
    case StrategyType::kMicrobatch: {
      MicrobatchStrategy s;
      s.timestamp_column = ColumnKey(t, "timestamp_column", ok);
      if (auto g = ReadGranularity(t, Granularity::kHour, ok)) s.granularity = *g;
      s.lookback = ReadCount(t, "lookback", 0, 0, ok);
      s.first_partition = t.OptString("first_partition");
      out.options = std::move(s);
      break;
    }
    case StrategyType::kEphemeral:
      out.options = EphemeralStrategy{};
      break;
    case StrategyType::kView:
      out.options = ViewStrategy{};
      break;
    case StrategyType::kMaterializedView:
      out.options = MaterializedViewStrategy{};
      break;
    case StrategyType::kDynamicTable: {
      DynamicTableStrategy s;
      if (!t.Has("target_lag")) {
        RequireKey(t, "target_lag");
        ok = false;
      } else if (auto lag = t.OptString("target_lag")) {
        if (IsValidTargetLag(*lag)) {
          s.target_lag = std::move(*lag);
        } else {
          t.Error("target_lag", fmt::format("key 'target_lag' in {} must be 'DOWNSTREAM' or "
                                            "'<n> seconds|minutes|hours|days' (got '{}')",
                                            t.Where(), *lag));
          ok = false;
        }
      } else {
        ok = false;
      }
      if (t.Has("warehouse")) {
        s.warehouse = OptIdentifier(t, "warehouse");
        if (!s.warehouse) ok = false;
      } else {
        t.Declare("warehouse");
      }
      out.options = std::move(s);
      break;
    }
  }
  if (!ok || t.document().errors().size() != errors_before) return std::nullopt;
  return out;
}

}  // namespace rocky::project
