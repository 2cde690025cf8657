#include "state/remote_state.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/file.h"
#include "state/remote_state_test_support.h"

namespace rocky::state {
namespace {

namespace fs = std::filesystem;
using test_support::MarksAt;
using test_support::SetMark;

// An in-memory remote with the compare-and-set semantics of S3's If-Match / If-None-Match.
class MemoryRemote : public RemoteObject {
 public:
  std::string_view backend() const override { return "memory"; }
  Result<std::optional<Fetched>> Fetch() override {
    ++fetches;
    if (fetch_error) return Fail(ErrorKind::kIo, "connection refused");
    if (!object) return std::optional<Fetched>{};
    return std::optional<Fetched>{*object};
  }
  Result<std::optional<std::string>> Store(std::string_view bytes,
                                           const std::optional<std::string>& expected) override {
    ++stores;
    if (always_conflict) {  // another writer wins every time
      object = Fetched{object ? object->bytes : std::string(bytes), NextEtag()};
      return std::optional<std::string>{};
    }
    std::optional<std::string> current;
    if (object) current = object->etag;
    if (current != expected) return std::optional<std::string>{};
    object = Fetched{std::string(bytes), NextEtag()};
    return std::optional<std::string>{object->etag};
  }
  std::string NextEtag() { return "\"e" + std::to_string(++version) + "\""; }

  std::optional<Fetched> object;
  int version = 0, fetches = 0, stores = 0;
  bool fetch_error = false, always_conflict = false;
};

class RemoteStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rocky_remote_state_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Runner(const std::string& name) { return (dir_ / name / "state.db").string(); }

  // The remote object's content, opened as a state store from a file.
  test_support::Marks RemoteMarks(const MemoryRemote& remote) {
    std::string path = (dir_ / "remote_copy.db").string();
    EXPECT_TRUE(WriteFileAtomic(path, remote.object->bytes));
    return MarksAt(path);
  }

  fs::path dir_;
};

TEST_F(RemoteStateTest, ASecondRunnerStartsFromTheFirstRunnersState) {
  MemoryRemote remote;
  {
    RemoteStateSync sync(remote, Runner("a"));
    SyncOutcome down = sync.Download();
    EXPECT_FALSE(down.synced);  // no remote state yet: start fresh, no warning
    EXPECT_EQ(down.warning, "");
    auto store = StateStore::Open(Runner("a"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    store->StartJournal();
    SetMark(*store, "acme.orders", "2026-04-07T09:00:00Z");
    SyncOutcome up = sync.Upload(*store);
    EXPECT_TRUE(up.synced) << up.warning;
    EXPECT_EQ(up.attempts, 1);
    EXPECT_GT(up.bytes, 0);
    EXPECT_EQ(store->JournalSize(), 0u);  // the remote copy holds those writes
  }
  RemoteStateSync sync(remote, Runner("b"));
  SyncOutcome down = sync.Download();
  EXPECT_TRUE(down.synced) << down.warning;
  EXPECT_EQ(down.bytes, static_cast<int64_t>(remote.object->bytes.size()));
  EXPECT_EQ(MarksAt(Runner("b")), (test_support::Marks{{"acme.orders", "2026-04-07T09:00:00Z"}}));
}

TEST_F(RemoteStateTest, ConcurrentUploadsKeepBothRunnersWrites) {
  MemoryRemote remote;
  {  // a shared starting point
    RemoteStateSync sync(remote, Runner("seed"));
    auto store = StateStore::Open(Runner("seed"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    SetMark(*store, "acme.customers", "1");
    ASSERT_TRUE(sync.Upload(*store).synced);
  }
  RemoteStateSync sync_a(remote, Runner("a")), sync_b(remote, Runner("b"));
  ASSERT_TRUE(sync_a.Download().synced);
  ASSERT_TRUE(sync_b.Download().synced);
  auto a = StateStore::Open(Runner("a"), OpenMode::kReadWrite);
  auto b = StateStore::Open(Runner("b"), OpenMode::kReadWrite);
  ASSERT_TRUE(a && b);
  a->StartJournal();
  b->StartJournal();
  SetMark(*a, "acme.orders", "5");
  SetMark(*b, "acme.payments", "7");
  SyncOutcome up_a = sync_a.Upload(*a);
  SyncOutcome up_b = sync_b.Upload(*b);  // conflicts with A's upload, merges, succeeds
  EXPECT_TRUE(up_a.synced);
  EXPECT_EQ(up_a.attempts, 1);
  EXPECT_TRUE(up_b.synced) << up_b.warning;
  EXPECT_EQ(up_b.attempts, 2);
  EXPECT_EQ(
      RemoteMarks(remote),
      (test_support::Marks{{"acme.customers", "1"}, {"acme.orders", "5"}, {"acme.payments", "7"}}));
  // A's next periodic upload conflicts with B's and keeps B's write too.
  SetMark(*a, "acme.orders", "6");
  SyncOutcome again = sync_a.Upload(*a);
  EXPECT_TRUE(again.synced) << again.warning;
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(
      RemoteMarks(remote),
      (test_support::Marks{{"acme.customers", "1"}, {"acme.orders", "6"}, {"acme.payments", "7"}}));
}

TEST_F(RemoteStateTest, EndlessConflictsGiveUpWithAWarningAfterThreeAttempts) {
  MemoryRemote remote;
  auto store = StateStore::Open(Runner("a"), OpenMode::kReadWrite);
  ASSERT_TRUE(store);
  store->StartJournal();
  SetMark(*store, "acme.orders", "5");
  RemoteStateSync sync(remote, Runner("a"));
  remote.always_conflict = true;
  SyncOutcome up = sync.Upload(*store);
  EXPECT_FALSE(up.synced);
  EXPECT_EQ(up.attempts, RemoteStateSync::kMaxUploadAttempts);
  EXPECT_EQ(up.warning, "remote state changed concurrently; upload skipped");
  EXPECT_EQ(store->JournalSize(), 1u);  // kept for the next try
}

TEST_F(RemoteStateTest, PushReplacesTheRemoteStateWithTheLocalOne) {
  MemoryRemote remote;
  {
    auto other = StateStore::Open(Runner("other"), OpenMode::kReadWrite);
    ASSERT_TRUE(other);
    SetMark(*other, "acme.customers", "1");
    RemoteStateSync sync(remote, Runner("other"));
    ASSERT_TRUE(sync.Upload(*other).synced);
  }
  auto store = StateStore::Open(Runner("a"), OpenMode::kReadWrite);
  ASSERT_TRUE(store);
  SetMark(*store, "acme.orders", "5");
  RemoteStateSync sync(remote, Runner("a"));
  SyncOutcome pushed = sync.Push(*store);
  EXPECT_TRUE(pushed.synced) << pushed.warning;
  EXPECT_EQ(pushed.bytes, static_cast<int64_t>(remote.object->bytes.size()));
  EXPECT_EQ(RemoteMarks(remote), (test_support::Marks{{"acme.orders", "5"}}));
}

TEST_F(RemoteStateTest, PushNeverOverwritesAWriteMadeWhileItRan) {
  MemoryRemote remote;
  remote.object = RemoteObject::Fetched{"old", remote.NextEtag()};
  remote.always_conflict = true;  // another runner writes between the read and the write
  auto store = StateStore::Open(Runner("a"), OpenMode::kReadWrite);
  ASSERT_TRUE(store);
  SetMark(*store, "acme.orders", "5");
  RemoteStateSync sync(remote, Runner("a"));
  SyncOutcome pushed = sync.Push(*store);
  EXPECT_FALSE(pushed.synced);
  EXPECT_EQ(remote.stores, 1);
  EXPECT_EQ(remote.object->bytes, "old");
  EXPECT_NE(pushed.warning.find("changed while pushing; nothing was replaced"), std::string::npos)
      << pushed.warning;
}

TEST_F(RemoteStateTest, ABadOrUnreachableRemoteKeepsTheLocalFile) {
  std::string local = Runner("a");
  {
    auto store = StateStore::Open(local, OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    SetMark(*store, "acme.orders", "5");
  }
  MemoryRemote remote;
  remote.object = RemoteObject::Fetched{"this is not a SQLite file", "\"x\""};
  RemoteStateSync sync(remote, local);
  SyncOutcome down = sync.Download();
  EXPECT_FALSE(down.synced);
  EXPECT_NE(down.warning.find("is not a usable state store"), std::string::npos) << down.warning;
  EXPECT_NE(down.warning.find("keeping the local file"), std::string::npos);
  EXPECT_EQ(MarksAt(local), (test_support::Marks{{"acme.orders", "5"}}));

  MemoryRemote down_remote;
  down_remote.fetch_error = true;
  RemoteStateSync unreachable(down_remote, local);
  SyncOutcome failed = unreachable.Download();
  EXPECT_FALSE(failed.synced);
  EXPECT_EQ(failed.warning,
            "downloading the state from memory failed (connection refused); keeping the local "
            "file");
  auto store = StateStore::Open(local, OpenMode::kReadWrite);
  ASSERT_TRUE(store);
  SyncOutcome up = unreachable.Upload(*store);
  EXPECT_FALSE(up.synced);
  EXPECT_NE(up.warning.find("upload skipped"), std::string::npos);
  EXPECT_EQ(MarksAt(local), (test_support::Marks{{"acme.orders", "5"}}));
  // No temporary files are left behind.
  for (const auto& entry : fs::directory_iterator(fs::path(local).parent_path()))
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
}

}  // namespace
}  // namespace rocky::state
