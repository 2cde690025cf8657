#pragma once
// What `rocky optimize` reads about each model of a compiled project: its strategy, a timestamp
// output column, its readers in the DAG, its executions from the run history and the row count of
// its newest quality snapshot (runtime/cost_optimizer.h holds the rules over these).

#include <vector>

#include "base/error.h"
#include "facade/project_compile.h"
#include "runtime/cost_optimizer.h"
#include "state/state_store.h"

namespace rocky::facade {

/// One entry per model of `compiled`, in model order.
Result<std::vector<runtime::ModelUsage>> CollectModelUsage(const CompiledProject& compiled,
                                                           state::StateStore& store);

}  // namespace rocky::facade
