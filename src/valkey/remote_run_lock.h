#pragma once
// The distributed run lock a run holds while it runs (runtime.md §11.3): a connection of its own
// (so nothing else on the client can delay a renewal), the lock `<key_prefix>lock:run:<pipeline>`
// and its renewer. Destroying it stops renewing, then releases the lock.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "base/lock_holder.h"
#include "valkey/distributed_lock.h"
#include "valkey/lock_renewer.h"
#include "valkey/valkey_client.h"
#include "valkey/valkey_url.h"

namespace rocky::valkey {

class RemoteRunLock {
 public:
  /// Connects and takes the lock, never waiting. Fails with kConflict and
  /// `pipeline 'P' is already running (lock held by <host>:<pid> since <time>)` when another run
  /// holds it, and with the connection's error (context: "while taking the distributed run
  /// lock") when Valkey cannot be reached. `on_lost` runs once, on the renewer's thread, if the
  /// lock is lost.
  static Result<std::unique_ptr<RemoteRunLock>> Acquire(const ValkeyUrl& url,
                                                        std::string_view key_prefix,
                                                        std::string_view pipeline,
                                                        const LockHolder& holder,
                                                        std::chrono::milliseconds ttl,
                                                        std::function<void()> on_lost,
                                                        ValkeyOptions options = {});

  RemoteRunLock(const RemoteRunLock&) = delete;
  RemoteRunLock& operator=(const RemoteRunLock&) = delete;
  ~RemoteRunLock() = default;  // members in reverse: the renewer stops, the lock is released

  bool lost() const { return renewer_->lost(); }
  const DistributedLock& lock() const { return *lock_; }

 private:
  RemoteRunLock() = default;

  std::unique_ptr<ValkeyClient> client_;
  std::optional<DistributedLock> lock_;
  std::unique_ptr<LockRenewer> renewer_;
};

}  // namespace rocky::valkey
