#pragma once
// Partitions of `time_interval` and `microbatch` models (models.md §6): canonical keys and their
// UTC windows (§6.1), the selection given to `run` (§6.2, cli.md §3) and the batches planned for
// one model. Everything here is pure: the clock, the computed keys of the state store and the
// microbatch watermark are inputs.
//
// Internally a key is an ordinal on its grain (hours or days since 1970-01-01, months since year
// 0, the year itself), so neighbours, ranges and gaps are integer arithmetic. Keys name the years
// 0000 through 9999, all that the four-digit canonical form can write.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/json.h"
#include "base/time.h"
#include "project/model_strategy.h"

namespace rocky::project {

/// The most partitions one selection may cover, lookback included. An hour grain from 1900 to
/// now (over a million partitions) is a mistake, not a backfill plan; larger selections fail.
inline constexpr int64_t kMaxPartitionsPerSelection = 100'000;

/// One partition: its canonical key and its UTC window `[start, end)`.
struct PartitionWindow {
  std::string key;
  Timestamp start;  // inclusive
  Timestamp end;    // exclusive

  bool operator==(const PartitionWindow&) const = default;
};

/// The canonical key form of a grain: `YYYY-MM-DDTHH`, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
const char* PartitionKeyForm(Granularity g);

/// The window of a canonical key of grain `g`. Anything else is a kUsage error such as
/// `invalid partition key '2026-04-7' for grain day: expected YYYY-MM-DD`.
Result<PartitionWindow> ParsePartitionKey(std::string_view key, Granularity g);

/// The partition of grain `g` that contains `t`. Fails when `t` is outside the years 0000–9999.
Result<PartitionWindow> PartitionContaining(Timestamp t, Granularity g);

/// The partition right after / right before `key` (calendar steps for month and year). Fails on
/// a non-canonical key or when the neighbour would leave the years 0000–9999.
Result<PartitionWindow> NextPartition(std::string_view key, Granularity g);
Result<PartitionWindow> PreviousPartition(std::string_view key, Granularity g);

/// Every partition from `from` through `to`, both inclusive, in key order. Fails on a
/// non-canonical key, on `from` after `to`, and past kMaxPartitionsPerSelection partitions.
Result<std::vector<PartitionWindow>> PartitionRange(std::string_view from, std::string_view to,
                                                    Granularity g);

/// Every partition from the one containing `from` through the one containing `through`, in key
/// order; empty when `from` falls in a later partition than `through`. This is the microbatch
/// selection (§6.5) with `from` = the watermark and `through` = now. Same limits as
/// PartitionRange.
Result<std::vector<PartitionWindow>> PartitionsCovering(Timestamp from, Timestamp through,
                                                        Granularity g);

/// The partition flags of `run` exactly as given (cli.md §3): unset ones are nullopt / false.
struct PartitionFlags {
  std::optional<std::string> partition;  // --partition K
  std::optional<std::string> from;       // --from A
  std::optional<std::string> to;         // --to B
  bool latest = false;                   // --latest
  bool missing = false;                  // --missing
  std::optional<int64_t> lookback;       // --lookback N
};

/// Which partitions a run builds (§6.2). Keys are checked against a model's grain only when the
/// selection is resolved for that model (PlanPartitions), since models differ in grain.
struct PartitionSelection {
  enum class Kind { kPartition, kRange, kLatest, kMissing };

  Kind kind = Kind::kLatest;
  std::string key;   // kPartition
  std::string from;  // kRange, inclusive
  std::string to;    // kRange, inclusive
  /// `--lookback N`; overrides the strategy's `lookback` when set.
  std::optional<int64_t> lookback;
  /// No selection flag was given: kind is kLatest, or kPartition with the Dagster Pipes
  /// `partition_key`. A microbatch model replaces a defaulted selection by its watermark range.
  bool defaulted = false;

  bool operator==(const PartitionSelection&) const = default;
};

/// Checks the flags and builds the selection. kUsage errors: two selections at once
/// (`--partition and --missing are mutually exclusive`, naming the first two in the order
/// --partition, --from/--to, --latest, --missing), `--from needs --to`, `--to needs --from`,
/// `--from 2026-04-09 is after --to 2026-04-05` (when both are keys of one grain), and a negative
/// `--lookback`. With no selection flag the selection is `pipes_partition_key` when Dagster Pipes
/// supplies one (runtime.md §13), else the latest partition; either way `defaulted` is set.
Result<PartitionSelection> ParsePartitionSelection(
    const PartitionFlags& flags, const std::optional<std::string>& pipes_partition_key = {});

/// One unit of work: a single partition, or a run of consecutive partitions merged by
/// `batch_size`. The window spans the first key's start to the last key's end.
struct PartitionBatch {
  std::string key;  // the first key
  Timestamp start;
  Timestamp end;
  std::vector<std::string> batched_with;  // the other keys, in order

  /// `key` followed by `batched_with`: each gets its own state record (§6.4).
  std::vector<std::string> Keys() const;
  /// `{key, start, end, batched_with*}` with RFC 3339 bounds: a materialization's `partition`
  /// (cli.md §3).
  Json ToJson() const;

  bool operator==(const PartitionBatch&) const = default;
};

/// Resolves `selection` for one time_interval model into batches, in key order (§6.2):
/// - kPartition: that key; kRange: `from` through `to`; kLatest: the partition containing `now`;
/// - kMissing: `first_partition` through the partition containing `now`, minus `computed_keys`
///   (nothing when first_partition is later); without first_partition the kUsage error is
///   `--missing requires first_partition in the strategy of model 'm'`;
/// - lookback (the selection's, else the strategy's) adds the N keys before the earliest selected
///   key (never before year 0000), even computed ones; then keys are sorted and de-duplicated;
/// - `batch_size` > 1 merges runs of consecutive keys into batches of at most batch_size; a gap
///   always starts a new batch.
/// Errors: keys not canonical for the grain (kUsage; kConfig for first_partition), `from` after
/// `to`, and more than kMaxPartitionsPerSelection partitions (selected span plus lookback).
Result<std::vector<PartitionBatch>> PlanPartitions(const TimeIntervalStrategy& strategy,
                                                   const PartitionSelection& selection,
                                                   Timestamp now,
                                                   const std::set<std::string>& computed_keys,
                                                   std::string_view model_name);

/// The same for a microbatch model (§6.5), with batches of one partition. A defaulted selection
/// (no flag, Pipes keys ignored) is every partition from the one containing the stored
/// `watermark` through the one containing `now`; a watermark after now counts as now. Without a
/// watermark the caller bootstraps instead, and a defaulted selection is the latest partition.
Result<std::vector<PartitionBatch>> PlanPartitions(const MicrobatchStrategy& strategy,
                                                   const PartitionSelection& selection,
                                                   Timestamp now,
                                                   std::optional<Timestamp> watermark,
                                                   const std::set<std::string>& computed_keys,
                                                   std::string_view model_name);


}  // namespace rocky::project
