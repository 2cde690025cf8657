#include "valkey/lock_renewer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

// A server, two clients, and the lock `lk` (TTL 300 ms) held through `client`.
class LockRenewerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ValkeyTestServer::Start();
    ASSERT_TRUE(server) << server.error().Text();
    server_ = std::move(*server);
    auto client = ValkeyClient::Connect(server_->Url(), {.command_timeout = 200ms});
    auto other = ValkeyClient::Connect(server_->Url());
    ASSERT_TRUE(client && other);
    client_ = std::move(*client);
    other_ = std::move(*other);
    auto attempt = DistributedLock::TryAcquire(*client_, "lk", LockHolder::Current("r"), 300ms);
    ASSERT_TRUE(attempt && attempt->lock);
    lock_.emplace(std::move(*attempt->lock));
  }

  // Whether `other` can take `lk` now.
  bool OtherCanTake() {
    auto attempt = DistributedLock::TryAcquire(*other_, "lk", LockHolder::Current("x"), 5000ms);
    EXPECT_TRUE(attempt) << attempt.error().Text();
    if (!attempt || !attempt->lock) return false;
    taken_.emplace(std::move(*attempt->lock));
    return true;
  }

  std::unique_ptr<ValkeyTestServer> server_;
  std::unique_ptr<ValkeyClient> client_;
  std::unique_ptr<ValkeyClient> other_;
  std::optional<DistributedLock> lock_;
  std::optional<DistributedLock> taken_;
  std::atomic<int> lost_{0};
};

TEST_F(LockRenewerTest, KeepsTheLockAliveUntilStopped) {
  {
    LockRenewer renewer(*lock_, [&] { ++lost_; });
    std::this_thread::sleep_for(1000ms);  // more than three TTLs
    EXPECT_FALSE(OtherCanTake());
    EXPECT_FALSE(renewer.lost());
    EXPECT_GE(renewer.renewals(), 5);
  }
  EXPECT_EQ(lost_.load(), 0);
  std::this_thread::sleep_for(400ms);  // stopped: the lock now expires
  EXPECT_TRUE(OtherCanTake());
}

TEST_F(LockRenewerTest, ReportsALockTakenByAnotherProcessOnce) {
  LockRenewer renewer(*lock_, [&] { ++lost_; });
  // Someone deletes the key and takes the lock (an operator, or an expiry during a long pause).
  ASSERT_TRUE(other_->Del({"lk"}));
  ASSERT_TRUE(OtherCanTake());
  for (int i = 0; i < 50 && !renewer.lost(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(renewer.lost());
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(lost_.load(), 1);
  EXPECT_TRUE(other_->Get("lk").value()) << "the loser does not touch the new lock";
}

TEST_F(LockRenewerTest, AnUnreachableServerIsNotALoss) {
  LockRenewer renewer(*lock_, [&] { ++lost_; });
  server_->Stop();
  std::this_thread::sleep_for(lock_->ttl() * 2);  // several failed renewals, past the TTL
  EXPECT_FALSE(renewer.lost());
  EXPECT_EQ(lost_.load(), 0);
}

}  // namespace
}  // namespace rocky::valkey
