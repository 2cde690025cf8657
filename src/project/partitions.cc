#include "project/partitions.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

namespace rocky::project {

namespace {

using namespace std::chrono;

constexpr int kMinYear = 0;
constexpr int kMaxYear = 9999;

// The first instant no key can name: 10000-01-01T00:00:00Z.
constexpr sys_days kPastLastKey = sys_days{year{kMaxYear + 1} / January / 1};
constexpr sys_days kFirstKey = sys_days{year{kMinYear} / January / 1};

int YearOf(sys_days d) { return static_cast<int>(year_month_day{d}.year()); }

// The ordinal of the partition containing `t`; `t` must lie within the years 0000–9999.
int64_t OrdinalAt(Timestamp t, Granularity g) {
  switch (g) {
    case Granularity::kHour:
      return floor<hours>(t).time_since_epoch().count();
    case Granularity::kDay:
      return floor<days>(t).time_since_epoch().count();
    case Granularity::kMonth: {
      year_month_day ymd{floor<days>(t)};
      return int64_t{static_cast<int>(ymd.year())} * 12 + static_cast<unsigned>(ymd.month()) - 1;
    }
    case Granularity::kYear:
      return YearOf(floor<days>(t));
  }
  return 0;
}

Timestamp StartOf(int64_t ordinal, Granularity g) {
  switch (g) {
    case Granularity::kHour:
      return sys_time<hours>{hours{ordinal}};
    case Granularity::kDay:
      return sys_days{days{ordinal}};
    case Granularity::kMonth:
      return sys_days{year{static_cast<int>(ordinal / 12)} /
                      month{static_cast<unsigned>(ordinal % 12 + 1)} / 1};
    case Granularity::kYear:
      return sys_days{year{static_cast<int>(ordinal)} / January / 1};
  }
  return {};
}

int64_t MinOrdinal(Granularity g) { return OrdinalAt(kFirstKey, g); }
int64_t MaxOrdinal(Granularity g) { return OrdinalAt(Timestamp{kPastLastKey} - hours{1}, g); }

std::string KeyOf(int64_t ordinal, Granularity g) {
  Timestamp start = StartOf(ordinal, g);
  auto day = floor<days>(start);
  year_month_day ymd{day};
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month());
  unsigned d = static_cast<unsigned>(ymd.day());
  switch (g) {
    case Granularity::kHour:
      return fmt::format("{:04}-{:02}-{:02}T{:02}", y, m, d, floor<hours>(start - day).count());
    case Granularity::kDay:
      return fmt::format("{:04}-{:02}-{:02}", y, m, d);
    case Granularity::kMonth:
      return fmt::format("{:04}-{:02}", y, m);
    case Granularity::kYear:
      return fmt::format("{:04}", y);
  }
  return {};
}

PartitionWindow WindowOf(int64_t ordinal, Granularity g) {
  return {KeyOf(ordinal, g), StartOf(ordinal, g), StartOf(ordinal + 1, g)};
}

int Field(std::string_view key, size_t pos, size_t width) {
  int value = 0;
  std::from_chars(key.data() + pos, key.data() + pos + width, value);
  return value;
}

Result<int64_t> KeyOrdinal(std::string_view key, Granularity g) {
  if (!IsCanonicalPartitionKey(key, g))
    return Fail(ErrorKind::kUsage, "invalid partition key '{}' for grain {}: expected {}", key,
                GranularityName(g), PartitionKeyForm(g));
  int y = Field(key, 0, 4);
  unsigned m = g == Granularity::kYear ? 1 : static_cast<unsigned>(Field(key, 5, 2));
  unsigned d = g == Granularity::kYear || g == Granularity::kMonth
                   ? 1
                   : static_cast<unsigned>(Field(key, 8, 2));
  int h = g == Granularity::kHour ? Field(key, 11, 2) : 0;
  return OrdinalAt(sys_days{year{y} / month{m} / day{d}} + hours{h}, g);
}

Result<int64_t> OrdinalContaining(Timestamp t, Granularity g) {
  if (t < kFirstKey || t >= kPastLastKey)
    return Fail(ErrorKind::kInternal,
                "timestamp {} is outside the years 0000-9999 that partition keys can name",
                t.time_since_epoch().count());
  return OrdinalAt(t, g);
}

// Checks that `count` partitions (`first` through `last`) plus a lookback stay within the limit.
Result<void> CheckCount(int64_t count, int64_t lookback, int64_t first, int64_t last, Granularity g,
                        std::string_view what) {
  if (count <= kMaxPartitionsPerSelection && lookback <= kMaxPartitionsPerSelection - count)
    return Ok();
  std::string extra = lookback > 0 ? fmt::format(" plus a lookback of {}", lookback) : "";
  return Fail(Error{
      ErrorKind::kUsage,
      fmt::format("{} covers {} {} partition{} ({} through {}){}, more than the "
                  "limit of {}",
                  what, count, GranularityName(g), count == 1 ? "" : "s", KeyOf(first, g),
                  KeyOf(last, g), extra, kMaxPartitionsPerSelection),
      {},
      "narrow the selection with --partition or --from/--to, or set a later first_partition"});
}

std::vector<PartitionWindow> WindowsOf(int64_t first, int64_t last, Granularity g) {
  std::vector<PartitionWindow> out;
  if (first > last) return out;
  out.reserve(static_cast<size_t>(last - first + 1));
  for (int64_t o = first; o <= last; ++o) out.push_back(WindowOf(o, g));
  return out;
}

// What planning needs from either strategy.
struct Scheme {
  Granularity granularity;
  int64_t lookback;
  int64_t batch_size;
  const std::optional<std::string>& first_partition;
};

std::string ModelContext(std::string_view model) {
  return fmt::format("while selecting partitions of model '{}'", model);
}

// The selected ordinals [first, last]; `first > last` selects nothing.
struct Span {
  int64_t first;
  int64_t last;
  bool skip_computed = false;
};

Result<Span> SelectedSpan(const Scheme& s, const PartitionSelection& sel, Timestamp now,
                          std::string_view model) {
  Granularity g = s.granularity;
  auto now_ordinal = OrdinalContaining(now, g);
  if (!now_ordinal) return Fail(std::move(now_ordinal.error()).With(ModelContext(model)));
  switch (sel.kind) {
    case PartitionSelection::Kind::kPartition: {
      auto o = KeyOrdinal(sel.key, g);
      if (!o) return Fail(std::move(o.error()).With(ModelContext(model)));
      return Span{*o, *o};
    }
    case PartitionSelection::Kind::kRange: {
      auto from = KeyOrdinal(sel.from, g);
      if (!from) return Fail(std::move(from.error()).With(ModelContext(model)));
      auto to = KeyOrdinal(sel.to, g);
      if (!to) return Fail(std::move(to.error()).With(ModelContext(model)));
      if (*from > *to)
        return Fail(ErrorKind::kUsage, "--from {} is after --to {}", sel.from, sel.to);
      return Span{*from, *to};
    }
    case PartitionSelection::Kind::kLatest:
      return Span{*now_ordinal, *now_ordinal};
    case PartitionSelection::Kind::kMissing: {
      if (!s.first_partition)
        return Fail(ErrorKind::kUsage,
                    "--missing requires first_partition in the strategy of "
                    "model '{}'",
                    model);
      auto first = KeyOrdinal(*s.first_partition, g);
      if (!first)
        return Fail(ErrorKind::kConfig, "invalid first_partition '{}' of model '{}': expected {}",
                    *s.first_partition, model, PartitionKeyForm(g));
      return Span{*first, *now_ordinal, /*skip_computed=*/true};
    }
  }
  return Span{0, -1};
}

Result<std::vector<PartitionBatch>> PlanSpan(const Scheme& s, const PartitionSelection& sel,
                                             const Span& span,
                                             const std::set<std::string>& computed_keys,
                                             std::string_view model) {
  Granularity g = s.granularity;
  int64_t lookback = sel.lookback.value_or(s.lookback);
  if (lookback < 0)
    return Fail(ErrorKind::kConfig, "lookback of model '{}' must be at least 0, got {}", model,
                lookback);
  if (s.batch_size < 1)
    return Fail(ErrorKind::kConfig, "batch_size of model '{}' must be at least 1, got {}", model,
                s.batch_size);
  if (span.first > span.last) return std::vector<PartitionBatch>{};
  int64_t count = span.last - span.first + 1;
  auto checked = CheckCount(count, lookback, span.first, span.last, g,
                            fmt::format("the selection for model '{}'", model));
  if (!checked) return Fail(std::move(checked.error()));

  std::vector<int64_t> selected;
  selected.reserve(static_cast<size_t>(count));
  for (int64_t o = span.first; o <= span.last; ++o) {
    if (span.skip_computed && computed_keys.contains(KeyOf(o, g))) continue;
    selected.push_back(o);
  }
  if (selected.empty()) return std::vector<PartitionBatch>{};

  std::vector<int64_t> ordinals;
  int64_t earliest = selected.front();
  for (int64_t o = std::max(earliest - lookback, MinOrdinal(g)); o < earliest; ++o)
    ordinals.push_back(o);
  ordinals.insert(ordinals.end(), selected.begin(), selected.end());
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());

  std::vector<PartitionBatch> batches;
  int64_t previous = 0;
  for (int64_t o : ordinals) {
    PartitionWindow w = WindowOf(o, g);
    bool extend = !batches.empty() && o == previous + 1 &&
                  static_cast<int64_t>(batches.back().batched_with.size()) + 1 < s.batch_size;
    if (extend) {
      batches.back().end = w.end;
      batches.back().batched_with.push_back(std::move(w.key));
    } else {
      batches.push_back({std::move(w.key), w.start, w.end, {}});
    }
    previous = o;
  }
  return batches;
}

// The grain for which both keys are canonical, when there is one.
std::optional<Granularity> CommonGrain(std::string_view a, std::string_view b) {
  for (Granularity g :
       {Granularity::kHour, Granularity::kDay, Granularity::kMonth, Granularity::kYear})
    if (IsCanonicalPartitionKey(a, g) && IsCanonicalPartitionKey(b, g)) return g;
  return std::nullopt;
}

}  // namespace

const char* PartitionKeyForm(Granularity g) {
  switch (g) {
    case Granularity::kHour:
      return "YYYY-MM-DDTHH";
    case Granularity::kDay:
      return "YYYY-MM-DD";
    case Granularity::kMonth:
      return "YYYY-MM";
    case Granularity::kYear:
      return "YYYY";
  }
  return "YYYY-MM-DD";
}

Result<PartitionWindow> ParsePartitionKey(std::string_view key, Granularity g) {
  auto o = KeyOrdinal(key, g);
  if (!o) return Fail(std::move(o.error()));
  return WindowOf(*o, g);
}

Result<PartitionWindow> PartitionContaining(Timestamp t, Granularity g) {
  auto o = OrdinalContaining(t, g);
  if (!o) return Fail(std::move(o.error()));
  return WindowOf(*o, g);
}

Result<PartitionWindow> NextPartition(std::string_view key, Granularity g) {
  auto o = KeyOrdinal(key, g);
  if (!o) return Fail(std::move(o.error()));
  if (*o >= MaxOrdinal(g))
    return Fail(ErrorKind::kUsage, "partition key '{}' has no successor: keys end at year {}", key,
                kMaxYear);
  return WindowOf(*o + 1, g);
}

Result<PartitionWindow> PreviousPartition(std::string_view key, Granularity g) {
  auto o = KeyOrdinal(key, g);
  if (!o) return Fail(std::move(o.error()));
  if (*o <= MinOrdinal(g))
    return Fail(ErrorKind::kUsage,
                "partition key '{}' has no predecessor: keys start at year {:04}", key, kMinYear);
  return WindowOf(*o - 1, g);
}

Result<std::vector<PartitionWindow>> PartitionRange(std::string_view from, std::string_view to,
                                                    Granularity g) {
  auto first = KeyOrdinal(from, g);
  if (!first) return Fail(std::move(first.error()));
  auto last = KeyOrdinal(to, g);
  if (!last) return Fail(std::move(last.error()));
  if (*first > *last) return Fail(ErrorKind::kUsage, "partition key '{}' is after '{}'", from, to);
  auto checked = CheckCount(*last - *first + 1, 0, *first, *last, g, "the range");
  if (!checked) return Fail(std::move(checked.error()));
  return WindowsOf(*first, *last, g);
}

Result<std::vector<PartitionWindow>> PartitionsCovering(Timestamp from, Timestamp through,
                                                        Granularity g) {
  auto first = OrdinalContaining(from, g);
  if (!first) return Fail(std::move(first.error()));
  auto last = OrdinalContaining(through, g);
  if (!last) return Fail(std::move(last.error()));
  if (*first > *last) return std::vector<PartitionWindow>{};
  auto checked = CheckCount(*last - *first + 1, 0, *first, *last, g, "the range");
  if (!checked) return Fail(std::move(checked.error()));
  return WindowsOf(*first, *last, g);
}

Result<PartitionSelection> ParsePartitionSelection(
    const PartitionFlags& flags, const std::optional<std::string>& pipes_partition_key) {
  std::vector<const char*> given;
  if (flags.partition) given.push_back("--partition");
  if (flags.from || flags.to) given.push_back(flags.from ? "--from" : "--to");
  if (flags.latest) given.push_back("--latest");
  if (flags.missing) given.push_back("--missing");
  if (given.size() > 1)
    return Fail(ErrorKind::kUsage, "{} and {} are mutually exclusive", given[0], given[1]);
  if (flags.from && !flags.to) return Fail(ErrorKind::kUsage, "--from needs --to");
  if (flags.to && !flags.from) return Fail(ErrorKind::kUsage, "--to needs --from");
  if (flags.lookback && *flags.lookback < 0)
    return Fail(ErrorKind::kUsage, "--lookback must be at least 0, got {}", *flags.lookback);

  PartitionSelection sel;
  sel.lookback = flags.lookback;
  if (flags.partition) {
    sel.kind = PartitionSelection::Kind::kPartition;
    sel.key = *flags.partition;
  } else if (flags.from) {
    // Canonical keys of one grain compare chronologically as text.
    if (CommonGrain(*flags.from, *flags.to) && *flags.from > *flags.to)
      return Fail(ErrorKind::kUsage, "--from {} is after --to {}", *flags.from, *flags.to);
    sel.kind = PartitionSelection::Kind::kRange;
    sel.from = *flags.from;
    sel.to = *flags.to;
  } else if (flags.missing) {
    sel.kind = PartitionSelection::Kind::kMissing;
  } else if (flags.latest) {
    sel.kind = PartitionSelection::Kind::kLatest;
  } else if (pipes_partition_key) {
    sel.kind = PartitionSelection::Kind::kPartition;
    sel.key = *pipes_partition_key;
    sel.defaulted = true;
  } else {
    sel.kind = PartitionSelection::Kind::kLatest;
    sel.defaulted = true;
  }
  return sel;
}

std::vector<std::string> PartitionBatch::Keys() const {
  std::vector<std::string> keys{key};
  keys.insert(keys.end(), batched_with.begin(), batched_with.end());
  return keys;
}

Json PartitionBatch::ToJson() const {
  Json out = Json::Object()
                 .Set("key", key)
                 .Set("start", FormatRfc3339(start))
                 .Set("end", FormatRfc3339(end));
  if (!batched_with.empty()) out.Set("batched_with", Json::ArrayOf(batched_with));
  return out;
}

Result<std::vector<PartitionBatch>> PlanPartitions(const TimeIntervalStrategy& strategy,
                                                   const PartitionSelection& selection,
                                                   Timestamp now,
                                                   const std::set<std::string>& computed_keys,
                                                   std::string_view model_name) {
  Scheme scheme{strategy.granularity, strategy.lookback, strategy.batch_size,
                strategy.first_partition};
  auto span = SelectedSpan(scheme, selection, now, model_name);
  if (!span) return Fail(std::move(span.error()));
  return PlanSpan(scheme, selection, *span, computed_keys, model_name);
}

Result<std::vector<PartitionBatch>> PlanPartitions(const MicrobatchStrategy& strategy,
                                                   const PartitionSelection& selection,
                                                   Timestamp now,
                                                   std::optional<Timestamp> watermark,
                                                   const std::set<std::string>& computed_keys,
                                                   std::string_view model_name) {
  Scheme scheme{strategy.granularity, strategy.lookback, 1, strategy.first_partition};
  PartitionSelection effective = selection;
  if (selection.defaulted) effective.kind = PartitionSelection::Kind::kLatest;
  auto span = SelectedSpan(scheme, effective, now, model_name);
  if (!span) return Fail(std::move(span.error()));
  if (selection.defaulted && watermark) {
    auto first = OrdinalContaining(std::min(*watermark, now), strategy.granularity);
    if (!first) return Fail(std::move(first.error()).With(ModelContext(model_name)));
    span->first = *first;
  }
  return PlanSpan(scheme, selection, *span, computed_keys, model_name);
}

}  // namespace rocky::project
