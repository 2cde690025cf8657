#pragma once
// A project folder under the system temp dir for the facade's tests: rocky.toml and models
// written by the test, removed at the end.

#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"

namespace rocky::facade {

/// A rocky.toml: one DuckDB adapter and the transformation pipeline `silver` over `models/`.
inline constexpr std::string_view kTransformationConfig = R"([adapter]
type = "duckdb"
path = "wh.duckdb"

[pipeline.silver]
type = "transformation"
models = "models"
)";

class TestProject {
 public:
  TestProject();
  ~TestProject();
  TestProject(const TestProject&) = delete;
  TestProject& operator=(const TestProject&) = delete;

  /// Writes `content` to `rel` under the project folder, making its folders.
  void Write(const std::string& rel, std::string_view content) const;
  /// Loads `rocky.toml`; fails the test on an invalid configuration.
  config::Config Config() const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace rocky::facade
