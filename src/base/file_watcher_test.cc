#include "base/file_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace rocky {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class FileWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rocky_watch_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "sub");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  std::unique_ptr<FileWatcher> Watch(std::chrono::milliseconds quiet = 100ms) {
    auto watcher =
        FileWatcher::Start(root_.string(), {.extensions = {".sql", ".toml"}, .quiet = quiet},
                           [this](const std::vector<std::string>& changed) {
                             std::lock_guard guard(mutex_);
                             bursts_.push_back(changed);
                             wake_.notify_all();
                           });
    EXPECT_TRUE(watcher) << watcher.error().Text();
    return watcher ? std::move(*watcher) : nullptr;
  }
  // Waits until `count` bursts arrived (or 3 s passed): the bursts.
  std::vector<std::vector<std::string>> Bursts(size_t count) {
    std::unique_lock guard(mutex_);
    wake_.wait_for(guard, 3s, [&] { return bursts_.size() >= count; });
    return bursts_;
  }
  std::string Path(const fs::path& rel) { return (root_ / rel).string(); }

  fs::path root_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::vector<std::string>> bursts_;
};

TEST_F(FileWatcherTest, ABurstOfChangesIsOneCallbackAfterTheQuietPeriod) {
  auto watcher = Watch();
  auto start = std::chrono::steady_clock::now();
  Write("a.sql", "SELECT 1");
  Write("sub/b.toml", "x = 1");
  Write("a.sql", "SELECT 2");
  Write("notes.txt", "ignored");
  auto bursts = Bursts(1);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(bursts.size(), 1u);
  EXPECT_EQ(bursts[0], (std::vector<std::string>{Path("a.sql"), Path("sub/b.toml")}));
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 1000ms);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Bursts(1).size(), 1u);  // nothing more
}

TEST_F(FileWatcherTest, DeletionsAndNewFoldersCount) {
  Write("old.sql", "SELECT 1");
  auto watcher = Watch(50ms);
  fs::remove(root_ / "old.sql");
  ASSERT_EQ(Bursts(1).size(), 1u);
  EXPECT_EQ(Bursts(1)[0], std::vector<std::string>{Path("old.sql")});
  fs::create_directories(root_ / "new" / "deeper");
  std::this_thread::sleep_for(100ms);  // the new folders are watched by now
  Write("new/deeper/c.sql", "SELECT 3");
  auto bursts = Bursts(2);
  ASSERT_EQ(bursts.size(), 2u);
  EXPECT_EQ(bursts[1], std::vector<std::string>{Path("new/deeper/c.sql")});
}

TEST_F(FileWatcherTest, IgnoredFilesNeverCallBackAndStopIsPrompt) {
  auto watcher = Watch(50ms);
  Write("readme.md", "x");
  Write("sub/data.csv", "y");
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(Bursts(0).empty());
  auto start = std::chrono::steady_clock::now();
  watcher->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms);
}

TEST(FileWatcherStartTest, AMissingFolderIsAnError) {
  auto watcher = FileWatcher::Start("/nonexistent/rocky/models", {}, [](const auto&) {});
  ASSERT_FALSE(watcher);
  EXPECT_NE(watcher.error().message.find("not a folder"), std::string::npos);
}

}  // namespace
}  // namespace rocky
