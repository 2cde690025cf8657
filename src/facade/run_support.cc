#include "facade/run_support.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "adapters/http/http_client.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/secret.h"
#include "runtime/otlp_metrics.h"

namespace rocky::facade {

namespace {

std::atomic<bool> g_shutdown{false};
std::atomic<bool> g_lock_lost{false};
// What the runners watch (RunServices::interrupted): a shutdown signal or a lost run lock.
std::atomic<bool> g_stop{false};

extern "C" void OnPipelineShutdownSignal(int) {
  if (g_shutdown.exchange(true)) _exit(1);  // a second signal exits at once
  g_stop.store(true);
}

void OnRunLockLost() {
  g_lock_lost.store(true);
  g_stop.store(true);
}

}  // namespace

bool ShutdownRequested() { return g_shutdown.load(); }

const char* InterruptionMessage() {
  return g_lock_lost.load() ? "run lock lost" : "interrupted by shutdown signal";
}

const Secret* RunLockValkeyUrl(const config::Config& config) {
  if (!config.cache.valkey_url.empty()) return &config.cache.valkey_url;
  const bool valkey_backend = config.state.backend == config::StateBackend::kValkey ||
                              config.state.backend == config::StateBackend::kTiered;
  if (valkey_backend && !config.state.valkey_url.empty()) return &config.state.valkey_url;
  return nullptr;
}

PipelineRun::PipelineRun(const config::Config& config, const config::PipelineConfig& pipeline)
    : config_(config), pipeline_(pipeline) {}

PipelineRun::~PipelineRun() {
  StopPeriodicUpload();
  StopWatching();
  exporter_.reset();  // the final export, when Finish did not send it
}

void PipelineRun::Report(const state::SyncOutcome& outcome, const char* direction) {
  if (!outcome.warning.empty()) LogWarn("{}", outcome.warning);
  if (!outcome.synced || !sinks_) return;
  if (outcome.attempts > 1)
    LogInfo("the remote state changed during this run; this run's writes were merged into it "
            "({} upload attempts)",
            outcome.attempts);
  runtime::RunEvent e = Event("state_synced");
  e.metadata = Json::Object()
                   .Set("direction", direction)
                   .Set("backend", std::string(remote_->object().backend()))
                   .Set("bytes", outcome.bytes);
  sinks_->sink().Fire(e);
}

void PipelineRun::StartPeriodicUpload() {
  const auto interval =
      std::chrono::seconds(std::max<int64_t>(1, config_.state.sync_interval_secs));
  uploader_ = std::thread([this, interval] {
    std::unique_lock guard(upload_mutex_);
    while (!upload_wake_.wait_for(guard, interval, [this] { return upload_stop_; })) {
      guard.unlock();
      Report(sync_->Upload(*state_), "upload");
      guard.lock();
    }
  });
}

void PipelineRun::StartMetricsExport() {
  auto otlp = runtime::OtlpExportConfigFromEnv([](const char* name) { return std::getenv(name); });
  if (!otlp) return;
  LogDebug("exporting metrics to {} every 30 s", RedactUrl(otlp->url));
  otlp_http_ = adapters::http::NewHttpClient();
  exporter_ = std::make_unique<runtime::MetricsExporter>(
      metrics_, *otlp_http_, std::move(*otlp),
      runtime::OtlpAttributes{{"run_id", run_id_}, {"pipeline", pipeline_.name}});
  exporter_->Start();
}

void PipelineRun::StopPeriodicUpload() {
  {
    std::lock_guard guard(upload_mutex_);
    upload_stop_ = true;
  }
  upload_wake_.notify_all();
  if (uploader_.joinable()) uploader_.join();
}

runtime::RunEvent PipelineRun::Event(std::string name) const {
  runtime::RunEvent e;
  e.event = std::move(name);
  e.run_id = run_id_;
  e.pipeline = pipeline_.name;
  e.timestamp = NowUtc();
  return e;
}

void PipelineRun::CancelOnShutdown(sdk::WarehouseAdapter& adapter) {
  StopWatching();
  watching_ = true;
  canceller_ = std::thread([this, &adapter] {
    while (watching_.load()) {
      if (g_shutdown.load()) {
        adapter.CancelAll();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

void PipelineRun::StopWatching() {
  watching_ = false;
  if (canceller_.joinable()) canceller_.join();
}

std::optional<Error> PipelineRun::Begin() {
  if (pipes_) pipes_->RunStarting(config::PipelineTypeName(pipeline_.type));
  if (auto o = sinks_->sink().Fire(Event("pipeline_start")); o.abort)
    return Error{ErrorKind::kConflict, o.message, {}};
  return std::nullopt;
}

void PipelineRun::Finish(const runtime::ReplicationRunResult& result, state::RunTrigger trigger) {
  StopWatching();
  state::RunCompletion completion;
  completion.run.run_id = run_id_;
  completion.run.pipeline = pipeline_.name;
  completion.run.started_at = started_at_;
  completion.run.finished_at = NowUtc();
  completion.run.status = result.status;
  completion.run.trigger = trigger;
  completion.run.config_hash = Sha256Hex(config_.raw_text);
  completion.run.units = result.units;
  completion.quality = result.quality;
  if (auto w = state_->RecordRun(completion); !w)
    LogWarn("cannot record run history: {}", w.error().message);
  StopPeriodicUpload();
  if (sync_) Report(sync_->Upload(*state_), "upload");
  if (exporter_) exporter_->Finish();

  const int64_t duration = MillisBetween(started_at_, completion.run.finished_at);
  if (result.fatal) {
    runtime::RunEvent e = Event("pipeline_error");
    e.error = result.fatal->message;
    e.duration_ms = duration;
    e.metadata = Json::Object().Set("status", "failure");
    sinks_->sink().Fire(e);
    if (pipes_) pipes_->ClosedWithError(result.fatal->message);
    return;
  }
  runtime::RunEvent done = Event("pipeline_complete");
  done.duration_ms = duration;
  done.metadata = Json::Object().Set("status", std::string(state::ToString(result.status)));
  sinks_->sink().Fire(done);
  if (pipes_) pipes_->RunComplete(result.tables_copied, result.tables_failed, duration);
}

Result<std::unique_ptr<PipelineRun>> OpenPipelineRun(const config::Config& config,
                                                     const config::PipelineConfig& pipeline,
                                                     const PipelineRunOptions& options) {
  std::unique_ptr<PipelineRun> run(new PipelineRun(config, pipeline));
  run->started_at_ = NowUtc();
  run->run_id_ = MakeRunId(run->started_at_);
  Log::SetRunContext(run->run_id_, pipeline.name);

  const std::string& state_path = options.state_path;
  std::string state_dir = std::filesystem::path(state_path).parent_path().string();
  if (state_dir.empty()) state_dir.assign(1, '.');  // (not = ".": a false -Wrestrict in g++ 12)
  auto lock = state::RunLock::Acquire(state_dir, pipeline.name, run->run_id_);
  if (!lock) return std::unexpected(lock.error());
  run->lock_.emplace(std::move(*lock));
  if (const Secret* url = RunLockValkeyUrl(config)) {
    auto parsed = valkey::ParseValkeyUrl(url->Reveal());
    if (!parsed) return std::unexpected(parsed.error());
    auto remote = valkey::RemoteRunLock::Acquire(
        *parsed, config.cache.key_prefix, pipeline.name, run->lock_->holder(),
        std::chrono::seconds(config.state.lock_ttl_secs), OnRunLockLost);
    if (!remote) return std::unexpected(remote.error());
    run->remote_lock_ = std::move(*remote);
  }
  run->sinks_ = std::make_unique<RunEventSinks>(config);
  if (config.state.backend != config::StateBackend::kLocal) {
    auto remote = OpenRemoteState(config.state);
    if (!remote) {
      LogWarn("remote state backend '{}' is not available ({}); this run uses the local state only",
              config::StateBackendName(config.state.backend), remote.error().Text());
    } else {
      run->remote_ = std::move(*remote);
      run->sync_.emplace(run->remote_->object(), state_path);
      run->Report(run->sync_->Download(), "download");
    }
  }
  auto state = state::StateStore::Open(state_path, state::OpenMode::kReadWrite);
  if (!state) return std::unexpected(state.error());
  run->state_.emplace(std::move(*state));
  if (run->sync_) {
    run->state_->StartJournal();
    run->StartPeriodicUpload();
  }
  run->pipes_ = runtime::PipesSession::FromEnvironment();
  run->progress_ = std::make_unique<runtime::ProgressReporter>(options.progress);
  run->services_.state = &*run->state_;
  run->services_.events = &run->sinks_->sink();
  run->services_.metrics = &run->metrics_;
  run->services_.pipes = run->pipes_ ? &*run->pipes_ : nullptr;
  run->services_.progress = run->progress_.get();
  run->services_.interrupted = &g_stop;
  run->StartMetricsExport();
  std::signal(SIGINT, OnPipelineShutdownSignal);
  std::signal(SIGTERM, OnPipelineShutdownSignal);
  return run;
}

}  // namespace rocky::facade
