#include "valkey/lock_renewer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

struct Fixture {
  std::unique_ptr<ValkeyTestServer> server;
  std::unique_ptr<ValkeyClient> client;
  std::unique_ptr<ValkeyClient> other;
};

Fixture Start() {
  Fixture f;
  auto server = ValkeyTestServer::Start();
  EXPECT_TRUE(server) << server.error().Text();
  if (!server) return f;
  f.server = std::move(*server);
  auto client = ValkeyClient::Connect(f.server->Url(), {.command_timeout = 200ms});
  auto other = ValkeyClient::Connect(f.server->Url());
  EXPECT_TRUE(client && other);
  if (client && other) {
    f.client = std::move(*client);
    f.other = std::move(*other);
  }
  return f;
}

TEST(LockRenewerTest, KeepsTheLockAliveUntilStopped) {
  Fixture f = Start();
  ASSERT_TRUE(f.client);
  auto attempt = DistributedLock::TryAcquire(*f.client, "lk", LockHolder::Current("r"), 300ms);
  ASSERT_TRUE(attempt && attempt->lock);
  std::atomic<int> lost{0};
  {
    LockRenewer renewer(*attempt->lock, [&] { lost.fetch_add(1); });
    std::this_thread::sleep_for(1000ms);  // more than three TTLs
    auto contender = DistributedLock::TryAcquire(*f.other, "lk", LockHolder::Current("x"), 300ms);
    ASSERT_TRUE(contender);
    EXPECT_FALSE(contender->lock);
    EXPECT_FALSE(renewer.lost());
    EXPECT_GE(renewer.renewals(), 5);
  }
  EXPECT_EQ(lost.load(), 0);
  std::this_thread::sleep_for(400ms);  // stopped: the lock now expires
  auto after = DistributedLock::TryAcquire(*f.other, "lk", LockHolder::Current("x"), 300ms);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->lock);
}

TEST(LockRenewerTest, ReportsALockTakenByAnotherProcessOnce) {
  Fixture f = Start();
  ASSERT_TRUE(f.client);
  auto attempt = DistributedLock::TryAcquire(*f.client, "lk", LockHolder::Current("r"), 300ms);
  ASSERT_TRUE(attempt && attempt->lock);
  std::atomic<int> lost{0};
  LockRenewer renewer(*attempt->lock, [&] { lost.fetch_add(1); });
  // Someone deletes the key and takes the lock (an operator, or an expiry during a long pause).
  ASSERT_TRUE(f.other->Del({"lk"}));
  auto thief = DistributedLock::TryAcquire(*f.other, "lk", LockHolder::Current("x"), 5000ms);
  ASSERT_TRUE(thief && thief->lock);
  for (int i = 0; i < 50 && !renewer.lost(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(renewer.lost());
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(lost.load(), 1);
  EXPECT_TRUE(f.other->Get("lk").value()) << "the loser does not touch the new lock";
}

TEST(LockRenewerTest, ReportsLossWhenTheServerIsGoneForAWholeTtl) {
  Fixture f = Start();
  ASSERT_TRUE(f.client);
  auto attempt = DistributedLock::TryAcquire(*f.client, "lk", LockHolder::Current("r"), 300ms);
  ASSERT_TRUE(attempt && attempt->lock);
  std::atomic<int> lost{0};
  LockRenewer renewer(*attempt->lock, [&] { lost.fetch_add(1); });
  f.server->Stop();
  for (int i = 0; i < 100 && !renewer.lost(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(renewer.lost());
  EXPECT_EQ(lost.load(), 1);
}

}  // namespace
}  // namespace rocky::valkey
