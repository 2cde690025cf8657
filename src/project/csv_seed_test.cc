#include "project/csv_seed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapter_sdk/ansi_dialect.h"
#include "adapters/duckdb/duckdb_adapter.h"
#include "adapters/duckdb/duckdb_dialect.h"

namespace rocky::project {
namespace {

using Cells = std::vector<std::optional<std::string>>;
constexpr std::nullopt_t kNull = std::nullopt;

template <typename T>
T Must(Result<T> r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(*r);
}

// ---- CSV reader: text in, header and rows (or an error) out ----

struct CsvCase {
  std::string name;
  std::string text;
  std::vector<std::string> header;
  std::vector<Cells> rows;
};

class CsvSeedParse : public ::testing::TestWithParam<CsvCase> {};

TEST_P(CsvSeedParse, ReadsRecords) {
  const CsvCase& c = GetParam();
  CsvTable table = Must(ParseCsv(c.text, "s.csv"));
  EXPECT_EQ(table.header, c.header);
  EXPECT_EQ(table.rows, c.rows);
}

INSTANTIATE_TEST_SUITE_P(
    CsvSeed, CsvSeedParse,
    ::testing::Values(
        CsvCase{"Plain", "a,b\n1,2\n3,4\n", {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
        CsvCase{"NoFinalNewline", "a,b\n1,2", {"a", "b"}, {{"1", "2"}}},
        CsvCase{"Crlf", "a,b\r\n1,2\r\n3,4\r\n", {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
        CsvCase{"LoneCr", "a,b\r1,2\r", {"a", "b"}, {{"1", "2"}}},
        CsvCase{"QuotedComma", "a,b\n\"x, y\",2\n", {"a", "b"}, {{"x, y", "2"}}},
        CsvCase{"DoubledQuotes", "a\n\"say \"\"hi\"\"\"\n", {"a"}, {{"say \"hi\""}}},
        CsvCase{"NewlineInsideQuotes",
                "a,b\n\"line1\nline2\",2\n3,4\n",
                {"a", "b"},
                {{"line1\nline2", "2"}, {"3", "4"}}},
        CsvCase{"CrlfInsideQuotesKept", "a\r\n\"x\r\ny\"\r\n", {"a"}, {{"x\r\ny"}}},
        CsvCase{"EmptyCellsAreNull", "a,b,c\n,2,\n", {"a", "b", "c"}, {{kNull, "2", kNull}}},
        CsvCase{"QuotedEmptyIsEmptyString", "a,b\n\"\",\n", {"a", "b"}, {{"", kNull}}},
        CsvCase{
            "BlankLinesSkipped", "a,b\n\n1,2\n\r\n3,4\n\n", {"a", "b"}, {{"1", "2"}, {"3", "4"}}},
        CsvCase{"HeaderOnly", "a,b\n", {"a", "b"}, {}},
        CsvCase{
            "BomAndHeaderSpaces", "\xEF\xBB\xBF id , name\n1,x\n", {"id", "name"}, {{"1", "x"}}},
        CsvCase{"ValuesKeepSpaces", "a\n  x  \n", {"a"}, {{"  x  "}}},
        CsvCase{"QuotedHeader", "\"a\",\"b\"\n1,2\n", {"a", "b"}, {{"1", "2"}}},
        CsvCase{"BareQuoteInsideUnquotedField", "a\nab\"c\n", {"a"}, {{"ab\"c"}}}),
    [](const auto& info) { return info.param.name; });

struct CsvErrorCase {
  std::string name;
  std::string text;
  std::string message;
};

class CsvSeedParseError : public ::testing::TestWithParam<CsvErrorCase> {};

TEST_P(CsvSeedParseError, NamesFileLineAndFix) {
  auto r = ParseCsv(GetParam().text, "seeds/s.csv");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    CsvSeed, CsvSeedParseError,
    ::testing::Values(
        CsvErrorCase{"Empty", "", "seeds/s.csv: the file is empty; a seed needs a header row"},
        CsvErrorCase{"OnlyBlankLines", "\n\n",
                     "seeds/s.csv: the file is empty; a seed needs a header row"},
        CsvErrorCase{"TooManyFields", "a,b\n1,2\n1,2,3\n",
                     "seeds/s.csv:3: row has 3 field(s) but the header has 2"},
        CsvErrorCase{"TooFewFields", "a,b\n\"x\ny\",2\n1\n",
                     "seeds/s.csv:4: row has 1 field(s) but the header has 2"},
        CsvErrorCase{"Unterminated", "a\n1\n\"abc\n",
                     "seeds/s.csv:4: unterminated quoted field (opened on line 3); close it "
                     "with '\"'"},
        CsvErrorCase{"TextAfterClosingQuote", "a\n\"ab\"c\n",
                     "seeds/s.csv:2: unexpected 'c' after a closing quote; a quote inside a "
                     "quoted field must be doubled (\"\")"},
        CsvErrorCase{"EmptyHeaderName", "a,,c\n1,2,3\n",
                     "seeds/s.csv:1: column 2 has an empty name in the header row"}),
    [](const auto& info) { return info.param.name; });

// ---- Value recognition: which types accept a value ----

struct ValueCase {
  std::string value;
  std::vector<SeedType> types;  // every type that accepts it, besides kString
};

class CsvSeedValue : public ::testing::TestWithParam<ValueCase> {};

TEST_P(CsvSeedValue, AcceptedTypes) {
  const ValueCase& c = GetParam();
  for (SeedType t : {SeedType::kBigint, SeedType::kDouble, SeedType::kBoolean, SeedType::kDate,
                     SeedType::kTimestamp}) {
    bool expected = std::find(c.types.begin(), c.types.end(), t) != c.types.end();
    EXPECT_EQ(SeedValueHasType(c.value, t), expected)
        << "'" << c.value << "' as " << SeedTypeName(t);
  }
  EXPECT_TRUE(SeedValueHasType(c.value, SeedType::kString));
}

using enum SeedType;
INSTANTIATE_TEST_SUITE_P(
    CsvSeed, CsvSeedValue,
    ::testing::Values(
        ValueCase{"0", {kBigint, kDouble}}, ValueCase{"42", {kBigint, kDouble}},
        ValueCase{"-17", {kBigint, kDouble}}, ValueCase{"+5", {kBigint, kDouble}},
        ValueCase{"9223372036854775807", {kBigint, kDouble}},
        ValueCase{"9223372036854775808", {kDouble}},  // past int64: only DOUBLE
        ValueCase{"007", {}},                         // a code, not a number
        ValueCase{"-01.5", {}}, ValueCase{"0.5", {kDouble}}, ValueCase{"-2.25", {kDouble}},
        ValueCase{".5", {kDouble}}, ValueCase{"1.", {kDouble}}, ValueCase{"1e3", {kDouble}},
        ValueCase{"6.02E+23", {kDouble}}, ValueCase{"1e999", {}}, ValueCase{"1e", {}},
        ValueCase{"-", {}}, ValueCase{".", {}}, ValueCase{"nan", {}}, ValueCase{"inf", {}},
        ValueCase{"1,5", {}}, ValueCase{" 1", {}}, ValueCase{"", {}}, ValueCase{"true", {kBoolean}},
        ValueCase{"FALSE", {kBoolean}}, ValueCase{"True", {kBoolean}}, ValueCase{"yes", {}},
        ValueCase{"1t", {}}, ValueCase{"2026-04-07", {kDate}}, ValueCase{"2024-02-29", {kDate}},
        ValueCase{"2023-02-29", {}}, ValueCase{"2026-13-01", {}}, ValueCase{"2026-4-07", {}},
        ValueCase{"2026-04-07 10:30:00", {kTimestamp}},
        ValueCase{"2026-04-07T10:30:00", {kTimestamp}},
        ValueCase{"2026-04-07T10:30:00Z", {kTimestamp}},
        ValueCase{"2026-04-07 10:30:00.123456", {kTimestamp}},
        ValueCase{"2026-04-07T23:59:59.5Z", {kTimestamp}}, ValueCase{"2026-04-07 24:00:00", {}},
        ValueCase{"2026-04-07 10:30", {}}, ValueCase{"2026-04-07 10:30:00.", {}},
        ValueCase{"2026-04-07 10:30:00+02:00", {}}, ValueCase{"2026-04-07X10:30:00", {}}));

// ---- Column inference: the first type that accepts every non-NULL value ----

struct InferCase {
  std::string name;
  Cells column;
  SeedType type;
};

class CsvSeedInfer : public ::testing::TestWithParam<InferCase> {};

TEST_P(CsvSeedInfer, FirstTypeForAllValues) {
  CsvTable table;
  table.header = {"c"};
  for (const auto& cell : GetParam().column) table.rows.push_back({cell});
  EXPECT_EQ(InferSeedType(table, 0), GetParam().type);
}

INSTANTIATE_TEST_SUITE_P(
    CsvSeed, CsvSeedInfer,
    ::testing::Values(
        InferCase{"Integers", {"1", "2", "-3"}, kBigint},
        InferCase{"IntegersAndDecimals", {"1", "2.5"}, kDouble},
        InferCase{"Booleans", {"true", "False"}, kBoolean},
        InferCase{"Dates", {"2026-01-01", "2026-12-31"}, kDate},
        InferCase{"Timestamps", {"2026-01-01 00:00:00", "2026-01-01T01:02:03Z"}, kTimestamp},
        InferCase{"DatesAndTimestampsAreText", {"2026-01-01", "2026-01-01 00:00:00"}, kString},
        InferCase{"NullsIgnored", {kNull, "7", kNull}, kBigint},
        InferCase{"AllNull", {kNull, kNull}, kString}, InferCase{"NoRows", {}, kString},
        InferCase{"OneTextValueMakesText", {"1", "2", "n/a"}, kString},
        InferCase{"QuotedEmptyIsText", {"1", ""}, kString},
        InferCase{"ZipCodes", {"02134", "10001"}, kString}),
    [](const auto& info) { return info.param.name; });

// ---- Seed tables and sidecars ----

CsvTable Csv(std::string_view text) { return Must(ParseCsv(text, "seeds/x.csv")); }

TEST(CsvSeedTable, NameTargetAndInferredColumns) {
  SeedTable seed =
      Must(MakeSeedTable(Csv("id,price,ok\n1,2.5,true\n"), {}, "orders", "seeds/orders.csv"));
  EXPECT_EQ(seed.name, "orders");
  EXPECT_EQ(seed.table, "orders");
  ASSERT_EQ(seed.columns.size(), 3u);
  EXPECT_EQ(seed.columns[0].type, kBigint);
  EXPECT_EQ(seed.columns[1].type, kDouble);
  EXPECT_EQ(seed.columns[2].type, kBoolean);
  EXPECT_EQ(seed.Target("poc"), (sdk::TableRef{"poc", "seeds", "orders"}));
  EXPECT_EQ(seed.rows.size(), 1u);

  SeedOptions options;
  options.name = "customers";
  options.schema = "ref";
  options.catalog = "";
  SeedTable named = Must(MakeSeedTable(Csv("id\n1\n"), options, "customers_v2", "c.csv"));
  EXPECT_EQ(named.name, "customers");
  EXPECT_EQ(named.table, "customers");  // the name, when target.table is absent
  EXPECT_EQ(named.Target("poc"), (sdk::TableRef{"", "ref", "customers"}));
  options.table = "dim_customers";
  EXPECT_EQ(Must(MakeSeedTable(Csv("id\n1\n"), options, "x", "c.csv")).table, "dim_customers");
}

TEST(CsvSeedTable, DeclaredTypesReplaceInference) {
  SeedOptions options;
  options.column_types = {{"AMOUNT", "DECIMAL(10,2)"}};
  SeedTable seed = Must(MakeSeedTable(Csv("id,amount\n1,2.50\n"), options, "t", "t.csv"));
  EXPECT_EQ(seed.columns[0].declared_type, std::nullopt);
  EXPECT_EQ(seed.columns[1].declared_type, "DECIMAL(10,2)");
}

struct TableErrorCase {
  std::string name;
  std::string csv;
  std::string stem;
  SeedOptions options;
  std::string message;
};

class CsvSeedTableError : public ::testing::TestWithParam<TableErrorCase> {};

TEST_P(CsvSeedTableError, ClearMessage) {
  const TableErrorCase& c = GetParam();
  auto r = MakeSeedTable(Csv(c.csv), c.options, c.stem, "seeds/" + c.stem + ".csv");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    CsvSeed, CsvSeedTableError,
    ::testing::Values(
        TableErrorCase{"BadColumnName",
                       "id,first name\n1,x\n",
                       "people",
                       {},
                       "seeds/people.csv: column 'first name' in the header row: invalid SQL "
                       "identifier 'first name': must match [a-zA-Z0-9_]+; rename the column"},
        TableErrorCase{"InjectionInHeader",
                       "id,\"x); DROP TABLE t; --\"\n1,2\n",
                       "t",
                       {},
                       "seeds/t.csv: column 'x); DROP TABLE t; --' in the header row: invalid "
                       "SQL identifier 'x); DROP TABLE t; --': must match [a-zA-Z0-9_]+; rename "
                       "the column"},
        TableErrorCase{"DuplicateColumn",
                       "id,ID\n1,2\n",
                       "t",
                       {},
                       "seeds/t.csv: column 'ID' appears twice in the header row; column names "
                       "must be unique (case-insensitively)"},
        TableErrorCase{"BadFileName",
                       "id\n1\n",
                       "my-seed",
                       {},
                       "seeds/my-seed.csv: the table name comes from the file name: invalid SQL "
                       "identifier 'my-seed': must match [a-zA-Z0-9_]+; rename the file or set "
                       "target.table in my-seed.toml"},
        TableErrorCase{"UnknownTypedColumn", "id\n1\n", "t",
                       SeedOptions{.column_types = {{"amount", "DOUBLE"}}},
                       "t.toml: column_types names column 'amount', which seeds/t.csv does not "
                       "have (columns: id)"},
        TableErrorCase{"BadType", "id\n1\n", "t",
                       SeedOptions{.column_types = {{"id", "INT; DROP"}}},
                       "t.toml: column_types.id: invalid SQL type 'INT; DROP': must match "
                       "[a-zA-Z0-9_ (),]+"}),
    [](const auto& info) { return info.param.name; });

TEST(CsvSeedSidecar, ReadsEveryKeyAndWarnsOnUnknownKeys) {
  SeedSidecar s = Must(
      ParseSeedSidecar("name = \"countries\"\n"
                       "colour = 1\n"
                       "[target]\ncatalog = \"poc\"\nschema = \"ref\"\ntable = \"dim_country\"\n"
                       "[column_types]\ncode = \"VARCHAR\"\npopulation = \"BIGINT\"\n",
                       "seeds/c.toml"));
  EXPECT_EQ(s.options.name, "countries");
  EXPECT_EQ(s.options.catalog, "poc");
  EXPECT_EQ(s.options.schema, "ref");
  EXPECT_EQ(s.options.table, "dim_country");
  using Pair = std::pair<std::string, std::string>;
  EXPECT_EQ(s.options.column_types,
            (std::vector<Pair>{{"code", "VARCHAR"}, {"population", "BIGINT"}}));
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("seeds/c.toml:2"), std::string::npos) << s.warnings[0];
  EXPECT_NE(s.warnings[0].find("unknown top-level key 'colour'"), std::string::npos)
      << s.warnings[0];
}

TEST(CsvSeedSidecar, EmptyCatalogMeansTwoPartNames) {
  SeedSidecar s = Must(ParseSeedSidecar("[target]\ncatalog = \"\"\n", "c.toml"));
  EXPECT_EQ(s.options.catalog, "");
  EXPECT_EQ(s.options.schema, std::nullopt);
}

TEST(CsvSeedSidecar, ErrorsAreLocated) {
  auto bad = ParseSeedSidecar(
      "[target]\nschema = \"a b\"\n[column_types]\nx = \"INT\"\ny = \"INT;\"\n", "seeds/c.toml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message,
            "seeds/c.toml:2: invalid SQL identifier 'a b': must match [a-zA-Z0-9_]+ (key 'schema' "
            "in [target]); seeds/c.toml:5: invalid SQL type 'INT;': must match [a-zA-Z0-9_ (),]+ "
            "(column_types.y)");

  auto not_string = ParseSeedSidecar("[column_types]\nx = 3\n", "seeds/c.toml");
  ASSERT_FALSE(not_string.has_value());
  EXPECT_TRUE(not_string.error().message.starts_with("seeds/c.toml:"))
      << not_string.error().message;
  EXPECT_NE(not_string.error().message.find("'column_types' must be a table of strings"),
            std::string::npos)
      << not_string.error().message;

  auto syntax = ParseSeedSidecar("name = \n", "seeds/c.toml");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_TRUE(syntax.error().message.starts_with("seeds/c.toml:1")) << syntax.error().message;
}

// ---- Statements ----

class DatabricksLike : public sdk::AnsiDialect {
 public:
  std::string_view Name() const override { return "databricks"; }
};

TEST(CsvSeedStatements, DuckDbStatementsWithEveryType) {
  SeedTable seed =
      Must(MakeSeedTable(Csv("i,d,b,dt,ts,s,n\n"
                             "+1,1.50,TRUE,2026-04-07,2026-04-07T10:00:00Z,it's,\n"
                             "-2,3,false,2026-04-08,2026-04-08 11:30:00.25,\"a,b\",\n"),
                         {}, "t", "t.csv"));
  adapters::duckdb::DuckDbDialect duck;
  auto statements = Must(SeedStatements(seed, duck, {"poc", "seeds", "t"}));
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].purpose, "create_schema");
  EXPECT_EQ(statements[0].sql, "CREATE SCHEMA IF NOT EXISTS poc.seeds");
  EXPECT_EQ(statements[1].purpose, "seed_table");
  EXPECT_EQ(statements[1].sql,
            "CREATE OR REPLACE TABLE poc.seeds.t (i BIGINT, d DOUBLE, b BOOLEAN, dt DATE, "
            "ts TIMESTAMP, s VARCHAR, n VARCHAR)");
  EXPECT_EQ(statements[2].purpose, "seed_rows");
  EXPECT_FALSE(statements[2].idempotent);
  EXPECT_EQ(statements[2].target, "poc.seeds.t");
  EXPECT_EQ(statements[2].sql,
            "INSERT INTO poc.seeds.t (i, d, b, dt, ts, s, n) VALUES\n"
            "(1, 1.5, TRUE, DATE '2026-04-07', TIMESTAMP '2026-04-07 10:00:00', 'it''s', NULL),\n"
            "(-2, 3, FALSE, DATE '2026-04-08', TIMESTAMP '2026-04-08 11:30:00.25', 'a,b', NULL)");
}

TEST(CsvSeedStatements, BatchesDeclaredTypesAndDialects) {
  SeedOptions options;
  options.column_types = {{"amount", "DECIMAL(10,2)"}};
  SeedTable seed =
      Must(MakeSeedTable(Csv("code,amount\nx,1.10\ny,2.20\nz,\n"), options, "t", "t.csv"));
  DatabricksLike databricks;
  auto statements = Must(SeedStatements(seed, databricks, {"", "s", "t"}, 2));
  ASSERT_EQ(statements.size(), 3u);  // no CREATE SCHEMA in this dialect; 2 + 1 rows
  EXPECT_EQ(statements[0].sql, "CREATE OR REPLACE TABLE s.t (code STRING, amount DECIMAL(10,2))");
  EXPECT_EQ(statements[1].sql,
            "INSERT INTO s.t (code, amount) VALUES\n"
            "('x', CAST('1.10' AS DECIMAL(10,2))),\n('y', CAST('2.20' AS DECIMAL(10,2)))");
  EXPECT_EQ(statements[2].sql, "INSERT INTO s.t (code, amount) VALUES\n('z', NULL)");

  SeedTable empty = Must(MakeSeedTable(Csv("a\n"), {}, "t", "t.csv"));
  sdk::AnsiDialect ansi;
  EXPECT_EQ(Must(SeedStatements(empty, ansi, {"", "s", "t"})).size(), 1u);  // no rows: no INSERT
  EXPECT_EQ(SeedStringType(ansi), "VARCHAR");
  EXPECT_EQ(SeedStringType(databricks), "STRING");
}

TEST(CsvSeedStatements, TargetNamesAreChecked) {
  SeedTable seed = Must(MakeSeedTable(Csv("a\n1\n"), {}, "t", "t.csv"));
  adapters::duckdb::DuckDbDialect duck;
  auto bad = SeedStatements(seed, duck, {"poc", "seeds; DROP", "t"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("invalid SQL identifier 'seeds; DROP'"), std::string::npos);
}

// Runs the statements in DuckDB and reads the table back: types, values and exact row counts.
TEST(CsvSeedStatements, RoundTripThroughDuckDb) {
  std::string csv =
      "id,price,active,day,seen_at,label,empty\n"
      "1,9.99,true,2026-01-31,2026-01-31T08:00:00Z,\"multi\nline, \"\"quoted\"\"\",\n"
      "2,,FALSE,,2026-02-01 09:15:30.5,'single',\n";
  for (int i = 3; i <= 2503; ++i) csv += std::to_string(i) + ",1,true,2026-01-01,,x,\n";
  SeedTable seed = Must(MakeSeedTable(Csv(csv), {}, "t", "t.csv"));
  auto db = Must(adapters::duckdb::OpenDuckDbAdapter(std::nullopt));
  auto statements = Must(SeedStatements(seed, db.warehouse->Dialect(), {"memory", "seeds", "t"}));
  ASSERT_EQ(statements.size(), 2u + 3u);  // schema, table, 1000 + 1000 + 503 rows
  auto results = Must(db.warehouse->ExecuteUnit(statements, true));
  int64_t inserted = 0;
  for (size_t i = 2; i < results.size(); ++i) inserted += results[i].rows_affected.value_or(-1);
  EXPECT_EQ(inserted, 2503);

  auto columns = Must(db.warehouse->DescribeTable({"memory", "seeds", "t"}));
  std::vector<std::string> types;
  for (const auto& c : columns) types.push_back(c.data_type);
  EXPECT_EQ(types, (std::vector<std::string>{"BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP",
                                             "VARCHAR", "VARCHAR"}));
  auto rows = Must(db.warehouse->ExecuteQuery(
      "SELECT id, price, active, CAST(day AS VARCHAR), CAST(seen_at AS VARCHAR), label, empty "
      "FROM memory.seeds.t WHERE id <= 2 ORDER BY id"));
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0][1], sdk::Value(9.99));
  EXPECT_EQ(rows.rows[0][2], sdk::Value(true));
  EXPECT_EQ(rows.rows[0][3], sdk::Value(std::string("2026-01-31")));
  EXPECT_EQ(rows.rows[0][4], sdk::Value(std::string("2026-01-31 08:00:00")));
  EXPECT_EQ(rows.rows[0][5], sdk::Value(std::string("multi\nline, \"quoted\"")));
  EXPECT_TRUE(sdk::IsNull(rows.rows[0][6]));
  EXPECT_TRUE(sdk::IsNull(rows.rows[1][1]));
  EXPECT_EQ(rows.rows[1][2], sdk::Value(false));
  EXPECT_TRUE(sdk::IsNull(rows.rows[1][3]));
  EXPECT_EQ(rows.rows[1][4], sdk::Value(std::string("2026-02-01 09:15:30.5")));
  EXPECT_EQ(rows.rows[1][5], sdk::Value(std::string("'single'")));
  auto count = Must(db.warehouse->ExecuteQuery("SELECT COUNT(*) FROM memory.seeds.t"));
  EXPECT_EQ(count.rows[0][0], sdk::Value(int64_t{2503}));

  // Seeding again replaces the table instead of appending.
  Must(db.warehouse->ExecuteUnit(statements, true));
  count = Must(db.warehouse->ExecuteQuery("SELECT COUNT(*) FROM memory.seeds.t"));
  EXPECT_EQ(count.rows[0][0], sdk::Value(int64_t{2503}));
}

TEST(CsvSeedRead, ReadsFileAndStem) {
  auto dir = std::filesystem::temp_directory_path() / "rocky_csv_seed_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "regions.csv").string();
  std::ofstream(path) << "id,name\r\n1,North\r\n2,South\r\n";
  SeedTable seed = Must(ReadSeedCsv(path));
  EXPECT_EQ(seed.name, "regions");
  EXPECT_EQ(seed.path, path);
  EXPECT_EQ(seed.rows.size(), 2u);
  auto missing = ReadSeedCsv((dir / "nope.csv").string());
  EXPECT_FALSE(missing.has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rocky::project
