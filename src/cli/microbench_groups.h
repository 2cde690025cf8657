#pragma once
// The benchmark groups of `rocky bench` (cli.md §4): what each one times, on synthetic inputs
// built before the timing loop.
//
//   dag      dag.build: project::BuildModelDag over a layered model list (1-3 references to
//            earlier models each), sizes 10, 100, 1000, 10000, 20000
//   sql_gen  sql_gen.incremental / sql_gen.full_refresh: replication::PlanTableCopy, the copy SQL
//   of
//            every task of a replication plan (DuckDB dialect, metadata columns, a watermark),
//            for 10, 100, 1000, 10000 tables
//   compile  compile.project: CompileProject without the compile cache (a first compile), then
//            compile.cached: with it, warm after the warm-ups (an unchanged project compiled
//            again), on the project of `rocky bench generate N` written to a temporary folder
//            once per size, sizes 100, 1000, 10000; sizes above 1000 use 1 warm-up + 5
//            iterations
//   startup  startup.parse_args: the command line of `rocky -c rocky.toml -o json validate`
//            parsed against the command table; startup.config: LoadConfig + ValidateConfig of
//            the playground's rocky.toml (size = its pipelines) and of a 100-pipeline config
//
// `max_size` (the --models flag) replaces the model-count sizes (dag, sql_gen, compile) of a
// group by those of its list below max_size, then max_size itself; startup sizes are fixed.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cli/microbench.h"

namespace rocky::cli {

struct BenchGroupOptions {
  std::optional<size_t> max_size;  // --models
  bool progress = false;           // one INFO log line per case (stderr)
};

/// The sizes to run: `defaults` as they are without `max_size`, else those below it, then it.
std::vector<size_t> BenchSizes(std::span<const size_t> defaults, std::optional<size_t> max_size);

/// "compile", "dag", "sql_gen", "startup" or "all".
bool IsBenchGroup(std::string_view group);

/// Runs a group ("all": every group, results concatenated in the order above).
Result<std::vector<BenchResult>> RunBenchGroup(std::string_view group,
                                               const BenchGroupOptions& options);

}  // namespace rocky::cli
