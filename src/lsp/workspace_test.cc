#include "lsp/workspace.h"

#include <gtest/gtest.h>

#include "lsp/test_support.h"

namespace rocky::lsp {
namespace {

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override { ws_->Compile(); }
  std::string Path(const std::string& name) const { return project_.Path(name); }
  size_t At(const std::string& needle) const { return mart_.find(needle); }

  MiniProject project_;
  std::string mart_ = MiniProject::kMart;
  std::unique_ptr<Workspace> ws_ = std::make_unique<Workspace>(project_.root());
};

TEST_F(WorkspaceTest, ReferencesOfAModel) {
  auto refs = ws_->References(Path("mart.sql"), mart_, At("stg JOIN"), true);
  // Its own file, then the two unqualified mentions in mart; never the comment.
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].file, Path("staging.sql"));
  EXPECT_EQ(refs[0].len, 0);
  EXPECT_EQ(refs[1].file, Path("mart.sql"));
  EXPECT_EQ(refs[1].line, 3);
  EXPECT_EQ(refs[1].col, static_cast<int>(std::string("FROM /*é😀*/ ").size()) + 1);
  EXPECT_EQ(refs[2].col, static_cast<int>(At("stg.id") - At("FROM")) + 1);
  EXPECT_EQ(ws_->References(Path("mart.sql"), mart_, At("stg JOIN"), false).size(), 2u);
  // A keyword or a comment names nothing.
  EXPECT_TRUE(ws_->References(Path("mart.sql"), mart_, At("SELECT"), true).empty());
  EXPECT_TRUE(ws_->References(Path("mart.sql"), mart_, At("stg in"), true).empty());
}

TEST_F(WorkspaceTest, ReferencesOfAColumnFollowTheAlias) {
  // `tag` is defined in mart (`label AS tag`) and read by top.
  auto refs = ws_->References(Path("mart.sql"), mart_, At("tag"), true);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].file, Path("mart.sql"));
  EXPECT_EQ(refs[1].file, Path("top.sql"));
  EXPECT_EQ(refs[2].file, Path("top.sql"));
  // `label` is defined in staging.sql, read by mart (under another name: top is not reached).
  refs = ws_->References(Path("mart.sql"), mart_, At("label"), true);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].file, Path("staging.sql"));
  EXPECT_EQ(refs[1].file, Path("mart.sql"));
}

TEST_F(WorkspaceTest, RenameAModelNamedByItsSidecar) {
  auto plan = ws_->Rename(Path("mart.sql"), mart_, At("stg JOIN") + 1, "base");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 3u);
  EXPECT_EQ(plan->edits[2].span.file, Path("staging.toml"));
  EXPECT_EQ(plan->edits[2].span.line, 1);
  EXPECT_EQ(plan->edits[2].span.col, 9);  // name = "stg": the value inside the quotes
  EXPECT_EQ(plan->edits[2].span.len, 3);
  EXPECT_TRUE(plan->file_renames.empty());
}

TEST_F(WorkspaceTest, RenameAModelWithARedundantNameKey) {
  project_.Write("orders.toml", "name = \"orders\"\n");
  ws_->Compile();
  auto plan = ws_->Rename(Path("mart.sql"), mart_, At("orders"), "sales");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 3u);  // two mentions and the `name` value
  EXPECT_EQ(plan->edits[2].span.file, Path("orders.toml"));
  EXPECT_EQ(plan->file_renames.size(), 3u);
}

TEST_F(WorkspaceTest, RenameAModelRenamesItsFiles) {
  auto plan = ws_->Rename(Path("mart.sql"), mart_, At("orders"), "sales");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 2u);  // `JOIN orders` and the qualifier `orders.order_id`
  ASSERT_EQ(plan->file_renames.size(), 3u);
  EXPECT_EQ(plan->file_renames[0], std::make_pair(Path("orders.sql"), Path("sales.sql")));
  EXPECT_EQ(plan->file_renames[1], std::make_pair(Path("orders.toml"), Path("sales.toml")));
  EXPECT_EQ(plan->file_renames[2],
            std::make_pair(Path("orders.contract.toml"), Path("sales.contract.toml")));
  EXPECT_FALSE(ws_->Rename(Path("mart.sql"), mart_, At("orders"), "mart").has_value());
  EXPECT_FALSE(ws_->Rename(Path("mart.sql"), mart_, At("orders"), "2x").has_value());
}

TEST_F(WorkspaceTest, RenameAColumnAlias) {
  auto plan = ws_->Rename(Path("mart.sql"), mart_, At("tag"), "kind");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 3u);
  for (const auto& e : plan->edits) EXPECT_EQ(e.new_text, "kind");
  // `id` passes through from stg unaliased: renamed where stg defines it.
  auto target = ws_->Resolve(Path("mart.sql"), mart_, At("id"));
  ASSERT_TRUE(target);
  EXPECT_EQ(target->kind, Workspace::Target::Kind::kColumn);
  EXPECT_TRUE(target->renameable);
  plan = ws_->Rename(Path("mart.sql"), mart_, At("id"), "key");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  EXPECT_EQ(plan->edits.front().span.file, Path("staging.sql"));
}

TEST_F(WorkspaceTest, RenameWithinTheBuffer) {
  const std::string text =
      "WITH base AS (SELECT * FROM stg) SELECT b.id, b.label FROM base AS b -- base\n";
  // A CTE: its definition and its use, never the comment.
  auto plan = ws_->Rename(Path("mart.sql"), text, text.find("base"), "src");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 2u);
  EXPECT_EQ(plan->edits[1].span.col, static_cast<int>(text.find("base AS b")) + 1);
  // A relation alias: where it is introduced and each qualifier.
  auto refs = ws_->References(Path("mart.sql"), text, text.find("b.label"), true);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[2].col, static_cast<int>(text.find("b --")) + 1);
}

TEST_F(WorkspaceTest, InlayHintsAndTokens) {
  auto hints = ws_->InlayHints(Path("mart.sql"), mart_);
  ASSERT_FALSE(hints.empty());
  EXPECT_EQ(hints[0].offset, At("id") + 2);
  EXPECT_EQ(hints[0].label, ": BIGINT");
  auto tokens = ws_->SemanticTokens(Path("mart.sql"), mart_);
  auto type_at = [&](size_t at) -> std::optional<Workspace::TokenType> {
    for (const auto& t : tokens)
      if (t.begin == at) return t.type;
    return std::nullopt;
  };
  EXPECT_EQ(type_at(0), Workspace::TokenType::kComment);
  EXPECT_EQ(type_at(At("SELECT")), Workspace::TokenType::kKeyword);
  EXPECT_EQ(type_at(At("ROUND")), Workspace::TokenType::kFunction);
  EXPECT_EQ(type_at(At("2)")), Workspace::TokenType::kNumber);
  EXPECT_EQ(type_at(At("stg JOIN")), Workspace::TokenType::kNamespace);
  EXPECT_EQ(type_at(At("label")), Workspace::TokenType::kVariable);
}

TEST_F(WorkspaceTest, SignatureHelp) {
  auto sig = ws_->SignatureHelp(Path("mart.sql"), mart_, At("2)"));
  ASSERT_TRUE(sig);
  EXPECT_TRUE(sig->label.starts_with("ROUND(number, digits)")) << sig->label;
  EXPECT_EQ(sig->active_parameter, 1);
  ASSERT_EQ(sig->parameters.size(), 2u);
  EXPECT_EQ(sig->parameters[1], std::make_pair(14, 20));
  const std::string text = "SELECT coalesce(a, (b, c), 'x,(' ";
  sig = ws_->SignatureHelp(Path("mart.sql"), text, text.size());
  ASSERT_TRUE(sig);
  EXPECT_TRUE(sig->label.starts_with("COALESCE(value, ...)"));
  EXPECT_EQ(sig->active_parameter, 0);  // variadic: the repeated parameter
  EXPECT_FALSE(ws_->SignatureHelp(Path("mart.sql"), text, text.size() - 3));  // in a string
  EXPECT_FALSE(ws_->SignatureHelp(Path("mart.sql"), "SELECT x IN (1, ", 16));
}

TEST(WorkspaceCompletion, ModelNamesByPrefixBounded) {
  MiniProject project;
  for (int i = 0; i < 150; ++i) project.Write(fmt::format("many_{:03}.sql", i), "SELECT 1 AS x\n");
  Workspace ws(project.root());
  ws.Compile();
  auto models = [](const Workspace::CompletionList& list) {
    std::vector<std::string> out;
    for (const auto& c : list.items)
      if (c.kind == Workspace::Completion::Kind::kModel) out.push_back(c.label);
    return out;
  };
  const std::string path = project.Path("top.sql");
  std::string text = "SELECT * FROM ";
  auto list = ws.Complete(path, text, text.size());
  EXPECT_TRUE(list.incomplete);
  ASSERT_EQ(models(list).size(), Workspace::kMaxModelCompletions);
  EXPECT_EQ(models(list).front(), "many_000");  // the first in name order
  text = "SELECT * FROM MANY_14";
  list = ws.Complete(path, text, text.size());
  EXPECT_FALSE(list.incomplete);
  EXPECT_EQ(models(list).size(), 10u);
  text = "SELECT * FROM st";
  list = ws.Complete(path, text, text.size());
  EXPECT_EQ(models(list), std::vector<std::string>{"stg"});
}

}  // namespace
}  // namespace rocky::lsp
