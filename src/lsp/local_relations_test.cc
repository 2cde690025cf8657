#include "lsp/local_relations.h"

#include <gtest/gtest.h>

#include <map>

#include "sql/dialect.h"

namespace rocky::lsp {
namespace {

class OneTable : public compiler::Catalog {
 public:
  OneTable() {
    shape_.columns.push_back({"id", {compiler::Type(compiler::TypeKind::kInt64), false}, {}});
    shape_.columns.push_back({"name", {compiler::Type(compiler::TypeKind::kString), true}, {}});
  }
  const compiler::RelationShape* Find(const std::vector<std::string>& parts) const override {
    return parts.size() == 1 && parts[0] == "users" ? &shape_ : nullptr;
  }

 private:
  compiler::RelationShape shape_;
};

TEST(LocalRelationsTest, CtesAndSubqueriesOfSqlWithTypes) {
  const std::string text =
      "WITH a AS (SELECT id, name AS label FROM users),\n"
      "     b(k) AS (SELECT id FROM a)\n"
      "SELECT s.x FROM (SELECT label AS x FROM a) AS s JOIN b ON s.x = b.k\n";
  OneTable catalog;
  auto locals = LocalRelations(text, false, sql::DuckDbDialect(), catalog);
  ASSERT_EQ(locals.size(), 3u);
  EXPECT_EQ(locals[0].kind, LocalRelation::Kind::kCte);
  EXPECT_EQ(locals[0].name, "a");
  EXPECT_EQ(text.substr(locals[0].name_begin, locals[0].name_end - locals[0].name_begin), "a");
  ASSERT_EQ(locals[0].columns.size(), 2u);
  EXPECT_EQ(locals[0].columns[1].name, "label");
  EXPECT_EQ(locals[0].columns[1].type.type.ToString(), "String");
  // b reads a (bound before it) and renames its column.
  ASSERT_EQ(locals[1].columns.size(), 1u);
  EXPECT_EQ(locals[1].columns[0].name, "k");
  EXPECT_EQ(locals[1].columns[0].type.type.ToString(), "Int64");
  EXPECT_EQ(locals[2].kind, LocalRelation::Kind::kSubquery);
  EXPECT_EQ(locals[2].name, "s");
  EXPECT_EQ(text.substr(locals[2].name_begin, 1), "s");
  ASSERT_EQ(locals[2].columns.size(), 1u);
  EXPECT_EQ(locals[2].columns[0].name, "x");
  EXPECT_NE(FindLocal(locals, "B"), nullptr);
  EXPECT_EQ(FindLocal(locals, "users"), nullptr);
  EXPECT_NE(ColumnsMarkdown(locals[0]).find("`label`: `String`"), std::string::npos);
}

TEST(LocalRelationsTest, AQualifierBeingTypedStillParses) {
  OneTable catalog;
  auto locals =
      LocalRelations("WITH a AS (SELECT id FROM users) SELECT x. FROM a AS x WHERE 1. < 2", false,
                     sql::DuckDbDialect(), catalog);
  ASSERT_EQ(locals.size(), 1u);
  EXPECT_EQ(locals[0].columns.size(), 1u);
  locals = LocalRelations("let a = from users\nfrom a as x\nderive { y: x. }\n", true,
                          sql::DuckDbDialect(), catalog);
  ASSERT_EQ(locals.size(), 1u);
  EXPECT_EQ(locals[0].columns.size(), 2u);
}

TEST(LocalRelationsTest, FrontmatterIsSkipped) {
  const std::string text =
      "---toml\nname = \"x\"\n---\nWITH a AS (SELECT 1 AS one) SELECT * FROM a\n";
  OneTable catalog;
  auto locals = LocalRelations(text, false, sql::DuckDbDialect(), catalog);
  ASSERT_EQ(locals.size(), 1u);
  EXPECT_EQ(text.substr(locals[0].name_begin, 1), "a");
}

TEST(LocalRelationsTest, LetBindingsOfRocky) {
  const std::string text =
      "let active = from users | where name == \"é😀\"\n"
      "let named = from active\n  select { name }\n"
      "from named\n";
  OneTable catalog;
  auto locals = LocalRelations(text, true, sql::DuckDbDialect(), catalog);
  ASSERT_EQ(locals.size(), 2u);
  EXPECT_EQ(locals[0].kind, LocalRelation::Kind::kLet);
  EXPECT_EQ(locals[0].name, "active");
  EXPECT_EQ(locals[0].name_begin, 4u);
  EXPECT_EQ(locals[0].begin, 0u);
  EXPECT_EQ(locals[0].columns.size(), 2u);
  ASSERT_EQ(locals[1].columns.size(), 1u);
  EXPECT_EQ(locals[1].columns[0].name, "name");
  EXPECT_EQ(text.substr(locals[1].begin, 3), "let");
  // A file that does not parse keeps its `let` names, without columns.
  auto broken =
      LocalRelations("let a = from users\nfrom a where (\n", true, sql::DuckDbDialect(), catalog);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0].name, "a");
  EXPECT_TRUE(broken[0].columns.empty());
}

}  // namespace
}  // namespace rocky::lsp
