#include "project/model_sidecar.h"

#include <gtest/gtest.h>

namespace rocky::project {
namespace {

config::TomlValue Parse(std::string_view text, const std::string& file) {
  auto v = config::ParseToml(text, file);
  EXPECT_TRUE(v.has_value()) << (v ? "" : v.error().message);
  return v ? std::move(*v) : config::TomlValue();
}

struct Read {
  ModelConfig config;
  std::vector<std::string> errors;
  std::vector<std::string> unknown;
};

Read ReadConfig(const config::TomlValue& tree, const std::string& file, ConfigLevel level) {
  Read out;
  config::TomlDocumentReader doc(tree, file);
  ReadModelConfig(doc.Root(), level, out.config);
  for (const auto& e : doc.errors()) out.errors.push_back(e.Located());
  for (const auto& u : doc.UnknownKeys()) out.unknown.push_back(u.Located());
  return out;
}

// ---- Frontmatter and SQL text ----------------------------------------------------------------

TEST(ModelSidecar, FrontmatterKeepsLineNumbers) {
  std::string_view text = "---toml\nname = \"x\"\n---\nSELECT 1\n";
  ModelFileParts parts = SplitFrontmatter(text);
  ASSERT_TRUE(parts.frontmatter);
  EXPECT_FALSE(parts.error);
  EXPECT_EQ(*parts.frontmatter, "\nname = \"x\"\n");
  EXPECT_EQ(parts.body, "SELECT 1\n");
  EXPECT_EQ(parts.body_line, 4);
  // The TOML parser sees `name` on line 2, as in the file.
  config::TomlValue tree = Parse(*parts.frontmatter, "m.sql");
  EXPECT_EQ(tree.FindEntry("name")->key_span.line, 2);
}

TEST(ModelSidecar, FrontmatterVariants) {
  ModelFileParts crlf = SplitFrontmatter("---toml  \r\nintent = \"i\"\r\n---\r\nSELECT 1");
  ASSERT_TRUE(crlf.frontmatter);
  EXPECT_EQ(crlf.body, "SELECT 1");
  EXPECT_EQ(crlf.body_line, 4);

  ModelFileParts at_end = SplitFrontmatter("---toml\nintent = \"i\"\n---");
  ASSERT_TRUE(at_end.frontmatter);
  EXPECT_EQ(at_end.body, "");

  ModelFileParts none = SplitFrontmatter("-- ---toml\nSELECT 1");
  EXPECT_FALSE(none.frontmatter);
  EXPECT_EQ(none.body, "-- ---toml\nSELECT 1");
  EXPECT_EQ(none.body_line, 1);

  // `----` or `--- ` do not close it: the line must be exactly `---`.
  ModelFileParts open = SplitFrontmatter("---toml\na = 1\n----\n--- x\nSELECT 1\n");
  EXPECT_FALSE(open.frontmatter);
  ASSERT_TRUE(open.error);
  EXPECT_EQ(*open.error, "unterminated ---toml frontmatter: no closing '---' line");
  EXPECT_TRUE(SplitFrontmatter("---toml").error);
}

TEST(ModelSidecar, SqlTextIsTrimmedAndLosesOneSemicolon) {
  Span span;
  EXPECT_EQ(NormalizeSqlText("  SELECT 1 ;  \n", 1, span), "SELECT 1");
  EXPECT_EQ(span.line, 1);
  EXPECT_EQ(span.col, 3);
  EXPECT_EQ(NormalizeSqlText("SELECT 1;;", 1, span), "SELECT 1;");
  EXPECT_EQ(NormalizeSqlText("\n\n\tSELECT\n  1\n", 4, span), "SELECT\n  1");
  EXPECT_EQ(span.line, 6);
  EXPECT_EQ(span.col, 2);
  EXPECT_EQ(NormalizeSqlText(" ; ", 1, span), "");
  EXPECT_EQ(NormalizeSqlText("", 1, span), "");
}

// ---- Inheritance ----------------------------------------------------------------------------

TEST(ModelSidecar, InheritTablesKeyByKeyStrategyWholeArraysReplace) {
  config::TomlValue parent_tree = Parse(
      "intent = \"root\"\n[target]\ncatalog = \"c\"\nschema = \"s\"\n"
      "[strategy]\ntype = \"full_refresh\"\n"
      "[freshness]\nmax_lag_seconds = 60\n"
      "[format_options]\ncluster_by = [\"a\", \"b\"]\npartition_by = [\"p\"]\ncomment = \"c\"\n"
      "[format_options.table_properties]\nx = \"1\"\ny = \"1\"\n",
      "_defaults.toml");
  config::TomlValue own_tree = Parse(
      "[target]\nschema = \"t\"\n"
      "[format_options]\ncluster_by = [\"c\"]\n[format_options.table_properties]\ny = \"2\"\nz = "
      "\"3\"\n",
      "m.toml");
  Read parent = ReadConfig(parent_tree, "_defaults.toml", ConfigLevel::kDefaults);
  Read own = ReadConfig(own_tree, "m.toml", ConfigLevel::kModel);
  ASSERT_TRUE(parent.errors.empty()) << parent.errors.front();
  ASSERT_TRUE(own.errors.empty()) << own.errors.front();
  ModelConfig c = own.config;
  InheritConfig(c, parent.config);
  EXPECT_EQ(c.catalog, "c");
  EXPECT_EQ(c.catalog_span.file, "_defaults.toml");
  EXPECT_EQ(c.schema, "t");
  EXPECT_EQ(c.schema_span.file, "m.toml");
  EXPECT_EQ(c.intent, "root");
  ASSERT_TRUE(c.freshness);
  EXPECT_EQ(c.freshness->max_lag_seconds, 60);
  ASSERT_TRUE(c.strategy);
  EXPECT_EQ(c.strategy_span.file, "_defaults.toml");
  EXPECT_EQ(
      c.format_options.ToJson().Dump(),
      R"({"partition_by":["p"],"cluster_by":["c"],"table_properties":{"x":"1","y":"2","z":"3"},"comment":"c"})");
}

TEST(ModelSidecar, InheritStrategyWhole) {
  Read parent = ReadConfig(
      Parse("[strategy]\ntype = \"time_interval\"\ntime_column = \"t\"\ngranularity = \"day\"\n"
            "batch_size = 7\n",
            "_defaults.toml"),
      "_defaults.toml", ConfigLevel::kDefaults);
  Read own = ReadConfig(Parse("[strategy]\ntype = \"time_interval\"\ntime_column = \"u\"\n"
                              "granularity = \"hour\"\n",
                              "m.toml"),
                        "m.toml", ConfigLevel::kModel);
  ModelConfig c = own.config;
  InheritConfig(c, parent.config);
  // No batch_size from the parent: the nearest [strategy] is taken whole.
  EXPECT_EQ(
      c.strategy->ToJson().Dump(),
      R"({"type":"time_interval","time_column":"u","granularity":"hour","lookback":0,"batch_size":1})");
  ModelConfig none;
  InheritConfig(none, parent.config);
  EXPECT_EQ(
      none.strategy->ToJson().Dump(),
      R"({"type":"time_interval","time_column":"t","granularity":"day","lookback":0,"batch_size":7})");
}

TEST(ModelSidecar, WrittenButInvalidValuesAreNotInherited) {
  config::TomlValue parent_tree =
      Parse("[target]\ncatalog = \"c\"\nschema = \"s\"\n", "_defaults.toml");
  config::TomlValue own_tree =
      Parse("\n\n[target]\ncatalog = 7\n[strategy]\ntype = \"nope\"\n", "m.toml");
  Read parent = ReadConfig(parent_tree, "_defaults.toml", ConfigLevel::kDefaults);
  Read own = ReadConfig(own_tree, "m.toml", ConfigLevel::kModel);
  ASSERT_EQ(own.errors.size(), 2u);
  EXPECT_EQ(own.errors[0], "m.toml:4: key 'catalog' in [target] must be a string");
  ModelConfig c = own.config;
  InheritConfig(c, parent.config);
  EXPECT_FALSE(c.catalog);
  EXPECT_EQ(c.catalog_span.line, 4);
  EXPECT_EQ(c.schema, "s");
  EXPECT_FALSE(c.strategy);
  EXPECT_EQ(c.strategy_span.file, "m.toml");
}

// ---- Reading ---------------------------------------------------------------------------------

TEST(ModelSidecar, ReadsEveryField) {
  config::TomlValue tree = Parse(R"(name = "orders"
depends_on = ["a", "b"]
intent = "why"
format = "iceberg_table"

[target]
catalog = ""
schema = "s"
table = "t"

[strategy]
type = "full_refresh"

[freshness]
max_lag_seconds = 60

[format_options]
partition_by = ["p"]
cluster_by = ["c"]
table_properties = { k = "v" }
comment = "it's"

[[sources]]
schema = "raw"
table = "orders"

[[tests]]
type = "unique"
column = "id"
)",
                         "m.toml");
  Read r = ReadConfig(tree, "m.toml", ConfigLevel::kModel);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_TRUE(r.unknown.empty()) << r.unknown.front();
  const ModelConfig& c = r.config;
  EXPECT_EQ(c.name, "orders");
  EXPECT_EQ(c.name_span.line, 1);
  ASSERT_TRUE(c.depends_on);
  EXPECT_EQ(*c.depends_on, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(c.depends_on_items.size(), 2u);
  EXPECT_EQ(c.depends_on_items[1].col, 20);
  EXPECT_EQ(c.intent, "why");
  EXPECT_EQ(c.format, TableFormat::kIcebergTable);
  EXPECT_EQ(c.catalog, "");
  EXPECT_EQ(c.schema, "s");
  EXPECT_EQ(c.table, "t");
  EXPECT_EQ(c.table_span.line, 9);
  ASSERT_TRUE(c.strategy);
  EXPECT_EQ(c.strategy->type(), StrategyType::kFullRefresh);
  EXPECT_EQ(c.strategy_span.line, 11);
  ASSERT_TRUE(c.freshness);
  EXPECT_EQ(c.freshness->max_lag_seconds, 60);
  EXPECT_EQ(
      c.format_options.ToJson().Dump(),
      R"({"partition_by":["p"],"cluster_by":["c"],"table_properties":{"k":"v"},"comment":"it's"})");
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].Ref(), "raw.orders");
  ASSERT_EQ(c.tests.size(), 1u);
  EXPECT_EQ(c.tests[0].ToJson().Dump(), R"({"type":"unique","column":"id","severity":"error"})");
}

TEST(ModelSidecar, TestTypesAndTheirKeys) {
  config::TomlValue tree = Parse(R"(
[[tests]]
type = "accepted_values"
column = "status"
values = ["a", "b"]

[[tests]]
type = "relationships"
column = "customer_id"
to_table = "poc.sales.customers"
to_column = "id"
severity = "warning"

[[tests]]
type = "expression"
expression = "amount >= 0"

[[tests]]
type = "row_count_range"
max = 10

[[tests]]
type = "row_count_range"
min = 1
max = 1
)",
                         "m.toml");
  Read r = ReadConfig(tree, "m.toml", ConfigLevel::kModel);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_TRUE(r.unknown.empty()) << r.unknown.front();
  ASSERT_EQ(r.config.tests.size(), 5u);
  EXPECT_EQ(
      r.config.tests[0].ToJson().Dump(),
      R"({"type":"accepted_values","column":"status","severity":"error","values":["a","b"]})");
  EXPECT_EQ(
      r.config.tests[1].ToJson().Dump(),
      R"({"type":"relationships","column":"customer_id","severity":"warning","to_table":"poc.sales.customers","to_column":"id"})");
  EXPECT_EQ(r.config.tests[2].ToJson().Dump(),
            R"({"type":"expression","severity":"error","expression":"amount >= 0"})");
  EXPECT_EQ(r.config.tests[3].ToJson().Dump(),
            R"({"type":"row_count_range","severity":"error","max":10})");
  EXPECT_EQ(r.config.tests[4].ToJson().Dump(),
            R"({"type":"row_count_range","severity":"error","min":1,"max":1})");
}

TEST(ModelSidecar, DefaultsMustNotDeclarePerModelFields) {
  config::TomlValue tree = Parse(
      "name = \"x\"\ndepends_on = []\n[target]\ntable = \"t\"\nschema = \"s\"\n"
      "[[sources]]\nschema = \"a\"\ntable = \"b\"\n[[tests]]\ntype = \"unique\"\ncolumn = \"id\"\n",
      "_defaults.toml");
  Read r = ReadConfig(tree, "_defaults.toml", ConfigLevel::kDefaults);
  EXPECT_EQ(r.errors,
            (std::vector<std::string>{
                "_defaults.toml:1: _defaults.toml must not declare per-model field 'name'",
                "_defaults.toml:2: _defaults.toml must not declare per-model field "
                "'depends_on'",
                "_defaults.toml:6: _defaults.toml must not declare per-model field "
                "'sources'",
                "_defaults.toml:9: _defaults.toml must not declare per-model field "
                "'tests'",
                "_defaults.toml:4: _defaults.toml must not declare per-model field "
                "'target.table'",
            }));
  EXPECT_TRUE(r.unknown.empty()) << r.unknown.front();
  EXPECT_FALSE(r.config.name);
  EXPECT_EQ(r.config.schema, "s");
}

TEST(ModelSidecar, DefaultsFormatConflictWithinOneFile) {
  config::TomlValue tree =
      Parse("format = \"delta_table\"\n[strategy]\ntype = \"view\"\n", "_defaults.toml");
  Read r = ReadConfig(tree, "_defaults.toml", ConfigLevel::kDefaults);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "_defaults.toml:1: format 'delta_table' requires strategy full_refresh (strategy is "
            "'view')");
}

TEST(ModelSidecar, CatalogMayBeEmptyButOtherNamesMustBeIdentifiers) {
  config::TomlValue tree =
      Parse("name = \"a-b\"\n[target]\ncatalog = \"\"\nschema = \"\"\n", "m.toml");
  Read r = ReadConfig(tree, "m.toml", ConfigLevel::kModel);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0],
            "m.toml:1: invalid SQL identifier 'a-b': must match [a-zA-Z0-9_]+ (top-level key "
            "'name')");
  EXPECT_EQ(r.errors[1],
            "m.toml:4: invalid SQL identifier '': must match [a-zA-Z0-9_]+ (key 'schema' in "
            "[target])");
  EXPECT_EQ(r.config.catalog, "");
  EXPECT_FALSE(r.config.name);
}

}  // namespace
}  // namespace rocky::project
