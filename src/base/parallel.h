#pragma once
// Data parallelism for independent items (model files, queries, DAG layers): a fixed set of
// threads, the caller's among them, takes chunks of indexes from a shared counter.

#include <cstddef>
#include <functional>

namespace rocky {

/// Threads for `items` units of work: `configured` (0: the hardware concurrency), but at most
/// one per `items_per_thread` items and at least one.
size_t ThreadsFor(size_t items, size_t configured, size_t items_per_thread);

/// Calls `job(begin, end)` for consecutive ranges covering [0, count), at most `chunk` indexes
/// each, on up to `threads` threads (one runs on the caller). Returns when all calls returned.
void ParallelFor(size_t count, size_t threads, size_t chunk,
                 const std::function<void(size_t begin, size_t end)>& job);

}  // namespace rocky
