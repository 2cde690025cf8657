#include "project/dag.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <queue>

#include "base/sorting.h"
#include "base/strings.h"

namespace rocky::project {

std::optional<ModelId> ModelDag::Find(std::string_view name) const {
  if (auto id = by_name_.Find(name)) return static_cast<ModelId>(*id);
  return std::nullopt;
}

std::span<const ModelId> ModelDag::dependencies(ModelId id) const {
  return {dep_edges_.data() + dep_offsets_[id], dep_offsets_[id + 1] - dep_offsets_[id]};
}

std::span<const ModelId> ModelDag::dependents(ModelId id) const {
  return {out_edges_.data() + out_offsets_[id], out_offsets_[id + 1] - out_offsets_[id]};
}

namespace {

// Every node reachable from `start` through `next` (start excluded), in name order.
template <typename Next>
std::vector<ModelId> Reach(size_t n, ModelId start, const std::vector<uint32_t>& rank, Next next) {
  std::vector<bool> seen(n, false);
  std::vector<ModelId> stack = {start}, out;
  seen[start] = true;
  while (!stack.empty()) {
    ModelId v = stack.back();
    stack.pop_back();
    for (ModelId w : next(v)) {
      if (seen[w]) continue;
      seen[w] = true;
      out.push_back(w);
      stack.push_back(w);
    }
  }
  std::sort(out.begin(), out.end(), [&rank](ModelId a, ModelId b) { return rank[a] < rank[b]; });
  return out;
}

}  // namespace

std::vector<ModelId> ModelDag::Upstream(ModelId id) const {
  return Reach(size(), id, rank_, [this](ModelId v) { return dependencies(v); });
}

std::vector<ModelId> ModelDag::Downstream(ModelId id) const {
  return Reach(size(), id, rank_, [this](ModelId v) { return dependents(v); });
}

std::vector<std::vector<ModelId>> ModelDag::Layers() const {
  std::vector<std::vector<ModelId>> out(static_cast<size_t>(execution_layers_));
  for (ModelId id : order_) out[static_cast<size_t>(layers_[id])].push_back(id);
  return out;
}

struct DagBuilder {
  static DagBuild Build(const std::vector<Model>& models);
  static void FindCycles(const std::vector<Model>& models, ModelDag& dag,
                         std::vector<Diagnostic>& out);
};

DagBuild DagBuilder::Build(const std::vector<Model>& models) {
  DagBuild result;
  ModelDag& dag = result.dag;
  const size_t n = models.size();
  dag.names_.reserve(n);
  dag.by_name_.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    dag.names_.push_back(models[i].name);
    dag.by_name_.Insert(models[i].name, static_cast<uint32_t>(i));
  }
  std::vector<ModelId> by_name(n);
  for (size_t i = 0; i < n; ++i) by_name[i] = static_cast<ModelId>(i);
  // Models come folder by folder in file order: a few runs already in name order.
  SortRuns(by_name.begin(), by_name.end(),
           [&dag](ModelId a, ModelId b) { return dag.names_[a] < dag.names_[b]; });
  dag.rank_.resize(n);
  for (size_t r = 0; r < n; ++r) dag.rank_[by_name[r]] = static_cast<uint32_t>(r);
  auto by_rank = [&dag](ModelId a, ModelId b) { return dag.rank_[a] < dag.rank_[b]; };

  // Dependencies per model, in name order, and the problems of each, in model name order.
  std::vector<std::vector<ModelId>> deps(n);
  std::vector<uint32_t> stamp(n, UINT32_MAX);  // stamp[d] == i: d already listed for model i
  for (ModelId i : by_name) {
    const Model& m = models[i];
    std::vector<ModelId>& d = deps[i];
    for (size_t k = 0; k < m.depends_on.size(); ++k) {
      if (auto id = dag.Find(m.depends_on[k])) {
        if (stamp[*id] != i) d.push_back(*id);
        stamp[*id] = i;
        continue;
      }
      Diagnostic diag;
      diag.severity = Severity::kError;
      diag.code = std::string(kDagErrorCode);
      diag.message =
          fmt::format("unknown dependency '{}' referenced by '{}'", m.depends_on[k], m.name);
      if (k < m.spans.depends_on_items.size() && m.spans.depends_on_items[k].line > 0)
        diag.span = m.spans.depends_on_items[k];
      else
        diag.span = m.spans.config.line > 0 ? m.spans.config : m.spans.file;
      diag.model = m.name;
      result.diagnostics.push_back(std::move(diag));
    }
    for (const std::string& ref : m.sql_references) {
      auto id = dag.Find(ref);
      if (!id || stamp[*id] == i) continue;  // an external relation, or listed already
      stamp[*id] = i;
      d.push_back(*id);
      if (!m.depends_on_given) continue;
      Diagnostic diag;
      diag.severity = Severity::kInfo;
      diag.code = std::string(kMissingDependsOnCode);
      diag.message =
          fmt::format("model '{}' references '{}' in its SQL, but its depends_on does not list it",
                      m.name, dag.names_[*id]);
      diag.span = m.spans.depends_on.line > 0 ? m.spans.depends_on : m.spans.file;
      diag.model = m.name;
      diag.suggestion = fmt::format("add '{}' to depends_on", dag.names_[*id]);
      result.diagnostics.push_back(std::move(diag));
    }
    std::sort(d.begin(), d.end(), by_rank);
  }

  // Compressed adjacency, both directions; dependents come out in name order because sources
  // are visited in name order.
  dag.dep_offsets_.assign(n + 1, 0);
  dag.out_offsets_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    dag.dep_offsets_[i + 1] = dag.dep_offsets_[i] + static_cast<uint32_t>(deps[i].size());
    for (ModelId dep : deps[i]) ++dag.out_offsets_[dep + 1];
  }
  for (size_t i = 0; i < n; ++i) dag.out_offsets_[i + 1] += dag.out_offsets_[i];
  dag.dep_edges_.reserve(dag.dep_offsets_[n]);
  for (size_t i = 0; i < n; ++i)
    dag.dep_edges_.insert(dag.dep_edges_.end(), deps[i].begin(), deps[i].end());
  dag.out_edges_.resize(dag.out_offsets_[n]);
  std::vector<uint32_t> fill(dag.out_offsets_.begin(), dag.out_offsets_.end() - 1);
  for (ModelId v : by_name)
    for (ModelId dep : deps[v]) dag.out_edges_[fill[dep]++] = v;

  // Kahn's algorithm, smallest name first.
  std::vector<uint32_t> pending(n);
  auto later = [&dag](ModelId a, ModelId b) { return dag.rank_[a] > dag.rank_[b]; };
  std::priority_queue<ModelId, std::vector<ModelId>, decltype(later)> ready(later);
  for (size_t i = 0; i < n; ++i) {
    pending[i] = static_cast<uint32_t>(deps[i].size());
    if (pending[i] == 0) ready.push(static_cast<ModelId>(i));
  }
  dag.layers_.assign(n, -1);
  dag.order_.reserve(n);
  while (!ready.empty()) {
    ModelId v = ready.top();
    ready.pop();
    int layer = 0;
    for (ModelId dep : dag.dependencies(v)) layer = std::max(layer, dag.layers_[dep] + 1);
    dag.layers_[v] = layer;
    dag.execution_layers_ = std::max(dag.execution_layers_, layer + 1);
    dag.order_.push_back(v);
    for (ModelId w : dag.dependents(v))
      if (--pending[w] == 0) ready.push(w);
  }
  if (!dag.acyclic()) FindCycles(models, dag, result.diagnostics);
  return result;
}

// Tarjan's strongly connected components over the models Kahn could not order; each component
// with more than one model, or with a self-dependency, is a cycle.
void DagBuilder::FindCycles(const std::vector<Model>& models, ModelDag& dag,
                            std::vector<Diagnostic>& out) {
  const size_t n = dag.size();
  constexpr uint32_t kUnvisited = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<ModelId> stack;
  struct Frame {
    ModelId v;
    size_t edge;
  };
  std::vector<Frame> frames;
  uint32_t counter = 0;
  std::vector<std::vector<std::string>> cycles;

  for (ModelId root = 0; root < n; ++root) {
    if (dag.layers_[root] >= 0 || index[root] != kUnvisited) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      auto deps = dag.dependencies(f.v);
      if (f.edge < deps.size()) {
        ModelId w = deps[f.edge++];
        if (dag.layers_[w] >= 0) continue;  // ordered: not part of any cycle
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      ModelId v = f.v;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().v] = std::min(low[frames.back().v], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<ModelId> component;
      ModelId w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      auto own = dag.dependencies(v);
      bool self_loop = std::find(own.begin(), own.end(), v) != own.end();
      if (component.size() < 2 && !self_loop) continue;
      std::vector<std::string> names;
      for (ModelId c : component) names.push_back(dag.names_[c]);
      std::sort(names.begin(), names.end());
      cycles.push_back(std::move(names));
    }
  }
  std::sort(cycles.begin(), cycles.end());
  for (auto& names : cycles) {
    const Model& first = models[*dag.Find(names.front())];
    Diagnostic d;
    d.severity = Severity::kError;
    d.code = std::string(kDagErrorCode);
    d.message = fmt::format("circular dependency detected involving: [{}]", Join(names, ", "));
    d.span = first.spans.depends_on.line > 0 ? first.spans.depends_on : first.spans.file;
    d.model = first.name;
    out.push_back(std::move(d));
  }
}

DagBuild BuildModelDag(const std::vector<Model>& models) { return DagBuilder::Build(models); }

}  // namespace rocky::project
