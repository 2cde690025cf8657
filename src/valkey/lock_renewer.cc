#include "valkey/lock_renewer.h"

#include "base/log.h"

namespace rocky::valkey {

LockRenewer::LockRenewer(DistributedLock& lock, std::function<void()> on_lost,
                         std::chrono::milliseconds interval)
    : lock_(lock),
      on_lost_(std::move(on_lost)),
      interval_(interval.count() > 0 ? interval
                                     : std::max(lock.ttl() / 3, std::chrono::milliseconds{1})) {
  thread_ = std::thread([this] { Loop(); });
}

LockRenewer::~LockRenewer() { Stop(); }

void LockRenewer::Stop() {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LockRenewer::Loop() {
  bool warned = false;  // about an unreachable server, once per outage
  std::unique_lock guard(mutex_);
  while (!wake_.wait_for(guard, interval_, [this] { return stop_; })) {
    guard.unlock();
    auto renewed = lock_.Renew();
    bool lost = false;
    if (renewed && *renewed) {
      renewals_.fetch_add(1);
      warned = false;
    } else if (renewed) {
      LogWarn("Valkey lock {} was lost: another process holds it or it expired", lock_.key());
      lost = true;
    } else if (!warned) {
      LogWarn("cannot renew Valkey lock {} ({}); the run goes on and keeps trying",
              lock_.key(), renewed.error().Text());
      warned = true;
    } else {
      LogDebug("renewing Valkey lock {} failed; retrying: {}", lock_.key(), renewed.error().Text());
    }
    if (lost) {
      lost_.store(true);
      if (on_lost_) on_lost_();
      return;
    }
    guard.lock();
  }
}

}  // namespace rocky::valkey
