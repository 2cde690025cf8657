// `rocky seed` (cli.md §5): every CSV file of the seeds folder becomes a typed table in the
// target warehouse. Reading, inference and SQL come from core/csv_seed.h; this file picks the
// adapter and the default catalog, runs each seed as one unit and reports.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "adapters/registry.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "config/config.h"
#include "project/csv_seed.h"
#include "sql/identifier.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// --pipeline P: its target adapter. Otherwise the target adapter the pipelines share; without
// pipelines, the adapter named `default` or the only warehouse adapter.
Result<const config::AdapterConfig*> SeedAdapter(const config::Config& cfg,
                                               const std::optional<std::string>& pipeline) {
  if (pipeline) {
    auto p = config::SelectPipeline(cfg, pipeline, {});
    if (!p) return std::unexpected(p.error());
    return config::ResolveAdapter(cfg, **p, config::AdapterRole::kTarget);
  }
  const config::AdapterConfig* shared = nullptr;
  std::vector<std::string> names;
  bool several = false;
  for (const auto& p : cfg.pipelines) {
    auto a = config::ResolveAdapter(cfg, p, config::AdapterRole::kTarget);
    if (!a) continue;
    names.push_back(p.name);
    if (shared && shared != *a) several = true;
    if (!shared) shared = *a;
  }
  if (several)
    return Fail(ErrorKind::kUsage, "multiple pipelines defined ({}); pass --pipeline NAME",
                Join(names, ", "));
  if (shared) return shared;

  std::vector<const config::AdapterConfig*> warehouses;
  for (const auto& a : cfg.adapters) {
    if (!a.CanBeWarehouse()) continue;
    if (a.name == "default") return &a;
    warehouses.push_back(&a);
  }
  if (warehouses.size() == 1) return warehouses[0];
  if (warehouses.empty())
    return std::unexpected(Error{ErrorKind::kConfig,
                                 "no warehouse adapter to seed into",
                                 {},
                                 "add an [adapter.NAME] with type = \"duckdb\" (or another "
                                 "warehouse) to " +
                                     cfg.path});
  std::vector<std::string> adapter_names;
  for (const auto* a : warehouses) adapter_names.push_back(a->name);
  return std::unexpected(Error{ErrorKind::kUsage,
                               fmt::format("several warehouse adapters ({}) and no pipeline to "
                                           "choose one",
                                           Join(adapter_names, ", ")),
                               {},
                               "name one of them 'default', or pass --pipeline P"});
}

// cli.md §5: the first replication pipeline's catalog_template when it is a plain name, else
// the adapter's own catalog (DuckDB: the database name; Snowflake: `database`), else none.
std::string DefaultCatalog(const config::Config& cfg, const config::AdapterConfig& adapter) {
  for (const auto& p : cfg.pipelines) {
    if (p.type != config::PipelineType::kReplication) continue;
    const std::string& t = p.target.catalog_template;
    if (!t.empty() && t.find('{') == std::string::npos) return t;
    break;
  }
  std::string catalog;
  if (adapter.type == "duckdb")
    catalog = adapter.DuckDbCatalog();
  else if (adapter.database)
    catalog = *adapter.database;
  // A database file whose stem is no identifier is still reachable through two-part names.
  return sql::IsValidIdentifier(catalog) ? catalog : "";
}

struct SeedReport {
  std::string name;
  std::string target;
  int64_t rows = 0;
  int64_t columns = 0;
  int64_t duration_ms = 0;
  std::optional<std::string> error;
};

SeedReport SeedOne(const fs::path& csv, const std::string& default_catalog,
                   const project::SeedOptions& options, sdk::WarehouseAdapter& warehouse) {
  const auto start = std::chrono::steady_clock::now();
  const std::string stem = csv.stem().string();
  SeedReport report;
  report.name = options.name.value_or(stem);
  report.target = sdk::TableRef{options.catalog.value_or(default_catalog),
                                options.schema.value_or(std::string(project::kDefaultSeedSchema)),
                                options.table.value_or(report.name)}
                      .FullName();
  auto fail = [&](const Error& e) {
    report.error = e.Text();
    report.duration_ms = MillisSince(start);
    LogWarn("seed {} failed: {}", report.name, *report.error);
    return report;
  };
  auto seed = project::ReadSeedCsv(csv.string(), options);
  if (!seed) return fail(seed.error());
  const sdk::TableRef target = seed->Target(default_catalog);
  report.target = target.FullName();
  report.columns = static_cast<int64_t>(seed->columns.size());
  auto statements = project::SeedStatements(*seed, warehouse.Dialect(), target);
  if (!statements) return fail(statements.error());
  auto results = warehouse.ExecuteUnit(*statements, /*transactional=*/true);
  if (!results) return fail(results.error());
  // Rows as the warehouse counted them; one that does not count inserted every row or failed.
  int64_t counted = 0;
  bool all_counted = true;
  for (size_t i = 0; i < statements->size() && i < results->size(); ++i) {
    if ((*statements)[i].purpose != "seed_rows") continue;
    if (auto n = (*results)[i].rows_affected)
      counted += *n;
    else
      all_counted = false;
  }
  report.rows = all_counted ? counted : static_cast<int64_t>(seed->rows.size());
  report.duration_ms = MillisSince(start);
  LogInfo("seeded {} row(s) into {}", report.rows, report.target);
  return report;
}

int RunSeed(Context& ctx) {
  const auto start = std::chrono::steady_clock::now();
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;
  auto adapter = SeedAdapter(cfg, ctx.args().Get("pipeline"));
  if (!adapter) return ctx.ReportError(adapter.error());

  const std::string dir = ctx.args().Get("seeds").value_or(cfg.ResolvePath("seeds"));
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return ctx.ReportError(
        Error{ErrorKind::kNotFound,
              fmt::format("seeds directory '{}' not found", dir),
              {},
              "put CSV files in seeds/ next to the config, or pass --seeds DIR"});
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && ToLower(entry.path().extension().string()) == ".csv")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });

  adapters::AdapterRegistry registry(cfg);
  auto warehouse = registry.Warehouse(**adapter);
  if (!warehouse) return ctx.ReportError(warehouse.error());
  const std::string default_catalog = DefaultCatalog(cfg, **adapter);
  const std::optional<std::string> filter = ctx.args().Get("filter");

  std::vector<SeedReport> reports;
  std::vector<std::string> names;
  for (const fs::path& csv : files) {
    // The sidecar may rename the seed, so it is read before the filter applies.
    project::SeedOptions options;
    std::vector<std::string> warnings;
    std::optional<Error> sidecar_error;
    fs::path sidecar = csv;
    sidecar.replace_extension(".toml");
    if (fs::is_regular_file(sidecar, ec)) {
      auto read = project::ReadSeedSidecar(sidecar.string());
      if (read) {
        options = std::move(read->options);
        warnings = std::move(read->warnings);
      } else {
        sidecar_error = read.error();
      }
    }
    const std::string stem = csv.stem().string();
    const std::string name = options.name.value_or(stem);
    names.push_back(name);
    if (filter && *filter != name && *filter != stem) continue;
    for (const auto& w : warnings) LogWarn("{}", w);
    if (sidecar_error) {
      SeedReport failed;
      failed.name = name;
      failed.target =
          sdk::TableRef{default_catalog, std::string(project::kDefaultSeedSchema), name}.FullName();
      failed.error = sidecar_error->Text();
      LogWarn("seed {} failed: {}", name, *failed.error);
      reports.push_back(std::move(failed));
      continue;
    }
    reports.push_back(SeedOne(csv, default_catalog, options, **warehouse));
  }
  if (filter && reports.empty())
    return ctx.ReportError(
        Error{ErrorKind::kNotFound,
              fmt::format("no seed named '{}' in {}", *filter, dir),
              {},
              names.empty() ? "the folder holds no .csv files" : "seeds: " + Join(names, ", ")});
  if (files.empty()) LogWarn("no .csv files in {}", dir);

  int64_t failed = 0;
  for (const auto& r : reports) failed += r.error ? 1 : 0;
  const int64_t loaded = static_cast<int64_t>(reports.size()) - failed;
  const int64_t duration = MillisSince(start);

  if (ctx.json()) {
    Json tables = Json::Array();
    for (const auto& r : reports) {
      Json t = Json::Object()
                   .Set("name", r.name)
                   .Set("target", r.target)
                   .Set("rows", r.rows)
                   .Set("columns", r.columns)
                   .Set("duration_ms", r.duration_ms);
      if (r.error) t.Set("error", *r.error);
      tables.Push(std::move(t));
    }
    ctx.EmitJson("seed", Json::Object()
                             .Set("seeds_dir", dir)
                             .Set("tables_loaded", loaded)
                             .Set("tables_failed", failed)
                             .Set("tables", std::move(tables))
                             .Set("duration_ms", duration));
  } else {
    std::string text = fmt::format("Seeded {} table(s) from {}{} in {} ms\n", loaded, dir,
                                   failed ? fmt::format(", {} failed", failed) : "", duration);
    TextTable table({"SEED", "TARGET", "ROWS", "COLUMNS", "TIME"});
    for (const auto& r : reports)
      table.AddRow({r.name, r.target, r.error ? "-" : std::to_string(r.rows),
                    std::to_string(r.columns), fmt::format("{} ms", r.duration_ms)});
    if (!table.empty()) text += "\n" + table.Render();
    for (const auto& r : reports)
      if (r.error) text += fmt::format("\nFAILED {}: {}", r.name, *r.error);
    ctx.PrintText(text);
  }
  return failed ? 1 : 0;
}

}  // namespace

const CommandSpec& SeedCommand() {
  static const CommandSpec kSpec{
      .name = "seed",
      .summary = "Load the CSV files of the seeds folder into typed tables",
      .description =
          "Loads every *.csv of the seeds folder (sorted by name) into a table of its own.\n"
          "A sidecar <stem>.toml may set name, target = {catalog, schema, table} and\n"
          "column_types = {col = \"TYPE\"}. Other columns get the first type that fits every\n"
          "value: BIGINT, DOUBLE, BOOLEAN, DATE (YYYY-MM-DD), TIMESTAMP, else text. Empty cells\n"
          "are NULL. Each table is recreated (CREATE OR REPLACE) and filled in batches of 1000\n"
          "rows, as one unit.\n\n"
          "Target: catalog = the first replication pipeline's catalog_template when it is a\n"
          "plain name, else the adapter's own catalog (DuckDB: the database name); schema =\n"
          "seeds; table = the seed name (the file stem). The warehouse is the target adapter of\n"
          "--pipeline P, else the one every pipeline targets, else the adapter named 'default'\n"
          "or the only warehouse adapter.\n\n"
          "Exits 1 when a table fails; the other tables are still loaded.\n\n"
          "Examples:\n"
          "  rocky seed\n"
          "  rocky seed --seeds data/seeds --filter countries -o json",
      .flags = {{"seeds", 0, "DIR", "the folder of CSV files (default: seeds next to the config)"},
                {"pipeline", 0, "P", "load into this pipeline's target adapter"},
                {"filter", 0, "NAME", "load only the seed with this name (or file stem)"}},
      .run = &RunSeed,
  };
  return kSpec;
}

}  // namespace rocky::cli
