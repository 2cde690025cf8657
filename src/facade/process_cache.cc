#include "facade/process_cache.h"

#include <algorithm>
#include <chrono>

#include "cache/tiered_cache.h"
#include "config/config.h"

namespace rocky::facade {

std::unique_ptr<Cache> MakeProcessCache(const config::CacheConfig& c) {
  cache::TieredCacheOptions options;
  options.memory_max_entries = static_cast<size_t>(std::max<int64_t>(1, c.memory_max_entries));
  options.memory_ttl = std::chrono::seconds(std::max<int64_t>(0, c.memory_ttl_secs));
  options.valkey_url = c.valkey_url;
  options.key_prefix = c.key_prefix;
  return std::make_unique<cache::TieredCache>(std::move(options));
}

}  // namespace rocky::facade
