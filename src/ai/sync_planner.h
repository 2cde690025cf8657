#pragma once
// `rocky ai-sync` (services.md §4): models kept in step with their parents. The typed output
// columns of each model's parents are compared with the latest DAG snapshot `rocky run` recorded
// (facade/dag_snapshot.h): columns added, removed or retyped. For a model whose parents changed,
// the language model is asked for a minimally updated source given its intent, its current
// source and the change list; each answer is compiled in place of the model's file (an unsaved
// overlay) and errors go back until it compiles or `max_attempts` requests were made. Nothing is
// written here.
//
// A parent that does not compile today, or that the snapshot does not know, is not compared:
// its columns say nothing reliable. A type is compared only when both sides are known.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ai/llm_provider.h"
#include "base/diagnostic.h"
#include "base/json.h"
#include "config/config.h"
#include "facade/dag_snapshot.h"
#include "facade/project_options.h"

namespace rocky::ai {

struct ColumnChange {
  enum class Kind { kAdded, kRemoved, kRetyped };
  std::string parent;
  std::string column;
  Kind kind = Kind::kAdded;
  std::string old_type;  // removed, retyped
  std::string new_type;  // added, retyped
  bool operator==(const ColumnChange&) const = default;
};

/// `stg_orders: column amount (Decimal(10,2)) removed`, `… retyped from Int64 to String`.
std::string ChangeText(const ColumnChange& change);

/// What changed in the parents of model `id` since `snapshot` (model name → columns).
std::vector<ColumnChange> ParentColumnChanges(
    facade::CompiledProject& compiled, size_t id,
    const std::map<std::string, std::vector<facade::SnapshotColumn>>& snapshot);

struct SyncOptions {
  std::optional<std::string> model;  // only this model
  bool with_intent = false;          // only models with an intent
  int64_t max_attempts = 3;
  int64_t max_tokens = 4096;
  int64_t max_context_tokens = 60000;
};

struct SyncProposal {
  std::string model;
  std::optional<std::string> intent;
  std::string path;  // the model file
  std::string current_source;
  std::string proposed_source;
  std::string diff;  // unified, labelled with the file's path in the models folder
  std::vector<ColumnChange> changes;
  int64_t attempts = 0;
  /// The last attempt's errors; empty when the proposal compiles.
  std::vector<Diagnostic> errors;
  bool compiles() const { return errors.empty(); }
};

/// A proposal for every selected model whose parents changed since `snapshot` (the `snapshot`
/// JSON of the latest `dag_snapshots` row), in name order. Models whose answer equals their
/// source are left out. Errors: `--model` names no model, or the provider fails.
Result<std::vector<SyncProposal>> PlanSync(LlmProvider& llm, const config::Config& config,
                                           const facade::ProjectOptions& project,
                                           const Json& snapshot, const SyncOptions& options);

}  // namespace rocky::ai
