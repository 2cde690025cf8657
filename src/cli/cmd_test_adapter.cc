#include <fmt/format.h>

#include <filesystem>

#include "adapter_sdk/cell_text.h"
#include "adapter_sdk/conformance.h"
#include "adapters/registry.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"

namespace rocky::cli {

namespace {

// The adapter under test: `--command BIN` (a process adapter, with `--adapter-config JSON`), or
// `--adapter NAME` from rocky.toml, or a built-in type with its default config (duckdb:
// in-memory) when no such adapter is configured.
Result<config::AdapterConfig> TargetAdapter(Context& ctx, config::Config& standalone,
                                            const config::Config*& config) {
  const auto name = ctx.args().Get("adapter");
  const auto command = ctx.args().Get("command");
  if (name.has_value() == command.has_value())
    return Fail(ErrorKind::kUsage, "give --adapter NAME or --command BIN (one of them)");
  config::AdapterConfig a;
  if (command) {
    a.name = std::filesystem::path(*command).filename().string();
    a.type = "process";
    a.command = *command;
    a.timeout_secs = 30;
    if (auto t = ctx.args().Get("timeout-secs")) {
      auto secs = sdk::ParseIntCell(*t);
      if (!secs || *secs < 1)
        return Fail(ErrorKind::kUsage, "invalid --timeout-secs '{}': expected seconds (≥ 1)", *t);
      a.timeout_secs = *secs;
    }
    if (auto json = ctx.args().Get("adapter-config")) {
      auto parsed = Json::Parse(*json);
      if (!parsed || !parsed->IsObject())
        return Fail(ErrorKind::kUsage, "invalid --adapter-config: expected a JSON object");
      a.config = std::move(*parsed);
    }
    standalone.adapters.push_back(a);
    config = &standalone;
    return a;
  }
  auto loaded = ctx.Config();
  if (loaded) {
    for (const auto& configured : (*loaded)->adapters)
      if (configured.name == *name) {
        config = *loaded;
        return configured;
      }
  }
  if (*name == "duckdb") {  // a built-in type with its default config
    a.name = a.type = "duckdb";
    standalone.adapters.push_back(a);
    config = &standalone;
    return a;
  }
  if (!loaded) return std::unexpected(loaded.error());
  return Fail(ErrorKind::kConfig, "no adapter '{}' in {}; name one of its [adapter.NAME] tables, "
              "or test a process adapter with --command BIN",
              *name, (*loaded)->path);
}

int RunTestAdapter(Context& ctx) {
  config::Config standalone;
  const config::Config* config = nullptr;
  auto adapter = TargetAdapter(ctx, standalone, config);
  if (!adapter) return ctx.ReportError(adapter.error());
  adapters::AdapterRegistry registry(*config);
  sdk::ConformanceTarget target;
  target.name = adapter->name;
  if (auto warehouse = registry.Warehouse(*adapter)) {
    target.warehouse = *warehouse;
    if (auto caps = registry.CapabilitiesOf(*adapter)) target.capabilities = *caps;
    if (target.capabilities.discovery)
      if (auto d = registry.Discovery(*adapter)) target.discovery = *d;
    if (target.capabilities.governance)
      if (auto g = registry.Governance(*adapter)) target.governance = *g;
    if (target.capabilities.batch_checks)
      if (auto b = registry.BatchChecks(*adapter)) target.batch_checks = *b;
  } else {
    target.open_error = warehouse.error().Text();
  }
  if (auto catalog = ctx.args().Get("catalog")) target.catalog = *catalog;
  const auto results = sdk::RunConformance(target);
  bool failed = false;
  for (const auto& r : results) failed = failed || r.status == "failed";
  if (ctx.json()) ctx.EmitJson("test-adapter", sdk::ConformanceJson(target.name, results));
  else ctx.PrintText(sdk::ConformanceText(target.name, results));
  return failed ? 1 : 0;
}

}  // namespace

const CommandSpec& TestAdapterCommand() {
  static const CommandSpec kSpec{
      .name = "test-adapter",
      .summary = "Run the adapter conformance suite against a live adapter",
      .description =
          "Runs the 26 conformance tests of the adapter SDK against the adapter itself: every\n"
          "test executes (connection, DDL, DML, queries, types, dialect, governance, batch\n"
          "checks, discovery); a capability the adapter does not declare is skipped, and a\n"
          "test whose setup failed is failed. Setup creates a scratch schema\n"
          "rocky_conformance_<hex> (or a rocky_conf_<hex>_ table prefix) and drops it at the end.\n"
          "Exit 1 when any test failed.\n\n"
          "Examples:\n"
          "  rocky test-adapter --adapter duckdb\n"
          "  rocky test-adapter --adapter warehouse -o json\n"
          "  rocky test-adapter --command adapters/foo/rocky-foo --adapter-config '{\"dsn\": \"…\"}'",
      .flags = {{"adapter", 0, "NAME", "an adapter of rocky.toml, or a built-in type (duckdb)"},
                {"command", 0, "BIN", "a process adapter to spawn"},
                {"adapter-config", 0, "JSON", "the config passed to the process adapter's initialize"},
                {"timeout-secs", 0, "N", "per call for --command (default 30)"},
                {"catalog", 0, "C", "where the scratch schema goes (default: the adapter's)"}},
      .config_optional = true,
      .run = &RunTestAdapter,
  };
  return kSpec;
}

}  // namespace rocky::cli
