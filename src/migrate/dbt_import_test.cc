#include "migrate/dbt_import.h"

#include <gtest/gtest.h>

namespace rocky::migrate {
namespace {

// ---- generic tests --------------------------------------------------------------------------

struct TestCase {
  const char* name;
  DbtTest test;
  const char* toml;  // nullptr: skipped
  bool custom = false;
};

DbtTest Make(std::string name, std::string column, std::map<std::string, JinjaValue> args = {},
             std::string severity = "error") {
  DbtTest t;
  t.test_name = std::move(name);
  t.model = "orders";
  t.column = std::move(column);
  t.arguments = JinjaValue::Dict(std::move(args));
  t.severity = std::move(severity);
  return t;
}

JinjaValue S(const char* s) { return JinjaValue::String(s); }
JinjaValue N(double n) { return JinjaValue::Number(n); }

class ConvertTestTest : public testing::TestWithParam<TestCase> {};

TEST_P(ConvertTestTest, Converts) {
  auto resolve = [](const std::string& to) -> std::expected<std::string, std::string> {
    if (to == "ref('customers')") return "customers";
    return std::unexpected("unknown");
  };
  ConvertedTest c = ConvertDbtTest(GetParam().test, resolve);
  if (!GetParam().toml) {
    EXPECT_FALSE(c.ok) << c.toml;
    EXPECT_FALSE(c.reason.empty());
    return;
  }
  ASSERT_TRUE(c.ok) << c.reason;
  EXPECT_EQ(c.toml, GetParam().toml);
  EXPECT_EQ(c.custom, GetParam().custom);
}

INSTANTIATE_TEST_SUITE_P(
    Dbt, ConvertTestTest,
    testing::Values(
        TestCase{"not_null", Make("not_null", "id"),
                 "[[tests]]\ntype = \"not_null\"\ncolumn = \"id\"\n"},
        TestCase{"unique_warn", Make("unique", "id", {}, "warn"),
                 "[[tests]]\ntype = \"unique\"\ncolumn = \"id\"\nseverity = \"warning\"\n"},
        TestCase{"unique_without_column", Make("unique", ""), nullptr},
        TestCase{
            "accepted_values",
            Make("accepted_values", "status", {{"values", JinjaValue::List({S("a"), S("b\"")})}}),
            "[[tests]]\ntype = \"accepted_values\"\ncolumn = \"status\"\nvalues = [\"a\", "
            "\"b\\\"\"]\n"},
        TestCase{"accepted_numbers",
                 Make("accepted_values", "tier", {{"values", JinjaValue::List({N(1), N(2)})}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"tier IN (1, 2)\"\n"},
        TestCase{"accepted_unquoted",
                 Make("accepted_values", "s",
                      {{"values", JinjaValue::List({S("x")})}, {"quote", JinjaValue::Bool(false)}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"s IN (x)\"\n"},
        TestCase{"relationships",
                 Make("relationships", "customer_id",
                      {{"to", S("ref('customers')")}, {"field", S("id")}}),
                 "[[tests]]\ntype = \"relationships\"\ncolumn = \"customer_id\"\n"
                 "to_table = \"customers\"\nto_column = \"id\"\n"},
        TestCase{"relationships_unknown",
                 Make("relationships", "c", {{"to", S("ref('nope')")}, {"field", S("id")}}),
                 nullptr},
        TestCase{"expression_is_true_model",
                 Make("dbt_utils.expression_is_true", "", {{"expression", S("a >= b")}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"a >= b\"\n", true},
        TestCase{"expression_is_true_column",
                 Make("dbt_utils.expression_is_true", "amount", {{"expression", S("> 0")}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"amount > 0\"\n", true},
        TestCase{
            "accepted_range",
            Make("dbt_utils.accepted_range", "amount", {{"min_value", N(0)}, {"max_value", N(10)}}),
            "[[tests]]\ntype = \"expression\"\nexpression = \"amount >= 0 AND amount <= 10\"\n",
            true},
        TestCase{"accepted_range_exclusive",
                 Make("dbt_utils.accepted_range", "amount",
                      {{"min_value", N(0)}, {"inclusive", JinjaValue::Bool(false)}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"amount > 0\"\n", true},
        TestCase{"accepted_mixed",
                 Make("accepted_values", "c", {{"values", JinjaValue::List({N(1), S("it's")})}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"c IN (1, 'it''s')\"\n"},
        TestCase{"accepted_range_dates",
                 Make("dbt_utils.accepted_range", "d", {{"min_value", S("'2018-01-01'")}}),
                 "[[tests]]\ntype = \"expression\"\nexpression = \"d >= '2018-01-01'\"\n", true},
        TestCase{"unsupported", Make("dbt_utils.unique_combination_of_columns", ""), nullptr}),
    [](const testing::TestParamInfo<TestCase>& i) { return std::string(i.param.name); });

TEST(ConvertDbtTest, WhereConfigIsSkipped) {
  DbtTest t = Make("not_null", "id");
  t.where = "id > 3";
  EXPECT_FALSE(ConvertDbtTest(t, nullptr).ok);
}

// ---- models ---------------------------------------------------------------------------------

DbtProject SmallProject() {
  DbtProject p;
  p.name = "shop";
  p.seeds.push_back({"raw", "seeds/raw.csv", {}, "\"db\".\"main\".\"raw\""});
  p.sources.push_back({"src", "events", "db.landing.events", "\"db\".\"landing\".\"events\""});
  DbtModel base;
  base.name = "base";
  base.file = "models/base.sql";
  base.raw_code = "select * from {{ ref('raw') }}";
  base.relation_name = "\"db\".\"main\".\"base\"";
  p.models.push_back(base);
  return p;
}

const ImportedFile* File(const DbtImport& r, const std::string& path) {
  for (const auto& f : r.files)
    if (f.path == path) return &f;
  return nullptr;
}

TEST(ConvertDbtProject, IncrementalWithTimestampFilter) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "events";
  m.file = "models/events.sql";
  m.raw_code =
      "{{ config(materialized='incremental') }}\nselect * from {{ source('src', 'events') }}\n"
      "{% if is_incremental() %}where e.loaded_at >= (select max(loaded_at) from {{ this }}){% "
      "endif %}";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, false, "models");
  ASSERT_EQ(r.failures.size(), 0u);
  EXPECT_EQ(File(r, "models/events.sql")->content, "select * from db.landing.events\n");
  EXPECT_NE(
      File(r, "models/events.toml")
          ->content.find("[strategy]\ntype = \"incremental\"\ntimestamp_column = \"loaded_at\"\n"),
      std::string::npos);
  EXPECT_EQ(r.sources_mapped, 1);
}

TEST(ConvertDbtProject, IncrementalWithoutKeyOrFilterIsExplained) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "events";
  m.raw_code = "{{ config(materialized='incremental') }}select 1 as x";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, false, "models");
  EXPECT_NE(File(r, "models/events.toml")->content.find("type = \"full_refresh\""),
            std::string::npos);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings.back().category, "incremental");
  EXPECT_NE(r.warnings.back().suggestion.find("timestamp_column"), std::string::npos);
}

TEST(ConvertDbtProject, DeleteInsertAndMerge) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "a";
  m.raw_code =
      "{{ config(materialized='incremental', unique_key=['k1', 'k2'], "
      "incremental_strategy='delete+insert') }}select 1 as k1, 2 as k2";
  p.models.push_back(m);
  m.name = "b";
  m.raw_code = "{{ config(materialized='incremental', unique_key='k') }}select 1 as k";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, false, "out");
  EXPECT_NE(File(r, "out/a.toml")
                ->content.find("type = \"delete_insert\"\npartition_by = [\"k1\", \"k2\"]"),
            std::string::npos);
  EXPECT_NE(File(r, "out/b.toml")->content.find("type = \"merge\"\nunique_key = [\"k\"]"),
            std::string::npos);
}

TEST(ConvertDbtProject, UnsupportedConstructFailsOneModelOnly) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "bad";
  m.file = "models/bad.sql";
  m.raw_code = "select\n{{ dbt_utils.star(ref('base')) }}\nfrom {{ ref('base') }}";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, false, "models");
  EXPECT_EQ(r.imported_models, std::vector<std::string>{"base"});
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].name, "bad");
  EXPECT_NE(r.failures[0].reason.find("models/bad.sql:2"), std::string::npos)
      << r.failures[0].reason;
  EXPECT_NE(r.failures[0].reason.find("dbt_utils.star()"), std::string::npos)
      << r.failures[0].reason;
  EXPECT_EQ(File(r, "models/bad.sql"), nullptr);
}

TEST(ConvertDbtProject, CompiledRelationsMapBack) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "mart";
  m.relation_name = "\"db\".\"main\".\"mart\"";
  m.compiled_code =
      "select * from \"db\".\"main\".\"base\" join db.main.base_v2 using (id) "
      "join \"db\".\"main\".\"raw\" using (id) join \"db\".\"landing\".\"events\" using (id)";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, true, "models");
  EXPECT_EQ(File(r, "models/mart.sql")->content,
            "select * from base join db.main.base_v2 using (id) join seeds.raw using (id) join "
            "db.landing.events using (id)\n");
  EXPECT_EQ(r.import_method, "manifest");
}

TEST(ConvertDbtProject, CompiledSelfReferenceFallsBackToJinja) {
  DbtProject p = SmallProject();
  DbtModel m;
  m.name = "inc";
  m.relation_name = "\"db\".\"main\".\"inc\"";
  m.raw_code = "select * from {{ ref('base') }}";
  m.compiled_code =
      "select * from \"db\".\"main\".\"base\" where t > (select max(t) from "
      "\"db\".\"main\".\"inc\")";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, true, "models");
  EXPECT_EQ(File(r, "models/inc.sql")->content, "select * from base\n");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].category, "manifest");
}

TEST(ConvertDbtProject, ProjectMacrosExpandWithTheirDefaults) {
  DbtProject p = SmallProject();
  p.macros.push_back({"cents",
                      "macros/m.sql",
                      1,
                      1,
                      {{"col", ""}, {"scale", "2"}},
                      "({{ col }} / 100)::numeric(16, {{ scale }})"});
  p.macros.push_back(
      {"twice", "macros/m.sql", 5, 6, {{"x", ""}}, "{{ cents(x) }} + {{ cents(x, scale=4) }}"});
  p.macros.push_back({"bad", "macros/m.sql", 9, 10, {}, "\n{{ run_query('select 1') }}"});
  DbtModel m;
  m.name = "m";
  m.file = "models/m.sql";
  m.raw_code = "select {{ twice('amount') }} as a from {{ ref('base') }}";
  p.models.push_back(m);
  m.name = "n";
  m.file = "models/n.sql";
  m.raw_code = "select {{ cents() }}";
  p.models.push_back(m);
  m.name = "o";
  m.file = "models/o.sql";
  m.raw_code = "select {{ bad() }}";
  p.models.push_back(m);
  DbtImport r = ConvertDbtProject(p, false, "models");
  EXPECT_EQ(
      File(r, "models/m.sql")->content,
      "select (amount / 100)::numeric(16, 2) + (amount / 100)::numeric(16, 4) as a from base\n");
  ASSERT_EQ(r.failures.size(), 2u);
  EXPECT_NE(r.failures[0].reason.find("needs argument 'col'"), std::string::npos)
      << r.failures[0].reason;
  EXPECT_NE(r.failures[1].reason.find("macros/m.sql:11: unsupported call 'run_query()'"),
            std::string::npos)
      << r.failures[1].reason;
}

TEST(RockyContractType, MapsDbtDataTypes) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"bigint", "Int64"},
      {"INTEGER", "Int32"},
      {"varchar(20)", "String"},
      {"text", "String"},
      {"boolean", "Boolean"},
      {"date", "Date"},
      {"timestamp", "Timestamp"},
      {"timestamp_ntz", "TimestampNtz"},
      {"double", "Float64"},
      {"numeric", "Decimal"},
      {"decimal(10, 2)", "Decimal(10,2)"},
      {"float", "Float32"}};
  for (const auto& [dbt, rocky] : cases) EXPECT_EQ(RockyContractType(dbt), rocky) << dbt;
  EXPECT_EQ(RockyContractType("geography"), std::nullopt);
}

TEST(DbtContractToml, ColumnsTypesAndRequired) {
  DbtModel m;
  m.name = "c";
  m.columns = {{"id", "The id.", "bigint"}, {"shape", "", "geography"}};
  std::vector<std::string> unmapped;
  EXPECT_EQ(DbtContractToml(m, unmapped),
            "# Contract imported from dbt's enforced contract of c.\n\n[[columns]]\nname = \"id\"\n"
            "type = \"Int64\"\ndescription = \"The id.\"\n\n[[columns]]\nname = \"shape\"\n\n"
            "[rules]\nrequired = [\"id\", \"shape\"]\n");
  EXPECT_EQ(unmapped, std::vector<std::string>{"shape (geography)"});
}

TEST(TomlString, Escapes) { EXPECT_EQ(TomlBasicString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\""); }

// ---- the fixture project --------------------------------------------------------------------

const std::string kShop = std::string(ROCKY_SOURCE_DIR) + "/tests/migrate/rocky_shop";

TEST(ReadDbtProject, ReadsTheFixture) {
  auto p = ReadDbtProject(kShop);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->name, "rocky_shop");
  EXPECT_EQ(p->models.size(), 8u);
  EXPECT_EQ(p->seeds.size(), 3u);
  std::vector<std::string> macros;
  for (const DbtMacro& m : p->macros) macros.push_back(m.name);
  EXPECT_EQ(macros, (std::vector<std::string>{"cents_to_dollars", "column_list_except",
                                              "generate_schema_name"}));
  const DbtMacro& cents = p->macros[0];
  EXPECT_EQ(cents.params, (std::vector<std::pair<std::string, std::string>>{{"column_name", ""},
                                                                            {"scale", "2"}}));
  EXPECT_EQ(cents.line, 1);
  EXPECT_EQ(p->macros[1].body_line, 4);
  ASSERT_NE(p->FindSource("shop", "payments"), nullptr);
  EXPECT_EQ(p->FindSource("shop", "payments")->qualified, "seeds.raw_payments");
  EXPECT_EQ(p->tests.size(), 19u);
  EXPECT_EQ(p->vars.at("min_order_date").Render(), "2018-01-01");
  EXPECT_FALSE(p->vars.at("include_returns").Truthy());
  DbtConfig marts = p->FolderConfig(std::string("marts"));
  EXPECT_EQ(marts.materialized, "table");
  EXPECT_EQ(marts.schema, "marts");
  EXPECT_EQ(p->FolderConfig(std::string("staging")).materialized, "view");
  EXPECT_EQ(p->FindSeed("raw_orders")->column_types.at("order_date"), "date");
  EXPECT_EQ(p->FindModel("stg_orders")->description,
            "Orders since min_order_date, without returns.");
}

TEST(ApplyDbtManifest, ReadsTheFixtureManifest) {
  auto p = ReadDbtProject(kShop);
  ASSERT_TRUE(p);
  auto applied = ApplyDbtManifest(
      *p, std::string(ROCKY_SOURCE_DIR) + "/tests/migrate/rocky_shop_manifest.json");
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(p->dbt_version, "1.8.7");
  EXPECT_TRUE(p->FindModel("stg_payment_dollars")->compiled_code);
  EXPECT_EQ(p->FindModel("order_updates")->resolved_config->unique_key,
            std::vector<std::string>{"order_id"});
  EXPECT_EQ(p->tests.size(), 19u);
  EXPECT_EQ(p->FindSource("shop", "payments")->qualified, "warehouse.seeds.raw_payments");
  auto broken = ApplyDbtManifest(*p, kShop + "/dbt_project.yml");
  EXPECT_FALSE(broken);
}

}  // namespace
}  // namespace rocky::migrate
