#include "compiler/type_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <chrono>
#include <thread>

#include "base/byte_codec.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "base/time.h"
#include "compiler/compile_codec.h"
#include "lang/lower.h"
#include "project/model_cache.h"
#include "sql/identifier.h"
#include "sql/parser.h"

namespace rocky::compiler {

namespace {

// Upstream model outputs by bare name, then the known external relations.
class ProjectCatalog : public Catalog {
 public:
  ProjectCatalog(const TypeCheckInput& input, const std::vector<RelationShape>& shapes,
                 const std::vector<bool>& done)
      : input_(input), shapes_(shapes), done_(done) {}

  const RelationShape* Find(const std::vector<std::string>& parts) const override {
    if (parts.size() == 1)
      if (auto id = input_.dag.Find(parts[0]); id && done_[*id]) return &shapes_[*id];
    return input_.externals ? input_.externals->Find(parts) : nullptr;
  }

 private:
  const TypeCheckInput& input_;
  const std::vector<RelationShape>& shapes_;
  const std::vector<bool>& done_;
};

// A script position to the model file: `.sql` text starts at spans.body.
std::optional<Span> ToModelFile(const project::Model& m, const std::optional<Span>& local) {
  if (!local) return m.spans.file;
  if (m.kind == project::ModelKind::kRocky) return local;
  const Span& body = m.spans.body;
  if (body.line <= 0) return Span{m.path, local->line, local->col, local->len};
  return Span{body.file.empty() ? m.path : body.file, body.line + local->line - 1,
              local->line == 1 ? body.col + local->col - 1 : local->col, local->len};
}

BindResult BindModel(const project::Model& m, const TypeCheckInput& input, const Catalog& catalog,
                     bool& bound) {
  BindOptions options;
  options.dialect = std::string(input.dialect.name);
  bound = false;
  if (m.kind == project::ModelKind::kRocky) {
    lang::LowerResult lowered = lang::Lower(m.text, m.path, input.dialect);
    if (!lowered.ok()) return {};
    bound = true;
    return BindQuery(*lowered.script, *lowered.query, catalog, options);
  }
  auto script = sql::Parse(project::ParseableModelText(m.text), input.dialect);
  if (!script->diagnostics().empty() || script->statements().size() != 1) return {};
  const sql::Statement* tree = script->statements()[0].tree;
  if (tree->kind != sql::StatementKind::kQueryStatement) return {};
  bound = true;
  return BindQuery(*script, *static_cast<const sql::QueryStatement*>(tree)->query, catalog,
                   options);
}

Diagnostic ContractDiagnostic(const project::Model& m, Severity severity, const char* code,
                              std::string message, const Span& at,
                              std::optional<std::string> suggestion = std::nullopt) {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.message = std::move(message);
  d.span = at;
  d.model = m.name;
  d.suggestion = std::move(suggestion);
  return d;
}

}  // namespace

void TypeCheckResult::DecodeColumns(size_t i) {
  if (i >= undecoded.size() || undecoded[i].empty()) return;
  if (!compiler::DecodeColumns(undecoded[i], models[i].columns)) {
    models[i].columns.clear();
    models[i].partially_unknown = true;
  }
  undecoded[i] = {};
}

std::vector<Diagnostic> CheckContract(const project::Model& model, const CompiledModel& compiled,
                                      std::string_view dialect) {
  std::vector<Diagnostic> out;
  if (!model.contract || !compiled.bound) return out;
  const project::Contract& contract = *model.contract;
  const Span file{contract.path, 1, 1, 0};
  auto find = [&](std::string_view name) -> const BoundColumn* {
    for (const BoundColumn& c : compiled.columns)
      if (EqualsIgnoreCase(c.name, name)) return &c;
    return nullptr;
  };
  // A SELECT * over an unknown relation may hide any column: absence proves nothing then.
  const bool can_miss = !compiled.partially_unknown;
  std::vector<std::string> names;
  for (const BoundColumn& c : compiled.columns) names.push_back(c.name);
  auto close = [&](std::string_view name) -> std::optional<std::string> {
    if (auto s = DidYouMean(name, names)) return "did you mean '" + *s + "'?";
    return std::nullopt;
  };
  for (const std::string& r : contract.rules.required)
    if (can_miss && !find(r))
      out.push_back(ContractDiagnostic(
          model, Severity::kError, "E010",
          fmt::format("required column '{}' is missing from model '{}'", r, model.name), file,
          close(r)));
  for (const std::string& p : contract.rules.protected_columns)
    if (can_miss && !find(p))
      out.push_back(ContractDiagnostic(
          model, Severity::kError, "E013",
          fmt::format("protected column '{}' is missing from model '{}'", p, model.name), file,
          close(p)));
  for (const project::ContractColumn& c : contract.columns) {
    const Span at = c.span.line > 0 ? c.span : file;
    const BoundColumn* inferred = find(c.name);
    if (!inferred) {
      bool required = std::any_of(contract.rules.required.begin(), contract.rules.required.end(),
                                  [&](const std::string& r) { return EqualsIgnoreCase(r, c.name); });
      if (can_miss && !required)
        out.push_back(ContractDiagnostic(
            model, Severity::kWarning, "W010",
            fmt::format("contract column '{}' is absent from the output of model '{}'", c.name,
                        model.name),
            at, close(c.name)));
      continue;
    }
    if (c.type) {
      Type declared = FromContractType(*c.type);
      if (!Matches(inferred->type.type, declared))
        out.push_back(ContractDiagnostic(
            model, Severity::kError, "E011",
            fmt::format("column '{}' of model '{}' is {}, but the contract says {}", c.name,
                        model.name, inferred->type.type.ToString(), declared.ToString()),
            at, fmt::format("cast it in the model: CAST({} AS {})", c.name,
                            ToWarehouseType(declared, dialect))));
    }
    if (c.nullable && !*c.nullable && inferred->type.ProvablyNullable() &&
        inferred->type.type.IsKnown())
      out.push_back(ContractDiagnostic(
          model, Severity::kError, "E012",
          fmt::format("column '{}' of model '{}' may be NULL, but the contract says nullable = "
                      "false",
                      c.name, model.name),
          at, fmt::format("filter NULLs or use COALESCE({}, …)", c.name)));
  }
  return out;
}

std::vector<Diagnostic> CheckTimeInterval(const project::Model& model,
                                          const CompiledModel& compiled) {
  std::vector<Diagnostic> out;
  const auto* s = model.strategy.As<project::TimeIntervalStrategy>();
  if (!s) return out;
  const Span at = model.spans.strategy.line > 0 ? model.spans.strategy : model.spans.file;
  auto report = [&](Severity severity, const char* code, std::string message,
                    std::optional<std::string> suggestion = std::nullopt) {
    out.push_back(ContractDiagnostic(model, severity, code, std::move(message), at,
                                     std::move(suggestion)));
  };
  if (!sql::IsValidIdentifier(s->time_column))
    report(Severity::kError, "E023",
           fmt::format("time_column '{}' of model '{}' is not a valid identifier", s->time_column,
                       model.name));
  const bool has_start = model.text.find("@start_date") != std::string::npos;
  const bool has_end = model.text.find("@end_date") != std::string::npos;
  if (!has_start && !has_end)
    report(Severity::kError, "E024",
           fmt::format("time_interval model '{}' uses neither @start_date nor @end_date", model.name),
           fmt::format("filter the input: WHERE {0} >= @start_date AND {0} < @end_date",
                       s->time_column));
  else if (has_start != has_end)
    report(Severity::kWarning, "W003",
           fmt::format("time_interval model '{}' uses only {}", model.name,
                       has_start ? "@start_date" : "@end_date"));
  if (s->first_partition && !project::IsCanonicalPartitionKey(*s->first_partition, s->granularity))
    report(Severity::kError, "E026",
           fmt::format("first_partition '{}' of model '{}' is not a {} key", *s->first_partition,
                       model.name, project::GranularityName(s->granularity)));
  if (!compiled.bound) return out;
  const BoundColumn* column = nullptr;
  for (const BoundColumn& c : compiled.columns)
    if (EqualsIgnoreCase(c.name, s->time_column)) column = &c;
  if (!column) {
    if (!compiled.partially_unknown)
      report(Severity::kError, "E020",
             fmt::format("time_column '{}' is not an output column of model '{}'", s->time_column,
                         model.name));
    return out;
  }
  const Type& t = column->type.type;
  if (!t.IsKnown()) return out;
  if (!t.IsTemporal())
    report(Severity::kError, "E021",
           fmt::format("time_column '{}' of model '{}' is {}, not a DATE or TIMESTAMP",
                       s->time_column, model.name, t.ToString()),
           fmt::format("CAST({} AS TIMESTAMP)", s->time_column));
  if (column->type.ProvablyNullable())
    report(Severity::kError, "E022",
           fmt::format("time_column '{}' of model '{}' may be NULL", s->time_column, model.name),
           fmt::format("filter it: WHERE {} IS NOT NULL", s->time_column));
  if (t.Is(TypeKind::kDate) && s->granularity == project::Granularity::kHour)
    report(Severity::kError, "E025",
           fmt::format("model '{}' has an hour grain on the DATE column '{}'", model.name,
                       s->time_column));
  return out;
}

TypeCheckResult TypeCheck(const TypeCheckInput& input) {
  const auto start = std::chrono::steady_clock::now();
  const size_t n = input.models.size();
  TypeCheckResult result;
  result.models.resize(n);
  std::vector<RelationShape> shapes(n);
  std::vector<bool> done(n, false);
  std::vector<std::vector<Diagnostic>> per_model(n);
  ProjectCatalog catalog(input, shapes, done);

  std::vector<uint64_t> shape_hashes(n, 0);
  std::atomic<int64_t> bound_count{0};
  // Everything a model's result depends on: its own inputs (load key, dialect) and the shape of
  // every relation it reads. 0: not cacheable.
  auto cache_key = [&](project::ModelId id) -> uint64_t {
    if (!input.cache || !input.cache_keys || id >= input.cache_keys->size()) return 0;
    const uint64_t query_key = project::QueryCacheKey((*input.cache_keys)[id], input.dialect);
    if (query_key == 0) return 0;
    ContentHasher h;
    h.Add("compiled").U64(query_key);
    const project::ModelQuery& q = input.queries[id];
    for (const project::ModelReferenceSite& site : q.sites)
      h.U64(site.model < n && done[site.model] ? shape_hashes[site.model] : 0);
    for (const project::ExternalRelation& e : q.external) {
      h.Add(e.name);
      const RelationShape* shape = e.parts.empty() ? nullptr : catalog.Find(e.parts);
      h.U64(shape ? ShapeHash(*shape) : 0);
    }
    return h.value();
  };

  // A model restored from the cache keeps its encoded columns in `pending` until something
  // reads them: a downstream model that is bound again, a contract, or the caller. With
  // `columns_needed = false`, a freshly bound model's columns go the same way once cached.
  std::vector<std::string_view> pending(n);
  std::unique_ptr<std::once_flag[]> decoded(new std::once_flag[n]);
  std::unique_ptr<std::atomic<bool>[]> shape_ready(new std::atomic<bool>[n]);
  std::function<void(project::ModelId)> ensure_columns;
  std::vector<char> was_decoded(n, 0);
  auto needs_columns = [&](project::ModelId id) {
    return input.columns_needed || input.models[id].contract ||
           input.models[id].strategy.type() == project::StrategyType::kTimeInterval;
  };

  auto set_shape = [&](project::ModelId id) {
    const CompiledModel& cm = result.models[id];
    RelationShape& shape = shapes[id];
    shape.partially_unknown = cm.partially_unknown;
    shape.columns.clear();
    shape.columns.reserve(cm.columns.size());
    for (const BoundColumn& c : cm.columns) shape.columns.push_back({c.name, c.type, {}});
    shape_ready[id].store(true);
  };
  auto bind_fresh = [&](project::ModelId id, uint64_t key) {
    const project::Model& m = input.models[id];
    for (const project::ModelReferenceSite& site : input.queries[id].sites)
      if (site.model < n && site.model != id && done[site.model] && !shape_ready[site.model].load())
        ensure_columns(site.model);
    CompiledModel& cm = result.models[id];
    cm = CompiledModel{};
    per_model[id].clear();
    bool bound = false;
    BindResult r = BindModel(m, input, catalog, bound);
    bound_count.fetch_add(1, std::memory_order_relaxed);
    cm.bound = bound;
    cm.columns = std::move(r.columns);
    cm.partially_unknown = r.partially_unknown || !bound;
    for (Diagnostic& d : r.diagnostics) {
      d.span = ToModelFile(m, d.span);
      d.model = m.name;
      per_model[id].push_back(std::move(d));
    }
    // Downstream models see this model as a relation of its own (lineage edges stop here).
    set_shape(id);
    std::string_view stored;
    if (input.cache) {
      shape_hashes[id] = ShapeHash(shapes[id]);
      if (key != 0)
        stored = input.cache->Put(
            project::CacheRecord::kCompiled, key,
            EncodeCompiled({cm.partially_unknown, cm.bound, shape_hashes[id]}, per_model[id],
                           cm.columns));
    }
    if (needs_columns(id)) return;
    CompiledHeader header;
    std::vector<Diagnostic> ignored;
    std::string_view columns;
    // Downstream models read the shape, not these: the cache holds them now (decoded again only
    // if someone asks), or nobody needs them (--no-cache, an uncacheable model).
    std::vector<BoundColumn>().swap(cm.columns);
    if (!stored.empty() && DecodeCompiledHeader(stored, header, ignored, columns))
      pending[id] = columns;
  };
  ensure_columns = [&](project::ModelId id) {
    if (pending[id].empty()) return;
    std::call_once(decoded[id], [&] {
      was_decoded[id] = 1;
      if (!DecodeColumns(pending[id], result.models[id].columns)) bind_fresh(id, 0);  // damaged
      else if (!shape_ready[id].load()) set_shape(id);
    });
  };

  for (const auto& layer : input.dag.Layers()) {
    auto bind = [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        const project::ModelId id = layer[k];
        const uint64_t key = cache_key(id);
        if (key != 0) {
          if (auto cached = input.cache->Find(project::CacheRecord::kCompiled, key)) {
            CompiledHeader header;
            std::string_view columns;
            if (DecodeCompiledHeader(*cached, header, per_model[id], columns) && !columns.empty()) {
              CompiledModel& cm = result.models[id];
              cm.bound = header.bound;
              cm.partially_unknown = header.partially_unknown;
              shapes[id].partially_unknown = header.partially_unknown;
              shape_hashes[id] = header.shape_hash;
              pending[id] = columns;
              continue;
            }
          }
        }
        bind_fresh(id, key);
      }
    };
    ParallelFor(layer.size(), ThreadsFor(layer.size(), input.threads, 64), 1, bind);
    // Writes of this layer are complete before the next layer reads them.
    for (project::ModelId id : layer) done[id] = true;
  }
  // Contracts and time_interval checks read columns; so may the caller.
  for (size_t i = 0; i < n; ++i)
    if (needs_columns(i) && !input.columns_needed) ensure_columns(i);
  if (input.columns_needed) {
    ParallelFor(n, ThreadsFor(n, input.threads, 256), 64, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ensure_columns(i);
    });
  } else {
    result.undecoded.resize(n);
    for (size_t i = 0; i < n; ++i)
      if (!was_decoded[i]) result.undecoded[i] = pending[i];
  }
  result.typecheck_ms = MillisSince(start);
  result.models_bound = bound_count.load();

  const auto contracts_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    for (Diagnostic& d : CheckContract(input.models[i], result.models[i], input.dialect.name))
      per_model[i].push_back(std::move(d));
    for (Diagnostic& d : CheckTimeInterval(input.models[i], result.models[i]))
      per_model[i].push_back(std::move(d));
  }
  result.contracts_ms = MillisSince(contracts_start);
  for (auto& list : per_model)
    for (Diagnostic& d : list) result.diagnostics.push_back(std::move(d));
  return result;
}

}  // namespace rocky::compiler
