#include "ai/sync_planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "ai/code_fences.h"
#include "ai/model_generator.h"
#include "ai/model_prompt.h"
#include "ai/overlay_check.h"
#include "ai/unified_diff.h"
#include "base/log.h"
#include "facade/project_compile.h"

namespace rocky::ai {

namespace {

bool KnownType(std::string_view type) {
  return !type.empty() && type != "Unknown" && type != "Null";
}

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The models with an error diagnostic.
std::set<std::string> ModelsWithErrors(const facade::CompiledProject& compiled) {
  std::set<std::string> out;
  for (const Diagnostic& d : compiled.diagnostics)
    if (d.severity == Severity::kError && d.model) out.insert(*d.model);
  return out;
}

std::string ChangeList(const std::vector<ColumnChange>& changes) {
  std::string text;
  for (const ColumnChange& c : changes) text += "- " + ChangeText(c) + "\n";
  return text;
}

}  // namespace

std::string ChangeText(const ColumnChange& change) {
  switch (change.kind) {
    case ColumnChange::Kind::kAdded:
      return fmt::format("{}: column {} ({}) added", change.parent, change.column, change.new_type);
    case ColumnChange::Kind::kRemoved:
      return fmt::format("{}: column {} ({}) removed", change.parent, change.column,
                         change.old_type);
    case ColumnChange::Kind::kRetyped:
      return fmt::format("{}: column {} retyped from {} to {}", change.parent, change.column,
                         change.old_type, change.new_type);
  }
  return {};
}

std::vector<ColumnChange> ParentColumnChanges(
    facade::CompiledProject& compiled, size_t id,
    const std::map<std::string, std::vector<facade::SnapshotColumn>>& snapshot) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const std::set<std::string> broken = ModelsWithErrors(compiled);
  std::vector<ColumnChange> changes;
  auto node = dag.Find(compiled.project.load.models[id].name);
  if (!node) return changes;
  for (project::ModelId parent : dag.dependencies(*node)) {  // in name order
    const std::string& name = dag.name(parent);
    auto before = snapshot.find(name);
    if (before == snapshot.end() || broken.contains(name)) continue;
    // Model ids index the loaded models.
    const size_t index = parent;
    if (index >= compiled.types.models.size()) continue;
    const std::vector<facade::SnapshotColumn> now = facade::ModelSnapshotColumns(compiled, index);
    if (now.empty()) continue;
    auto find = [](const std::vector<facade::SnapshotColumn>& list, const std::string& column) {
      return std::find_if(list.begin(), list.end(),
                          [&](const facade::SnapshotColumn& c) { return c.name == column; });
    };
    for (const facade::SnapshotColumn& old : before->second) {
      auto it = find(now, old.name);
      if (it == now.end())
        changes.push_back({name, old.name, ColumnChange::Kind::kRemoved, old.type, ""});
      else if (KnownType(old.type) && KnownType(it->type) && old.type != it->type)
        changes.push_back({name, old.name, ColumnChange::Kind::kRetyped, old.type, it->type});
    }
    for (const facade::SnapshotColumn& c : now)
      if (find(before->second, c.name) == before->second.end())
        changes.push_back({name, c.name, ColumnChange::Kind::kAdded, "", c.type});
  }
  return changes;
}

Result<std::vector<SyncProposal>> PlanSync(LlmProvider& llm, const config::Config& config,
                                           const facade::ProjectOptions& project,
                                           const Json& snapshot, const SyncOptions& options) {
  facade::CompiledProject compiled = facade::CompileProject(config, project);
  const auto sources = facade::CachedSources(config, project);
  const auto before = facade::SnapshotModelColumns(snapshot);
  auto ids = SelectModels(compiled, options.model, !options.model);
  if (!ids) return std::unexpected(std::move(ids.error()));
  std::vector<SyncProposal> proposals;
  for (size_t id : *ids) {
    const project::Model& model = compiled.project.load.models[id];
    const bool has_intent = model.intent && !model.intent->empty();
    if (options.with_intent && !has_intent) continue;
    std::vector<ColumnChange> changes = ParentColumnChanges(compiled, id, before);
    if (changes.empty()) continue;
    const std::optional<std::string> current = ReadText(model.path);
    if (!current) return Fail(ErrorKind::kIo, "cannot read {}", model.path);
    LogInfo("{}: {} column change(s) upstream; asking for an update", model.name, changes.size());

    SyncProposal proposal{model.name, model.intent, model.path, *current, "", "", changes, 0, {}};
    LlmRequest request;
    request.system =
        ModelPromptContext(compiled, sources.get(), id, options.max_context_tokens).text;
    request.max_tokens = options.max_tokens;
    request.messages.push_back(
        {LlmMessage::Role::kUser,
         fmt::format("The parents of model `{}` changed since the last run:\n{}\n{}\nThe whole "
                     "file {} as it is now:\n```\n{}```\n\nUpdate it minimally so that it "
                     "compiles against its parents as they are now and still serves its "
                     "intent; keep everything else (comments, formatting, names) as it is. "
                     "Answer with the whole updated file only.",
                     model.name, ChangeList(changes),
                     has_intent ? "Its intent: " + *model.intent
                                : std::string("It has no recorded intent: keep what it computes."),
                     model.relative_path, *current)});
    for (int64_t attempt = 1; attempt <= options.max_attempts; ++attempt) {
      proposal.attempts = attempt;
      auto reply = llm.Complete(request);
      if (!reply)
        return std::unexpected(std::move(reply.error()).With("while updating " + model.name));
      std::string source = StripCodeFences(*reply);
      if (!source.empty() && source.back() != '\n') source += '\n';
      OverlayCheck check = CheckOverlay(config, project, model.path, model.name, source);
      proposal.proposed_source = std::move(source);
      proposal.errors = std::move(check.errors);
      if (proposal.compiles()) break;
      LogInfo("{}: attempt {} of {} did not compile ({} error(s))", model.name, attempt,
              options.max_attempts, proposal.errors.size());
      if (attempt == options.max_attempts) break;
      request.messages.push_back({LlmMessage::Role::kAssistant, *reply});
      request.messages.push_back(
          {LlmMessage::Role::kUser, "The previous attempt had compilation errors:\n" +
                                        DiagnosticLines(proposal.errors) +
                                        "Fix them and answer with the whole updated file only."});
    }
    proposal.diff = UnifiedDiff(proposal.current_source, proposal.proposed_source,
                                model.relative_path, model.relative_path);
    if (proposal.diff.empty()) {
      LogInfo("{}: the answer leaves the file as it is", model.name);
      continue;
    }
    proposals.push_back(std::move(proposal));
  }
  return proposals;
}

}  // namespace rocky::ai
