// The TestProject helper of the facade's tests (test_project.h); a _test file so that it only
// exists in the test binary.
#include "facade/test_project.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace rocky::facade {

namespace fs = std::filesystem;

TestProject::TestProject() {
  static int counter = 0;
  root_ = fs::temp_directory_path() / fmt::format("rocky_facade_test_{}_{}", ::getpid(), counter++);
  fs::remove_all(root_);
  fs::create_directories(root_);
}

TestProject::~TestProject() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void TestProject::Write(const std::string& rel, std::string_view content) const {
  const fs::path p = root_ / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

config::Config TestProject::Config() const {
  config::ConfigLoad load = config::LoadConfig((root_ / "rocky.toml").string());
  for (const auto& issue : load.issues) EXPECT_NE(issue.severity, "error") << issue.message;
  if (!load.config) {
    ADD_FAILURE() << "rocky.toml did not load";
    return config::DefaultConfig(root_.string());
  }
  return std::move(*load.config);
}

}  // namespace rocky::facade
