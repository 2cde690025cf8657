#include "config/toml_document.h"

#include <gtest/gtest.h>

namespace rocky::config {
namespace {

TomlValue MustParse(std::string_view text, const std::string& file = "t.toml") {
  auto r = ParseToml(text, file);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : TomlValue();
}

std::vector<std::string> Keys(const TomlValue& table) {
  std::vector<std::string> out;
  for (const auto& e : table.entries()) out.push_back(e.key);
  return out;
}

TEST(TomlParse, KindsAndValues) {
  TomlValue root = MustParse(
      "s = \"text\"\n"
      "i = 42\n"
      "f = 2.5\n"
      "b = true\n"
      "d = 1979-05-27T07:32:00Z\n"
      "day = 2026-04-07\n"
      "a = [1, \"two\"]\n"
      "t = { x = 1 }\n");
  EXPECT_EQ(root.Find("s")->AsString(), "text");
  EXPECT_EQ(root.Find("i")->AsInteger(), 42);
  EXPECT_TRUE(root.Find("i")->IsNumber());
  EXPECT_DOUBLE_EQ(root.Find("i")->AsDouble(), 42.0);
  EXPECT_EQ(root.Find("f")->kind(), TomlKind::kFloat);
  EXPECT_DOUBLE_EQ(root.Find("f")->AsDouble(), 2.5);
  EXPECT_TRUE(root.Find("b")->AsBool());
  EXPECT_EQ(root.Find("d")->kind(), TomlKind::kDateTime);
  EXPECT_EQ(root.Find("d")->AsString(), "1979-05-27T07:32:00Z");
  EXPECT_EQ(root.Find("day")->AsString(), "2026-04-07");
  ASSERT_EQ(root.Find("a")->items().size(), 2u);
  EXPECT_EQ(root.Find("a")->items()[1].AsString(), "two");
  EXPECT_EQ(root.Find("t")->Find("x")->AsInteger(), 1);
  EXPECT_EQ(root.Find("missing"), nullptr);
  EXPECT_STREQ(TomlKindName(TomlKind::kBool), "boolean");
}

TEST(TomlParse, KeepsFileOrderOfKeys) {
  TomlValue root = MustParse(
      "[pipeline.zeta]\n"
      "type = \"a\"\n"
      "[pipeline.alpha.checks]\n"
      "row_count = true\n"
      "[pipeline.mid]\n"
      "[pipeline.alpha]\n"
      "type = \"b\"\n"
      "zz = 1\n"
      "aa = 2\n");
  EXPECT_EQ(Keys(*root.Find("pipeline")), (std::vector<std::string>{"zeta", "alpha", "mid"}));
  EXPECT_EQ(Keys(*root.Find("pipeline")->Find("alpha")),
            (std::vector<std::string>{"checks", "type", "zz", "aa"}));
}

TEST(TomlParse, SpansOfKeysAndValues) {
  TomlValue root = MustParse("\n[a]\n  key = 7\n", "dir/x.toml");
  const TomlEntry* a = root.FindEntry("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->value.span().line, 2);
  const TomlEntry* key = a->value.FindEntry("key");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->key_span.file, "dir/x.toml");
  EXPECT_EQ(key->key_span.line, 3);
  EXPECT_EQ(key->key_span.col, 3);
  EXPECT_EQ(key->value.span().col, 9);
}

TEST(TomlParse, SyntaxErrorHasFileLineAndColumn) {
  auto r = ParseToml("a = 1\nb = = 2\n", "proj/rocky.toml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "proj/rocky.toml:2:5: Error while parsing value: could not determine value type");
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);

  auto dup = ParseToml("a = 1\na = 2\n", "x.toml");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().message,
            "x.toml:2:5: Error while parsing key-value pair: cannot redefine existing integer 'a'");
}

TEST(TomlParse, ToJsonKeepsOrder) {
  TomlValue root = MustParse("z = 1\na = { y = [true, 1.5], b = \"s\" }\n");
  EXPECT_EQ(root.ToJson().Dump(), R"({"z":1,"a":{"y":[true,1.5],"b":"s"}})");
}

TEST(TomlParse, BuildAndEditTables) {
  TomlValue t = TomlValue::Table();
  t.Add("one", TomlValue::Integer(1));
  t.Add("two", TomlValue::String("2"));
  EXPECT_TRUE(t.Remove("one"));
  EXPECT_FALSE(t.Remove("one"));
  EXPECT_EQ(Keys(t), std::vector<std::string>{"two"});
  TomlValue copy = t;
  EXPECT_EQ(copy.Find("two")->AsString(), "2");
}

// ---- Schema reader ---------------------------------------------------------------------------

struct ReaderFixture {
  explicit ReaderFixture(std::string_view text, std::string file = "s.toml")
      : root(MustParse(text, file)), doc(root, file) {}
  TomlValue root;
  TomlDocumentReader doc;
};

TEST(TomlReader, TypedGettersAndDefaults) {
  ReaderFixture f(
      "name = \"orders\"\n"
      "count = 3\n"
      "ratio = 1\n"
      "flag = false\n"
      "list = [\"a\", \"b\"]\n"
      "map = { k = \"v\", j = \"w\" }\n"
      "ints = { s = 10 }\n");
  auto r = f.doc.Root();
  EXPECT_EQ(r.String("name", "x"), "orders");
  EXPECT_EQ(r.String("absent", "x"), "x");
  EXPECT_EQ(r.OptString("absent"), std::nullopt);
  EXPECT_EQ(r.Int("count", 0), 3);
  EXPECT_EQ(r.Int("nope", 16), 16);
  EXPECT_DOUBLE_EQ(r.Number("ratio", 0.5), 1.0);
  EXPECT_FALSE(r.Bool("flag", true));
  EXPECT_EQ(r.StringList("list"), (std::vector<std::string>{"a", "b"}));
  auto map = r.StringMap("map");
  ASSERT_EQ(map.size(), 2u);
  EXPECT_EQ(map[1].first, "j");
  EXPECT_EQ(map[1].second, "w");
  EXPECT_EQ(r.IntMap("ints")[0].second, 10);
  EXPECT_TRUE(f.doc.ok());
  EXPECT_TRUE(f.doc.UnknownKeys().empty());
}

struct TypeErrorCase {
  const char* toml;
  const char* expected;
};

class TomlReaderTypeErrors : public ::testing::TestWithParam<TypeErrorCase> {};

TEST_P(TomlReaderTypeErrors, Message) {
  ReaderFixture f(GetParam().toml, "proj/rocky.toml");
  auto root = f.doc.Root();
  auto p = root.OptTable("pipeline");
  ASSERT_TRUE(p.has_value());
  auto exec = p->OptTable("execution");
  if (exec) {
    exec->Int("concurrency", 16, 1);
    exec->Bool("fail_fast", false);
    exec->Number("ratio", 0);
    exec->StringList("names");
    exec->String("label", "");
    exec->RequiredString("required");
    exec->OptTable("sub");
    exec->TableArray("items");
  }
  ASSERT_FALSE(f.doc.errors().empty());
  EXPECT_EQ(f.doc.errors()[0].Located(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    TomlReader, TomlReaderTypeErrors,
    ::testing::Values(
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nconcurrency = \"8\"\n",
                      "proj/rocky.toml:3: key 'concurrency' in [pipeline.execution] must be an "
                      "integer"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nconcurrency = 0\n",
                      "proj/rocky.toml:3: key 'concurrency' in [pipeline.execution] must be at "
                      "least 1"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nfail_fast = \"yes\"\n",
                      "proj/rocky.toml:3: key 'fail_fast' in [pipeline.execution] must be a "
                      "boolean"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nratio = \"1\"\n",
                      "proj/rocky.toml:3: key 'ratio' in [pipeline.execution] must be a number"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nnames = [\"a\", 1]\n",
                      "proj/rocky.toml:3: key 'names' in [pipeline.execution] must be an array "
                      "of strings"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nlabel = 5\n",
                      "proj/rocky.toml:3: key 'label' in [pipeline.execution] must be a string"},
        TypeErrorCase{"[pipeline.execution]\n",
                      "proj/rocky.toml:1: key 'required' in [pipeline.execution] is required"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nsub = 1\n",
                      "proj/rocky.toml:3: key 'sub' in [pipeline.execution] must be a table"},
        TypeErrorCase{"[pipeline.execution]\nrequired = \"x\"\nitems = [1]\n",
                      "proj/rocky.toml:3: key 'items' in [pipeline.execution] must be an array "
                      "of tables"},
        TypeErrorCase{"pipeline = { execution = 3 }\n",
                      "proj/rocky.toml:1: key 'execution' in [pipeline] must be a table"}));

TEST(TomlReader, UnknownKeysWithSuggestions) {
  ReaderFixture f(
      "[pipeline.p.checks]\n"
      "row_counts = true\n"
      "zzzzzzzz = 1\n");
  auto root = f.doc.Root();
  root.Declare({"pipeline"});
  auto pipelines = root.OptTable("pipeline");
  for (auto& [name, p] : pipelines->SubTables()) {
    p.Declare({"type", "depends_on"});
    auto checks = p.OptTable("checks");
    checks->Bool("row_count", false);
    checks->Bool("column_match", false);
  }
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(unknown[0].message,
            "unknown key 'row_counts' in [pipeline.p.checks]; did you mean 'row_count'?");
  EXPECT_EQ(unknown[0].Located(),
            "s.toml:2: unknown key 'row_counts' in [pipeline.p.checks]; did you mean 'row_count'?");
  EXPECT_EQ(unknown[0].field, "pipeline.p.checks.row_counts");
  EXPECT_EQ(unknown[0].suggestion, "row_count");
  EXPECT_EQ(unknown[0].kind, TomlIssue::Kind::kUnknownKey);
  EXPECT_EQ(unknown[1].message, "unknown key 'zzzzzzzz' in [pipeline.p.checks]");
  EXPECT_EQ(unknown[1].span.line, 3);
  EXPECT_FALSE(unknown[1].suggestion.has_value());
}

TEST(TomlReader, KeyValidOneLevelUpInSidecar) {
  // A model sidecar: `depends_on` belongs at the top, not under [strategy].
  ReaderFixture f(
      "name = \"orders\"\n"
      "[strategy]\n"
      "type = \"incremental\"\n"
      "depends_on = [\"stg\"]\n");
  auto root = f.doc.Root();
  root.String("name", "");
  root.StringList("depends_on");
  if (auto s = root.OptTable("strategy")) s->String("type", "full_refresh");
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message,
            "unknown key 'depends_on' in [strategy]; did you mean top-level 'depends_on'? (move "
            "it above [strategy])");
  EXPECT_EQ(unknown[0].span.line, 4);
}

TEST(TomlReader, KeyValidOneLevelUpInNestedTable) {
  ReaderFixture f("[pipeline.p]\ntype = \"x\"\n[pipeline.p.checks]\ndepends_on = []\n");
  auto root = f.doc.Root();
  auto section = root.OptTable("pipeline");
  for (auto& [name, p] : section->SubTables()) {
    p.String("type", "");
    p.StringList("depends_on");
    p.OptTable("checks");
  }
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message,
            "unknown key 'depends_on' in [pipeline.p.checks]; did you mean 'depends_on' in "
            "[pipeline.p]? (move it above [pipeline.p.checks])");
}

TEST(TomlReader, TopLevelUnknownKeyAndNameMaps) {
  ReaderFixture f("adaptr = 1\n[adapter.x]\ntype = \"duckdb\"\n[adapter.y]\ntype = \"duckdb\"\n");
  auto root = f.doc.Root();
  root.Declare({"adapter", "pipeline"});
  auto adapters = root.OptTable("adapter");
  auto subs = adapters->SubTables();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[1].first, "y");
  for (auto& [name, a] : subs) a.String("type", "");
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message, "unknown top-level key 'adaptr'; did you mean 'adapter'?");
  EXPECT_EQ(unknown[0].field, "adaptr");
}

TEST(TomlReader, CustomSuggestionAndFreeFormTables) {
  ReaderFixture f("[hook]\npipeline_start = {}\n[tags]\nanything = \"goes\"\n");
  auto root = f.doc.Root();
  auto hook = root.OptTable("hook");
  hook->Declare({"on_pipeline_start", "on_pipeline_error"});
  hook->SuggestWith(
      [](const std::string& key) -> std::optional<std::string> { return "on_" + key; });
  auto tags = root.OptTable("tags");
  tags->AcceptAnyKey();
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message,
            "unknown key 'pipeline_start' in [hook]; did you mean 'on_pipeline_start'?");
}

TEST(TomlReader, TableArraysAndSingleTables) {
  ReaderFixture f(
      "[[hook.on_a]]\ncommand = \"one\"\n[[hook.on_a]]\ncommand = \"two\"\ncomand = \"x\"\n"
      "[hook.on_b]\ncommand = \"three\"\n");
  auto root = f.doc.Root();
  auto hook = root.OptTable("hook");
  auto a = hook->TableOrTableArray("on_a");
  auto b = hook->TableOrTableArray("on_b");
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[1].String("command", ""), "two");
  a[0].String("command", "");
  EXPECT_EQ(b[0].String("command", ""), "three");
  EXPECT_EQ(a[1].Where(), "[[hook.on_a]]");
  EXPECT_EQ(b[0].Where(), "[hook.on_b]");
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message, "unknown key 'comand' in [[hook.on_a]]; did you mean 'command'?");
  EXPECT_EQ(unknown[0].field, "hook.on_a[1].comand");
  EXPECT_EQ(unknown[0].span.line, 5);
}

TEST(TomlReader, QuotedKeysInPaths) {
  ReaderFixture f("[adapter.\"my.db\"]\ntypo = 1\n");
  auto root = f.doc.Root();
  for (auto& [name, a] : root.OptTable("adapter")->SubTables()) {
    EXPECT_EQ(name, "my.db");
    a.Declare("type");
  }
  auto unknown = f.doc.UnknownKeys();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message, "unknown key 'typo' in [adapter.\"my.db\"]; did you mean 'type'?");
}

}  // namespace
}  // namespace rocky::config
