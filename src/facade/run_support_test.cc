#include "facade/run_support.h"

#include <gtest/gtest.h>

#include "facade/test_project.h"

namespace rocky::facade {
namespace {

PipelineRunOptions QuietRun(const TestProject& project) {
  PipelineRunOptions options;
  options.state_path = (project.root() / "state" / "state.db").string();
  options.progress = runtime::ProgressMode::kQuiet;
  return options;
}

TEST(PipelineRun, RecordsTheRunInTheStateOfItsOptions) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const config::Config config = project.Config();
  const config::PipelineConfig& pipeline = config.pipelines.front();
  std::string run_id;
  {
    auto run = OpenPipelineRun(config, pipeline, QuietRun(project));
    ASSERT_TRUE(run) << run.error().message;
    run_id = (*run)->run_id();
    EXPECT_EQ((*run)->services().state, &(*run)->state());
    EXPECT_FALSE((*run)->Begin());
    (*run)->Finish(runtime::ReplicationRunResult{});
  }
  auto store = state::StateStore::Open(QuietRun(project).state_path, state::OpenMode::kReadOnly);
  ASSERT_TRUE(store) << store.error().message;
  auto recorded = store->GetRun(run_id);
  ASSERT_TRUE(recorded) << recorded.error().message;
  ASSERT_TRUE(*recorded);
  EXPECT_EQ((*recorded)->pipeline, "silver");
  EXPECT_EQ((*recorded)->status, state::RunStatus::kSuccess);
}

TEST(PipelineRun, ASecondRunOfThePipelineIsRefused) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const config::Config config = project.Config();
  const config::PipelineConfig& pipeline = config.pipelines.front();
  auto first = OpenPipelineRun(config, pipeline, QuietRun(project));
  ASSERT_TRUE(first) << first.error().message;
  auto second = OpenPipelineRun(config, pipeline, QuietRun(project));
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("already running"), std::string::npos)
      << second.error().message;
}

}  // namespace
}  // namespace rocky::facade
