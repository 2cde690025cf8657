#pragma once
// The in-process cache tier (services.md §1): a thread-safe LRU of string values with a TTL
// counted from insertion. Get, Put and Erase are O(1): a hash map into a recency list.
//
// Contract: an expired entry is removed by the Get that finds it (a miss); a hit becomes the most
// recent entry; a Put at capacity evicts the least recently used entry; a Put of an existing key
// replaces its value and restarts its TTL. A Put may give an entry a shorter TTL than the cache's
// (an item whose own TTL is shorter than `memory_ttl_secs`, such as a discovery result).

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rocky {

class LruCache {
 public:
  using Clock = std::chrono::steady_clock;

  /// `max_entries` ≥ 1 (`memory_max_entries`), `ttl` (`memory_ttl_secs`). `now` is a test seam.
  LruCache(size_t max_entries, std::chrono::milliseconds ttl,
           std::function<Clock::time_point()> now = Clock::now);

  std::optional<std::string> Get(std::string_view key);
  void Put(std::string key, std::string value);
  /// The same, the entry living min(`ttl`, the cache's TTL) from now.
  void Put(std::string key, std::string value, std::chrono::milliseconds ttl);
  /// True when the key was there.
  bool Erase(std::string_view key);
  void Clear();
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::string value;
    Clock::time_point expires;
  };
  using Order = std::list<Entry>;  // most recent first

  const size_t max_entries_;
  const std::chrono::milliseconds ttl_;
  const std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  Order order_;
  std::unordered_map<std::string_view, Order::iterator> index_;  // keys point into order_
};

}  // namespace rocky
