#pragma once
// The small project on disk that the LSP tests edit: `stg` (file staging.sql, named by its
// sidecar), `orders` (sidecar and contract), `mart` reading both with é and an emoji before the
// references, `top` reading mart. Removed at the end.

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace rocky::lsp {

class MiniProject {
 public:
  MiniProject() {
    static int counter = 0;
    root_ = std::filesystem::temp_directory_path() /
            fmt::format("rocky_lsp_test_{}_{}", ::getpid(), counter++);
    std::filesystem::create_directories(root_ / "models");
    Write("_defaults.toml", "[target]\ncatalog = \"c\"\nschema = \"s\"\n");
    Write("staging.sql", "SELECT CAST(1 AS BIGINT) AS id, 'a' AS label\n");
    Write("staging.toml", "name = \"stg\"\nintent = \"Staged rows.\"\n");
    Write("orders.sql", "SELECT CAST(2 AS BIGINT) AS order_id\n");
    Write("orders.toml", "intent = \"Orders.\"\n");
    Write("orders.contract.toml", "[[columns]]\nname = \"order_id\"\ntype = \"Int64\"\n");
    Write("mart.sql", kMart);
    Write("top.sql", "SELECT tag FROM mart WHERE tag <> 'stg'\n");
  }
  ~MiniProject() { std::filesystem::remove_all(root_); }
  MiniProject(const MiniProject&) = delete;
  MiniProject& operator=(const MiniProject&) = delete;

  static constexpr const char* kMart =
      "-- stg in a comment\nSELECT id, label AS tag, ROUND(id, 2) AS r\n"
      "FROM /*é😀*/ stg JOIN orders ON stg.id = orders.order_id\n";

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(root_ / "models" / name) << text;
  }
  /// The absolute path of model file `name`.
  std::string Path(const std::string& name) const { return (root_ / "models" / name).string(); }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace rocky::lsp
