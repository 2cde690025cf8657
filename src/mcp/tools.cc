#include "mcp/tools.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "adapter_sdk/cell_text.h"
#include "adapters/registry.h"
#include "base/json_schema.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "facade/api_views.h"
#include "facade/docs_catalog.h"
#include "facade/lineage.h"
#include "facade/model_run_setup.h"
#include "facade/run_support.h"
#include "runtime/model_runner.h"
#include "state/state_store.h"

namespace rocky::mcp {

namespace {

constexpr int64_t kDefaultSampleRows = 10;
constexpr int64_t kMaxSampleRows = 100;
constexpr int64_t kDefaultSearchResults = 10;

// The input schemas. Every one is an object schema without other members.
constexpr std::string_view kNoArguments =
    R"json({"type":"object","properties":{},"additionalProperties":false})json";
constexpr std::string_view kModelArgument = R"json({"type":"object","properties":{
  "model":{"type":"string","description":"The model name"}},
  "required":["model"],"additionalProperties":false})json";
constexpr std::string_view kCompileArguments = R"json({"type":"object","properties":{
  "model":{"type":"string","description":"Only this model's diagnostics (all models are compiled)"}},
  "additionalProperties":false})json";
constexpr std::string_view kColumnArguments = R"json({"type":"object","properties":{
  "model":{"type":"string","description":"The model name"},
  "column":{"type":"string","description":"An output column of the model (any case)"}},
  "required":["model","column"],"additionalProperties":false})json";
constexpr std::string_view kPlanArguments = R"json({"type":"object","properties":{
  "models":{"type":"array","items":{"type":"string"},
            "description":"Only these models (default: every model)"},
  "full_refresh":{"type":"boolean","description":"Plan a full rebuild of every model"}},
  "additionalProperties":false})json";
constexpr std::string_view kSampleArguments = R"json({"type":"object","properties":{
  "model":{"type":"string","description":"The model whose target table is read"},
  "limit":{"type":"integer","minimum":1,"maximum":100,"description":"Rows to return (default 10)"}},
  "required":["model"],"additionalProperties":false})json";
constexpr std::string_view kRunArguments = R"json({"type":"object","properties":{
  "models":{"type":"array","items":{"type":"string"},"minItems":1,
            "description":"The models to build (only these; their parents must exist)"},
  "full_refresh":{"type":"boolean","description":"Rebuild the targets from scratch"}},
  "required":["models"],"additionalProperties":false})json";
constexpr std::string_view kHistoryArguments = R"json({"type":"object","properties":{
  "model":{"type":"string","description":"One model's executions (default: the recent runs)"}},
  "additionalProperties":false})json";
constexpr std::string_view kSearchArguments = R"json({"type":"object","properties":{
  "query":{"type":"string","description":"Words to find in model names, descriptions and columns"},
  "limit":{"type":"integer","minimum":1,"maximum":50,"description":"Results to return (default 10)"}},
  "required":["query"],"additionalProperties":false})json";

Json Schema(std::string_view text) {
  auto parsed = Json::Parse(text);
  if (!parsed) LogError("mcp: bad built-in schema: {}", parsed.error().message);
  return parsed ? std::move(*parsed) : Json::Object();
}

std::string String(const Json& args, std::string_view key) {
  const Json* v = args.Find(key);
  return v && v->IsString() ? v->AsString() : std::string();
}

int64_t Int(const Json& args, std::string_view key, int64_t fallback) {
  const Json* v = args.Find(key);
  return v && v->IsNumber() ? v->AsInt() : fallback;
}

bool Flag(const Json& args, std::string_view key) {
  const Json* v = args.Find(key);
  return v && v->IsBool() && v->AsBool();
}

// The model a tool names, or the tool error saying it does not exist.
Result<project::ModelId> FindModel(const facade::CompiledProject& compiled,
                                   const std::string& name) {
  auto id = compiled.project.dag.dag.Find(name);
  if (!id) return Fail(ErrorKind::kNotFound, "model '{}' not found", name);
  return *id;
}

// The models `names` lists; an unknown one is an error.
Result<std::vector<project::ModelId>> FindModels(const facade::CompiledProject& compiled,
                                                 const Json& names) {
  std::vector<project::ModelId> ids;
  for (const Json& n : names.items()) {
    auto id = FindModel(compiled, n.AsString());
    if (!id) return std::unexpected(id.error());
    ids.push_back(*id);
  }
  return ids;
}

ToolResult Ok(Json value) { return ToolResult{std::move(value), false}; }

ToolResult CompileFailed(const facade::CompiledProject& compiled) {
  return ToolError(fmt::format(
      "the project has {} compile error(s); call compile for the diagnostics", compiled.errors));
}

Json StatementsJson(const std::vector<sdk::Statement>& statements) {
  Json list = Json::Array();
  for (const auto& s : statements)
    list.Push(Json::Object().Set("purpose", s.purpose).Set("target", s.target).Set("sql", s.sql));
  return list;
}

Json EdgesJson(const std::vector<facade::LineageEdge>& edges) {
  Json list = Json::Array();
  for (const auto& e : edges) list.Push(e.ToJson());
  return list;
}

}  // namespace

ToolResult ToolError(std::string message, std::vector<std::string> problems) {
  Json value = Json::Object().Set("error", std::move(message));
  if (!problems.empty()) value.Set("problems", Json::ArrayOf(std::move(problems)));
  return ToolResult{std::move(value), true};
}

Tools::Tools(ProjectSession& session, ToolOptions options) : session_(session), options_(options) {
  specs_ = {
      {"list_models", "List models",
       "Every model of the project with its output column count, whether its output is only "
       "partly known (has_star), and its direct upstream and downstream models.",
       Schema(kNoArguments)},
      {"model_detail", "Model detail",
       "One model: its SQL, file, typed output columns (name, type, nullable), target table, "
       "materialization strategy, contract, description and direct neighbours.",
       Schema(kModelArgument)},
      {"compile", "Compile the project",
       "Compiles every model (recompiled when a file changed) and returns the diagnostics "
       "(severity, code, message, file, line, suggestion) and whether there are errors.",
       Schema(kCompileArguments)},
      {"column_lineage", "Column lineage",
       "Traces one output column of a model back through its upstream models to the external "
       "sources, one edge per step with its transform (direct, cast, aggregation, expression).",
       Schema(kColumnArguments)},
      {"downstream_impact", "Downstream impact of a column",
       "Every dependent model and column that reads the given column, directly or through "
       "other models: what changing its type or dropping it would touch.",
       Schema(kColumnArguments)},
      {"plan", "Plan a run",
       "The SQL statements a run of the models would execute, in order, without executing "
       "anything (reads the targets and the state store as a run would).",
       Schema(kPlanArguments)},
      {"sample_rows", "Sample rows",
       "Reads up to `limit` rows (at most 100) of a model's target table on the pipeline's "
       "warehouse with one SELECT; nothing is written.",
       Schema(kSampleArguments)},
      {"run", "Run models",
       "Builds the selected models (only those) on the pipeline's warehouse and records the "
       "run in the history. Refused unless the server was started with --allow-run.",
       Schema(kRunArguments), false},
      {"history", "Run history",
       "The recent runs from the state store (newest first), or one model's executions.",
       Schema(kHistoryArguments)},
      {"docs_search", "Search the docs",
       "Finds models whose name, description, column names or column descriptions contain "
       "the query's words, best matches first.",
       Schema(kSearchArguments)},
  };
}

std::optional<ToolResult> Tools::Call(std::string_view name, const Json& arguments) {
  auto spec =
      std::find_if(specs_.begin(), specs_.end(), [&](const ToolSpec& s) { return s.name == name; });
  if (spec == specs_.end()) return std::nullopt;
  const Json args = arguments.IsNull() ? Json::Object() : arguments;
  std::vector<std::string> problems = ValidateJson(args, spec->input_schema);
  if (!problems.empty()) {
    std::string message = fmt::format("invalid arguments for {}: {}", name, problems.front());
    return ToolError(std::move(message), std::move(problems));
  }
  if (name == "list_models") return ListModels(args);
  if (name == "model_detail") return ModelDetail(args);
  if (name == "compile") return Compile(args);
  if (name == "column_lineage") return ColumnLineage(args);
  if (name == "downstream_impact") return DownstreamImpact(args);
  if (name == "plan") return Plan(args);
  if (name == "sample_rows") return SampleRows(args);
  if (name == "run") return Run(args);
  if (name == "history") return History(args);
  return DocsSearch(args);
}

ToolResult Tools::ListModels(const Json&) { return Ok(facade::ModelsView(session_.Compiled())); }

ToolResult Tools::ModelDetail(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  auto id = FindModel(compiled, String(args, "model"));
  if (!id) return ToolError(id.error().message);
  Json view = facade::ModelView(compiled, *id);
  const project::Model& m = compiled.project.load.models[*id];
  view.Set("description", m.intent ? Json(*m.intent) : Json());
  return Ok(std::move(view));
}

ToolResult Tools::Compile(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  Json view = facade::CompileView(compiled);
  const std::string model = String(args, "model");
  if (model.empty()) return Ok(std::move(view));
  if (auto id = FindModel(compiled, model); !id) return ToolError(id.error().message);
  Json kept = Json::Array();
  for (const Json& d : view["diagnostics"].items())
    if (EqualsIgnoreCase(d["model"].AsString(), model)) kept.Push(d);
  view.Set("diagnostics", std::move(kept));
  return Ok(std::move(view));
}

ToolResult Tools::ColumnLineage(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  const std::string column = String(args, "column");
  auto id = FindModel(compiled, String(args, "model"));
  if (!id) return ToolError(id.error().message);
  auto trace = facade::ColumnTraceView(compiled, *id, column);
  if (!trace)
    return ToolError(
        fmt::format("model '{}' has no column '{}'", compiled.project.dag.dag.name(*id), column));
  return Ok(std::move(*trace));
}

ToolResult Tools::DownstreamImpact(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  const std::string column = String(args, "column");
  auto id = FindModel(compiled, String(args, "model"));
  if (!id) return ToolError(id.error().message);
  const std::string& model = compiled.project.dag.dag.name(*id);
  auto impact = facade::DownstreamImpact(compiled, *id, column);
  if (!impact) return ToolError(fmt::format("model '{}' has no column '{}'", model, column));
  std::set<std::string> models;
  Json columns = Json::Array();
  for (const auto& e : impact->edges) {
    models.insert(e.target_model);
    columns.Push(Json::Object().Set("model", e.target_model).Set("column", e.target_column));
  }
  return Ok(Json::Object()
                .Set("model", model)
                .Set("column", impact->column)
                .Set("impacted_models", Json::ArrayOf({models.begin(), models.end()}))
                .Set("impacted_columns", std::move(columns))
                .Set("edges", EdgesJson(impact->edges)));
}

ToolResult Tools::Plan(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  if (compiled.errors > 0) return CompileFailed(compiled);
  runtime::ModelRunOptions options;
  if (const Json* names = args.Find("models")) {
    auto ids = FindModels(compiled, *names);
    if (!ids) return ToolError(ids.error().message);
    options.only = std::move(*ids);
  }
  options.full_refresh = Flag(args, "full_refresh");
  auto pipeline = session_.Pipeline();
  if (!pipeline) return ToolError(pipeline.error().Text());
  adapters::AdapterRegistry registry(session_.config());
  auto target = session_.Target(registry, **pipeline);
  if (!target) return ToolError(target.error().Text());
  auto target_cfg =
      config::ResolveAdapter(session_.config(), **pipeline, config::AdapterRole::kTarget);
  facade::ApplyPipelineModelOptions(options, **pipeline, **target_cfg, compiled);
  auto state = state::StateStore::Open(session_.StatePath(), state::OpenMode::kReadOnly);
  if (!state) return ToolError(state.error().Text());
  runtime::ModelProjectView view{compiled.project.load.models, compiled.project.queries,
                                 compiled.project.dag.dag};
  auto statements = runtime::PlanModels(view, **target, *state, options);
  if (!statements) return ToolError(statements.error().Text());
  return Ok(Json::Object()
                .Set("pipeline", (*pipeline)->name)
                .Set("statements", StatementsJson(*statements))
                .Set("executed", false));
}

ToolResult Tools::SampleRows(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  auto id = FindModel(compiled, String(args, "model"));
  if (!id) return ToolError(id.error().message);
  const project::Model& m = compiled.project.load.models[*id];
  if (m.strategy.type() == project::StrategyType::kEphemeral)
    return ToolError(fmt::format("model '{}' is ephemeral: it has no table", m.name));
  const int64_t limit = std::min(Int(args, "limit", kDefaultSampleRows), kMaxSampleRows);
  auto pipeline = session_.Pipeline();
  if (!pipeline) return ToolError(pipeline.error().Text());
  adapters::AdapterRegistry registry(session_.config());
  auto target = session_.Target(registry, **pipeline);
  if (!target) return ToolError(target.error().Text());
  // One SELECT on the model's target, named through the dialect: nothing else runs.
  auto table =
      (*target)->Dialect().FormatTableRef({m.target.catalog, m.target.schema, m.target.table});
  if (!table) return ToolError(table.error().Text());
  auto result = (*target)->ExecuteQuery(fmt::format("SELECT * FROM {} LIMIT {}", *table, limit));
  (*target)->Close();
  if (!result) return ToolError(result.error().Text());
  Json rows = Json::Array();
  for (const auto& row : result->rows) {
    Json cells = Json::Array();
    for (const auto& v : row) cells.Push(sdk::ValueJson(v));
    rows.Push(std::move(cells));
  }
  return Ok(Json::Object()
                .Set("model", m.name)
                .Set("table", m.target.Ref())
                .Set("columns", Json::ArrayOf(result->columns))
                .Set("rows", std::move(rows))
                .Set("row_count", static_cast<int64_t>(result->rows.size()))
                .Set("limit", limit));
}

ToolResult Tools::Run(const Json& args) {
  if (!options_.allow_run)
    return ToolError(
        "run is disabled: start the server with `rocky mcp --allow-run` to let it build models");
  const config::Config& cfg = session_.config();
  {
    facade::CompiledProject& compiled = session_.Compiled();
    if (compiled.errors > 0) return CompileFailed(compiled);
    if (auto ids = FindModels(compiled, args["models"]); !ids)
      return ToolError(ids.error().message);
  }
  auto pipeline = session_.Pipeline();
  if (!pipeline) return ToolError(pipeline.error().Text());
  const config::PipelineConfig& p = **pipeline;
  auto opened = facade::OpenPipelineRun(cfg, p, {.state_path = session_.StatePath()});
  if (!opened) return ToolError(opened.error().Text());
  facade::PipelineRun& run = **opened;
  adapters::AdapterRegistry registry(cfg);
  auto target = session_.Target(registry, p);
  if (!target) return ToolError(target.error().Text());
  auto target_cfg = config::ResolveAdapter(cfg, p, config::AdapterRole::kTarget);
  // Compiled against the warehouse's schemas, as `rocky run` does.
  facade::CompiledProject compiled = facade::CompileModels(cfg, session_.project(), **target);
  if (compiled.errors > 0) return CompileFailed(compiled);
  auto only = FindModels(compiled, args["models"]);
  if (!only) return ToolError(only.error().message);

  runtime::ModelRunOptions options;
  options.run_id = run.run_id();
  options.started_at = run.started_at();
  options.concurrency = p.execution.concurrency;
  options.fail_fast = p.execution.fail_fast;
  options.full_refresh = Flag(args, "full_refresh");
  options.compile_time_ms = compiled.total_ms;
  options.only = std::move(*only);
  facade::ApplyPipelineModelOptions(options, p, **target_cfg, compiled);

  runtime::ReplicationRunResult result;
  if (auto aborted = run.Begin()) {
    result.fatal = std::move(*aborted);
    result.status = state::RunStatus::kFailure;
    run.Finish(result, state::RunTrigger::kManual);
    return ToolError(result.fatal->Text());
  }
  runtime::ModelProjectView view{compiled.project.load.models, compiled.project.queries,
                                 compiled.project.dag.dag};
  runtime::ModelRunResult models =
      runtime::RunModels(view, **target, run.services(), options, p.name);
  result.units = models.units;
  result.quality = models.quality;
  result.interrupted = models.interrupted;
  result.tables_copied = models.succeeded;
  result.tables_failed = models.failed;
  result.status = runtime::ModelRunStatus(models);
  result.output =
      runtime::TransformationRunOutput(p, options.run_id, MillisBetween(run.started_at(), NowUtc()),
                                       models, run.services(), p.execution.concurrency);
  run.Finish(result, state::RunTrigger::kManual);
  if (models.failed > 0 || models.interrupted) {
    ToolResult failed =
        ToolError(fmt::format("{} model(s) failed (run_id: {})", models.failed, options.run_id));
    failed.value.Set("run", result.output);
    return failed;
  }
  return Ok(std::move(result.output));
}

ToolResult Tools::History(const Json& args) {
  const std::string model = String(args, "model");
  if (!model.empty())
    if (auto id = FindModel(session_.Compiled(), model); !id) return ToolError(id.error().message);
  std::unique_ptr<state::StateStore> store = session_.OpenState();
  if (model.empty()) return Ok(facade::RunsView(store.get()));
  return Ok(facade::ModelHistoryView(store.get(), model));
}

ToolResult Tools::DocsSearch(const Json& args) {
  facade::CompiledProject& compiled = session_.Compiled();
  std::vector<std::string> words;
  for (const std::string& w : Split(ToLower(String(args, "query")), " "))
    if (!Trim(w).empty()) words.emplace_back(Trim(w));
  if (words.empty()) return ToolError("query has no words to search for");
  const int64_t limit = Int(args, "limit", kDefaultSearchResults);
  auto data = Json::Parse(facade::DocsCatalogData(compiled, {}));
  if (!data) return ToolError(data.error().Text());

  struct Hit {
    int score = 0;
    Json entry;
  };
  std::vector<Hit> hits;
  for (const Json& m : (*data)["models"].items()) {
    // A word in the name counts 3, in the description 2, in a column's name or description 1.
    int score = 0;
    Json matched_columns = Json::Array();
    for (const std::string& w : words) {
      if (ToLower(m["name"].AsString()).find(w) != std::string::npos) score += 3;
      if (ToLower(m["description"].AsString()).find(w) != std::string::npos) score += 2;
    }
    for (const Json& c : m["columns"].items()) {
      bool hit = false;
      for (const std::string& w : words)
        hit = hit || ToLower(c["name"].AsString()).find(w) != std::string::npos ||
              ToLower(c["description"].AsString()).find(w) != std::string::npos;
      if (!hit) continue;
      ++score;
      matched_columns.Push(c);
    }
    if (score == 0) continue;
    hits.push_back({score, Json::Object()
                               .Set("name", m["name"])
                               .Set("description", m["description"])
                               .Set("file_path", m["file_path"])
                               .Set("target", m["target"])
                               .Set("matched_columns", std::move(matched_columns))
                               .Set("score", score)});
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  Json results = Json::Array();
  for (size_t i = 0; i < hits.size() && static_cast<int64_t>(i) < limit; ++i)
    results.Push(std::move(hits[i].entry));
  const size_t count = results.size();
  return Ok(Json::Object()
                .Set("query", String(args, "query"))
                .Set("results", std::move(results))
                .Set("count", static_cast<int64_t>(count)));
}

}  // namespace rocky::mcp
