#pragma once
// The three cache tiers of services.md §1: in-process memory (LruCache) → Valkey (when a URL is
// given) → the caller's loader.
//
// Lookup: a memory hit returns; a Valkey hit (`GET <key_prefix><key>`) fills memory and returns;
// a full miss calls the loader once per key in this process (concurrent callers of the key wait
// for that call and share its outcome), stores the value in Valkey (`SET k v EX <ttl>`) and then
// in memory. A memory entry lives min(memory TTL, the entry's TTL, what Valkey still gives it).
//
// Across processes, with `fill_lock`: a full miss takes `<key_prefix>lock:fill:<key>` (the §2
// lock, TTL 30 s) before calling the loader and releases it after storing. A process that does
// not get the lock polls Valkey every 250 ms for up to 30 s and takes the value the holder
// stores; when the lock goes away without a value (the holder failed) it takes the lock itself;
// after 30 s it calls its loader anyway.
//
// Outages: any Valkey error is a miss. The first error of an outage is logged as one warning
// (never the password); Valkey is then left alone for `valkey_retry_after` before it is tried
// again, so a dead server costs one timeout, not one per call. The cache never fails a call.
//
// Thread-safe. One instance per process (the CLI context owns it).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/cache.h"
#include "base/lru_cache.h"
#include "base/secret.h"
#include "valkey/valkey_client.h"

namespace rocky::cache {

struct TieredCacheOptions {
  size_t memory_max_entries = 10000;     // cache.memory_max_entries
  std::chrono::seconds memory_ttl{300};  // cache.memory_ttl_secs
  Secret valkey_url;                     // cache.valkey_url; empty: memory only
  std::string key_prefix = "rocky:";     // cache.key_prefix
  valkey::ValkeyOptions valkey{.connect_timeout = std::chrono::milliseconds(2000),
                               .command_timeout = std::chrono::milliseconds(2000)};
  std::chrono::milliseconds fill_lock_ttl{30000};
  std::chrono::milliseconds fill_poll_interval{250};
  std::chrono::milliseconds fill_wait{30000};
  /// After a Valkey error, how long the Valkey tier is skipped before it is tried again.
  std::chrono::milliseconds valkey_retry_after{30000};
};

/// What the cache did, for tests and debug logs.
struct TieredCacheStats {
  int64_t memory_hits = 0;
  int64_t valkey_hits = 0;
  int64_t loads = 0;          // loader calls
  int64_t valkey_errors = 0;  // each failed Valkey command or connection
  int64_t fill_waits = 0;     // fills another process made while this one waited
};

class TieredCache final : public Cache {
 public:
  /// An unusable `valkey_url` is logged once and leaves the cache memory-only.
  explicit TieredCache(TieredCacheOptions options);
  ~TieredCache() override;
  TieredCache(const TieredCache&) = delete;
  TieredCache& operator=(const TieredCache&) = delete;

  Result<std::string> GetOrLoad(std::string_view key, const CacheEntryOptions& options,
                                const Loader& load) override;
  /// Memory, and `DEL <key_prefix><key>` in Valkey.
  void Invalidate(std::string_view key) override;
  /// Memory only.
  void Clear() override;

  /// Whether a Valkey tier is configured (it may be unreachable).
  bool has_valkey() const { return valkey_url_.has_value(); }
  TieredCacheStats stats() const;

 private:
  struct Flight;
  // Memory missed and this thread leads the key's flight: Valkey, the fill lock, the loader.
  Result<std::string> Fill(const std::string& key, const CacheEntryOptions& options,
                           const Loader& load);
  // Calls the loader and stores its value in both tiers.
  Result<std::string> LoadAndStore(const std::string& key, const CacheEntryOptions& options,
                                   const Loader& load);
  // Valkey GET: the value, or nullopt on a miss, an outage or no Valkey tier.
  std::optional<std::string> ValkeyGet(const std::string& key);
  void ValkeyStore(const std::string& key, const std::string& value, std::chrono::seconds ttl);
  // The connected client, or nullptr (no Valkey tier, or skipped after an error).
  valkey::ValkeyClient* Valkey();
  void ValkeyFailed(const Error& error);
  void NoteFailureLocked(const Error& error);  // valkey_mutex_ held: count, back off, warn once
  void ValkeySucceeded();
  void RememberInMemory(const std::string& key, std::string value, std::chrono::milliseconds ttl);

  const TieredCacheOptions options_;
  std::optional<valkey::ValkeyUrl> valkey_url_;
  LruCache memory_;

  std::mutex flights_mutex_;
  std::map<std::string, std::shared_ptr<Flight>, std::less<>> flights_;

  std::mutex valkey_mutex_;  // guards client_, retry_at_, in_outage_
  std::unique_ptr<valkey::ValkeyClient> client_;
  std::optional<std::chrono::steady_clock::time_point> retry_at_;
  bool in_outage_ = false;

  std::atomic<int64_t> memory_hits_{0}, valkey_hits_{0}, loads_{0}, valkey_errors_{0},
      fill_waits_{0};
};

}  // namespace rocky::cache
