#include "facade/replication_session.h"

#include <gtest/gtest.h>

#include "facade/test_project.h"

namespace rocky::facade {
namespace {

TEST(ReplicationSession, AsksForTheCacheOnlyOnceThePipelineResolves) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const config::Config config = project.Config();
  bool asked = false;
  ReplicationSessionOptions options;
  options.cache = [&asked]() -> Cache* {
    asked = true;
    return nullptr;
  };
  auto session = OpenReplicationSession(config, std::move(options), "discover");
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().message.find("discover"), std::string::npos) << session.error().message;
  EXPECT_FALSE(asked);
}

}  // namespace
}  // namespace rocky::facade
