// `rocky load` (cli.md §5, config.md §4 load pipelines): the files of a folder become rows of
// warehouse tables through the adapter's loader role (DuckDB: read_csv / read_parquet /
// read_json). This file resolves the pipeline, target and files, and reports; the adapter does
// the loading.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
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
#include "sql/identifier.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

Error Usage(std::string message, std::string hint = {}) {
  return Error{ErrorKind::kUsage, std::move(message), {}, std::move(hint)};
}

// --pipeline P (a load pipeline). Without it, --source-dir makes an ad-hoc load (no pipeline);
// otherwise the only load pipeline is used.
Result<const config::PipelineConfig*> LoadPipeline(const config::Config& cfg,
                                                 const std::optional<std::string>& name,
                                                 bool source_dir_given) {
  if (name) return config::SelectPipelineFor(cfg, name, "load", {config::PipelineType::kLoad});
  if (source_dir_given) return nullptr;
  std::vector<const config::PipelineConfig*> loads;
  for (const auto& p : cfg.pipelines)
    if (p.type == config::PipelineType::kLoad) loads.push_back(&p);
  if (loads.size() > 1) {
    std::vector<std::string> names;
    for (const auto* p : loads) names.push_back(p->name);
    return Fail(ErrorKind::kUsage, "multiple pipelines defined ({}); pass --pipeline NAME",
                Join(names, ", "));
  }
  if (loads.empty())
    return std::unexpected(Usage("missing --source-dir D",
                                 "pass the folder of files to load, or define a load pipeline "
                                 "([pipeline.NAME] type = \"load\" with source_dir)"));
  return loads[0];
}

// The pipeline's target adapter; without a pipeline, the adapter named `default` or the only
// warehouse adapter.
Result<const config::AdapterConfig*> LoadAdapter(const config::Config& cfg,
                                               const config::PipelineConfig* pipeline) {
  if (pipeline) return config::ResolveAdapter(cfg, *pipeline, config::AdapterRole::kTarget);
  std::vector<const config::AdapterConfig*> warehouses;
  for (const auto& a : cfg.adapters) {
    if (!a.CanBeWarehouse()) continue;
    if (a.name == "default") return &a;
    warehouses.push_back(&a);
  }
  if (warehouses.size() == 1) return warehouses[0];
  if (warehouses.empty())
    return std::unexpected(Error{ErrorKind::kConfig,
                                 "no warehouse adapter to load into",
                                 {},
                                 "add an [adapter.NAME] with type = \"duckdb\" to " + cfg.path});
  std::vector<std::string> names;
  for (const auto* a : warehouses) names.push_back(a->name);
  return std::unexpected(
      Usage(fmt::format("several warehouse adapters ({}) and no load pipeline to choose one",
                        Join(names, ", ")),
            "define a load pipeline ([pipeline.NAME] type = \"load\") or name one adapter "
            "'default'"));
}

// The adapter's own catalog: DuckDB's database name, Snowflake's `database`, else none.
std::string AdapterCatalog(const config::AdapterConfig& adapter) {
  std::string catalog;
  if (adapter.type == "duckdb")
    catalog = adapter.DuckDbCatalog();
  else if (adapter.database)
    catalog = *adapter.database;
  return sql::IsValidIdentifier(catalog) ? catalog : "";
}

// Where the files go; `table` empty means "the file stem".
struct LoadTarget {
  std::string catalog;
  std::string schema;
  std::string table;
};

// --target SCHEMA | SCHEMA.TABLE | CATALOG.SCHEMA.TABLE over the pipeline's target.
Result<LoadTarget> ResolveTarget(const std::optional<std::string>& flag,
                                 const config::PipelineConfig* pipeline,
                                 const config::AdapterConfig& adapter) {
  LoadTarget t;
  if (pipeline) {
    t.catalog = pipeline->target.catalog;
    t.schema = pipeline->target.schema;
    t.table = pipeline->target.table.value_or("");
  }
  if (flag) {
    std::vector<std::string> parts = Split(*flag, ".");
    if (parts.size() > 3)
      return std::unexpected(
          Usage(fmt::format("invalid --target '{}': expected SCHEMA, SCHEMA.TABLE or "
                            "CATALOG.SCHEMA.TABLE",
                            *flag)));
    for (const auto& part : parts)
      if (auto ok = sql::ValidateIdentifier(part); !ok)
        return std::unexpected(
            Usage(fmt::format("invalid --target '{}': {}", *flag, ok.error().message)));
    if (parts.size() == 3) t.catalog = parts[0];
    t.schema = parts[parts.size() == 3 ? 1 : 0];
    t.table = parts.size() >= 2 ? parts.back() : "";
  }
  if (t.schema.empty())
    return std::unexpected(
        Usage("rocky load needs a target schema",
              "pass --target SCHEMA[.TABLE], or define a load pipeline with target.schema"));
  if (t.catalog.empty()) t.catalog = AdapterCatalog(adapter);
  return t;
}

std::optional<config::LoadFormat> ParseFormat(std::string_view text) {
  for (auto f :
       {config::LoadFormat::kCsv, config::LoadFormat::kParquet, config::LoadFormat::kJsonl})
    if (EqualsIgnoreCase(text, config::LoadFormatName(f))) return f;
  return std::nullopt;
}

std::optional<config::LoadFormat> FormatOf(const fs::path& file) {
  std::string ext = file.extension().string();
  if (ext.empty()) return std::nullopt;
  return config::LoadFormatForExtension(std::string_view(ext).substr(1));
}

struct FileReport {
  std::string file;
  std::string target;
  int64_t rows_loaded = 0;
  int64_t bytes_read = 0;
  int64_t duration_ms = 0;
  std::optional<std::string> error;
};

int RunLoad(Context& ctx) {
  const auto start = std::chrono::steady_clock::now();
  std::optional<config::LoadFormat> format;
  if (auto f = ctx.args().Get("format")) {
    format = ParseFormat(*f);
    if (!format)
      return ctx.ReportError(Usage(
          fmt::format("invalid value '{}' for --format: expected csv, parquet or jsonl", *f)));
  }
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;
  auto pipeline = LoadPipeline(cfg, ctx.args().Get("pipeline"), ctx.args().Has("source-dir"));
  if (!pipeline) return ctx.ReportError(pipeline.error());
  const config::PipelineConfig* p = *pipeline;

  const std::string dir = ctx.args().Get("source-dir").value_or(p ? p->source_dir : "");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return ctx.ReportError(Error{ErrorKind::kNotFound,
                                 fmt::format("source directory '{}' not found", dir),
                                 {},
                                 "pass an existing folder with --source-dir"});
  if (!format && p) format = p->format;

  auto adapter = LoadAdapter(cfg, p);
  if (!adapter) return ctx.ReportError(adapter.error());
  auto target = ResolveTarget(ctx.args().Get("target"), p, **adapter);
  if (!target) return ctx.ReportError(target.error());

  // The files of the format, sorted by name; without a format, the one format the folder holds.
  std::vector<fs::path> files;
  std::set<config::LoadFormat> seen;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    auto f = FormatOf(entry.path());
    if (!f || (format && *f != *format)) continue;
    seen.insert(*f);
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  if (!format && seen.size() > 1) {
    std::vector<std::string> names;
    for (auto f : seen) names.push_back(config::LoadFormatName(f));
    return ctx.ReportError(
        Usage(fmt::format("'{}' holds files of several formats ({})", dir, Join(names, ", ")),
              "pass --format csv|parquet|jsonl to load one of them"));
  }
  if (!format && !seen.empty()) format = *seen.begin();
  if (files.empty())
    return ctx.ReportError(
        Error{ErrorKind::kNotFound,
              format ? fmt::format("no {} files in '{}'", config::LoadFormatName(*format), dir)
                     : fmt::format("no files to load in '{}'", dir),
              {},
              "files are matched by extension: .csv/.tsv, .parquet/.pq, .jsonl/.ndjson"});

  adapters::AdapterRegistry registry(cfg);
  auto loader = registry.Loader(**adapter);
  if (!loader) return ctx.ReportError(loader.error());

  sdk::LoadOptions options;
  config::LoadOptionsConfig configured = p ? p->options : config::LoadOptionsConfig{};
  options.format = config::LoadFormatName(*format);
  options.batch_size = configured.batch_size;
  options.create_table = configured.create_table;
  options.truncate_first = configured.truncate_first || ctx.args().Has("truncate");
  options.csv_delimiter = configured.csv_delimiter;
  options.csv_has_header = configured.csv_has_header;

  // The target schema must exist before CREATE TABLE; created like `run` creates schemas.
  const bool create_schema =
      options.create_table && (p ? p->target.governance.AutoCreateSchemas(*adapter)
                                 : (*adapter)->DefaultAutoCreateSchemas());
  if (create_schema) {
    auto warehouse = registry.Warehouse(**adapter);
    if (!warehouse) return ctx.ReportError(warehouse.error());
    auto sql = (*warehouse)->Dialect().CreateSchemaSql(target->catalog, target->schema);
    if (!sql) return ctx.ReportError(sql.error());
    if (*sql) {
      std::string name = sdk::TableRef{target->catalog, target->schema, ""}.FullName();
      auto created = (*warehouse)->ExecuteStatement({"create_schema", name, **sql, true});
      if (!created)
        return ctx.ReportError(Error(created.error()).With("while creating schema " + name));
    }
  }

  // With one target table for several files, only the first truncates it.
  bool truncate_pending = options.truncate_first;
  std::vector<FileReport> reports;
  for (const fs::path& file : files) {
    const auto file_start = std::chrono::steady_clock::now();
    FileReport r;
    r.file = file.string();
    std::string table = target->table.empty() ? file.stem().string() : target->table;
    sdk::TableRef ref{target->catalog, target->schema, table};
    r.target = ref.FullName();
    if (auto ok = sql::ValidateIdentifier(table); !ok) {
      r.error = fmt::format(
          "the table name comes from the file name: {}; rename the file or "
          "pass --target SCHEMA.TABLE",
          ok.error().message);
    } else {
      sdk::LoadOptions file_options = options;
      file_options.truncate_first =
          target->table.empty() ? options.truncate_first : truncate_pending;
      auto loaded = (*loader)->LoadFile(file.string(), ref, file_options);
      if (loaded) {
        r.rows_loaded = loaded->rows_loaded;
        r.bytes_read = loaded->bytes_read;
        if (!target->table.empty()) truncate_pending = false;
        LogInfo("loaded {} row(s) from {} into {}", r.rows_loaded, r.file, r.target);
      } else {
        r.error = loaded.error().Text();
      }
    }
    if (r.error) LogWarn("load of {} failed: {}", r.file, *r.error);
    r.duration_ms = MillisSince(file_start);
    reports.push_back(std::move(r));
  }

  int64_t failed = 0, total_rows = 0, total_bytes = 0;
  for (const auto& r : reports) {
    failed += r.error ? 1 : 0;
    total_rows += r.rows_loaded;
    total_bytes += r.bytes_read;
  }
  const int64_t loaded = static_cast<int64_t>(reports.size()) - failed;
  const int64_t duration = MillisSince(start);
  const std::string format_name = config::LoadFormatName(*format);

  if (ctx.json()) {
    Json items = Json::Array();
    for (const auto& r : reports) {
      Json f = Json::Object()
                   .Set("file", r.file)
                   .Set("target", r.target)
                   .Set("rows_loaded", r.rows_loaded)
                   .Set("bytes_read", r.bytes_read)
                   .Set("duration_ms", r.duration_ms);
      if (r.error) f.Set("error", *r.error);
      items.Push(std::move(f));
    }
    ctx.EmitJson("load", Json::Object()
                             .Set("source_dir", dir)
                             .Set("format", format_name)
                             .Set("files_loaded", loaded)
                             .Set("files_failed", failed)
                             .Set("total_rows", total_rows)
                             .Set("total_bytes", total_bytes)
                             .Set("files", std::move(items))
                             .Set("duration_ms", duration));
  } else {
    std::string text = fmt::format(
        "Loaded {} {} file(s) from {}{}: {} row(s), {} byte(s) in {} ms\n", loaded, format_name,
        dir, failed ? fmt::format(" ({} failed)", failed) : "", total_rows, total_bytes, duration);
    TextTable table({"FILE", "TARGET", "ROWS", "BYTES", "TIME"});
    for (const auto& r : reports)
      table.AddRow({fs::path(r.file).filename().string(), r.target,
                    r.error ? "-" : std::to_string(r.rows_loaded), std::to_string(r.bytes_read),
                    fmt::format("{} ms", r.duration_ms)});
    text += "\n" + table.Render();
    for (const auto& r : reports)
      if (r.error) text += fmt::format("\nFAILED {}: {}", r.file, *r.error);
    ctx.PrintText(text);
  }
  return failed ? 1 : 0;
}

}  // namespace

const CommandSpec& LoadCommand() {
  static const CommandSpec kSpec{
      .name = "load",
      .summary = "Load csv, parquet or jsonl files into warehouse tables",
      .description =
          "Loads every file of the source folder whose extension matches the format (csv:\n"
          ".csv/.tsv, parquet: .parquet/.pq, jsonl: .jsonl/.ndjson), sorted by name, through the\n"
          "adapter's loader (DuckDB: CREATE TABLE IF NOT EXISTS ... AS SELECT ... LIMIT 0, then\n"
          "INSERT INTO ... SELECT from read_csv / read_parquet / read_json). Each file is one\n"
          "unit; a failed file does not stop the others.\n\n"
          "With --pipeline P (a [pipeline.NAME] of type \"load\"), its source_dir, format,\n"
          "target and [options] apply, and the flags override them. Without --pipeline,\n"
          "--source-dir D is an ad-hoc load: pass --target too; the warehouse is the adapter\n"
          "named 'default' or the only warehouse adapter. With neither, the only load\n"
          "pipeline runs.\n\n"
          "--target SCHEMA               each file into SCHEMA.<file stem>\n"
          "--target SCHEMA.TABLE         every file into one table\n"
          "--target CATALOG.SCHEMA.TABLE the same in another catalog\n"
          "The catalog defaults to the pipeline's target.catalog, else the adapter's own\n"
          "(DuckDB: the database name). Without --format, the folder must hold one format.\n"
          "--truncate empties each target table before its first file is loaded. The schema is\n"
          "created when missing (DuckDB, or auto_create_schemas).\n\n"
          "Exits 1 when a file fails.\n\n"
          "Examples:\n"
          "  rocky load --pipeline raw_files\n"
          "  rocky load --source-dir landing --format parquet --target raw --truncate -o json",
      .flags = {{"source-dir", 0, "D", "the folder of files to load"},
                {"format", 0, "F", "csv | parquet | jsonl (default: from the file extensions)"},
                {"target", 0, "T", "SCHEMA, SCHEMA.TABLE or CATALOG.SCHEMA.TABLE"},
                {"pipeline", 0, "P", "the load pipeline"},
                {"truncate", 0, "", "empty the target tables first"}},
      .run = &RunLoad,
  };
  return kSpec;
}

}  // namespace rocky::cli
