#include "cache/tiered_cache.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "base/lock_holder.h"
#include "base/log.h"
#include "valkey/distributed_lock.h"

namespace rocky::cache {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct TieredCache::Flight {
  std::promise<Result<std::string>> promise;
  std::shared_future<Result<std::string>> outcome = promise.get_future().share();
};

TieredCache::TieredCache(TieredCacheOptions options)
    : options_(std::move(options)), memory_(options_.memory_max_entries, options_.memory_ttl) {
  if (options_.valkey_url.empty()) return;
  auto url = valkey::ParseValkeyUrl(options_.valkey_url.Reveal());
  if (!url) {
    LogWarn("cache.valkey_url: {}; the Valkey cache tier is off", url.error().Text());
    return;
  }
  valkey_url_ = std::move(*url);
}

TieredCache::~TieredCache() = default;

TieredCacheStats TieredCache::stats() const {
  return {memory_hits_.load(), valkey_hits_.load(), loads_.load(), valkey_errors_.load(),
          fill_waits_.load()};
}

Result<std::string> TieredCache::GetOrLoad(std::string_view key, const CacheEntryOptions& options,
                                           const Loader& load) {
  if (options.ttl <= std::chrono::seconds(0)) {
    ++loads_;
    return load();
  }
  std::string k(key);
  if (auto hit = memory_.Get(k)) {
    ++memory_hits_;
    LogDebug("cache: {}: memory hit", k);
    return std::move(*hit);
  }
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(flights_mutex_);
    auto it = flights_.find(k);
    if (it != flights_.end()) {
      flight = it->second;
    } else {
      flight = std::make_shared<Flight>();
      flights_.emplace(k, flight);
      leader = true;
    }
  }
  if (!leader) return flight->outcome.get();

  auto land = [&] {
    std::lock_guard lock(flights_mutex_);
    flights_.erase(k);
  };
  try {
    Result<std::string> result = [&]() -> Result<std::string> {
      // A flight of this key may have landed between the memory check and this one's start.
      if (auto hit = memory_.Get(k)) {
        ++memory_hits_;
        return std::move(*hit);
      }
      return Fill(k, options, load);
    }();
    land();
    flight->promise.set_value(result);
    return result;
  } catch (...) {
    land();
    flight->promise.set_exception(std::current_exception());
    throw;
  }
}

Result<std::string> TieredCache::Fill(const std::string& key, const CacheEntryOptions& options,
                                      const Loader& load) {
  if (auto hit = ValkeyGet(key)) return std::move(*hit);
  if (!options.fill_lock || Valkey() == nullptr) return LoadAndStore(key, options, load);

  const std::string lock_key = options_.key_prefix + valkey::FillLockName(key);
  const LockHolder holder = LockHolder::Current("");
  const Clock::time_point deadline = Clock::now() + options_.fill_wait;
  bool waiting = false;
  while (true) {
    valkey::ValkeyClient* client = Valkey();
    if (client == nullptr) return LoadAndStore(key, options, load);
    auto attempt =
        valkey::DistributedLock::TryAcquire(*client, lock_key, holder, options_.fill_lock_ttl);
    if (!attempt) {
      ValkeyFailed(attempt.error());
      return LoadAndStore(key, options, load);
    }
    if (attempt->lock) {
      // Another process may have stored the value and released the lock since the last GET.
      std::optional<std::string> stored = ValkeyGet(key);
      if (stored && waiting) ++fill_waits_;
      Result<std::string> result =
          stored ? Result<std::string>(std::move(*stored)) : LoadAndStore(key, options, load);
      if (auto released = attempt->lock->Release(); !released) ValkeyFailed(released.error());
      return result;
    }
    if (!waiting) {
      LogDebug("cache: {}: {} is filling it; waiting", key, DescribeLockHolder(attempt->holder));
      waiting = true;
    }
    if (Clock::now() >= deadline) {
      LogInfo("cache: {} was not filled by {} within {} ms; loading it here", key,
              DescribeLockHolder(attempt->holder), options_.fill_wait.count());
      return LoadAndStore(key, options, load);
    }
    std::this_thread::sleep_for(options_.fill_poll_interval);
    if (auto hit = ValkeyGet(key)) {
      ++fill_waits_;
      return std::move(*hit);
    }
  }
}

Result<std::string> TieredCache::LoadAndStore(const std::string& key,
                                              const CacheEntryOptions& options,
                                              const Loader& load) {
  ++loads_;
  LogDebug("cache: {}: miss; loading", key);
  Result<std::string> value = load();
  if (!value) return value;
  ValkeyStore(key, *value, options.ttl);
  RememberInMemory(key, *value, options.ttl);
  return value;
}

std::optional<std::string> TieredCache::ValkeyGet(const std::string& key) {
  valkey::ValkeyClient* client = Valkey();
  if (client == nullptr) return std::nullopt;
  const std::string full_key = options_.key_prefix + key;
  auto got = client->Get(full_key);
  if (!got) {
    ValkeyFailed(got.error());
    return std::nullopt;
  }
  ValkeySucceeded();
  if (!*got) return std::nullopt;
  // Memory keeps the value no longer than Valkey still does.
  milliseconds left = options_.memory_ttl;
  if (auto pttl = client->Command({"PTTL", full_key});
      pttl && pttl->type == valkey::ReplyType::kInteger && pttl->integer > 0)
    left = milliseconds(pttl->integer);
  ++valkey_hits_;
  LogDebug("cache: {}: Valkey hit", key);
  RememberInMemory(key, **got, left);
  return std::move(**got);
}

void TieredCache::ValkeyStore(const std::string& key, const std::string& value,
                              std::chrono::seconds ttl) {
  valkey::ValkeyClient* client = Valkey();
  if (client == nullptr) return;
  auto stored =
      client->Set(options_.key_prefix + key, value, {.ex = std::max(ttl, std::chrono::seconds(1))});
  if (!stored) {
    ValkeyFailed(stored.error());
    return;
  }
  ValkeySucceeded();
}

void TieredCache::Invalidate(std::string_view key) {
  memory_.Erase(key);
  valkey::ValkeyClient* client = Valkey();
  if (client == nullptr) return;
  if (auto deleted = client->Del({options_.key_prefix + std::string(key)}); !deleted)
    ValkeyFailed(deleted.error());
  else
    ValkeySucceeded();
}

void TieredCache::Clear() { memory_.Clear(); }

void TieredCache::RememberInMemory(const std::string& key, std::string value, milliseconds ttl) {
  memory_.Put(key, std::move(value), ttl);
}

valkey::ValkeyClient* TieredCache::Valkey() {
  if (!valkey_url_) return nullptr;
  std::lock_guard lock(valkey_mutex_);
  if (retry_at_ && Clock::now() < *retry_at_) return nullptr;
  if (!client_) {
    auto connected = valkey::ValkeyClient::Connect(*valkey_url_, options_.valkey);
    if (!connected) {
      NoteFailureLocked(connected.error());
      return nullptr;
    }
    client_ = std::move(*connected);
  }
  return client_.get();
}

void TieredCache::ValkeyFailed(const Error& error) {
  std::lock_guard lock(valkey_mutex_);
  NoteFailureLocked(error);
}

void TieredCache::NoteFailureLocked(const Error& error) {
  ++valkey_errors_;
  retry_at_ = Clock::now() + options_.valkey_retry_after;
  if (in_outage_) return;
  in_outage_ = true;
  LogWarn("the Valkey cache is unavailable ({}); reading from the source until it is back",
          error.Text());
}

void TieredCache::ValkeySucceeded() {
  std::lock_guard lock(valkey_mutex_);
  if (!in_outage_) return;
  in_outage_ = false;
  retry_at_.reset();
  LogInfo("the Valkey cache at {} is reachable again", valkey_url_->Endpoint());
}

}  // namespace rocky::cache
