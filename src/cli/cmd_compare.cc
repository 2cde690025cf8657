#include <cmath>

#include <fmt/format.h>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/table.h"

namespace rocky::cli {

namespace {

struct Thresholds {
  double warn = 0.01;
  double fail = 0.05;
  bool allow_column_order_diff = true;
};

Result<Thresholds> ParseThresholds(const std::optional<std::string>& text) {
  Thresholds t;
  if (!text) return t;
  auto json = Json::Parse(*text);
  if (!json || !json->IsObject())
    return Fail(ErrorKind::kUsage, "invalid --thresholds: expected a JSON object such as "
                                   "{{\"row_count_diff_pct_fail\": 0.1}}");
  for (size_t i = 0; i < json->keys().size(); ++i) {
    const std::string& k = json->keys()[i];
    const Json& v = json->items()[i];
    if (k == "row_count_diff_pct_warn" && v.IsNumber()) t.warn = v.AsDouble();
    else if (k == "row_count_diff_pct_fail" && v.IsNumber()) t.fail = v.AsDouble();
    else if (k == "allow_column_order_diff" && v.IsBool()) t.allow_column_order_diff = v.AsBool();
    else return Fail(ErrorKind::kUsage, "invalid --thresholds key '{}'", k);
  }
  return t;
}

Result<int64_t> CountRows(sdk::WarehouseAdapter& wh, const sdk::TableRef& ref, bool exists) {
  if (!exists) return 0;
  auto name = wh.Dialect().FormatTableRef(ref);
  if (!name) return std::unexpected(name.error());
  auto r = wh.ExecuteQuery("SELECT COUNT(*) FROM " + *name);
  if (!r) return std::unexpected(r.error());
  if (r->rows.empty() || r->rows[0].empty()) return 0;
  const auto& v = r->rows[0][0];
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  return std::stoll(sdk::ValueToString(v));
}

int RunCompare(Context& ctx) {
  auto thresholds = ParseThresholds(ctx.args().Get("thresholds"));
  if (!thresholds) return ctx.ReportError(thresholds.error());
  auto session = OpenReplicationSession(ctx, "compare");
  if (!session) return ctx.ReportError(session.error());
  auto prod_tasks = replication::BuildReplicationTasks(*session->pipeline, session->discovered);
  if (!prod_tasks) return ctx.ReportError(prod_tasks.error());
  replication::ShadowOptions shadow{true, ctx.args().Get("shadow-suffix").value_or("_rocky_shadow"),
                             ctx.args().Get("shadow-schema")};
  auto shadow_tasks =
      replication::BuildReplicationTasks(*session->pipeline, session->discovered, shadow);
  if (!shadow_tasks) return ctx.ReportError(shadow_tasks.error());
  auto target = session->registry->Warehouse(*session->target_adapter);
  if (!target) return ctx.ReportError(target.error());
  sdk::WarehouseAdapter& wh = **target;

  Json results = Json::Array();
  int passed = 0, warned = 0, failed = 0;
  TextTable table({"PRODUCTION", "SHADOW", "ROWS", "DIFF", "SCHEMA", "VERDICT"});
  for (size_t i = 0; i < prod_tasks->size(); ++i) {
    const auto& prod = (*prod_tasks)[i].target;
    const auto& shad = (*shadow_tasks)[i].target;
    auto prod_cols = wh.DescribeTable(prod);
    if (!prod_cols) return ctx.ReportError(prod_cols.error());
    auto shad_cols = wh.DescribeTable(shad);
    if (!shad_cols) return ctx.ReportError(shad_cols.error());
    auto prod_count = CountRows(wh, prod, !prod_cols->empty());
    if (!prod_count) return ctx.ReportError(prod_count.error());
    auto shad_count = CountRows(wh, shad, !shad_cols->empty());
    if (!shad_count) return ctx.ReportError(shad_count.error());

    double diff = *prod_count == 0 ? (*shad_count == 0 ? 0.0 : 1.0)
                                   : std::fabs(static_cast<double>(*shad_count - *prod_count)) /
                                         static_cast<double>(*prod_count);
    std::vector<std::string> diffs;
    bool retyped_or_missing = false;
    for (const auto& p : *prod_cols) {
      auto it = std::find_if(shad_cols->begin(), shad_cols->end(),
                             [&](const auto& s) { return EqualsIgnoreCase(s.name, p.name); });
      if (it == shad_cols->end()) {
        diffs.push_back("column '" + p.name + "' missing from shadow");
        retyped_or_missing = true;
      } else if (!sdk::TypesCompatible(it->data_type, p.data_type)) {
        diffs.push_back(fmt::format("column '{}' type {} \u2192 {}", p.name, p.data_type,
                                    it->data_type));
        retyped_or_missing = true;
      }
    }
    for (const auto& s : *shad_cols) {
      bool known = std::any_of(prod_cols->begin(), prod_cols->end(),
                               [&](const auto& p) { return EqualsIgnoreCase(s.name, p.name); });
      if (!known) {
        diffs.push_back("column '" + s.name + "' added in shadow");
        retyped_or_missing = true;
      }
    }
    bool order_differs = false;
    if (!retyped_or_missing && prod_cols->size() == shad_cols->size()) {
      for (size_t c = 0; c < prod_cols->size(); ++c)
        if (!EqualsIgnoreCase((*prod_cols)[c].name, (*shad_cols)[c].name)) order_differs = true;
      if (order_differs) diffs.push_back("column order differs");
    }
    std::string verdict = "pass";
    if (diff >= thresholds->fail || retyped_or_missing ||
        (order_differs && !thresholds->allow_column_order_diff))
      verdict = "fail";
    else if (diff >= thresholds->warn || order_differs)
      verdict = "warn";
    (verdict == "pass" ? passed : verdict == "warn" ? warned : failed)++;
    results.Push(Json::Object()
                     .Set("production_table", prod.FullName())
                     .Set("shadow_table", shad.FullName())
                     .Set("row_count_match", *prod_count == *shad_count)
                     .Set("production_count", *prod_count)
                     .Set("shadow_count", *shad_count)
                     .Set("row_count_diff_pct", diff)
                     .Set("schema_match", diffs.empty())
                     .Set("schema_diffs", Json::ArrayOf(diffs))
                     .Set("verdict", verdict));
    table.AddRow({prod.FullName(), shad.FullName(), fmt::format("{} / {}", *prod_count, *shad_count),
                  fmt::format("{:.2f}%", diff * 100), diffs.empty() ? "same" : Join(diffs, "; "),
                  verdict});
  }
  std::string overall = failed ? "fail" : warned ? "warn" : "pass";
  if (ctx.json()) {
    ctx.EmitJson("compare", Json::Object()
                                .Set("filter", replication::FilterText(session->filters))
                                .Set("tables_compared", passed + warned + failed)
                                .Set("tables_passed", passed)
                                .Set("tables_warned", warned)
                                .Set("tables_failed", failed)
                                .Set("results", std::move(results))
                                .Set("overall_verdict", overall));
  } else {
    ctx.PrintText(table.Render() + fmt::format("\n{} compared: {} pass, {} warn, {} fail → {}",
                                               passed + warned + failed, passed, warned, failed,
                                               overall));
  }
  return failed ? 1 : 0;
}

}  // namespace

const CommandSpec& CompareCommand() {
  static const CommandSpec kSpec{
      .name = "compare",
      .summary = "Compare production tables with their shadow copies",
      .description =
          "After 'rocky run --shadow', compares each discovered table's production target with\n"
          "its shadow (T + suffix, or the same name in --shadow-schema): row counts and columns.\n"
          "Verdict fail when the row-count difference reaches the fail threshold or a column is\n"
          "added, removed or retyped; warn at the warn threshold or when only the column order\n"
          "differs. Exits 1 when any table fails.\n\n"
          "Examples:\n"
          "  rocky run --shadow && rocky compare\n"
          "  rocky compare --shadow-schema shadow --thresholds '{\"row_count_diff_pct_fail\": 0.1}'",
      .flags = {{"pipeline", 0, "P", "the replication pipeline"},
                {"filter", 0, "KEY=VALUE", "only matching sources (repeatable)", true},
                {"shadow-suffix", 0, "S", "shadow table suffix (default _rocky_shadow)"},
                {"shadow-schema", 0, "S", "shadow tables live in this schema instead"},
                {"thresholds", 0, "JSON",
                 "{row_count_diff_pct_warn: 0.01, row_count_diff_pct_fail: 0.05, "
                 "allow_column_order_diff: true}"}},
      .run = &RunCompare,
  };
  return kSpec;
}

}  // namespace rocky::cli
