#include "replication/manual_discovery.h"

#include <algorithm>

#include "base/strings.h"

namespace rocky::replication {

Result<std::vector<sdk::DiscoveredSource>> ManualDiscovery::Discover(std::string_view schema_prefix,
                                                                    std::string_view) {
  std::vector<sdk::DiscoveredSource> out;
  for (const auto& s : schemas_) {
    if (!StartsWith(s.name, schema_prefix)) continue;
    sdk::DiscoveredSource src{s.name, s.name, "manual", std::nullopt, {}};
    std::vector<std::string> tables = s.tables;
    std::sort(tables.begin(), tables.end());
    for (auto& t : tables) src.tables.push_back({std::move(t), std::nullopt});
    out.push_back(std::move(src));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace rocky::replication
