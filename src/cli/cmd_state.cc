#include <fmt/format.h>

#include <filesystem>

#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "facade/remote_state_setup.h"
#include "state/remote_state.h"
#include "state/run_lock.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

// `rocky state sync --push|--pull`: one transfer between the local state file and the remote
// backend of `[state]`, outside any run.
int RunStateSync(Context& ctx) {
  const bool push = ctx.args().Has("push");
  const bool pull = ctx.args().Has("pull");
  if (push == pull)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "state sync needs exactly one of --push (local → remote) or "
                                 "--pull (remote → local)",
                                 {}});
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::StateConfig& state_config = (*config)->state;
  if (state_config.backend == config::StateBackend::kLocal)
    return ctx.ReportError(Error{ErrorKind::kConfig,
                                 "the state backend is 'local': there is nothing to sync with; set "
                                 "[state] backend = \"s3\", \"valkey\" or \"tiered\" in rocky.toml",
                                 {}});
  const std::string path = ctx.StatePath(**config);
  const std::string backend = config::StateBackendName(state_config.backend);
  const std::string location = facade::RemoteStateLocation(state_config);
  auto remote = facade::OpenRemoteState(state_config);
  if (!remote)
    return ctx.ReportError(Error{ErrorKind::kAdapter,
                                 fmt::format("cannot open the {} state backend: {}", backend,
                                             remote.error().Text()),
                                 {}});
  state::RemoteStateSync sync((*remote)->object(), path);
  state::SyncOutcome outcome;
  if (pull) {
    // Replacing the file under a running pipeline would lose that run's writes.
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir.assign(1, '.');
    if (auto locks = state::RunLock::List(dir))
      for (const auto& lock : *locks)
        if (lock.held)
          return ctx.ReportError(Error{
              ErrorKind::kConflict,
              fmt::format("pipeline '{}' is running here{}; pull after it finishes", lock.pipeline,
                          lock.holder ? fmt::format(" (pid {}, run {})", lock.holder->pid,
                                                    lock.holder->run_id)
                                      : ""),
              {}});
    outcome = sync.Download();
  } else {
    if (!std::filesystem::exists(path))
      return ctx.ReportError(Error{
          ErrorKind::kNotFound,
          fmt::format("no local state at {} to push; run a pipeline first or pull", path), {}});
    auto store = state::StateStore::Open(path, state::OpenMode::kReadOnly);
    if (!store) return ctx.ReportError(store.error());
    outcome = sync.Push(*store);
  }
  if (!outcome.warning.empty())
    return ctx.ReportError(Error{ErrorKind::kAdapter, outcome.warning, {}});
  const bool found = outcome.synced;
  if (ctx.json()) {
    Json body = Json::Object()
                    .Set("direction", push ? "push" : "pull")
                    .Set("backend", backend)
                    .Set("location", location)
                    .Set("state_path", path)
                    .Set("transferred", found)
                    .Set("bytes", outcome.bytes);
    ctx.EmitJson("state_sync", std::move(body));
    return 0;
  }
  if (push) {
    ctx.PrintText(fmt::format("Pushed {} ({} bytes) to {}.", path, outcome.bytes, location));
  } else if (found) {
    ctx.PrintText(fmt::format("Pulled {} bytes from {} into {}.", outcome.bytes, location, path));
  } else {
    ctx.PrintText(fmt::format("No remote state at {} yet; {} is unchanged.", location, path));
  }
  return 0;
}

int RunState(Context& ctx) {
  const auto& positionals = ctx.args().positionals();
  if (!positionals.empty()) {
    if (positionals[0] == "sync") return RunStateSync(ctx);
    return ctx.ReportError(Error{
        ErrorKind::kUsage,
        fmt::format("unknown state action '{}'; use 'rocky state' or 'rocky state sync'",
                    positionals[0]),
        {}});
  }
  if (ctx.args().Has("push") || ctx.args().Has("pull"))
    return ctx.ReportError(
        Error{ErrorKind::kUsage, "--push and --pull belong to 'rocky state sync'", {}});
  auto path = ctx.StatePath();
  if (!path) return ctx.ReportError(path.error());
  auto store = state::StateStore::Open(*path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());
  auto watermarks = store->ListWatermarks();
  if (!watermarks) return ctx.ReportError(watermarks.error());
  if (ctx.json()) {
    Json list = Json::Array();
    for (const auto& w : *watermarks)
      list.Push(Json::Object()
                    .Set("table", w.table_key)
                    .Set("last_value", w.last_value)
                    .Set("updated_at", FormatRfc3339(w.updated_at)));
    ctx.EmitJson("state", Json::Object().Set("watermarks", std::move(list)));
    return 0;
  }
  if (watermarks->empty()) {
    ctx.PrintText(fmt::format("No watermarks in {} yet: an incremental run stores one per table.",
                              *path));
    return 0;
  }
  TextTable table({"TABLE", "LAST VALUE", "UPDATED AT"});
  for (const auto& w : *watermarks)
    table.AddRow({w.table_key, w.last_value, FormatRfc3339(w.updated_at)});
  ctx.PrintText(table.Render());
  return 0;
}

}  // namespace

const CommandSpec& StateCommand() {
  static const CommandSpec kSpec{
      .name = "state",
      .summary = "Show the stored watermarks; sync the state with its remote backend",
      .description =
          "Lists the incremental watermark of every replicated table: the largest timestamp already\n"
          "loaded, which the next incremental copy starts after. Reads the state store read-only.\n\n"
          "`rocky state sync` moves the state file between this machine and the remote backend of\n"
          "[state] (s3, valkey or tiered), outside any run (runs download and upload by themselves):\n"
          "  --pull  replaces the local file with the remote copy (checked to be a state store\n"
          "          first); refused while a pipeline runs here. No remote copy: nothing changes.\n"
          "  --push  replaces the remote copy with a consistent snapshot of the local file, on\n"
          "          condition that nobody wrote it meanwhile (else nothing is replaced, exit 1).\n\n"
          "Examples:\n"
          "  rocky state\n"
          "  rocky state --state-path /data/rocky/state.db -o json\n"
          "  rocky state sync --pull\n"
          "  rocky state sync --push -o json",
      .positionals = {{"ACTION", "sync (with --push or --pull); omit to list watermarks"}},
      .flags = {{"push", 0, "", "sync: upload the local state to the remote backend"},
                {"pull", 0, "", "sync: download the remote state over the local file"}},
      .run = &RunState,
  };
  return kSpec;
}

}  // namespace rocky::cli
