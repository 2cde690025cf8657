#include "base/lru_cache.h"

#include <algorithm>

namespace rocky {

LruCache::LruCache(size_t max_entries, std::chrono::milliseconds ttl,
                   std::function<Clock::time_point()> now)
    : max_entries_(std::max<size_t>(1, max_entries)), ttl_(ttl), now_(std::move(now)) {}

std::optional<std::string> LruCache::Get(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  Order::iterator entry = it->second;
  if (now_() >= entry->expires) {
    index_.erase(it);
    order_.erase(entry);
    return std::nullopt;
  }
  order_.splice(order_.begin(), order_, entry);
  return entry->value;
}

void LruCache::Put(std::string key, std::string value) {
  Put(std::move(key), std::move(value), ttl_);
}

void LruCache::Put(std::string key, std::string value, std::chrono::milliseconds ttl) {
  const Clock::time_point expires = now_() + std::min(ttl, ttl_);
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    Order::iterator entry = it->second;
    entry->value = std::move(value);
    entry->expires = expires;
    order_.splice(order_.begin(), order_, entry);
    return;
  }
  if (order_.size() >= max_entries_) {
    index_.erase(order_.back().key);
    order_.pop_back();
  }
  order_.push_front(Entry{std::move(key), std::move(value), expires});
  index_.emplace(order_.front().key, order_.begin());
}

bool LruCache::Erase(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  Order::iterator entry = it->second;
  index_.erase(it);
  order_.erase(entry);
  return true;
}

void LruCache::Clear() {
  std::lock_guard lock(mutex_);
  index_.clear();
  order_.clear();
}

size_t LruCache::size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

}  // namespace rocky
