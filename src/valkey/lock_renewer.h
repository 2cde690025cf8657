#pragma once
// Keeps a DistributedLock alive: a thread renews it every TTL/3 (services.md §2) until stopped.
// The lock counts as lost when a renewal finds another token (or no key), or when no renewal
// succeeded for a whole TTL (the server unreachable: the key has expired by then). On loss the
// thread calls `on_lost` once and stops renewing; the run aborts at its next statement boundary
// (runtime.md §11.3).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "valkey/distributed_lock.h"

namespace rocky::valkey {

class LockRenewer {
 public:
  /// Starts renewing `lock`, which must outlive the renewer and must not be released before
  /// Stop(). `on_lost` runs on the renewer's thread.
  LockRenewer(DistributedLock& lock, std::function<void()> on_lost,
              std::chrono::milliseconds interval = std::chrono::milliseconds{0});
  LockRenewer(const LockRenewer&) = delete;
  LockRenewer& operator=(const LockRenewer&) = delete;
  /// Stops.
  ~LockRenewer();

  /// Stops renewing and joins the thread. Idempotent.
  void Stop();
  bool lost() const { return lost_.load(); }
  /// How many renewals succeeded (for tests and logs).
  int renewals() const { return renewals_.load(); }

 private:
  void Loop();

  DistributedLock& lock_;
  std::function<void()> on_lost_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::atomic<bool> lost_{false};
  std::atomic<int> renewals_{0};
  std::thread thread_;
};

}  // namespace rocky::valkey
