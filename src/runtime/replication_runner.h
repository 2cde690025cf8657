#pragma once
// `rocky run` on a replication pipeline (runtime.md §2, §3, §5): discover, govern, copy every
// table in parallel under the limiter, retry, check, and build the RunOutput document. The
// caller (the CLI) owns the lock, the state store, the adapters and the event sinks.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/governance_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"
#include "config/config.h"
#include "replication/governance.h"
#include "replication/replication_planner.h"
#include "runtime/events.h"
#include "state/state_store.h"

namespace rocky::runtime {

class Metrics;
class PipesSession;
class ProgressReporter;

struct ReplicationAdapters {
  sdk::WarehouseAdapter* source = nullptr;
  sdk::WarehouseAdapter* target = nullptr;
  sdk::DiscoveryAdapter* discovery = nullptr;
  sdk::BatchCheckAdapter* batch_checks = nullptr;  // optional
  sdk::GovernanceAdapter* governance = nullptr;    // optional (DuckDB has none)
  bool auto_create_schemas = true;                 // resolved for the target adapter
};

struct RunServices {
  state::StateStore* state = nullptr;
  EventSink* events = nullptr;
  Metrics* metrics = nullptr;
  PipesSession* pipes = nullptr;         // optional
  ProgressReporter* progress = nullptr;  // optional
  /// Set by a signal handler: no new table starts; running ones stop at a statement boundary.
  const std::atomic<bool>* interrupted = nullptr;
};

using GovernanceOverride = replication::GovernanceOverride;

struct ReplicationRunOptions {
  std::string run_id;
  Timestamp started_at{};
  state::RunTrigger trigger = state::RunTrigger::kManual;
  std::vector<replication::SourceFilter> filters;
  bool full_refresh = false;
  replication::ShadowOptions shadow;
  std::optional<std::string> resume_run_id;  // --resume ID
  bool resume_latest = false;                // --resume-latest
  GovernanceOverride governance_override;
};

struct ReplicationRunResult {
  /// RunOutput fields after `version`/`command` (cli.md §3), complete even when tables failed.
  Json output = Json::Object();
  int64_t tables_copied = 0;
  int64_t tables_failed = 0;
  bool interrupted = false;
  /// A failure that stopped the run before or outside the tables (discovery, resume, state).
  std::optional<Error> fatal;
  state::RunStatus status = state::RunStatus::kSuccess;
  std::vector<state::RunUnit> units;  // for run_history
  std::vector<state::QualitySnapshot> quality;  // measured by the checks, for quality_history
};

/// Runs the replication. Writes per-table progress and watermarks as tables finish (one
/// transaction each); run history is the caller's final write.
ReplicationRunResult RunReplication(const config::Config& config,
                                    const config::PipelineConfig& pipeline,
                                    const ReplicationAdapters& adapters,
                                    const RunServices& services,
                                    const ReplicationRunOptions& options);

}  // namespace rocky::runtime
