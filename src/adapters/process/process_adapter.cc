#include "adapters/process/process_adapter.h"

#include <fmt/format.h>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::adapters::process {

const sdk::SqlDialect& AnsiSqlDialect() {
  static const sdk::AnsiDialect dialect;
  return dialect;
}

Error ProcessAdapter::MissingRole(std::string_view role, std::string_view capability) const {
  const std::string& name = client ? client->adapter_name() : manifest.name;
  return Error{ErrorKind::kConfig,
               fmt::format("adapter '{}' (process '{}') cannot be used as {}: its manifest does "
                           "not declare the '{}' capability",
                           name, manifest.name, role, capability),
               {},
               fmt::format("use another adapter for this role, or declare capabilities.{} = true "
                           "in the manifest the adapter returns from initialize",
                           capability)};
}

Result<std::unique_ptr<ProcessAdapter>> OpenProcessAdapter(ProcessOptions options,
                                                           const DialectLookup& dialects) {
  const std::string name = options.adapter_name;
  auto client = ProcessAdapterClient::Start(std::move(options));
  if (!client) return std::unexpected(std::move(client.error()));
  auto manifest = (*client)->Initialize();
  if (!manifest) return std::unexpected(std::move(manifest.error()));

  auto adapter = std::make_unique<ProcessAdapter>();
  adapter->client = std::move(*client);
  adapter->manifest = std::move(*manifest);
  const std::string& dialect_name = adapter->manifest.dialect;
  adapter->dialect =
      dialects ? dialects(dialect_name) : (dialect_name == "ansi" ? &AnsiSqlDialect() : nullptr);
  if (!adapter->dialect)
    return Fail(ErrorKind::kAdapter,
                "adapter '{}' declares dialect '{}', which this build of Rocky does not have", name,
                dialect_name);
  ProcessAdapterClient& c = *adapter->client;
  const sdk::Capabilities& caps = adapter->manifest.capabilities;
  if (caps.warehouse) adapter->warehouse = std::make_unique<ProcessWarehouse>(c, *adapter->dialect);
  if (caps.discovery) adapter->discovery = std::make_unique<ProcessDiscovery>(c);
  if (caps.governance) adapter->governance = std::make_unique<ProcessGovernance>(c);
  if (caps.batch_checks) adapter->batch_checks = std::make_unique<ProcessBatchChecks>(c);
  return adapter;
}

}  // namespace rocky::adapters::process
