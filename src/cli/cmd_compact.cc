// `rocky compact TARGET` (cli.md §5): the dialect's compaction statements, generated and never
// run. With --measure-dedup it instead hashes TARGET's partitions on the warehouse and reports
// how many hold the same rows (runtime/dedup_stats.h).

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "adapters/registry.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/storage_setup.h"
#include "facade/storage_target.h"
#include "project/storage_sql.h"
#include "runtime/dedup_measure.h"
#include "runtime/dedup_stats.h"

namespace rocky::cli {

namespace {

Json StatsJson(const runtime::DedupStats& s) {
  return Json::Object()
      .Set("total_rows", s.total_rows)
      .Set("unique_partitions", s.unique_partitions)
      .Set("duplicate_partitions", s.duplicate_partitions)
      .Set("dedup_ratio", s.dedup_ratio)
      .Set("estimated_savings_pct", s.estimated_savings_pct);
}

Json DedupJson(const runtime::DedupSummary& s, std::string_view engine, std::string_view project,
               const std::vector<std::string>& excluded) {
  Json pairs = Json::Array();
  for (const auto& p : s.top_pairs) {
    pairs.Push(Json::Object()
                   .Set("first", p.first)
                   .Set("second", p.second)
                   .Set("rows", p.rows)
                   .Set("identical", p.identical));
  }
  Json tables = Json::Array();
  for (const auto& t : s.per_table) {
    tables.Push(Json::Object()
                    .Set("table", t.table)
                    .Set("partitions", t.partitions)
                    .Set("rows", t.rows)
                    .Set("raw_duplicate_partitions", t.raw_duplicate_partitions)
                    .Set("semantic_duplicate_partitions", t.semantic_duplicate_partitions));
  }
  return Json::Object()
      .Set("engine", engine)
      .Set("project", project)
      .Set("tables_scanned", s.tables_scanned)
      .Set("partitions_scanned", s.partitions_scanned)
      .Set("raw", StatsJson(s.raw))
      .Set("semantic", StatsJson(s.semantic))
      .Set("excluded_columns", Json::ArrayOf(excluded))
      .Set("top_dedup_pairs", std::move(pairs))
      .Set("per_table", std::move(tables));
}

std::string DedupText(const runtime::DedupSummary& s) {
  auto line = [](std::string_view name, const runtime::DedupStats& d) {
    return fmt::format(
        "{:<9} {} rows, {} unique partition(s), {} duplicate(s), ratio {:.2f}, "
        "{:.2f}% of rows could be saved\n",
        name, d.total_rows, d.unique_partitions, d.duplicate_partitions, d.dedup_ratio,
        d.estimated_savings_pct);
  };
  std::string text =
      fmt::format("{} table(s), {} partition(s) scanned\n", s.tables_scanned, s.partitions_scanned);
  text += line("raw:", s.raw) + line("semantic:", s.semantic);
  for (const auto& p : s.top_pairs)
    text += fmt::format("  {} = {} ({} rows{})\n", p.second, p.first, p.rows,
                        p.identical ? "" : ", semantic only");
  return text;
}

int MeasureDedup(Context& ctx, const StorageSetup& setup, const facade::StorageTarget& target) {
  const auto start = std::chrono::steady_clock::now();
  const Timestamp measured_at = NowUtc();
  std::vector<std::string> excluded;
  if (auto list = ctx.args().Get("exclude-columns")) {
    for (auto& c : Split(*list, ","))
      if (!Trim(c).empty()) excluded.emplace_back(Trim(c));
  }
  runtime::DedupTable table{target.table, "", ""};
  if (target.model) {
    const auto& model = setup.project.load.models[*target.model];
    if (const auto* ti = model.strategy.As<project::TimeIntervalStrategy>()) {
      table.time_column = ti->time_column;
      table.grain = project::GranularityName(ti->granularity);
    }
  }
  if (auto ok = setup.storage->CheckFingerprints(); !ok) return ctx.ReportError(ok.error());
  adapters::AdapterRegistry registry(*setup.config, ctx.ProcessCache(*setup.config));
  auto warehouse = registry.Warehouse(*setup.adapter);
  if (!warehouse) return ctx.ReportError(warehouse.error());
  auto fingerprints =
      runtime::FingerprintPartitions(**warehouse, *setup.storage, {table}, excluded);
  if (!fingerprints) return ctx.ReportError(fingerprints.error());
  auto summary = runtime::SummarizeDedup(*fingerprints);
  const std::string project =
      std::filesystem::absolute(setup.config->path).parent_path().filename().string();
  const int64_t duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - start)
                                  .count();
  if (ctx.json()) {
    Json body = DedupJson(summary, (*warehouse)->Dialect().Name(), project, excluded);
    if (ctx.args().Has("calibrate-bytes")) {
      const auto& c = summary.calibration;
      body.Set("calibration", Json::Object()
                                  .Set("method", "row_text_bytes")
                                  .Set("total_bytes", c.total_bytes)
                                  .Set("bytes_per_row", c.bytes_per_row)
                                  .Set("raw_duplicate_bytes", c.raw_duplicate_bytes)
                                  .Set("semantic_duplicate_bytes", c.semantic_duplicate_bytes));
    }
    ctx.EmitJson(
        "compact",
        body.Set("measured_at", FormatRfc3339(measured_at)).Set("duration_ms", duration_ms));
  } else {
    ctx.PrintText(DedupText(summary));
  }
  return 0;
}

int RunCompact(Context& ctx) {
  const std::string& name = ctx.args().positionals().front();
  auto size = project::ParseTargetSizeMb(ctx.args().Get("target-size").value_or("256MB"));
  if (!size) return ctx.ReportError(size.error());
  const bool measure = ctx.args().Has("measure-dedup");
  if (!measure && (ctx.args().Has("exclude-columns") || ctx.args().Has("calibrate-bytes")))
    return ctx.ReportError(Error{
        ErrorKind::kUsage, "--exclude-columns and --calibrate-bytes need --measure-dedup", {}});
  auto setup = LoadStorageSetup(ctx, "compact");
  if (!setup) return ctx.ReportError(setup.error());
  auto target = facade::ResolveStorageTarget(setup->project, name);
  if (!target) return ctx.ReportError(target.error());
  if (measure) return MeasureDedup(ctx, *setup, *target);

  auto plan = setup->storage->CompactSql(target->table);
  if (!plan) return ctx.ReportError(plan.error());
  const bool dry_run = ctx.args().Has("dry-run");
  if (ctx.json()) {
    Json body = Json::Object()
                    .Set("model", name)
                    .Set("dry_run", dry_run)
                    .Set("target_size_mb", *size)
                    .Set("statements", StatementsJson(plan->statements));
    if (plan->note) body.Set("note", *plan->note);
    ctx.EmitJson("compact", std::move(body));
  } else {
    std::string text = StatementsText(plan->statements);
    if (plan->note) text += "-- " + *plan->note + "\n";
    ctx.PrintText(text);
  }
  return 0;
}

}  // namespace

const CommandSpec& CompactCommand() {
  static const CommandSpec kSpec{
      .name = "compact",
      .summary = "Generate the statements that compact a table's files",
      .description =
          "Prints the compaction statements for TARGET in the target adapter's dialect, without\n"
          "running them: Databricks OPTIMIZE then VACUUM … RETAIN 168 HOURS, DuckDB CHECKPOINT,\n"
          "Snowflake none (it compacts micro-partitions itself; a note says so). TARGET is a\n"
          "model (its target table) or a table name as written (schema.table or\n"
          "catalog.schema.table).\n\n"
          "--measure-dedup instead hashes TARGET's partitions on the warehouse (a time_interval\n"
          "model's partitions, else the whole table) over every column (raw) and without the\n"
          "--exclude-columns (semantic), and reports how many partitions repeat another one;\n"
          "--calibrate-bytes adds their sizes (the rows' length as text, in bytes).\n\n"
          "Examples:\n"
          "  rocky compact fct_orders --dry-run\n"
          "  rocky compact analytics.marts.fct_orders --target-size 512MB -o json\n"
          "  rocky compact events_daily --measure-dedup --exclude-columns _loaded_at",
      .positionals = {{"TARGET", "a model name or a table name", true}},
      .flags = {{"target-size", 0, "SIZE", "the file size to aim at: 256MB (default), 1GB, N (MB)"},
                {"dry-run", 0, "", "echoed in the output (nothing is ever run)"},
                {"measure-dedup", 0, "", "measure duplicate partitions instead"},
                {"exclude-columns", 0, "a,b", "columns left out of the semantic hash"},
                {"calibrate-bytes", 0, "", "add the partitions' sizes (rows as text, in bytes)"},
                {"pipeline", 0, "P", "the pipeline whose target adapter is used"},
                {"models", 0, "DIR", "the models directory"}},
      .run = &RunCompact,
  };
  return kSpec;
}

}  // namespace rocky::cli
