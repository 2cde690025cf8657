#pragma once
// Distributed locks on Valkey (services.md §2). Acquiring is `SET <key> <token> NX PX <ttl>`
// with a fresh 128-bit random token and, when it wins, `SET <key>:info <LockHolder JSON> PX <ttl>`,
// both inside one script (kAcquireScript): a refused caller then always reads the winner's
// `:info`, never the one a previous holder left to expire. Renewing and releasing run the
// spec's compare-and-renew / compare-and-delete scripts, so only the token's holder can extend
// or delete the lock; expiry frees the lock of a holder that died.
//
// The `:info` key is extended with each successful renewal and is left to expire on release
// (deleting it could delete the next holder's).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/lock_holder.h"
#include "valkey/valkey_client.h"

namespace rocky::valkey {

/// `lock:run:<pipeline>`: the run lock of a pipeline (runtime.md §11.3), under the key prefix.
std::string RunLockName(std::string_view pipeline);
/// `lock:fill:<cache key>`: the lock a process takes while filling a cache entry (services.md §1).
std::string FillLockName(std::string_view cache_key);

/// The spec's SET NX PX and the `:info` write made atomic: KEYS = lock, info; ARGV = token, TTL
/// in ms, holder JSON. 1 when taken, 0 when another token holds the lock.
inline constexpr std::string_view kAcquireScript =
    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
    "redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2]) return 1 else return 0 end";

/// The spec's scripts (services.md §2), byte for byte.
inline constexpr std::string_view kRenewScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], "
    "ARGV[2]) else return 0 end";
inline constexpr std::string_view kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return "
    "0 end";

struct LockAttempt;

class DistributedLock {
 public:
  /// Tries once, never waits. `key` is `<key_prefix><name>`. `client` must outlive the lock.
  static Result<LockAttempt> TryAcquire(ValkeyClient& client, std::string key,
                                        const LockHolder& holder, std::chrono::milliseconds ttl);

  DistributedLock(DistributedLock&& other) noexcept;
  DistributedLock& operator=(DistributedLock&& other) noexcept;
  DistributedLock(const DistributedLock&) = delete;
  DistributedLock& operator=(const DistributedLock&) = delete;
  /// Releases the lock if still held (best effort: a failure is logged).
  ~DistributedLock();

  /// Extends the lock to a full TTL from now: true, or false when the key no longer holds this
  /// lock's token (it expired, or someone else took it): the lock is lost.
  Result<bool> Renew();
  /// Deletes the lock if this token still holds it: true when deleted, false when it was
  /// already lost. Later calls return false without asking the server.
  Result<bool> Release();

  const std::string& key() const { return key_; }
  std::string info_key() const { return key_ + ":info"; }
  std::chrono::milliseconds ttl() const { return ttl_; }
  const LockHolder& holder() const { return holder_; }
  bool released() const { return client_ == nullptr; }

 private:
  DistributedLock(ValkeyClient& client, std::string key, std::string token,
                  std::chrono::milliseconds ttl, LockHolder holder);

  ValkeyClient* client_ = nullptr;  // null once released or moved from
  std::string key_;
  std::string token_;
  std::chrono::milliseconds ttl_{0};
  LockHolder holder_;
};

/// The outcome of one acquisition attempt: the lock, or who holds it.
struct LockAttempt {
  std::optional<DistributedLock> lock;
  /// When `lock` is empty: the holder's `:info`, when it exists and parses.
  std::optional<LockHolder> holder;
};

/// Takes the run lock of `pipeline` (`<key_prefix>lock:run:<pipeline>`), never waiting. When
/// another run holds it, fails with kConflict and exactly
/// `pipeline 'P' is already running (lock held by <host>:<pid> since <time>)`.
Result<DistributedLock> AcquireRunLock(ValkeyClient& client, std::string_view key_prefix,
                                       std::string_view pipeline, const LockHolder& holder,
                                       std::chrono::milliseconds ttl);

}  // namespace rocky::valkey
