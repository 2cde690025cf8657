#include <chrono>

#include <fmt/format.h>

#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

int64_t DurationMs(Timestamp a, Timestamp b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

int RunHistory(Context& ctx) {
  state::RunQuery query;
  if (auto since = ctx.args().Get("since")) {
    query.since = ParseTimestamp(*since);
    if (!query.since)
      return ctx.ReportError(Error{ErrorKind::kUsage,
                                   "invalid --since '" + *since +
                                       "': expected YYYY-MM-DD or an ISO 8601 timestamp",
                                   {}});
  }
  if (auto limit = ctx.args().Get("limit")) {
    try {
      size_t used = 0;
      query.limit = std::stoi(*limit, &used);
      if (used != limit->size() || query.limit < 1) throw std::invalid_argument("limit");
    } catch (const std::exception&) {
      return ctx.ReportError(Error{ErrorKind::kUsage,
                                   "invalid --limit '" + *limit + "': expected a positive integer",
                                   {}});
    }
  }
  auto path = ctx.StatePath();
  if (!path) return ctx.ReportError(path.error());
  auto store = state::StateStore::Open(*path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());

  if (auto model = ctx.args().Get("model")) {
    auto execs = store->ModelHistory(*model, query);
    if (!execs) return ctx.ReportError(execs.error());
    if (ctx.json()) {
      Json list = Json::Array();
      for (const auto& e : *execs) {
        Json item = Json::Object()
                        .Set("run_id", e.run_id)
                        .Set("started_at", FormatRfc3339(e.started_at))
                        .Set("duration_ms", e.duration_ms);
        if (e.rows_affected) item.Set("rows_affected", *e.rows_affected);
        item.Set("status", std::string(state::ToString(e.status)));
        item.Set("sql_hash", e.sql_hash ? Json(*e.sql_hash) : Json());
        list.Push(std::move(item));
      }
      ctx.EmitJson("history", Json::Object()
                                  .Set("model", *model)
                                  .Set("executions", std::move(list))
                                  .Set("count", static_cast<int64_t>(execs->size())));
      return 0;
    }
    TextTable table({"RUN", "STARTED AT", "DURATION", "ROWS", "STATUS", "SQL HASH"});
    for (const auto& e : *execs)
      table.AddRow({e.run_id, FormatRfc3339(e.started_at), fmt::format("{} ms", e.duration_ms),
                    e.rows_affected ? fmt::format("{}", *e.rows_affected) : "-",
                    std::string(state::ToString(e.status)), e.sql_hash.value_or("-")});
    ctx.PrintText(execs->empty() ? "No executions of '" + *model + "' recorded." : table.Render());
    return 0;
  }

  auto runs = store->ListRuns(query);
  if (!runs) return ctx.ReportError(runs.error());
  if (ctx.json()) {
    Json list = Json::Array();
    for (const auto& r : *runs) {
      Json units = Json::Array();
      for (const auto& u : r.units) {
        Json item = Json::Object().Set("model_name", u.unit_name).Set("duration_ms", u.duration_ms);
        if (u.rows_affected) item.Set("rows_affected", *u.rows_affected);
        item.Set("status", std::string(state::ToString(u.status)));
        units.Push(std::move(item));
      }
      list.Push(Json::Object()
                    .Set("run_id", r.run_id)
                    .Set("pipeline", r.pipeline)
                    .Set("started_at", FormatRfc3339(r.started_at))
                    .Set("finished_at", FormatRfc3339(r.finished_at))
                    .Set("status", std::string(state::ToString(r.status)))
                    .Set("trigger", std::string(state::ToString(r.trigger)))
                    .Set("models_executed", static_cast<int64_t>(r.units.size()))
                    .Set("duration_ms", DurationMs(r.started_at, r.finished_at))
                    .Set("models", std::move(units)));
    }
    ctx.EmitJson("history", Json::Object()
                                .Set("runs", std::move(list))
                                .Set("count", static_cast<int64_t>(runs->size())));
    return 0;
  }
  if (runs->empty()) {
    ctx.PrintText("No runs recorded yet: 'rocky run' records one per execution.");
    return 0;
  }
  TextTable table({"RUN", "PIPELINE", "STARTED AT", "STATUS", "TRIGGER", "UNITS", "DURATION"});
  for (const auto& r : *runs)
    table.AddRow({r.run_id, r.pipeline, FormatRfc3339(r.started_at),
                  std::string(state::ToString(r.status)), std::string(state::ToString(r.trigger)),
                  fmt::format("{}", r.units.size()),
                  fmt::format("{} ms", DurationMs(r.started_at, r.finished_at))});
  ctx.PrintText(table.Render());
  return 0;
}

}  // namespace

const CommandSpec& HistoryCommand() {
  static const CommandSpec kSpec{
      .name = "history",
      .summary = "Show past runs, or one model's executions",
      .description =
          "Lists recorded runs newest first with their per-table or per-model units. With --model,\n"
          "lists that model's (or table key's) executions across runs.\n\n"
          "Examples:\n"
          "  rocky history --limit 10\n"
          "  rocky history --since 2026-04-01\n"
          "  rocky history --model stg_orders -o json",
      .flags = {{"model", 0, "M", "one model's executions"},
                {"since", 0, "DATE", "runs started at or after (YYYY-MM-DD or ISO 8601)"},
                {"limit", 0, "N", "at most N runs (default 50)"}},
      .run = &RunHistory,
  };
  return kSpec;
}

}  // namespace rocky::cli
