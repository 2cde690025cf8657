#pragma once
// The `manual` source: schemas and tables listed in rocky.toml, discovered without any I/O.

#include <vector>

#include "adapter_sdk/discovery_adapter.h"
#include "config/config.h"

namespace rocky::replication {

class ManualDiscovery : public sdk::DiscoveryAdapter {
 public:
  explicit ManualDiscovery(std::vector<config::ManualSchemaConfig> schemas)
      : schemas_(std::move(schemas)) {}
  /// Listed schemas that start with the prefix, as sources of type "manual", tables sorted.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  Result<void> Ping() override { return Ok(); }

 private:
  std::vector<config::ManualSchemaConfig> schemas_;
};

}  // namespace rocky::replication
