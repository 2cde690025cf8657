#include "project/model_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace rocky::project {
namespace {

namespace fs = std::filesystem;

class ModelCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rocky-model-cache-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "cache" / "compile_cache.bin").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string path_;
};

TEST_F(ModelCacheTest, RecordsSurviveASave) {
  {
    auto cache = ModelCache::Load(path_, "build-1");
    EXPECT_FALSE(cache->Find(CacheRecord::kModel, 7));
    EXPECT_EQ(cache->Put(CacheRecord::kModel, 7, "seven"), "seven");  // a view of what it keeps
    cache->Put(CacheRecord::kQuery, 7, "query seven");  // same key, another kind
    cache->Put(CacheRecord::kCompiled, 9, std::string("\0nine", 5));
    EXPECT_FALSE(cache->Find(CacheRecord::kModel, 7));  // for the next compile
    ASSERT_TRUE(cache->Save());
  }
  auto cache = ModelCache::Load(path_, "build-1");
  EXPECT_EQ(*cache->Find(CacheRecord::kModel, 7), "seven");
  EXPECT_EQ(*cache->Find(CacheRecord::kQuery, 7), "query seven");
  EXPECT_EQ(*cache->Find(CacheRecord::kCompiled, 9), std::string("\0nine", 5));
  EXPECT_FALSE(cache->Find(CacheRecord::kCompiled, 7));
  EXPECT_EQ(cache->stats().hits, 3);
  EXPECT_EQ(cache->stats().misses, 1);
}

TEST_F(ModelCacheTest, FewChangesAreAppendedAndDeadEntriesAreDroppedByARewrite) {
  const std::string big(10'000, 'b');
  {
    auto cache = ModelCache::Load(path_, "b");
    cache->Put(CacheRecord::kModel, 1, big);
    cache->Put(CacheRecord::kModel, 2, "two");
    ASSERT_TRUE(cache->Save());
  }
  const auto first_size = fs::file_size(path_);
  {
    // Record 1 used, 2 replaced by a newer value under the same key, 3 added: one small block.
    auto cache = ModelCache::Load(path_, "b");
    ASSERT_TRUE(cache->Find(CacheRecord::kModel, 1));
    cache->Put(CacheRecord::kModel, 2, "TWO");
    cache->Put(CacheRecord::kModel, 3, "three");
    ASSERT_TRUE(cache->Save());
  }
  EXPECT_GT(fs::file_size(path_), first_size);
  EXPECT_LT(fs::file_size(path_), first_size + 100);
  {
    auto cache = ModelCache::Load(path_, "b");
    ASSERT_TRUE(cache->Find(CacheRecord::kModel, 1));
    EXPECT_EQ(*cache->Find(CacheRecord::kModel, 1), big);
    EXPECT_EQ(*cache->Find(CacheRecord::kModel, 2), "TWO");  // the later block wins
    EXPECT_EQ(*cache->Find(CacheRecord::kModel, 3), "three");
    ASSERT_TRUE(cache->Save());  // nothing new: the file stays as it is
  }
  // A torn append (the last bytes missing) loses that block only.
  {
    auto cache = ModelCache::Load(path_, "b");
    for (uint64_t key : {1, 2, 3}) ASSERT_TRUE(cache->Find(CacheRecord::kModel, key));
    cache->Put(CacheRecord::kModel, 4, "four");
    ASSERT_TRUE(cache->Save());
  }
  EXPECT_LT(fs::file_size(path_), first_size + 200);  // appended again
  fs::resize_file(path_, fs::file_size(path_) - 2);
  {
    auto cache = ModelCache::Load(path_, "b");
    EXPECT_FALSE(cache->Find(CacheRecord::kModel, 4));
    ASSERT_TRUE(cache->Find(CacheRecord::kModel, 3));
    EXPECT_EQ(*cache->Find(CacheRecord::kModel, 3), "three");
    // The big record is not used now: more than half the file is dead, so this save rewrites
    // the file with only what was used and added.
    cache->Put(CacheRecord::kModel, 5, "five");
    ASSERT_TRUE(cache->Save());
  }
  EXPECT_LT(fs::file_size(path_), 1000u);
  auto cache = ModelCache::Load(path_, "b");
  EXPECT_FALSE(cache->Find(CacheRecord::kModel, 1));
  ASSERT_TRUE(cache->Find(CacheRecord::kModel, 3) && cache->Find(CacheRecord::kModel, 5));
  EXPECT_EQ(*cache->Find(CacheRecord::kModel, 3), "three");
  EXPECT_EQ(*cache->Find(CacheRecord::kModel, 5), "five");
}

TEST_F(ModelCacheTest, AnotherBuildOrADamagedFileIsAnEmptyCache) {
  {
    auto cache = ModelCache::Load(path_, "build-1");
    cache->Put(CacheRecord::kModel, 1, std::string(100, 'x'));
    ASSERT_TRUE(cache->Save());
  }
  EXPECT_FALSE(ModelCache::Load(path_, "build-2")->Find(CacheRecord::kModel, 1));
  EXPECT_TRUE(ModelCache::Load(path_, "build-1")->Find(CacheRecord::kModel, 1));
  // Cut the file short: every record is distrusted, nothing crashes.
  fs::resize_file(path_, fs::file_size(path_) - 30);
  EXPECT_FALSE(ModelCache::Load(path_, "build-1")->Find(CacheRecord::kModel, 1));
  std::ofstream(path_, std::ios::binary) << "not a cache at all";
  EXPECT_FALSE(ModelCache::Load(path_, "build-1")->Find(CacheRecord::kModel, 1));
}

TEST_F(ModelCacheTest, AFileHashIsTrustedOnlyWhileItsStampIsUnchangedAndNotRacy) {
  const std::string file = (dir_ / "m.sql").string();
  std::ofstream(file) << "select 1";
  // Written just now: hashed within the racy window, so not trusted on the next load.
  {
    auto cache = ModelCache::Load(path_, "b");
    cache->RecordHash(file, *StampOf(file), 42);
    ASSERT_TRUE(cache->Save());
  }
  EXPECT_FALSE(ModelCache::Load(path_, "b")->TrustedHash(file, *StampOf(file)));

  // Written well before it was hashed: trusted while size and mtime stay.
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::seconds(5));
  {
    auto cache = ModelCache::Load(path_, "b");
    cache->RecordHash(file, *StampOf(file), 42);
    ASSERT_TRUE(cache->Save());
  }
  {
    auto cache = ModelCache::Load(path_, "b");
    EXPECT_EQ(cache->TrustedHash(file, *StampOf(file)), 42u);
    ASSERT_TRUE(cache->Save());  // the stamp was used: kept
  }
  auto cache = ModelCache::Load(path_, "b");
  EXPECT_EQ(cache->TrustedHash(file, *StampOf(file)), 42u);
  std::ofstream(file) << "select 22";  // another size and a new mtime
  EXPECT_FALSE(cache->TrustedHash(file, *StampOf(file)));
}

}  // namespace
}  // namespace rocky::project
