#pragma once
// Test helpers for the DuckDB adapter tests (not part of the library).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::adapters::duckdb::testing {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("rocky_duckdb_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
    return File(name);
  }

 private:
  std::filesystem::path path_;
};

/// The value of a Result, failing the test (with the error text) when it holds an error.
template <typename T>
T Must(Result<T> result) {
  if (!result) {
    std::string text = result.error().message;
    for (const auto& c : result.error().context) text += "\n  " + c;
    ADD_FAILURE() << text;
    throw std::runtime_error(text);
  }
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

inline sdk::Statement Stmt(std::string sql, std::string purpose = "test") {
  return sdk::Statement{std::move(purpose), "", std::move(sql), true};
}

}  // namespace rocky::adapters::duckdb::testing
