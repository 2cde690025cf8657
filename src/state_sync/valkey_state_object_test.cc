// Remote state sync over Valkey (valkey_state_object.h) against a real redis-server: the keys and
// their etag, a second runner starting from the first's state, and two concurrent runners both
// keeping their writes through the compare-and-set script.
#include "state_sync/valkey_state_object.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/hash.h"
#include "state/remote_state_test_support.h"
#include "state/state_store.h"
#include "valkey/valkey_test_server.h"

namespace rocky::state_sync {
namespace {

namespace fs = std::filesystem;
using state::OpenMode;
using state::RemoteStateSync;
using state::StateStore;
using state::test_support::MarksAt;
using state::test_support::SetMark;

class ValkeyStateObjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rocky_valkey_state_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    auto server = valkey::ValkeyTestServer::Start();
    ASSERT_TRUE(server) << server.error().Text();
    server_ = std::move(*server);
    auto client = valkey::ValkeyClient::Connect(server_->Url());
    ASSERT_TRUE(client) << client.error().Text();
    client_ = std::move(*client);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Local(const std::string& runner) { return (dir_ / runner / "state.db").string(); }

  fs::path dir_;
  std::unique_ptr<valkey::ValkeyTestServer> server_;
  std::unique_ptr<valkey::ValkeyClient> client_;
};

TEST_F(ValkeyStateObjectTest, CompareAndSetOnTheStateKeys) {
  ValkeyStateObject object(*client_, "rocky:state:");
  EXPECT_EQ(object.data_key(), "rocky:state:state.db");
  EXPECT_EQ(object.etag_key(), "rocky:state:state.db.etag");
  auto none = object.Fetch();
  ASSERT_TRUE(none) << none.error().Text();
  EXPECT_FALSE(*none);
  auto first = object.Store("v1", std::nullopt);  // create only
  ASSERT_TRUE(first && *first);
  EXPECT_EQ(**first, Sha256Hex("v1"));
  EXPECT_EQ(*client_->Get("rocky:state:state.db.etag"), Sha256Hex("v1"));
  auto again = object.Store("v2", std::nullopt);  // exists now: a conflict
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto stale = object.Store("v2", Sha256Hex("other"));  // wrong etag: a conflict
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale);
  auto second = object.Store("v2", Sha256Hex("v1"));
  ASSERT_TRUE(second && *second);
  auto fetched = object.Fetch();
  ASSERT_TRUE(fetched && *fetched);
  EXPECT_EQ((*fetched)->bytes, "v2");
  EXPECT_EQ((*fetched)->etag, Sha256Hex("v2"));
}

TEST_F(ValkeyStateObjectTest, RunnersShareTheStateAndKeepEachOthersWrites) {
  ValkeyStateObject object(*client_, "rocky:state:");
  {
    RemoteStateSync sync(object, Local("a"));
    EXPECT_FALSE(sync.Download().synced);
    auto store = StateStore::Open(Local("a"), OpenMode::kReadWrite);
    ASSERT_TRUE(store);
    store->StartJournal();
    SetMark(*store, "acme.orders", "3");
    auto up = sync.Upload(*store);
    EXPECT_TRUE(up.synced) << up.warning;
  }
  RemoteStateSync sync_b(object, Local("b")), sync_c(object, Local("c"));
  ASSERT_TRUE(sync_b.Download().synced);
  ASSERT_TRUE(sync_c.Download().synced);
  auto b = StateStore::Open(Local("b"), OpenMode::kReadWrite);
  auto c = StateStore::Open(Local("c"), OpenMode::kReadWrite);
  ASSERT_TRUE(b && c);
  b->StartJournal();
  c->StartJournal();
  SetMark(*b, "acme.orders", "5");
  SetMark(*c, "acme.payments", "7");
  EXPECT_TRUE(sync_b.Upload(*b).synced);
  auto up_c = sync_c.Upload(*c);
  EXPECT_TRUE(up_c.synced) << up_c.warning;
  EXPECT_EQ(up_c.attempts, 2);
  RemoteStateSync sync_d(object, Local("d"));
  ASSERT_TRUE(sync_d.Download().synced);
  EXPECT_EQ(MarksAt(Local("d")),
            (state::test_support::Marks{{"acme.orders", "5"}, {"acme.payments", "7"}}));
}

}  // namespace
}  // namespace rocky::state_sync
