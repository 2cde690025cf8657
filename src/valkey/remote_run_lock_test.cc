#include "valkey/remote_run_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

TEST(RemoteRunLockTest, HoldsRenewsAndReleasesThePipelineLock) {
  auto server = ValkeyTestServer::Start({.args = {"--requirepass", "lease-Pa55word"}});
  ASSERT_TRUE(server) << server.error().Text();
  auto url = ParseValkeyUrl((*server)->Url(":lease-Pa55word"));
  ASSERT_TRUE(url);
  auto observer = ValkeyClient::Connect(*url);
  ASSERT_TRUE(observer);

  std::atomic<int> lost{0};
  LockHolder me{7, "runner-a", "run-1", *ParseTimestamp("2026-04-07T10:00:00Z")};
  {
    auto held = RemoteRunLock::Acquire(*url, "rocky:", "orders", me, 300ms, [&] { ++lost; });
    ASSERT_TRUE(held) << held.error().Text();
    EXPECT_EQ((*held)->lock().key(), "rocky:lock:run:orders");
    std::this_thread::sleep_for(700ms);  // renewed past its TTL
    auto refused = RemoteRunLock::Acquire(*url, "rocky:", "orders", LockHolder::Current("run-2"),
                                          300ms, nullptr);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(refused.error().Text(),
              "pipeline 'orders' is already running (lock held by runner-a:7 since "
              "2026-04-07T10:00:00Z); its run id: run-1");
    EXPECT_FALSE((*held)->lost());
  }
  EXPECT_EQ(lost.load(), 0);
  EXPECT_FALSE((*observer)->Get("rocky:lock:run:orders").value()) << "released on destruction";

  auto port = (*server)->port();
  server->reset();
  auto unreachable = RemoteRunLock::Acquire(*url, "rocky:", "orders", me, 300ms, nullptr,
                                            {.connect_timeout = 500ms});
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().Text(),
            fmt::format("cannot connect to Valkey at 127.0.0.1:{}: Connection refused (while "
                        "taking the distributed run lock)",
                        port));
}

}  // namespace
}  // namespace rocky::valkey
