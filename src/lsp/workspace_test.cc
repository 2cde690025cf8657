#include "lsp/workspace.h"

#include <gtest/gtest.h>

#include <algorithm>

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

// The labels of `list` of `kind`.
std::vector<std::string> Labels(const Workspace::CompletionList& list,
                                Workspace::Completion::Kind kind) {
  std::vector<std::string> out;
  for (const auto& c : list.items)
    if (c.kind == kind) out.push_back(c.label);
  return out;
}

bool Has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

constexpr const char* kCtes =
    "WITH recent AS (SELECT id, label AS tag FROM stg),\n"
    "  \"q\" AS (SELECT order_id FROM orders)\n"
    "SELECT r.tag, sub.n FROM recent AS r JOIN (SELECT 1 AS n) sub ON TRUE\n";

TEST_F(WorkspaceTest, CompletionOfCteAndSubqueryColumns) {
  using Kind = Workspace::Completion::Kind;
  const std::string path = Path("top.sql");
  std::string text = kCtes;
  // `r.` while typed: the buffer does not parse as it stands.
  const size_t at = text.find("r.tag") + 2;
  std::string typing = text.substr(0, at) + text.substr(at + 3);
  auto list = ws_->Complete(path, typing, at);
  auto columns = Labels(list, Kind::kColumn);
  ASSERT_EQ(columns, (std::vector<std::string>{"id", "tag"}));
  EXPECT_EQ(list.items[0].detail, "Int64 · recent");  // typed from stg's output
  // The CTE by its name; a subquery by its alias; a CTE shadows nothing else.
  typing = text + "WHERE recent.";
  EXPECT_EQ(Labels(ws_->Complete(path, typing, typing.size()), Kind::kColumn).size(), 2u);
  const size_t sub = text.find("sub.n") + 4;
  EXPECT_EQ(Labels(ws_->Complete(path, text, sub), Kind::kColumn), std::vector<std::string>{"n"});
  // Elsewhere: the buffer's relations and their columns among the rest.
  list = ws_->Complete(path, text, text.find("SELECT r.tag"));
  EXPECT_EQ(Labels(list, Kind::kLocal), (std::vector<std::string>{"recent", "q", "sub"}));
  EXPECT_TRUE(Has(Labels(list, Kind::kColumn), "order_id"));
  // Models still complete after their name.
  typing = "SELECT orders.";
  EXPECT_EQ(Labels(ws_->Complete(path, typing, typing.size()), Kind::kColumn),
            std::vector<std::string>{"order_id"});
}

TEST_F(WorkspaceTest, CompletionOffersFunctionsAndTheFilesKeywords) {
  using Kind = Workspace::Completion::Kind;
  std::string text = "SELECT ";
  auto sql = ws_->Complete(Path("top.sql"), text, text.size());
  auto functions = Labels(sql, Kind::kFunction);
  EXPECT_TRUE(Has(functions, "SUM"));
  EXPECT_TRUE(Has(functions, "COALESCE"));
  for (const auto& c : sql.items) {
    if (c.label == "COUNT") {
      EXPECT_NE(c.detail.find("aggregate function →"), std::string::npos);
    }
  }
  EXPECT_TRUE(Has(Labels(sql, Kind::kKeyword), "SELECT"));
  EXPECT_FALSE(Has(Labels(sql, Kind::kKeyword), "derive"));
  text = "from stg\n";
  auto rocky = ws_->Complete(Path("d.rocky"), text, text.size());
  auto keywords = Labels(rocky, Kind::kKeyword);
  for (const char* k : {"from", "where", "derive", "let", "match", "take", "distinct"})
    EXPECT_TRUE(Has(keywords, k)) << k;
  EXPECT_FALSE(Has(keywords, "SELECT"));
  EXPECT_TRUE(Has(Labels(rocky, Kind::kFunction), "SUM"));
}

TEST_F(WorkspaceTest, RockyCompletionOfLetAndModelColumns) {
  using Kind = Workspace::Completion::Kind;
  const std::string path = Path("d.rocky");
  std::string text = "let big = from stg | where id > 1\nfrom big as b\nderive { t: b. }\n";
  const size_t at = text.find("b. }") + 2;
  EXPECT_EQ(Labels(ws_->Complete(path, text, at), Kind::kColumn),
            (std::vector<std::string>{"id", "label"}));
  text = "from orders as o\nderive { t: o. }\n";
  EXPECT_EQ(Labels(ws_->Complete(path, text, text.find("o. }") + 2), Kind::kColumn),
            std::vector<std::string>{"order_id"});
}

TEST_F(WorkspaceTest, HoverAndDefinitionOfCtes) {
  const std::string path = Path("top.sql");
  const std::string text = kCtes;
  auto hover = ws_->Hover(path, text, text.find("recent AS r"));
  ASSERT_TRUE(hover);
  EXPECT_NE(hover->find("**recent** — CTE, 2 columns"), std::string::npos) << *hover;
  EXPECT_NE(hover->find("`tag`: `String`"), std::string::npos) << *hover;
  hover = ws_->Hover(path, text, text.find("sub.n"));
  ASSERT_TRUE(hover);
  EXPECT_NE(hover->find("subquery"), std::string::npos);
  auto def = ws_->Definition(path, text, text.find("recent AS r") + 2);
  ASSERT_TRUE(def);
  EXPECT_EQ(def->file, Path("top.sql"));
  EXPECT_EQ(def->line, 1);
  EXPECT_EQ(def->col, 6);
  EXPECT_EQ(def->len, 6);
  // `r.tag`: a column of the CTE r aliases, with its lineage; it is defined by `AS tag`.
  hover = ws_->Hover(path, text, text.find("r.tag") + 2);
  ASSERT_TRUE(hover);
  EXPECT_NE(hover->find("`recent.tag`: `String`"), std::string::npos) << *hover;
  EXPECT_NE(hover->find("from `stg.label`"), std::string::npos) << *hover;
  def = ws_->Definition(path, text, text.find("r.tag") + 3);
  ASSERT_TRUE(def);
  EXPECT_EQ(def->line, 1);
  EXPECT_EQ(def->col, static_cast<int>(text.find("tag FROM")) + 1);
  // A CTE named like a model shadows it: renamed within the buffer, defined there.
  const std::string shadow = "WITH stg AS (SELECT 1 AS x)\nSELECT x FROM stg\n";
  auto target = ws_->Resolve(path, shadow, shadow.rfind("stg"));
  ASSERT_TRUE(target);
  EXPECT_EQ(target->kind, Workspace::Target::Kind::kLocal);
  def = ws_->Definition(path, shadow, shadow.rfind("stg"));
  ASSERT_TRUE(def);
  EXPECT_EQ(def->file, Path("top.sql"));
  // A model reference still goes to the model.
  def = ws_->Definition(path, text, text.find("stg)"));
  ASSERT_TRUE(def);
  EXPECT_EQ(def->file, Path("staging.sql"));
}

TEST_F(WorkspaceTest, LetBindingsOfRocky) {
  const std::string path = Path("d.rocky");
  const std::string text =
      "-- é😀\nlet big = from stg\n  where label == \"é😀\"\nlet other = from orders\nfrom big\n";
  auto symbols = ws_->Symbols(path, text);
  std::vector<const Workspace::Symbol*> lets;
  for (const auto& s : symbols)
    if (s.kind == Workspace::Symbol::Kind::kLet) lets.push_back(&s);
  ASSERT_EQ(lets.size(), 2u);
  EXPECT_EQ(lets[0]->name, "big");
  EXPECT_EQ(lets[0]->span.line, 2);
  EXPECT_EQ(lets[0]->span.col, 5);
  EXPECT_EQ(lets[0]->begin, text.find("let big"));
  EXPECT_GE(lets[0]->end, text.find("\"\nlet") + 1);  // the binding runs over its two lines
  EXPECT_LE(lets[0]->end, text.find("let other"));
  EXPECT_EQ(text.substr(lets[1]->begin, 9), "let other");
  // Definition and hover of a `let` name where it is used.
  auto def = ws_->Definition(path, text, text.rfind("big"));
  ASSERT_TRUE(def);
  EXPECT_EQ(def->line, 2);
  EXPECT_EQ(def->col, 5);
  // Renamed within the buffer: its binding and where it is read.
  auto plan = ws_->Rename(path, text, text.rfind("big"), "large");
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->edits.size(), 2u);
  EXPECT_EQ(plan->edits[0].span.line, 2);
  EXPECT_EQ(plan->edits[1].span.line, 5);
  auto hover = ws_->Hover(path, text, text.rfind("big"));
  ASSERT_TRUE(hover);
  EXPECT_NE(hover->find("let binding, 2 columns"), std::string::npos) << *hover;
}

}  // namespace
}  // namespace rocky::lsp
