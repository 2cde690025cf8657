#include "cli/command.h"
#include "cli/context.h"
#include "cli/metrics_report.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

int RunMetrics(Context& ctx) {
  MetricsQuery query;
  query.model = ctx.args().positionals().front();
  query.trend = ctx.args().Has("trend");
  query.column = ctx.args().Get("column");
  query.alerts = ctx.args().Has("alerts");
  if (query.column && query.column->empty())
    return ctx.ReportError(
        Error{ErrorKind::kUsage, "invalid --column '': expected a column name", {}});

  auto path = ctx.StatePath();
  if (!path) return ctx.ReportError(path.error());
  auto store = state::StateStore::Open(*path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());
  auto history = store->QualityHistory(query.model, query.Limit());
  if (!history) return ctx.ReportError(history.error());

  if (ctx.json()) {
    ctx.EmitJson("metrics", MetricsReportJson(query, *history));
  } else {
    ctx.PrintText(MetricsReportText(query, *history));
  }
  return 0;
}

}  // namespace

const CommandSpec& MetricsCommand() {
  static const CommandSpec kSpec{
      .name = "metrics",
      .summary = "Show a model's or table's recorded quality metrics",
      .description =
          "Shows what runs measured on one unit: its row count, the null rate of each checked\n"
          "column and the freshness lag. Transformation runs record a snapshot for every model\n"
          "they build (by model name); quality and replication checks record one per table (by\n"
          "table key, as `rocky history` lists it). The latest snapshot is shown, or the last 20\n"
          "with --trend. Reads the state store read-only.\n\n"
          "--column C adds that column's null rate across the snapshots shown (column_trend).\n"
          "--alerts flags problems: a freshness lag above 86400 s (warning), a null rate above\n"
          "0.2 (warning) or above 0.5 (critical). Alerts never change the exit code.\n\n"
          "Examples:\n"
          "  rocky metrics customer_orders\n"
          "  rocky metrics customer_orders --trend -o json\n"
          "  rocky metrics wh.raw.customers --trend --column email --alerts",
      .positionals = {{"MODEL", "model name or table key", true}},
      .flags = {{"trend", 0, "", "the last 20 snapshots instead of the latest"},
                {"column", 0, "C", "the null-rate trend of column C"},
                {"alerts", 0, "", "list freshness and null-rate alerts"}},
      .run = &RunMetrics,
  };
  return kSpec;
}

}  // namespace rocky::cli
