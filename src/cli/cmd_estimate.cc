// `rocky estimate` (cli.md §5): `EXPLAIN <the model's query>` through the pipeline's warehouse
// adapter, one estimate per model, with the rows and bytes the plan states
// (runtime/explain_estimate.h).

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "adapters/registry.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/storage_setup.h"
#include "cli/table.h"
#include "project/model_sql.h"
#include "runtime/explain_estimate.h"

namespace rocky::cli {

namespace {

struct Estimate {
  std::string model_name;
  runtime::ExplainEstimate estimate;
  std::string raw_explain;
};

std::string Optional(const std::optional<int64_t>& n) { return n ? std::to_string(*n) : "-"; }

int RunEstimate(Context& ctx) {
  const std::optional<std::string> only = ctx.args().Get("model");
  auto setup = LoadStorageSetup(ctx, "estimate");
  if (!setup) return ctx.ReportError(setup.error());
  const auto& models = setup->project.load.models;
  if (only && std::none_of(models.begin(), models.end(),
                           [&](const project::Model& m) { return m.name == *only; }))
    return ctx.ReportError(
        Error{ErrorKind::kNotFound, fmt::format("model '{}' not found", *only), {}});

  adapters::AdapterRegistry registry(*setup->config, ctx.ProcessCache(*setup->config));
  auto warehouse = registry.Warehouse(*setup->adapter);
  if (!warehouse) return ctx.ReportError(warehouse.error());
  const sdk::SqlDialect& dialect = (*warehouse)->Dialect();
  project::ModelSqlContext context{models, setup->project.queries, dialect};
  // Partitioned models are explained for the last day.
  const Timestamp end = std::chrono::floor<std::chrono::days>(NowUtc());
  const Timestamp start = end - std::chrono::days(1);

  std::vector<Estimate> estimates;
  for (size_t i = 0; i < models.size(); ++i) {
    if (only && models[i].name != *only) continue;
    auto query = project::RenderModelQuery(context, i);
    if (!query)
      return ctx.ReportError(
          std::move(query.error()).With("while generating model " + models[i].name));
    auto plan =
        (*warehouse)->Explain(project::SubstitutePartitionBounds(*query, dialect, start, end));
    if (!plan)
      return ctx.ReportError(
          std::move(plan.error()).With("while explaining model " + models[i].name));
    estimates.push_back({models[i].name, runtime::ParseExplainEstimate(*plan), std::move(*plan)});
  }

  if (ctx.json()) {
    Json items = Json::Array();
    for (const auto& e : estimates) {
      Json item = Json::Object().Set("model_name", e.model_name);
      if (e.estimate.bytes_scanned) item.Set("estimated_bytes_scanned", *e.estimate.bytes_scanned);
      if (e.estimate.rows) item.Set("estimated_rows", *e.estimate.rows);
      items.Push(item.Set("raw_explain", e.raw_explain));
    }
    ctx.EmitJson("estimate", Json::Object()
                                 .Set("estimates", std::move(items))
                                 .Set("total_models", static_cast<int64_t>(estimates.size())));
  } else {
    TextTable table({"MODEL", "ESTIMATED ROWS", "ESTIMATED BYTES"});
    for (const auto& e : estimates)
      table.AddRow({e.model_name, Optional(e.estimate.rows), Optional(e.estimate.bytes_scanned)});
    ctx.PrintText(estimates.empty() ? std::string("No models.") : table.Render());
  }
  return 0;
}

}  // namespace

const CommandSpec& EstimateCommand() {
  static const CommandSpec kSpec{
      .name = "estimate",
      .summary = "EXPLAIN each model's query on the warehouse and show its estimates",
      .description =
          "Runs `EXPLAIN <query>` for each model (or --model M) through the pipeline's target\n"
          "adapter, with model references rewritten to their targets (partitioned models for the\n"
          "last day). The output keeps the plan text (raw_explain) and the estimated rows and\n"
          "bytes where the plan states them (DuckDB: rows).\n\n"
          "Examples:\n"
          "  rocky estimate\n"
          "  rocky estimate --model fct_orders -o json",
      .flags = {{"model", 0, "M", "only this model"},
                {"pipeline", 0, "P", "the pipeline whose target adapter is used"},
                {"models", 0, "DIR", "the models directory"}},
      .run = &RunEstimate,
  };
  return kSpec;
}

}  // namespace rocky::cli
