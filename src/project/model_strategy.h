#pragma once
// Materialization strategies of models (models.md §5.1) as written in a sidecar's `[strategy]`
// table, and the canonical partition keys of `time_interval` and `microbatch` (§6.1).
//
// A strategy is a tagged variant: `MaterializationStrategy::options` holds one option struct per
// `type`, in the order of `StrategyType`. `ToJson` is the `{type, …options}` object of `compile`
// (cli.md §4): options with defaults always appear, optional ones only when set.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/json.h"

namespace rocky::config {
class TomlTableReader;
}

namespace rocky::project {


enum class Granularity { kHour, kDay, kMonth, kYear };

/// "hour", "day", "month", "year".
const char* GranularityName(Granularity g);
std::optional<Granularity> ParseGranularity(std::string_view name);

/// Whether `key` is the canonical key of a partition of grain `g` (§6.1): hour `YYYY-MM-DDTHH`,
/// day `YYYY-MM-DD`, month `YYYY-MM`, year `YYYY`, strictly zero-padded, naming a real date.
bool IsCanonicalPartitionKey(std::string_view key, Granularity g);

struct FullRefreshStrategy {};

struct IncrementalStrategy {
  std::string timestamp_column;
};

struct MergeStrategy {
  std::vector<std::string> unique_key;                     // non-empty
  std::optional<std::vector<std::string>> update_columns;  // nullopt: every non-key column
};

struct DeleteInsertStrategy {
  std::vector<std::string> partition_by;  // non-empty
};

struct TimeIntervalStrategy {
  std::string time_column;
  Granularity granularity = Granularity::kDay;
  int64_t lookback = 0;
  int64_t batch_size = 1;  // >= 1
  /// As written; checked against the grain by the compiler (E026).
  std::optional<std::string> first_partition;
};

struct MicrobatchStrategy {
  std::string timestamp_column;
  Granularity granularity = Granularity::kHour;
  int64_t lookback = 0;
  std::optional<std::string> first_partition;
};

struct EphemeralStrategy {};
struct ViewStrategy {};
struct MaterializedViewStrategy {};

struct DynamicTableStrategy {
  /// `DOWNSTREAM` or `<n> seconds|minutes|hours|days`, as written.
  std::string target_lag;
  /// nullopt: the adapter's warehouse.
  std::optional<std::string> warehouse;
};

/// The `type` of a strategy; the order matches MaterializationStrategy::Options.
enum class StrategyType {
  kFullRefresh,
  kIncremental,
  kMerge,
  kDeleteInsert,
  kTimeInterval,
  kMicrobatch,
  kEphemeral,
  kView,
  kMaterializedView,
  kDynamicTable,
};

/// "full_refresh", "incremental", … as written in `type`.
const char* StrategyTypeName(StrategyType type);
std::optional<StrategyType> ParseStrategyType(std::string_view name);
/// Every type name, in StrategyType order.
const std::vector<std::string>& StrategyTypeNames();

struct MaterializationStrategy {
  using Options =
      std::variant<FullRefreshStrategy, IncrementalStrategy, MergeStrategy, DeleteInsertStrategy,
                   TimeIntervalStrategy, MicrobatchStrategy, EphemeralStrategy, ViewStrategy,
                   MaterializedViewStrategy, DynamicTableStrategy>;
  Options options;

  StrategyType type() const { return static_cast<StrategyType>(options.index()); }
  const char* TypeName() const { return StrategyTypeName(type()); }
  template <typename T>
  const T* As() const {
    return std::get_if<T>(&options);
  }
  /// `{type, …options}` (cli.md §4 `compile`).
  Json ToJson() const;
  bool operator==(const MaterializationStrategy& other) const { return ToJson() == other.ToJson(); }
};

/// Whether `lag` is a valid dynamic-table target lag: `DOWNSTREAM` or `<n> <unit>` with n ≥ 1
/// and unit seconds|minutes|hours|days (case-insensitive).
bool IsValidTargetLag(std::string_view lag);

/// Reads a `[strategy]` table: `type` is required and only its options are declared, so an
/// option of another type is an unknown key. Column names are checked as SQL identifiers.
/// Problems are recorded on the reader's document; nullopt when the strategy is unusable.
std::optional<MaterializationStrategy> ReadStrategy(config::TomlTableReader& table);

}  // namespace rocky::project
