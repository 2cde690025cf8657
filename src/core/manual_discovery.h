#pragma once
// The `manual` source: schemas and tables listed in rocky.toml, discovered without any I/O.

#include <vector>

#include "adapter_sdk/discovery_adapter.h"
#include "core/config.h"

namespace rocky::core {

class ManualDiscovery : public sdk::DiscoveryAdapter {
 public:
  explicit ManualDiscovery(std::vector<ManualSchemaConfig> schemas) : schemas_(std::move(schemas)) {}
  /// Listed schemas that start with the prefix, as sources of type "manual", tables sorted.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  Result<void> Ping() override { return Ok(); }

 private:
  std::vector<ManualSchemaConfig> schemas_;
};

}  // namespace rocky::core
