#include "facade/docs_catalog.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "base/file.h"
#include "base/log.h"
#include "base/time.h"
#include "config/config.h"
#include "facade/api_views.h"
#include "state/state_store.h"

namespace rocky::facade {

namespace {

namespace fs = std::filesystem;

constexpr int kRecentRuns = 50;

// Appends `"key":` (a leading comma unless `first`).
void Key(std::string& out, std::string_view key, bool first = false) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
}

// `path` relative to `base` when it lies under it, else as given.
std::string RelativeTo(const std::string& path, const std::string& base) {
  if (base.empty() || path.empty()) return path;
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  fs::path root = fs::absolute(base, ec).lexically_normal();
  if (ec) return path;
  fs::path rel = abs.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.generic_string();
}

void AppendModel(std::string& out, CompiledProject& compiled, project::ModelId id,
                 const DocsCatalogOptions& options) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const project::Model& m = compiled.project.load.models[id];
  static const compiler::CompiledModel kUnbound;
  const bool typed = id < compiled.types.models.size();
  if (typed) compiled.types.DecodeColumns(id);
  const compiler::CompiledModel& cm = typed ? compiled.types.models[id] : kUnbound;

  out += '{';
  Key(out, "name", true);
  AppendJsonString(out, m.name);
  Key(out, "file_path");
  AppendJsonString(out, RelativeTo(m.path, options.project_dir));
  Key(out, "sql");
  AppendJsonString(out, m.text);
  if (m.intent) {
    Key(out, "description");
    AppendJsonString(out, *m.intent);
  }
  Key(out, "strategy");
  if (m.strategy.type() == project::StrategyType::kFullRefresh) out += "{\"type\":\"full_refresh\"}";
  else out += m.strategy.ToJson().Dump();
  Key(out, "target");
  out += m.target.ToJson().Dump();
  Key(out, "depends_on");
  out += '[';
  bool first = true;
  for (project::ModelId up : dag.dependencies(id)) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, dag.name(up));
  }
  out += ']';
  Key(out, "layer");
  out += std::to_string(std::max(0, dag.layer(id)));
  Key(out, "has_star");
  out += cm.partially_unknown || !cm.bound ? "true" : "false";
  Key(out, "columns");
  out += '[';
  for (size_t i = 0; i < cm.columns.size(); ++i) {
    const compiler::BoundColumn& c = cm.columns[i];
    if (i) out += ',';
    out += "{\"name\":";
    AppendJsonString(out, c.name);
    Key(out, "type");
    AppendJsonString(out, c.type.type.ToString());
    Key(out, "nullable");
    out += c.type.nullable ? "true" : "false";
    const project::ContractColumn* declared = m.contract ? m.contract->FindColumn(c.name) : nullptr;
    if (declared && declared->description) {
      Key(out, "description");
      AppendJsonString(out, *declared->description);
    }
    out += '}';
  }
  out += ']';
  Key(out, "tests");
  out += '[';
  for (size_t i = 0; i < m.tests.size(); ++i) {
    if (i) out += ',';
    out += m.tests[i].ToJson().Dump();
  }
  out += ']';
  if (m.contract) {
    Json contract = m.contract->ToJson();
    contract.Set("path", RelativeTo(m.contract->path, options.project_dir));
    if (m.contract_source) contract.Set("source", project::ContractSourceName(*m.contract_source));
    Key(out, "contract");
    out += contract.Dump();
  }
  if (m.freshness) {
    Key(out, "freshness");
    out += fmt::format("{{\"max_lag_seconds\":{}}}", m.freshness->max_lag_seconds);
  }
  out += '}';
}

// `lineage`: the edges into every output column of every model, in model and column order.
void AppendLineage(std::string& out, CompiledProject& compiled) {
  const auto& models = compiled.project.load.models;
  out += '[';
  bool first = true;
  for (size_t id = 0; id < compiled.types.models.size() && id < models.size(); ++id) {
    compiled.types.DecodeColumns(id);
    for (const compiler::BoundColumn& c : compiled.types.models[id].columns) {
      for (const compiler::ColumnSource& s : c.sources) {
        out += first ? "{\"source\":{\"model\":" : ",{\"source\":{\"model\":";
        first = false;
        AppendJsonString(out, s.relation);
        out += ",\"column\":";
        AppendJsonString(out, s.column);
        out += "},\"target\":{\"model\":";
        AppendJsonString(out, models[id].name);
        out += ",\"column\":";
        AppendJsonString(out, c.name);
        out += "},\"transform\":";
        AppendJsonString(out, s.transform);
        out += '}';
      }
    }
  }
  out += ']';
}

// One execution of a model, as GET /api/v1/models/{name}/history writes it.
void AppendExecution(std::string& out, const state::RunRecord& run, const state::RunUnit& unit) {
  const Timestamp started = unit.started_at.value_or(run.started_at);
  out += "{\"run_id\":";
  AppendJsonString(out, run.run_id);
  out += fmt::format(",\"started_at\":\"{}\",\"finished_at\":\"{}\",\"duration_ms\":{}",
                     FormatRfc3339(started),
                     FormatRfc3339(started + std::chrono::milliseconds(unit.duration_ms)),
                     unit.duration_ms);
  out += ",\"rows_affected\":";
  out += unit.rows_affected ? std::to_string(*unit.rows_affected) : "null";
  out += ",\"status\":";
  AppendJsonString(out, state::ToString(unit.status));
  out += ",\"sql_hash\":";
  if (unit.sql_hash) AppendJsonString(out, *unit.sql_hash);
  else out += "null";
  out += '}';
}

// `runs` (as GET /api/v1/runs) and `history`: each model's executions in those runs, newest
// first; one read of the store.
void AppendRuns(std::string& out, CompiledProject& compiled, state::StateStore* store) {
  Key(out, "runs");
  out += store ? RunsView(store)["runs"].Dump() : "[]";
  Key(out, "history");
  out += '{';
  if (store) {
    auto runs = store->ListRuns({.limit = kRecentRuns});
    if (!runs) LogWarn("reading run history from the state store failed: {}", runs.error().Text());
    const project::ModelDag& dag = compiled.project.dag.dag;
    std::unordered_map<project::ModelId, std::string> history;
    std::vector<project::ModelId> order;
    for (const state::RunRecord& run : runs ? *runs : std::vector<state::RunRecord>{}) {
      for (const state::RunUnit& unit : run.units) {
        if (unit.kind != state::UnitKind::kModel) continue;
        auto id = dag.size() ? dag.Find(unit.unit_name) : std::nullopt;
        if (!id) continue;
        auto [it, added] = history.try_emplace(*id);
        if (added) order.push_back(*id);
        else it->second += ',';
        AppendExecution(it->second, run, unit);
      }
    }
    for (size_t i = 0; i < order.size(); ++i) {
      if (i) out += ',';
      AppendJsonString(out, dag.name(order[i]));
      out += ":[" + history[order[i]] + "]";
    }
  }
  out += '}';
}

}  // namespace

std::string DocsCatalogData(CompiledProject& compiled, const DocsCatalogOptions& options) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  std::string out;
  out.reserve(4096 + dag.size() * 1500);
  out += "{\"version\":\"1.0.0\"";
  if (!options.generated_at.empty()) {
    Key(out, "generated_at");
    AppendJsonString(out, options.generated_at);
  }
  if (!options.project_name.empty()) {
    Key(out, "project");
    out += "{\"name\":";
    AppendJsonString(out, options.project_name);
    out += '}';
  }
  Key(out, "models");
  out += '[';
  const size_t models = std::min(dag.size(), compiled.project.load.models.size());
  for (project::ModelId id = 0; id < models; ++id) {
    if (id) out += ',';
    AppendModel(out, compiled, id, options);
  }
  out += ']';
  Key(out, "lineage");
  AppendLineage(out, compiled);
  Key(out, "diagnostics");
  out += '[';
  for (size_t i = 0; i < compiled.diagnostics.size(); ++i) {
    if (i) out += ',';
    out += DiagnosticJson(compiled.diagnostics[i]).Dump();
  }
  out += ']';
  AppendRuns(out, compiled, options.store);
  out += '}';
  return out;
}

Result<std::string> DocsCatalogPage(std::string_view page, std::string_view data) {
  const size_t at = page.find(kDocsDataMarker);
  if (at == std::string_view::npos)
    return Fail(ErrorKind::kInternal, "the page has no docs data marker {}", kDocsDataMarker);
  if (page.find(kDocsDataMarker, at + 1) != std::string_view::npos)
    return Fail(ErrorKind::kInternal, "the page has more than one docs data marker");
  constexpr std::string_view kOpen = R"(<script type="application/json" id="rocky-data">)";
  constexpr std::string_view kClose = "</script>";
  std::string out;
  out.reserve(page.size() + data.size() + data.size() / 8 + kOpen.size() + kClose.size());
  out.append(page.substr(0, at));
  out.append(kOpen);
  // `<` only occurs inside JSON strings, where \u003c means the same character; no `</script>`
  // or `<!--` of a model's SQL or description can then end the block.
  for (size_t from = 0;;) {
    const size_t lt = data.find('<', from);
    out.append(data.substr(from, lt == std::string_view::npos ? lt : lt - from));
    if (lt == std::string_view::npos) break;
    out.append("\\u003c");
    from = lt + 1;
  }
  out.append(kClose);
  out.append(page.substr(at + kDocsDataMarker.size()));
  return out;
}

Result<DocsCatalogWrite> WriteDocsCatalog(const config::Config& config,
                                          const ProjectOptions& project, std::string_view page,
                                          const std::string& output_path) {
  const auto start = std::chrono::steady_clock::now();
  CompileOptions compile;
  compile.columns_needed = false;  // decoded model by model as the data is written
  CompiledProject compiled = CompileProject(config, project, compile);

  std::unique_ptr<state::StateStore> store;
  const std::string state_path = StatePath(config, project);
  if (FileExists(state_path)) {
    auto opened = state::StateStore::Open(state_path, state::OpenMode::kReadOnly);
    if (opened) store = std::make_unique<state::StateStore>(std::move(*opened));
    else LogWarn("cannot open the state store {}: {}", state_path, opened.error().Text());
  }

  DocsCatalogOptions options;
  options.generated_at = FormatRfc3339(std::chrono::floor<std::chrono::seconds>(NowUtc()));
  options.project_dir = config.project_dir.empty() ? "." : config.project_dir;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(options.project_dir, ec), ec);
  options.project_name = dir.filename().string();
  options.store = store.get();

  auto html = DocsCatalogPage(page, DocsCatalogData(compiled, options));
  if (!html) return Fail(std::move(html.error()));
  if (auto written = WriteFileAtomic(output_path, *html); !written)
    return Fail(std::move(written.error()));

  DocsCatalogWrite out;
  out.output_path = output_path;
  out.models_count = static_cast<int64_t>(compiled.project.load.models.size());
  out.pipelines_count = static_cast<int64_t>(config.pipelines.size());
  out.errors = compiled.errors;
  out.bytes = static_cast<int64_t>(html->size());
  out.duration_ms = MillisSince(start);
  return out;
}

}  // namespace rocky::facade
