#include "facade/docs_catalog.h"

#include <fmt/format.h>

#include <algorithm>
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

// Paths written relative to the project folder when under it, else as given.
class ProjectPaths {
 public:
  explicit ProjectPaths(const std::string& project_dir) {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    if (!ec && !project_dir.empty()) root_ = (cwd_ / project_dir).lexically_normal();
  }
  std::string Relative(const std::string& path) const {
    if (root_.empty() || path.empty()) return path;
    fs::path rel = (cwd_ / path).lexically_normal().lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") return path;
    return rel.generic_string();
  }

 private:
  fs::path cwd_;
  fs::path root_;
};

void AppendModel(std::string& out, CompiledProject& compiled, project::ModelId id,
                 const ProjectPaths& paths) {
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
  AppendJsonString(out, paths.Relative(m.path));
  Key(out, "sql");
  AppendJsonString(out, m.text);
  if (m.intent) {
    Key(out, "description");
    AppendJsonString(out, *m.intent);
  }
  Key(out, "strategy");
  if (m.strategy.type() == project::StrategyType::kFullRefresh)
    out += "{\"type\":\"full_refresh\"}";
  else
    out += m.strategy.ToJson().Dump();
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
    contract.Set("path", paths.Relative(m.contract->path));
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
  out += fmt::format(
      ",\"started_at\":\"{}\",\"finished_at\":\"{}\",\"duration_ms\":{}", FormatRfc3339(started),
      FormatRfc3339(started + std::chrono::milliseconds(unit.duration_ms)), unit.duration_ms);
  out += ",\"rows_affected\":";
  out += unit.rows_affected ? std::to_string(*unit.rows_affected) : "null";
  out += ",\"status\":";
  AppendJsonString(out, state::ToString(unit.status));
  out += ",\"sql_hash\":";
  if (unit.sql_hash)
    AppendJsonString(out, *unit.sql_hash);
  else
    out += "null";
  out += '}';
}

// `runs` (as GET /api/v1/runs: the last 50) and `history`: each model's executions in those
// runs, newest first (one read for all models rather than one per model).
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
    const std::vector<state::RunRecord> none;
    for (const state::RunRecord& run : runs ? *runs : none) {
      for (const state::RunUnit& unit : run.units) {
        if (unit.kind != state::UnitKind::kModel) continue;
        auto id = dag.size() ? dag.Find(unit.unit_name) : std::nullopt;
        if (!id) continue;
        auto [it, added] = history.try_emplace(*id);
        if (added)
          order.push_back(*id);
        else
          it->second += ',';
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

// Appends the data object to `out`.
void AppendData(std::string& out, CompiledProject& compiled, const DocsCatalogOptions& options) {
  const project::ModelDag& dag = compiled.project.dag.dag;
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
  const ProjectPaths paths(options.project_dir);
  const size_t models = std::min(dag.size(), compiled.project.load.models.size());
  for (project::ModelId id = 0; id < models; ++id) {
    if (id) out += ',';
    AppendModel(out, compiled, id, paths);
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
}

// What the data of `compiled` takes, roughly and rather more than less: reserving costs no
// memory until it is written, growing copies everything written so far.
size_t DataSizeHint(const CompiledProject& compiled) {
  size_t size = 1 << 16;
  for (const project::Model& m : compiled.project.load.models) size += 2 * m.text.size() + 4096;
  return size + compiled.diagnostics.size() * 512;
}

// Writes every `<` of out[from…] as `\u003c`, in place: `<` only occurs inside JSON strings,
// where the escape means the same character, and no `</script>` or `<!--` of a model's SQL or
// description can then end the data block.
void EscapeLessThan(std::string& out, size_t from) {
  const auto count = static_cast<size_t>(std::count(out.begin() + from, out.end(), '<'));
  if (!count) return;
  constexpr std::string_view kEscape = "\\u003c";
  size_t read = out.size();
  out.resize(out.size() + count * (kEscape.size() - 1));
  size_t write = out.size();
  while (read > from) {
    const char c = out[--read];
    if (c == '<') {
      write -= kEscape.size();
      out.replace(write, kEscape.size(), kEscape);
    } else {
      out[--write] = c;
    }
  }
}

constexpr std::string_view kBlockOpen = R"(<script type="application/json" id="rocky-data">)";
constexpr std::string_view kBlockClose = "</script>";

// The marker's offset in `page`, or an error unless there is exactly one.
Result<size_t> MarkerOffset(std::string_view page) {
  const size_t at = page.find(kDocsDataMarker);
  if (at == std::string_view::npos)
    return Fail(ErrorKind::kInternal, "the page has no docs data marker {}", kDocsDataMarker);
  if (page.find(kDocsDataMarker, at + 1) != std::string_view::npos)
    return Fail(ErrorKind::kInternal, "the page has more than one docs data marker");
  return at;
}

}  // namespace

std::string DocsCatalogData(CompiledProject& compiled, const DocsCatalogOptions& options) {
  std::string out;
  out.reserve(DataSizeHint(compiled));
  AppendData(out, compiled, options);
  return out;
}

Result<std::string> DocsCatalogPage(std::string_view page, std::string_view data) {
  auto at = MarkerOffset(page);
  if (!at) return Fail(std::move(at.error()));
  std::string out;
  out.reserve(page.size() + data.size() + data.size() / 8 + kBlockOpen.size() + kBlockClose.size());
  out.append(page.substr(0, *at));
  out.append(kBlockOpen);
  const size_t from = out.size();
  out.append(data);
  EscapeLessThan(out, from);
  out.append(kBlockClose);
  out.append(page.substr(*at + kDocsDataMarker.size()));
  return out;
}

Result<DocsCatalogWrite> WriteDocsCatalog(const config::Config& config,
                                          const ProjectOptions& project, std::string_view page,
                                          const std::string& output_path) {
  const auto start = std::chrono::steady_clock::now();
  CompileOptions compile;
  compile.columns_needed = false;  // decoded model by model as the data is written
  CompiledProject compiled = CompileProject(config, project, compile);
  if (compiled.project.load.models.empty()) {
    for (const Diagnostic& d : compiled.diagnostics)
      if (d.severity == Severity::kError)
        return Fail(ErrorKind::kNotFound, "{}", DiagnosticText(d));
    return Fail(ErrorKind::kNotFound, "no models found in {}", compiled.project.dir.string());
  }

  std::unique_ptr<state::StateStore> store;
  const std::string state_path = StatePath(config, project);
  if (FileExists(state_path)) {
    auto opened = state::StateStore::Open(state_path, state::OpenMode::kReadOnly);
    if (opened)
      store = std::make_unique<state::StateStore>(std::move(*opened));
    else
      LogWarn("cannot open the state store {}: {}", state_path, opened.error().Text());
  }

  DocsCatalogOptions options;
  options.generated_at = FormatRfc3339(std::chrono::floor<std::chrono::seconds>(NowUtc()));
  options.project_dir = config.project_dir.empty() ? "." : config.project_dir;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(options.project_dir, ec), ec);
  options.project_name = dir.filename().string();
  options.store = store.get();

  // One buffer: the page around the data, written and escaped in place (a 10,000-model
  // catalog is some 30 MB).
  auto at = MarkerOffset(page);
  if (!at) return Fail(std::move(at.error()));
  std::string html;
  html.reserve(page.size() + kBlockOpen.size() + kBlockClose.size() + DataSizeHint(compiled));
  html.append(page.substr(0, *at));
  html.append(kBlockOpen);
  const size_t from = html.size();
  AppendData(html, compiled, options);
  EscapeLessThan(html, from);
  html.append(kBlockClose);
  html.append(page.substr(*at + kDocsDataMarker.size()));
  if (auto written = WriteFileAtomic(output_path, html); !written)
    return Fail(std::move(written.error()));

  DocsCatalogWrite out;
  out.output_path = output_path;
  out.models_count = static_cast<int64_t>(compiled.project.load.models.size());
  out.pipelines_count = static_cast<int64_t>(config.pipelines.size());
  out.errors = compiled.errors;
  out.bytes = static_cast<int64_t>(html.size());
  out.duration_ms = MillisSince(start);
  return out;
}

}  // namespace rocky::facade
