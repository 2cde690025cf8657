#pragma once
// Process memory policy.

namespace rocky {

/// Asks the allocator to back new heap memory with transparent huge pages, for work that is
/// about to allocate tens of megabytes in small pieces (loading a large project): far fewer
/// page faults. Costs a little memory, so small runs do not ask. Idempotent and thread-safe;
/// a no-op unless the binary links jemalloc (the `rocky` executable does; tests do not).
void UseHugePagesForHeap();

}  // namespace rocky
