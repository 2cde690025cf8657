#pragma once
// The cache as the layers below the CLI see it (services.md §1): string values (JSON text) by
// key, each kept for a TTL, filled by the caller's loader on a miss. The tiered implementation
// (memory → Valkey → loader, cache/tiered_cache.h) is made once per process by the CLI and handed
// down as a `Cache&`; adapters never know which tiers are behind it.
//
// Contract for every implementation: the cache never fails a call on its own account (a tier
// that is down is a miss); a loader error is returned to the caller and is not cached.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace rocky {

struct CacheEntryOptions {
  /// How long the value lives (≥ 1 s; 0 or less: not cached, the loader is called every time).
  std::chrono::seconds ttl{60};
  /// Across processes: before calling the loader, take the fill lock `lock:fill:<key>`; a process
  /// that does not get it waits for the holder's value instead of calling its own loader
  /// (services.md §1, discovery results).
  bool fill_lock = false;
};

class Cache {
 public:
  using Loader = std::function<Result<std::string>()>;

  virtual ~Cache() = default;

  /// The value of `key`: cached, or else `load()`'s value, which is then stored for
  /// `options.ttl`. Concurrent callers of one key share one call of a loader.
  virtual Result<std::string> GetOrLoad(std::string_view key, const CacheEntryOptions& options,
                                        const Loader& load) = 0;
  /// Forgets `key` in every tier.
  virtual void Invalidate(std::string_view key) = 0;
  /// Forgets everything this process holds (shared tiers keep their entries).
  virtual void Clear() = 0;
};

}  // namespace rocky
