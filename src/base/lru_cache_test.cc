#include "base/lru_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rocky {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct FakeClock {
  LruCache::Clock::time_point now{};
  std::function<LruCache::Clock::time_point()> Fn() {
    return [this] { return now; };
  }
};

TEST(LruCache, HitsMissesAndExpiryCountedFromInsertion) {
  FakeClock clock;
  LruCache cache(10, 300s, clock.Fn());
  EXPECT_EQ(cache.Get("discover:duckdb:x:"), std::nullopt);
  cache.Put("discover:duckdb:x:", "{\"tables\":2}");
  clock.now += 299s;
  EXPECT_EQ(cache.Get("discover:duckdb:x:"), "{\"tables\":2}");  // a hit does not extend the TTL
  clock.now += 1s;
  EXPECT_EQ(cache.Get("discover:duckdb:x:"), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);  // the expired entry went with the Get that found it
  cache.Put("k", "v1");
  clock.now += 200s;
  cache.Put("k", "v2");  // replaced: the TTL starts again
  clock.now += 200s;
  EXPECT_EQ(cache.Get("k"), "v2");
}

TEST(LruCache, AnEntryMayLiveShorterThanTheCacheTtlNeverLonger) {
  FakeClock clock;
  LruCache cache(10, 300s, clock.Fn());
  cache.Put("short", "1", 60s);
  cache.Put("long", "2", 3600s);  // capped at the cache's 300 s
  clock.now += 59s;
  EXPECT_EQ(cache.Get("short"), "1");
  clock.now += 1s;
  EXPECT_EQ(cache.Get("short"), std::nullopt);
  clock.now += 239s;
  EXPECT_EQ(cache.Get("long"), "2");
  clock.now += 1s;
  EXPECT_EQ(cache.Get("long"), std::nullopt);
}

TEST(LruCache, EvictsTheLeastRecentlyUsedAtCapacity) {
  FakeClock clock;
  LruCache cache(2, 300s, clock.Fn());
  cache.Put("a", "1");
  cache.Put("b", "2");
  EXPECT_EQ(cache.Get("a"), "1");  // a is now the most recent
  cache.Put("c", "3");             // evicts b
  EXPECT_EQ(cache.Get("b"), std::nullopt);
  EXPECT_EQ(cache.Get("a"), "1");
  EXPECT_EQ(cache.Get("c"), "3");
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.Erase("a"));
  EXPECT_FALSE(cache.Erase("a"));
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Get("c"), std::nullopt);
}

TEST(LruCache, ConcurrentUseKeepsItsInvariants) {
  LruCache cache(64, 60s);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        std::string key = std::to_string((i * 7 + t) % 100);
        if (i % 3 == 0) {
          cache.Put(key, key);
        } else if (auto v = cache.Get(key)) {
          EXPECT_EQ(*v, key);
        }
        if (i % 97 == 0) cache.Erase(key);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.size(), 64u);
}

}  // namespace
}  // namespace rocky
