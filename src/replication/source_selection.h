#pragma once
// From discovered schemas to the sources a replication run works on: parse each schema name with
// the pattern (failures skipped with a warning), apply `--filter key=value`, sort by id.

#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "base/json.h"
#include "config/schema_pattern.h"

namespace rocky::replication {

struct SourceFilter {
  std::string key;
  std::string value;
};

/// Splits at the first `=`; without one: `invalid filter 'x': expected key=value` (kUsage).
Result<SourceFilter> ParseSourceFilter(std::string_view text);
/// The filters as the run output's `filter` string: `k=v` joined with `,` (empty when none).
std::string FilterText(const std::vector<SourceFilter>& filters);

struct SelectedSource {
  sdk::DiscoveredSource source;
  config::ParsedSchema parsed;
};

/// Parses, filters and sorts. `id` matches the source id; another key matches a single-valued
/// component by equality or a multi-valued one by membership; a key that is no component selects
/// nothing and logs a warning (once per key).
std::vector<SelectedSource> SelectSources(const config::SchemaPattern& pattern,
                                          std::vector<sdk::DiscoveredSource> discovered,
                                          const std::vector<SourceFilter>& filters);

/// `{name: "value" | ["v1", "v2"]}` in pattern order.
Json ComponentsJson(const config::ParsedSchema& parsed);

/// `[source_type, component values… (multi-valued flattened), table]`.
std::vector<std::string> ReplicationAssetKey(const SelectedSource& source, std::string_view table);

}  // namespace rocky::replication
