#include "valkey/distributed_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/json.h"
#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

class DistributedLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ValkeyTestServer::Start();
    ASSERT_TRUE(server) << server.error().Text();
    server_ = std::move(*server);
    client_ = Connect();
    other_ = Connect();
    ASSERT_TRUE(client_ && other_);
  }

  std::unique_ptr<ValkeyClient> Connect() {
    auto client = ValkeyClient::Connect(server_->Url());
    EXPECT_TRUE(client) << client.error().Text();
    return client ? std::move(*client) : nullptr;
  }

  static LockHolder Holder(std::string host, int64_t pid, std::string run_id) {
    return LockHolder{pid, std::move(host), std::move(run_id),
                      *ParseTimestamp("2026-04-07T10:00:00Z")};
  }

  std::unique_ptr<ValkeyTestServer> server_;
  std::unique_ptr<ValkeyClient> client_;
  std::unique_ptr<ValkeyClient> other_;
};

TEST_F(DistributedLockTest, AcquireSetsTokenAndInfoWithTheTtl) {
  auto attempt = DistributedLock::TryAcquire(*client_, "rocky:lock:run:orders",
                                             Holder("build-1", 11, "run-a"), 5000ms);
  ASSERT_TRUE(attempt) << attempt.error().Text();
  ASSERT_TRUE(attempt->lock);
  EXPECT_EQ(attempt->lock->key(), "rocky:lock:run:orders");

  auto token = other_->Get("rocky:lock:run:orders").value();
  ASSERT_TRUE(token);
  EXPECT_EQ(token->size(), 32u);  // 128 bits as hex
  EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos);
  auto info = other_->Get("rocky:lock:run:orders:info").value();
  ASSERT_TRUE(info);
  auto json = Json::Parse(*info);
  ASSERT_TRUE(json);
  EXPECT_EQ((*json)["host"].AsString(), "build-1");
  EXPECT_EQ((*json)["pid"].AsInt(), 11);
  EXPECT_EQ((*json)["run_id"].AsString(), "run-a");
  EXPECT_EQ((*json)["started_at"].AsString(), "2026-04-07T10:00:00Z");
  for (const char* key : {"rocky:lock:run:orders", "rocky:lock:run:orders:info"}) {
    auto pttl = other_->Command({"PTTL", key}).value();
    EXPECT_GT(pttl.integer, 4000) << key;
    EXPECT_LE(pttl.integer, 5000) << key;
  }
}

TEST_F(DistributedLockTest, OfTwoContendersExactlyOneWinsAndTheLoserSeesTheWinner) {
  auto first = DistributedLock::TryAcquire(*client_, "rocky:lock:run:p", Holder("h1", 1, "r1"),
                                           5000ms);
  auto second = DistributedLock::TryAcquire(*other_, "rocky:lock:run:p", Holder("h2", 2, "r2"),
                                            5000ms);
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->lock);
  EXPECT_FALSE(second->lock);
  ASSERT_TRUE(second->holder);
  EXPECT_EQ(second->holder->host, "h1");
  EXPECT_EQ(second->holder->pid, 1);
  EXPECT_EQ(second->holder->run_id, "r1");

  // Many at once, each on its own connection: still exactly one.
  std::vector<std::unique_ptr<ValkeyClient>> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(Connect());
  std::atomic<int> winners{0};
  std::vector<std::optional<DistributedLock>> locks(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto attempt = DistributedLock::TryAcquire(*clients[i], "rocky:lock:run:race",
                                                 Holder("h", i, "r"), 5000ms);
      ASSERT_TRUE(attempt) << attempt.error().Text();
      if (attempt->lock) {
        winners.fetch_add(1);
        locks[i].emplace(std::move(*attempt->lock));
      } else {
        EXPECT_TRUE(attempt->holder);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
}

TEST_F(DistributedLockTest, RunLockRefusalNamesTheHolder) {
  auto held = AcquireRunLock(*client_, "rocky:", "orders", Holder("build-7", 42, "run-x"), 5000ms);
  ASSERT_TRUE(held) << held.error().Text();
  EXPECT_EQ(held->key(), "rocky:lock:run:orders");
  auto refused = AcquireRunLock(*other_, "rocky:", "orders", Holder("me", 1, "run-y"), 5000ms);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(refused.error().message,
            "pipeline 'orders' is already running (lock held by build-7:42 since "
            "2026-04-07T10:00:00Z); its run id: run-x");
  // Another pipeline, or another prefix, is another lock.
  EXPECT_TRUE(AcquireRunLock(*other_, "rocky:", "customers", Holder("me", 1, "r"), 5000ms));
  EXPECT_TRUE(AcquireRunLock(*other_, "team2:", "orders", Holder("me", 1, "r"), 5000ms));
}

TEST_F(DistributedLockTest, OnlyTheTokenHolderReleases) {
  auto attempt = DistributedLock::TryAcquire(*client_, "lk", Holder("h", 1, "r"), 5000ms);
  ASSERT_TRUE(attempt && attempt->lock);
  // The spec's release script with a wrong token deletes nothing.
  auto wrong = other_->Eval(kReleaseScript, {"lk"}, {"0123456789abcdef0123456789abcdef"});
  ASSERT_TRUE(wrong) << wrong.error().Text();
  EXPECT_EQ(*wrong, Reply::Integer(0));
  EXPECT_TRUE(other_->Get("lk").value());
  auto renew_wrong = other_->Eval(kRenewScript, {"lk"}, {"not-the-token", "100"});
  ASSERT_TRUE(renew_wrong);
  EXPECT_EQ(*renew_wrong, Reply::Integer(0));
  EXPECT_GT(other_->Command({"PTTL", "lk"}).value().integer, 1000);

  auto released = attempt->lock->Release();
  ASSERT_TRUE(released) << released.error().Text();
  EXPECT_TRUE(*released);
  EXPECT_TRUE(attempt->lock->released());
  EXPECT_FALSE(other_->Get("lk").value());
  EXPECT_FALSE(attempt->lock->Release().value());  // idempotent
  auto next = DistributedLock::TryAcquire(*other_, "lk", Holder("h2", 2, "r2"), 5000ms);
  ASSERT_TRUE(next && next->lock);
}

TEST_F(DistributedLockTest, ALockFreesAfterItsTtlAndTheOldHolderCannotTouchTheNewOne) {
  auto first = DistributedLock::TryAcquire(*client_, "lk", Holder("h1", 1, "r1"), 200ms);
  ASSERT_TRUE(first && first->lock);
  auto blocked = DistributedLock::TryAcquire(*other_, "lk", Holder("h2", 2, "r2"), 200ms);
  ASSERT_TRUE(blocked);
  EXPECT_FALSE(blocked->lock);

  std::this_thread::sleep_for(350ms);  // the holder "crashed": nobody renews
  auto second = DistributedLock::TryAcquire(*other_, "lk", Holder("h2", 2, "r2"), 5000ms);
  ASSERT_TRUE(second) << second.error().Text();
  ASSERT_TRUE(second->lock);

  // The old holder finds its lock lost, and its release leaves the new lock alone.
  auto renewed = first->lock->Renew();
  ASSERT_TRUE(renewed) << renewed.error().Text();
  EXPECT_FALSE(*renewed);
  auto released = first->lock->Release();
  ASSERT_TRUE(released);
  EXPECT_FALSE(*released);
  EXPECT_TRUE(client_->Get("lk").value());
  auto third = DistributedLock::TryAcquire(*client_, "lk", Holder("h3", 3, "r3"), 5000ms);
  ASSERT_TRUE(third);
  EXPECT_FALSE(third->lock);
  ASSERT_TRUE(third->holder);
  EXPECT_EQ(third->holder->host, "h2");
}

TEST_F(DistributedLockTest, RenewKeepsTheLockPastItsTtl) {
  // Renewed every 150 ms for three TTLs; the 750 ms of slack keeps a loaded CI machine (a
  // stalled thread) from losing the lock between two renewals.
  auto attempt = DistributedLock::TryAcquire(*client_, "lk", Holder("h1", 1, "r1"), 900ms);
  ASSERT_TRUE(attempt && attempt->lock);
  for (int i = 0; i < 18; ++i) {
    std::this_thread::sleep_for(150ms);
    auto renewed = attempt->lock->Renew();
    ASSERT_TRUE(renewed) << renewed.error().Text();
    EXPECT_TRUE(*renewed);
  }
  auto contender = DistributedLock::TryAcquire(*other_, "lk", Holder("h2", 2, "r2"), 900ms);
  ASSERT_TRUE(contender);
  EXPECT_FALSE(contender->lock);
  ASSERT_TRUE(contender->holder) << "the :info key is renewed with the lock";
  EXPECT_EQ(contender->holder->host, "h1");
}

TEST_F(DistributedLockTest, DestroyingTheLockReleasesIt) {
  {
    auto attempt = DistributedLock::TryAcquire(*client_, "lk", Holder("h1", 1, "r1"), 5000ms);
    ASSERT_TRUE(attempt && attempt->lock);
    DistributedLock moved = std::move(*attempt->lock);
    EXPECT_TRUE(attempt->lock->released());
    EXPECT_FALSE(moved.released());
  }
  EXPECT_FALSE(client_->Get("lk").value());
}

TEST(LockNamesTest, FollowTheSpec) {
  EXPECT_EQ(RunLockName("orders"), "lock:run:orders");
  EXPECT_EQ(FillLockName("discover:duckdb:abc:raw_"), "lock:fill:discover:duckdb:abc:raw_");
}

}  // namespace
}  // namespace rocky::valkey
