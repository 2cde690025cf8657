#pragma once
// Keeps a DistributedLock alive: a thread renews it every TTL/3 (services.md §2) until stopped.
// The lock counts as lost when a renewal finds another token (or no key): the thread calls
// `on_lost` once and stops renewing, and the run aborts at its next statement boundary
// (runtime.md §11.3). An unreachable server is not a loss: a Valkey outage must not fail a run
// (issue 17), so the renewer warns once and keeps trying; should the server come back after the
// key expired, the next renewal finds no key and reports the loss then.

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
