#include "state/run_lock.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "base/json.h"

namespace rocky::state {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string HostName() {
  char buf[256] = {};
  ::gethostname(buf, sizeof(buf) - 1);
  return buf;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A forked process that takes the lock, reports it, and releases it on command.
class LockHolderProcess {
 public:
  LockHolderProcess(const std::string& dir, const std::string& pipeline,
                    std::chrono::milliseconds delay_before_release = 0ms) {
    int up[2];
    int down[2];
    if (::pipe(up) != 0 || ::pipe(down) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(up[0]);
      ::close(down[1]);
      {
        auto lock = RunLock::Acquire(dir, pipeline, "run-child");
        char ok = lock ? '1' : '0';
        (void)!::write(up[1], &ok, 1);
        char command = 0;
        (void)!::read(down[0], &command, 1);
        std::this_thread::sleep_for(delay_before_release);
      }
      ::_exit(0);
    }
    ::close(up[1]);
    ::close(down[0]);
    from_child_ = up[0];
    to_child_ = down[1];
    char ok = 0;
    if (::read(from_child_, &ok, 1) != 1 || ok != '1') throw std::runtime_error("child lock");
  }
  ~LockHolderProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(from_child_);
    ::close(to_child_);
  }
  pid_t pid() const { return pid_; }
  void Release() { (void)!::write(to_child_, "r", 1); }
  void Kill() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void Wait() {
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int from_child_ = -1;
  int to_child_ = -1;
};

class RunLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rocky-lock-test-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    state_dir_ = dir_ + "/.rocky";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
  std::string state_dir_;
};

TEST_F(RunLockTest, AcquireWritesHolderFile) {
  auto lock = RunLock::Acquire(state_dir_, "replicate", "run-20260407-100000-000");
  ASSERT_TRUE(lock) << lock.error().message;
  EXPECT_TRUE(lock->held());
  EXPECT_EQ(lock->path(), state_dir_ + "/locks/replicate.lock");
  auto json = Json::Parse(Slurp(lock->path()));
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ((*json)["pid"].AsInt(), ::getpid());
  EXPECT_EQ((*json)["host"].AsString(), HostName());
  EXPECT_EQ((*json)["run_id"].AsString(), "run-20260407-100000-000");
  auto started = ParseTimestamp((*json)["started_at"].AsString());
  ASSERT_TRUE(started);
  EXPECT_LE(NowUtc() - *started, std::chrono::minutes{1});
  EXPECT_EQ(lock->holder().pid, ::getpid());
}

TEST_F(RunLockTest, SecondAcquireFailsNamingTheHolder) {
  auto first = RunLock::Acquire(state_dir_, "replicate", "run-1");
  ASSERT_TRUE(first);
  auto second = RunLock::Acquire(state_dir_, "replicate", "run-2");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  auto since = std::chrono::floor<std::chrono::seconds>(first->holder().started_at);
  EXPECT_EQ(second.error().message,
            fmt::format("pipeline 'replicate' is already running (lock held by {}:{} since {}); "
                        "its run id: run-1",
                        HostName(), ::getpid(), FormatRfc3339(since)));
  // Another pipeline is independent.
  EXPECT_TRUE(RunLock::Acquire(state_dir_, "transform", "run-3"));
}

TEST_F(RunLockTest, ReleasedOnDestruction) {
  std::string path;
  {
    auto lock = RunLock::Acquire(state_dir_, "replicate", "run-1");
    ASSERT_TRUE(lock);
    path = lock->path();
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
  auto again = RunLock::Acquire(state_dir_, "replicate", "run-2");
  ASSERT_TRUE(again) << again.error().message;
  again->Release();
  again->Release();
  EXPECT_FALSE(again->held());
  EXPECT_TRUE(RunLock::Acquire(state_dir_, "replicate", "run-3"));
}

TEST_F(RunLockTest, MovedLockStaysHeld) {
  std::optional<RunLock> moved;
  {
    auto lock = RunLock::Acquire(state_dir_, "replicate", "run-1");
    ASSERT_TRUE(lock);
    moved.emplace(std::move(*lock));
    EXPECT_FALSE(lock->held());
  }  // destroying the moved-from lock releases nothing
  EXPECT_TRUE(moved->held());
  EXPECT_FALSE(RunLock::Acquire(state_dir_, "replicate", "run-2"));
  moved.reset();
  EXPECT_TRUE(RunLock::Acquire(state_dir_, "replicate", "run-3"));
}

TEST_F(RunLockTest, OtherProcessHoldsLockThenWaitingSucceeds) {
  LockHolderProcess child(state_dir_, "replicate", 300ms);
  auto refused = RunLock::Acquire(state_dir_, "replicate", "run-parent");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  auto probe = RunLock::Probe(state_dir_, "replicate");
  ASSERT_TRUE(probe && probe->held && probe->holder);
  EXPECT_EQ(probe->holder->pid, child.pid());
  EXPECT_EQ(probe->holder->run_id, "run-child");
  auto since = std::chrono::floor<std::chrono::seconds>(probe->holder->started_at);
  EXPECT_EQ(refused.error().message,
            fmt::format("pipeline 'replicate' is already running (lock held by {}:{} since {}); "
                        "its run id: run-child",
                        HostName(), child.pid(), FormatRfc3339(since)));

  child.Release();  // the child lets go after 300 ms
  auto start = std::chrono::steady_clock::now();
  auto waited = RunLock::Acquire(state_dir_, "replicate", "run-parent", 5s);
  ASSERT_TRUE(waited) << waited.error().message;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(waited->holder().pid, ::getpid());
  child.Wait();
  auto json = Json::Parse(Slurp(waited->path()));
  ASSERT_TRUE(json);
  EXPECT_EQ((*json)["run_id"].AsString(), "run-parent");
}

TEST_F(RunLockTest, WaitTimesOut) {
  auto first = RunLock::Acquire(state_dir_, "replicate", "run-1");
  ASSERT_TRUE(first);
  auto start = std::chrono::steady_clock::now();
  auto second = RunLock::Acquire(state_dir_, "replicate", "run-2", 200ms);
  ASSERT_FALSE(second);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
}

TEST_F(RunLockTest, DeadHolderIsTakenOver) {
  {
    LockHolderProcess child(state_dir_, "replicate");
    EXPECT_FALSE(RunLock::Acquire(state_dir_, "replicate", "run-parent"));
    child.Kill();  // SIGKILL: no clean release, the file stays behind
  }
  std::string path = RunLock::LockPath(state_dir_, "replicate");
  ASSERT_TRUE(fs::exists(path));
  auto stale = RunLock::Probe(state_dir_, "replicate");
  ASSERT_TRUE(stale);
  EXPECT_FALSE(stale->held);
  ASSERT_TRUE(stale->holder);
  EXPECT_EQ(stale->holder->run_id, "run-child");

  auto lock = RunLock::Acquire(state_dir_, "replicate", "run-parent");
  ASSERT_TRUE(lock) << lock.error().message;
  auto json = Json::Parse(Slurp(path));
  ASSERT_TRUE(json);
  EXPECT_EQ((*json)["pid"].AsInt(), ::getpid());
}

TEST_F(RunLockTest, StaleFileWithGarbageIsTakenOver) {
  fs::create_directories(state_dir_ + "/locks");
  { std::ofstream(state_dir_ + "/locks/replicate.lock") << "{\"pid\": 999999, \"host\": \"gone\""; }
  auto lock = RunLock::Acquire(state_dir_, "replicate", "run-1");
  ASSERT_TRUE(lock) << lock.error().message;
  auto json = Json::Parse(Slurp(lock->path()));
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ((*json)["run_id"].AsString(), "run-1");
}

TEST_F(RunLockTest, PipelineNamesCannotEscapeTheLocksFolder) {
  EXPECT_EQ(RunLock::LockPath("/s", "../../etc/passwd"),
            "/s/locks/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.lock");
  EXPECT_EQ(RunLock::LockPath("/s", "Ok_name-1"), "/s/locks/Ok_name-1.lock");
  EXPECT_NE(RunLock::LockPath("/s", "a.b"), RunLock::LockPath("/s", "a_b"));
  EXPECT_NE(RunLock::LockPath("/s", "a/b"), RunLock::LockPath("/s", "a%2Fb"));

  auto evil = RunLock::Acquire(state_dir_, "../../escaped", "run-1");
  ASSERT_TRUE(evil) << evil.error().message;
  auto dotted = RunLock::Acquire(state_dir_, "a.b", "run-2");
  ASSERT_TRUE(dotted);
  EXPECT_EQ(fs::path(evil->path()).parent_path(), fs::path(state_dir_) / "locks");
  EXPECT_FALSE(fs::exists(dir_ + "/escaped.lock"));
  EXPECT_FALSE(fs::exists(fs::path(dir_).parent_path() / "escaped.lock"));
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (entry.is_regular_file()) {
      ++files;
      EXPECT_EQ(entry.path().parent_path(), fs::path(state_dir_) / "locks");
    }
  }
  EXPECT_EQ(files, 2u);

  auto list = RunLock::List(state_dir_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].pipeline, "../../escaped");
  EXPECT_EQ((*list)[1].pipeline, "a.b");
  EXPECT_TRUE((*list)[0].held);
}

TEST_F(RunLockTest, ProbeAndListWithoutLocks) {
  auto probe = RunLock::Probe(state_dir_, "replicate");
  ASSERT_TRUE(probe);
  EXPECT_FALSE(probe->held);
  EXPECT_FALSE(probe->holder.has_value());
  auto list = RunLock::List(state_dir_);
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
  EXPECT_FALSE(fs::exists(state_dir_));
}

}  // namespace
}  // namespace rocky::state
