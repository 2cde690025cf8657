#include "cache/tiered_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/log.h"
#include "valkey/valkey_test_server.h"

namespace rocky::cache {
namespace {

using namespace std::chrono_literals;

// A loader that counts its calls and returns `value`.
struct CountingLoader {
  std::string value;
  std::atomic<int> calls{0};
  std::chrono::milliseconds delay{0};
  Cache::Loader Fn() {
    return [this]() -> Result<std::string> {
      ++calls;
      if (delay > 0ms) std::this_thread::sleep_for(delay);
      return value;
    };
  }
};

size_t Count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(TieredCacheMemoryOnly, HitsMemoryAfterOneLoad) {
  TieredCache cache({});
  EXPECT_FALSE(cache.has_valkey());
  CountingLoader loader{"[1]"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "[1]");
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "[1]");
  EXPECT_EQ(loader.calls, 1);
  EXPECT_EQ(cache.stats().memory_hits, 1);
  cache.Invalidate("k");
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "[1]");
  EXPECT_EQ(loader.calls, 2);
  cache.Clear();
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "[1]");
  EXPECT_EQ(loader.calls, 3);
}

TEST(TieredCacheMemoryOnly, AZeroTtlIsNeverCached) {
  TieredCache cache({});
  CountingLoader loader{"v"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 0s}, loader.Fn()), "v");
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 0s}, loader.Fn()), "v");
  EXPECT_EQ(loader.calls, 2);
}

TEST(TieredCacheMemoryOnly, AnUnusableUrlLeavesMemoryOnly) {
  ::testing::internal::CaptureStderr();
  TieredCache cache({.valkey_url = Secret("http://:pw-xyz@host")});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(cache.has_valkey());
  EXPECT_NE(err.find("the Valkey cache tier is off"), std::string::npos) << err;
  EXPECT_EQ(err.find("pw-xyz"), std::string::npos) << err;
  CountingLoader loader{"v"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "v");
}

class TieredCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = valkey::ValkeyTestServer::Start();
    ASSERT_TRUE(server) << server.error().Text();
    server_ = std::move(*server);
    auto client = valkey::ValkeyClient::Connect(server_->Url());
    ASSERT_TRUE(client) << client.error().Text();
    raw_ = std::move(*client);
  }

  TieredCacheOptions Options() {
    TieredCacheOptions o;
    o.valkey_url = Secret(server_->Url());
    o.fill_poll_interval = 20ms;
    o.fill_wait = 5s;
    return o;
  }

  std::optional<std::string> RawGet(const std::string& key) {
    auto got = raw_->Get(key);
    EXPECT_TRUE(got) << got.error().Text();
    return got ? *got : std::nullopt;
  }
  int64_t RawInteger(std::vector<std::string> command) {
    auto reply = raw_->Command(std::move(command));
    EXPECT_TRUE(reply && reply->type == valkey::ReplyType::kInteger);
    return reply ? reply->integer : -100;
  }

  std::unique_ptr<valkey::ValkeyTestServer> server_;
  std::unique_ptr<valkey::ValkeyClient> raw_;  // the test's own view of the server
};

TEST_F(TieredCacheTest, AMissLoadsAndStoresInValkeyWithTheEntryTtl) {
  TieredCache cache(Options());
  ASSERT_TRUE(cache.has_valkey());
  CountingLoader loader{R"({"sources":[]})"};
  EXPECT_EQ(cache.GetOrLoad("discover:duckdb:abc:src_", {.ttl = 60s}, loader.Fn()),
            R"({"sources":[]})");
  EXPECT_EQ(loader.calls, 1);
  EXPECT_EQ(RawGet("rocky:discover:duckdb:abc:src_"), R"({"sources":[]})");
  int64_t ttl = RawInteger({"TTL", "rocky:discover:duckdb:abc:src_"});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60);
  int64_t pttl = RawInteger({"PTTL", "rocky:discover:duckdb:abc:src_"});
  EXPECT_GT(pttl, 55'000);
  EXPECT_LE(pttl, 60'000);
  // A memory hit: the loader is not called and Valkey is not asked.
  EXPECT_EQ(cache.GetOrLoad("discover:duckdb:abc:src_", {.ttl = 60s}, loader.Fn()),
            R"({"sources":[]})");
  EXPECT_EQ(loader.calls, 1);
  EXPECT_EQ(cache.stats().memory_hits, 1);
  EXPECT_EQ(cache.stats().valkey_hits, 0);
}

TEST_F(TieredCacheTest, ASubSecondTtlIsStoredAsOneSecond) {
  TieredCache cache(Options());
  CountingLoader loader{"v"};
  ASSERT_TRUE(cache.GetOrLoad("k", {.ttl = 1s}, loader.Fn()));
  int64_t ttl = RawInteger({"PTTL", "rocky:k"});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 1000);
}

TEST_F(TieredCacheTest, AValkeyHitFillsMemory) {
  ASSERT_TRUE(raw_->Set("rocky:k", "from-valkey", {.ex = 100s}));
  TieredCache cache(Options());
  CountingLoader loader{"from-loader"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "from-valkey");
  EXPECT_EQ(loader.calls, 0);
  EXPECT_EQ(cache.stats().valkey_hits, 1);
  // Gone from Valkey, still in memory.
  ASSERT_TRUE(raw_->Del({"rocky:k"}));
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "from-valkey");
  EXPECT_EQ(loader.calls, 0);
  EXPECT_EQ(cache.stats().memory_hits, 1);
}

TEST_F(TieredCacheTest, MemoryKeepsAValkeyHitNoLongerThanValkeyDoes) {
  ASSERT_TRUE(raw_->Set("rocky:k", "short-lived", {.px = 300ms}));
  TieredCache cache(Options());
  CountingLoader loader{"fresh"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "short-lived");
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "fresh");
  EXPECT_EQ(loader.calls, 1);
}

TEST_F(TieredCacheTest, ConcurrentCallersShareOneLoad) {
  TieredCache cache(Options());
  CountingLoader loader{"shared", 0, 300ms};
  constexpr int kCallers = 8;
  std::vector<std::thread> threads;
  std::vector<std::string> got(kCallers);
  for (int i = 0; i < kCallers; ++i)
    threads.emplace_back([&, i] {
      auto value = cache.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, loader.Fn());
      got[i] = value ? *value : "error: " + value.error().Text();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(loader.calls, 1);
  for (const auto& g : got) EXPECT_EQ(g, "shared");
  EXPECT_EQ(RawGet("rocky:k"), "shared");
}

TEST_F(TieredCacheTest, ALoaderErrorIsReturnedAndNotCached) {
  TieredCache cache(Options());
  int calls = 0;
  auto failing = [&]() -> Result<std::string> {
    ++calls;
    return Fail(ErrorKind::kAdapter, "fivetran API error: HTTP 500");
  };
  auto first = cache.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, failing);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().message, "fivetran API error: HTTP 500");
  EXPECT_EQ(RawGet("rocky:k"), std::nullopt);
  EXPECT_EQ(RawInteger({"EXISTS", "rocky:lock:fill:k"}), 0);  // the fill lock was released
  EXPECT_FALSE(cache.GetOrLoad("k", {.ttl = 60s}, failing));
  EXPECT_EQ(calls, 2);
  CountingLoader loader{"ok"};
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "ok");
}

TEST_F(TieredCacheTest, InvalidateClearsBothTiersClearOnlyMemory) {
  TieredCache cache(Options());
  CountingLoader loader{"v"};
  ASSERT_TRUE(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()));
  cache.Clear();
  EXPECT_EQ(RawGet("rocky:k"), "v");
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "v");  // from Valkey
  EXPECT_EQ(loader.calls, 1);
  EXPECT_EQ(cache.stats().valkey_hits, 1);
  cache.Invalidate("k");
  EXPECT_EQ(RawGet("rocky:k"), std::nullopt);
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "v");
  EXPECT_EQ(loader.calls, 2);
}

TEST_F(TieredCacheTest, KeysCarryTheConfiguredPrefix) {
  TieredCacheOptions options = Options();
  options.key_prefix = "team-a:";
  TieredCache cache(options);
  CountingLoader loader{"v"};
  ASSERT_TRUE(
      cache.GetOrLoad("fivetran:schemas:c1:2026-01-01T00:00:00Z", {.ttl = 3600s}, loader.Fn()));
  EXPECT_EQ(RawGet("team-a:fivetran:schemas:c1:2026-01-01T00:00:00Z"), "v");
  EXPECT_EQ(RawGet("rocky:fivetran:schemas:c1:2026-01-01T00:00:00Z"), std::nullopt);
}

TEST_F(TieredCacheTest, ValkeyDownIsAMissWithOneWarning) {
  TieredCacheOptions options = Options();
  options.valkey_retry_after = 0ms;  // try Valkey on every call: still one warning
  TieredCache cache(options);
  server_->Stop();
  CountingLoader loader{"v"};
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 3; ++i) {
    auto value =
        cache.GetOrLoad("k" + std::to_string(i), {.ttl = 60s, .fill_lock = true}, loader.Fn());
    ASSERT_TRUE(value) << value.error().Text();
    EXPECT_EQ(*value, "v");
  }
  cache.Invalidate("k0");
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(loader.calls, 3);
  EXPECT_GE(cache.stats().valkey_errors, 3);
  EXPECT_EQ(Count(err, "the Valkey cache is unavailable"), 1u) << err;
  EXPECT_NE(err.find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos) << err;
  // Memory still serves what was loaded.
  EXPECT_EQ(cache.GetOrLoad("k1", {.ttl = 60s}, loader.Fn()), "v");
  EXPECT_EQ(loader.calls, 3);
}

TEST_F(TieredCacheTest, AnUnresponsiveServerIsSkippedAfterOneTimeoutThenUsedAgain) {
  TieredCacheOptions options = Options();
  options.valkey.command_timeout = 200ms;
  options.valkey_retry_after = 500ms;
  TieredCache cache(options);
  CountingLoader loader{"v"};
  ASSERT_TRUE(cache.GetOrLoad("warm", {.ttl = 60s}, loader.Fn()));  // connected
  server_->Pause();
  ::testing::internal::CaptureStderr();
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(cache.GetOrLoad("k" + std::to_string(i), {.ttl = 60s}, loader.Fn()));
  auto took = std::chrono::steady_clock::now() - started;
  server_->Resume();
  EXPECT_LT(took, 900ms);  // one command timed out (200 ms); the next calls skipped Valkey
  EXPECT_EQ(loader.calls, 6);
  std::this_thread::sleep_for(600ms);
  ASSERT_TRUE(cache.GetOrLoad("after", {.ttl = 60s}, loader.Fn()));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(Count(err, "the Valkey cache is unavailable"), 1u) << err;
  EXPECT_EQ(RawGet("rocky:after"), "v");  // back in use
}

TEST_F(TieredCacheTest, ASecondProcessWaitsForTheFirstFill) {
  TieredCache first(Options());
  TieredCache second(Options());  // its own memory: another process
  std::atomic<bool> loading{false};
  auto slow = [&]() -> Result<std::string> {
    loading = true;
    std::this_thread::sleep_for(500ms);
    return std::string("filled-by-first");
  };
  std::thread a([&] {
    EXPECT_EQ(first.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, slow), "filled-by-first");
  });
  while (!loading) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(RawInteger({"EXISTS", "rocky:lock:fill:k"}), 1);
  CountingLoader own{"filled-by-second"};
  EXPECT_EQ(second.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, own.Fn()), "filled-by-first");
  a.join();
  EXPECT_EQ(own.calls, 0);
  EXPECT_EQ(second.stats().fill_waits, 1);
  EXPECT_EQ(RawInteger({"EXISTS", "rocky:lock:fill:k"}), 0);  // released after storing
}

TEST_F(TieredCacheTest, AWaiterTakesOverWhenTheFillerFails) {
  TieredCache first(Options());
  TieredCache second(Options());
  std::atomic<bool> loading{false};
  auto failing = [&]() -> Result<std::string> {
    loading = true;
    std::this_thread::sleep_for(300ms);
    return Fail(ErrorKind::kAdapter, "source down");
  };
  std::thread a(
      [&] { EXPECT_FALSE(first.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, failing)); });
  while (!loading) std::this_thread::sleep_for(5ms);
  CountingLoader own{"second"};
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(second.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, own.Fn()), "second");
  a.join();
  EXPECT_EQ(own.calls, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);  // not the whole fill_wait
}

TEST_F(TieredCacheTest, AWaiterLoadsItselfWhenTheFillTakesTooLong) {
  // Another process holds the fill lock and never stores anything.
  ASSERT_TRUE(raw_->Set("rocky:lock:fill:k", "someone-else", {.px = 60s}));
  TieredCacheOptions options = Options();
  options.fill_wait = 300ms;
  TieredCache cache(options);
  CountingLoader loader{"mine"};
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(cache.GetOrLoad("k", {.ttl = 60s, .fill_lock = true}, loader.Fn()), "mine");
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  EXPECT_EQ(loader.calls, 1);
  EXPECT_EQ(RawGet("rocky:k"), "mine");
  EXPECT_EQ(RawGet("rocky:lock:fill:k"), "someone-else");  // not ours to release
}

TEST_F(TieredCacheTest, WithoutTheFillLockOptionNoLockIsTaken) {
  TieredCache cache(Options());
  std::optional<int64_t> exists;
  auto loader = [&]() -> Result<std::string> {
    exists = RawInteger({"EXISTS", "rocky:lock:fill:k"});
    return std::string("v");
  };
  ASSERT_TRUE(cache.GetOrLoad("k", {.ttl = 60s}, loader));
  EXPECT_EQ(exists, 0);
}

TEST_F(TieredCacheTest, ThePasswordNeverReachesALogLine) {
  auto secured = valkey::ValkeyTestServer::Start({.args = {"--requirepass", "pw-Cache-77"}});
  ASSERT_TRUE(secured) << secured.error().Text();
  TieredCacheOptions options;
  options.valkey_url = Secret((*secured)->Url(":pw-Cache-77"));
  ::testing::internal::CaptureStderr();
  {
    TieredCache cache(options);
    CountingLoader loader{"v"};
    ASSERT_TRUE(cache.GetOrLoad("k", {.ttl = 60s}, loader.Fn()));
    (*secured)->Stop();
    ASSERT_TRUE(cache.GetOrLoad("k2", {.ttl = 60s}, loader.Fn()));
  }
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("the Valkey cache is unavailable"), std::string::npos) << err;
  EXPECT_EQ(err.find("pw-Cache-77"), std::string::npos) << err;
  // And a wrong password is an outage like any other, not a failure.
  auto again = valkey::ValkeyTestServer::Start({.args = {"--requirepass", "right-pw"}});
  ASSERT_TRUE(again);
  options.valkey_url = Secret((*again)->Url(":wrong-pw-123"));
  ::testing::internal::CaptureStderr();
  TieredCache wrong(options);
  CountingLoader loader{"v"};
  EXPECT_EQ(wrong.GetOrLoad("k", {.ttl = 60s}, loader.Fn()), "v");
  err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.find("wrong-pw-123"), std::string::npos) << err;
}

}  // namespace
}  // namespace rocky::cache
