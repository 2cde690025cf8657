#pragma once
// The run lifecycle around a pipeline runner (runtime.md §1), for commands that run a pipeline
// other than through `rocky run`'s replication path (`rocky snapshot`, and `rocky run` on
// snapshot and quality pipelines once it is wired to their runners):
//   OpenPipelineRun  run id, run lock, state store, event sinks, metrics, Pipes, progress,
//                    SIGINT/SIGTERM handling (steps 1-3)
//   Begin            Pipes `opened` and start log, `pipeline_start` (step 4)
//   Finish           run history, `pipeline_complete`/`pipeline_error`, Pipes end (steps 6, 8)
// The locks are released when the PipelineRun is destroyed. When Valkey is configured the run
// also holds the distributed run lock (runtime.md §11.3), renewed every TTL/3; losing it stops
// the run at its next statement boundary, as a shutdown signal does, and the command then says
// `run lock lost`. With a remote state backend (`[state] backend` s3, valkey or tiered) the
// state is downloaded after the locks and before the store opens, uploaded every
// `sync_interval_secs` while the run lasts and once more at Finish (runtime.md §11); sync
// failures are warnings, each transfer fires `state_synced`. When the OpenTelemetry exporter
// variables name an endpoint (runtime/otlp_metrics.h), the run's metrics are exported over
// OTLP/HTTP JSON every 30 s and once more at Finish (or when the run is destroyed without it);
// export failures are warnings.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "base/time.h"
#include "config/config.h"
#include "facade/event_sinks.h"
#include "facade/remote_state_setup.h"
#include "runtime/metrics.h"
#include "runtime/metrics_exporter.h"
#include "runtime/pipes.h"
#include "runtime/progress.h"
#include "runtime/replication_runner.h"
#include "state/remote_state.h"
#include "state/run_lock.h"
#include "state/state_store.h"
#include "valkey/remote_run_lock.h"

namespace rocky::facade {

/// What a front end decides about a run beyond the configuration.
struct PipelineRunOptions {
  /// The state store (StatePath of project_options.h); its folder also holds the run lock.
  std::string state_path;
  /// How progress shows on stderr: a live bar on a terminal, else one line per unit.
  runtime::ProgressMode progress = runtime::ProgressMode::kLines;
};

class PipelineRun {
 public:
  ~PipelineRun();
  PipelineRun(const PipelineRun&) = delete;
  PipelineRun& operator=(const PipelineRun&) = delete;

  const std::string& run_id() const { return run_id_; }
  Timestamp started_at() const { return started_at_; }
  /// State, events, metrics, Pipes, progress and the shutdown flag, for the runner.
  const runtime::RunServices& services() const { return services_; }
  state::StateStore& state() { return *state_; }

  /// A base event of this run (`event`, `run_id`, `pipeline`, `timestamp`).
  runtime::RunEvent Event(std::string name) const;

  /// Cancels `adapter`'s statements when a shutdown signal arrives, until Finish.
  void CancelOnShutdown(sdk::WarehouseAdapter& adapter);

  /// Emits the Pipes start messages and fires `pipeline_start`. An aborting hook gives its
  /// error: the caller then skips the runner and passes the error to Finish as fatal.
  std::optional<Error> Begin();

  /// Writes run history (`result.units`, `result.quality`, `result.status`; a write failure
  /// only warns), fires `pipeline_error` (when `result.fatal`) or `pipeline_complete`, and ends
  /// the Pipes session.
  void Finish(const runtime::ReplicationRunResult& result,
              state::RunTrigger trigger = state::RunTrigger::kManual);

 private:
  friend Result<std::unique_ptr<PipelineRun>> OpenPipelineRun(
      const config::Config& config, const config::PipelineConfig& pipeline,
      const PipelineRunOptions& options);
  PipelineRun(const config::Config& config, const config::PipelineConfig& pipeline);
  void StopWatching();
  /// Logs a sync warning; fires `state_synced` for a transfer.
  void Report(const state::SyncOutcome& outcome, const char* direction);
  void StartPeriodicUpload();
  void StopPeriodicUpload();
  void StartMetricsExport();

  const config::Config& config_;
  const config::PipelineConfig& pipeline_;
  std::string run_id_;
  Timestamp started_at_{};
  std::optional<state::RunLock> lock_;
  std::unique_ptr<valkey::RemoteRunLock> remote_lock_;  // released before the local lock
  std::optional<state::StateStore> state_;
  std::unique_ptr<RemoteStateBackend> remote_;
  std::optional<state::RemoteStateSync> sync_;
  std::thread uploader_;  // every sync_interval_secs
  std::mutex upload_mutex_;
  std::condition_variable upload_wake_;
  bool upload_stop_ = false;
  std::unique_ptr<RunEventSinks> sinks_;
  runtime::Metrics metrics_;
  std::unique_ptr<HttpClient> otlp_http_;
  std::unique_ptr<runtime::MetricsExporter> exporter_;  // reset before metrics_ and otlp_http_
  std::optional<runtime::PipesSession> pipes_;
  std::unique_ptr<runtime::ProgressReporter> progress_;
  runtime::RunServices services_;
  std::atomic<bool> watching_{false};
  std::thread canceller_;
};

/// Runtime.md §1 steps 1-3 for `pipeline`: assigns `run-YYYYMMDD-HHMMSS-mmm`, takes the run lock
/// (`pipeline 'P' is already running (lock held by …)`) — the local one, then the Valkey one when
/// RunLockValkeyUrl names a server (which must be reachable) — opens the state store read-write,
/// and installs the SIGINT/SIGTERM handlers (a second signal exits at once).
Result<std::unique_ptr<PipelineRun>> OpenPipelineRun(const config::Config& config,
                                                     const config::PipelineConfig& pipeline,
                                                     const PipelineRunOptions& options);

/// True once a shutdown signal arrived during a PipelineRun.
bool ShutdownRequested();

/// What stopped a run whose runner reports it interrupted: `run lock lost` when the distributed
/// run lock was lost, else `interrupted by shutdown signal`.
const char* InterruptionMessage();

/// The Valkey server of the distributed run lock (runtime.md §11.3): `cache.valkey_url`, else
/// `state.valkey_url` with the `valkey` or `tiered` backend; nullptr when there is none.
const Secret* RunLockValkeyUrl(const config::Config& config);

}  // namespace rocky::facade
