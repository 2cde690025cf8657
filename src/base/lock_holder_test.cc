#include "base/lock_holder.h"

#include <gtest/gtest.h>

namespace rocky {
namespace {

TEST(LockHolderTest, RoundTripsThroughJson) {
  LockHolder holder = LockHolder::Current("run-1");
  EXPECT_GT(holder.pid, 0);
  EXPECT_FALSE(holder.host.empty());
  auto back = LockHolder::FromJson(holder.ToJson());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->pid, holder.pid);
  EXPECT_EQ(back->host, holder.host);
  EXPECT_EQ(back->run_id, "run-1");
  EXPECT_EQ(back->started_at, holder.started_at);
  EXPECT_FALSE(LockHolder::FromJson("not json"));
  EXPECT_FALSE(LockHolder::FromJson("[1]"));
}

TEST(LockHolderTest, DescribesTheHolder) {
  LockHolder holder{42, "build-7", "run-x", *ParseTimestamp("2026-04-07T10:00:00.5Z")};
  EXPECT_EQ(PipelineRunningMessage("orders", holder),
            "pipeline 'orders' is already running (lock held by build-7:42 since "
            "2026-04-07T10:00:00Z); its run id: run-x");
  holder.run_id.clear();
  EXPECT_EQ(PipelineRunningMessage("orders", holder),
            "pipeline 'orders' is already running (lock held by build-7:42 since "
            "2026-04-07T10:00:00Z)");
  EXPECT_EQ(DescribeLockHolder(std::nullopt), "an unknown process");
}

}  // namespace
}  // namespace rocky
