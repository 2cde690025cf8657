#include "cli/model_run_setup.h"

#include "base/log.h"
#include "base/time.h"
#include "compiler/warehouse_catalog.h"
#include "project/partitions.h"
#include "runtime/pipes.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

Result<int64_t> ParseCount(const ParsedArgs& args, const char* flag, int64_t minimum) {
  auto text = args.Get(flag);
  if (!text) return minimum;
  try {
    size_t used = 0;
    long long n = std::stoll(*text, &used);
    if (used == text->size() && n >= minimum) return static_cast<int64_t>(n);
  } catch (const std::exception&) {
  }
  return Fail(ErrorKind::kUsage, "invalid --{} '{}': expected an integer ≥ {}", flag, *text,
              minimum);
}

}  // namespace

Result<runtime::ModelRunOptions> ParseModelOptions(const ParsedArgs& args,
                                                   const runtime::PipesSession* pipes) {
  runtime::ModelRunOptions o;
  project::PartitionFlags flags;
  flags.partition = args.Get("partition");
  flags.from = args.Get("from");
  flags.to = args.Get("to");
  flags.latest = args.Has("latest");
  flags.missing = args.Has("missing");
  if (args.Has("lookback")) {
    auto n = ParseCount(args, "lookback", 0);
    if (!n) return std::unexpected(n.error());
    flags.lookback = *n;
  }
  std::optional<std::string> pipes_key;
  if (pipes) pipes_key = pipes->partition_key();
  auto selection = project::ParsePartitionSelection(flags, pipes_key);
  if (!selection) return std::unexpected(selection.error());
  o.selection = std::move(*selection);
  auto parallel = ParseCount(args, "parallel", 1);
  if (!parallel) return std::unexpected(parallel.error());
  o.parallel = *parallel;
  o.full_refresh = args.Has("full-refresh");
  return o;
}

// Compiles the models against the target warehouse's schemas; errors and warnings are logged
// one per line.
CompiledProject CompileModels(const Context& ctx, const config::Config& cfg,
                              sdk::WarehouseAdapter& target) {
  compiler::WarehouseCatalog externals(target, "");
  CompiledProject compiled = CompileProject(ctx, cfg, CompileOptions{&externals});
  // What the warehouse said about the sources, for offline compiles (`rocky compile`).
  if (auto described = externals.Described(NowUtc()); !described.empty()) {
    auto store = state::StateStore::Open(ctx.StatePath(cfg), state::OpenMode::kReadWrite);
    auto cached = store ? store->PutSourceSchemas(described) : Result<void>(std::unexpected(store.error()));
    if (!cached) LogWarn("source schemas not cached: {}", cached.error().message);
  }
  for (const Diagnostic& d : compiled.diagnostics) {
    if (d.severity == Severity::kError) LogError("[{}] {}", d.code, DiagnosticText(d));
    else if (d.severity == Severity::kWarning) LogWarn("[{}] {}", d.code, DiagnosticText(d));
  }
  return compiled;
}

}  // namespace rocky::cli
