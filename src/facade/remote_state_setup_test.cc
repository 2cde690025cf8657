#include "facade/remote_state_setup.h"

#include <gtest/gtest.h>

#include <string>

#include "facade/test_project.h"

namespace rocky::facade {
namespace {

TEST(RemoteStateSetup, TheLocalBackendHasNoRemote) {
  config::StateConfig state;
  auto remote = OpenRemoteState(state);
  ASSERT_TRUE(remote) << remote.error().message;
  EXPECT_EQ(*remote, nullptr);
  EXPECT_EQ(RemoteStateLocation(state), "local");
}

TEST(RemoteStateSetup, LocationsNameNoSecret) {
  TestProject project;
  project.Write("rocky.toml", std::string(kTransformationConfig) +
                                  "[state]\nbackend = \"tiered\"\ns3_bucket = \"bucket\"\n"
                                  "s3_prefix = \"team/\"\n"
                                  "valkey_url = \"redis://:hunter2@127.0.0.1:6379\"\n");
  config::StateConfig state = project.Config().state;
  EXPECT_EQ(RemoteStateLocation(state),
            "s3://bucket/team/state.db (cached in valkey 127.0.0.1:6379 key rocky:state:state.db)");
  state.backend = config::StateBackend::kS3;
  EXPECT_EQ(RemoteStateLocation(state), "s3://bucket/team/state.db");
  state.backend = config::StateBackend::kValkey;
  EXPECT_EQ(RemoteStateLocation(state), "valkey 127.0.0.1:6379 key rocky:state:state.db");
}

}  // namespace
}  // namespace rocky::facade
