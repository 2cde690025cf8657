#pragma once
// The one cache of a process (services.md §1): memory, plus Valkey when `cache.valkey_url` is
// set. Every front end makes it once and hands it to the adapter registries.

#include <memory>

#include "base/cache.h"

namespace rocky::config {
struct CacheConfig;
}

namespace rocky::facade {

/// The cache `[cache]` describes (memory_max_entries, memory_ttl_secs, valkey_url, key_prefix).
std::unique_ptr<Cache> MakeProcessCache(const config::CacheConfig& config);

}  // namespace rocky::facade
