#pragma once
// For the tests of this folder: a provider that answers from a script and records the requests,
// and a small project in a temporary folder (stg_orders, stg_customers, customer_orders,
// unrelated_stock) with its configuration loaded.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ai/llm_provider.h"
#include "config/config.h"
#include "facade/project_options.h"

namespace rocky::ai {

class ScriptedProvider : public LlmProvider {
 public:
  explicit ScriptedProvider(std::vector<std::string> replies) : replies_(std::move(replies)) {}
  Result<std::string> Complete(const LlmRequest& request) override {
    requests.push_back(request);
    if (replies_.empty()) return Fail(ErrorKind::kAdapter, "no scripted reply");
    std::string next = replies_.front();
    if (replies_.size() > 1) replies_.erase(replies_.begin());
    return next;
  }
  std::string_view name() const override { return "scripted"; }
  const std::string& endpoint() const override { return endpoint_; }
  std::vector<LlmRequest> requests;

 private:
  std::vector<std::string> replies_;
  std::string endpoint_ = "memory";
};

class AiProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("rocky-ai-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    Write("rocky.toml",
          "[adapter]\ntype = \"duckdb\"\n\n[pipeline.silver]\ntype = \"transformation\"\n"
          "models = \"models\"\n");
    Write("models/_defaults.toml", "[target]\ncatalog = \"\"\nschema = \"silver\"\n");
    Write("models/stg_orders.sql",
          "SELECT CAST(1 AS BIGINT) AS order_id, CAST(10 AS BIGINT) AS customer_id, "
          "CAST(9.5 AS DOUBLE) AS amount, DATE '2025-01-01' AS order_date");
    Write("models/stg_customers.sql", "SELECT CAST(10 AS BIGINT) AS customer_id, 'Ada' AS name");
    Write("models/customer_orders.sql",
          "SELECT customer_id, COUNT(*) AS orders FROM stg_orders GROUP BY customer_id");
    Write("models/unrelated_stock.sql", "SELECT 1 AS sku");
    LoadConfig();
    project_.models_dir = (root_ / "models").string();
    project_.state_path = (root_ / ".rocky" / "state.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void LoadConfig() {
    auto load = config::LoadConfig((root_ / "rocky.toml").string());
    ASSERT_TRUE(load.config.has_value());
    config_ = *load.config;
  }
  void Write(const std::string& rel, const std::string& text) {
    std::filesystem::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  std::string Read(const std::string& rel) const {
    std::ifstream in(root_ / rel);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path root_;
  config::Config config_;
  facade::ProjectOptions project_;
};

}  // namespace rocky::ai
