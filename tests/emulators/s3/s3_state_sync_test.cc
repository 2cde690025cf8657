// Remote state sync (state/remote_state.h) over S3 (state_sync/s3_state_object.h) against the S3
// emulator: a second runner starts from the first runner's watermarks, and two runners that
// upload after changing different tables' watermarks both keep their changes (a real 412 from
// If-Match, then the journal replayed onto the fetched copy).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/http/http_client.h"
#include "base/file.h"
#include "emulators/common/emulator_test_support.h"
#include "emulators/s3/s3_emulator.h"
#include "emulators/s3/s3_test_support.h"
#include "state/remote_state.h"
#include "state/remote_state_test_support.h"
#include "state/state_store.h"
#include "state_sync/s3_state_object.h"
#include "state_sync/tiered_state_object.h"
#include "state_sync/valkey_state_object.h"
#include "valkey/valkey_test_server.h"

namespace rocky::emulator::s3 {
namespace {

namespace fs = std::filesystem;
using state::OpenMode;
using state::RemoteStateSync;
using state::StateStore;
using state::test_support::MarksAt;
using state::test_support::SetMark;
using state_sync::S3StateObject;
using state_sync::TieredStateObject;
using state_sync::ValkeyStateObject;
using test_support::Started;

constexpr const char* kAccessKey = "AKIDSTATESYNC";
constexpr const char* kSecret = "state/Sync+Secret/KEY0123456789abcdefghij";

class S3StateSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rocky_s3_state_sync_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    Options options;
    options.key = {kAccessKey, kSecret, "", "us-east-1"};
    options.buckets = {kBucket};
    emulator_ = Started(S3Emulator::Start(options));
    ASSERT_TRUE(emulator_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  S3Client Client() {
    return LocalClient(*http_, emulator_->url(), MakeCredentials(kAccessKey, kSecret, ""));
  }
  std::string Local(const std::string& runner) { return (dir_ / runner / "state.db").string(); }

  fs::path dir_;
  std::unique_ptr<S3Emulator> emulator_;
  std::unique_ptr<HttpClient> http_ = adapters::http::NewHttpClient();
};

TEST_F(S3StateSyncTest, RunnersShareOneBucketAndKeepEachOthersWrites) {
  S3Client client = Client();
  S3StateObject object(client, kKey);
  {  // runner A: no remote state yet; its run writes a watermark and uploads
    RemoteStateSync sync(object, Local("a"));
    auto down = sync.Download();
    EXPECT_FALSE(down.synced);
    EXPECT_EQ(down.warning, "");
    auto store = StateStore::Open(Local("a"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    store->StartJournal();
    SetMark(*store, "acme.orders", "3");
    auto up = sync.Upload(*store);
    EXPECT_TRUE(up.synced) << up.warning;
  }
  // Runners B and C start from A's state, then both upload.
  RemoteStateSync sync_b(object, Local("b")), sync_c(object, Local("c"));
  ASSERT_TRUE(sync_b.Download().synced);
  ASSERT_TRUE(sync_c.Download().synced);
  EXPECT_EQ(MarksAt(Local("b")), (state::test_support::Marks{{"acme.orders", "3"}}));
  auto b = StateStore::Open(Local("b"), OpenMode::kReadWrite);
  auto c = StateStore::Open(Local("c"), OpenMode::kReadWrite);
  ASSERT_TRUE(b && c);
  b->StartJournal();
  c->StartJournal();
  SetMark(*b, "acme.orders", "5");
  SetMark(*c, "acme.payments", "7");
  auto up_b = sync_b.Upload(*b);
  auto up_c = sync_c.Upload(*c);
  EXPECT_TRUE(up_b.synced) << up_b.warning;
  EXPECT_TRUE(up_c.synced) << up_c.warning;
  EXPECT_EQ(up_c.attempts, 2);  // a 412 first
  // A fresh runner sees both changes.
  RemoteStateSync sync_d(object, Local("d"));
  ASSERT_TRUE(sync_d.Download().synced);
  EXPECT_EQ(MarksAt(Local("d")),
            (state::test_support::Marks{{"acme.orders", "5"}, {"acme.payments", "7"}}));
  int precondition_failures = 0;
  for (const auto& r : emulator_->requests())
    if (r.method == "PUT" && r.status == 412) ++precondition_failures;
  EXPECT_EQ(precondition_failures, 1);
}

// Tiered: S3 the authority, Valkey the fast copy. Downloads come from Valkey while it is current;
// a stale Valkey copy ends in an S3 conflict, after which S3 is read and nothing is lost.
TEST_F(S3StateSyncTest, TieredReadsValkeyFirstAndS3Decides) {
  auto server = valkey::ValkeyTestServer::Start();
  ASSERT_TRUE(server) << server.error().Text();
  auto connected = valkey::ValkeyClient::Connect((*server)->Url());
  ASSERT_TRUE(connected) << connected.error().Text();
  S3Client client = Client();
  S3StateObject s3(client, kKey);
  ValkeyStateObject cache(**connected, "rocky:state:");
  TieredStateObject tiered(s3, cache);
  auto s3_gets = [&] {
    int n = 0;
    for (const auto& r : emulator_->requests()) n += r.method == "GET";
    return n;
  };
  {
    RemoteStateSync sync(tiered, Local("a"));
    sync.Download();
    auto store = StateStore::Open(Local("a"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    store->StartJournal();
    SetMark(*store, "acme.orders", "3");
    ASSERT_TRUE(sync.Upload(*store).synced);
  }
  auto mirrored = cache.Fetch();
  ASSERT_TRUE(mirrored && *mirrored);
  auto head = client.Head(kKey);
  ASSERT_TRUE(head);
  EXPECT_EQ((*mirrored)->etag, head->etag);  // Valkey carries S3's etag
  int before = s3_gets();
  RemoteStateSync sync_b(tiered, Local("b"));
  ASSERT_TRUE(sync_b.Download().synced);
  EXPECT_EQ(s3_gets(), before);  // served by Valkey
  EXPECT_EQ(MarksAt(Local("b")), (state::test_support::Marks{{"acme.orders", "3"}}));

  {  // another runner writes S3 only (its Valkey copy failed): Valkey is now stale
    RemoteStateSync sync_c(s3, Local("c"));
    ASSERT_TRUE(sync_c.Download().synced);
    auto store = StateStore::Open(Local("c"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    store->StartJournal();
    SetMark(*store, "acme.payments", "7");
    ASSERT_TRUE(sync_c.Upload(*store).synced);
  }
  TieredStateObject tiered_d(s3, cache);
  RemoteStateSync sync_d(tiered_d, Local("d"));
  ASSERT_TRUE(sync_d.Download().synced);  // the stale copy, from Valkey
  auto d = StateStore::Open(Local("d"), OpenMode::kReadWrite);
  ASSERT_TRUE(d);
  d->StartJournal();
  SetMark(*d, "acme.refunds", "2");
  auto up = sync_d.Upload(*d);
  EXPECT_TRUE(up.synced) << up.warning;
  EXPECT_EQ(up.attempts, 2);  // S3 refused the stale etag; S3's copy was merged
  RemoteStateSync sync_e(s3, Local("e"));
  ASSERT_TRUE(sync_e.Download().synced);
  EXPECT_EQ(MarksAt(Local("e")),
            (state::test_support::Marks{
                {"acme.orders", "3"}, {"acme.payments", "7"}, {"acme.refunds", "2"}}));
}

}  // namespace
}  // namespace rocky::emulator::s3
