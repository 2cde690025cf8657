#include "adapter_sdk/conformance.h"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <optional>
#include <random>

#include "adapter_sdk/cell_text.h"
#include "base/strings.h"

namespace rocky::sdk {

namespace {


// A test body: nullopt when it passed, else why it failed.
using Check = std::function<std::optional<std::string>()>;

std::string RandomHex8() {
  std::mt19937 rng(std::random_device{}());
  return fmt::format("{:08x}", rng());
}

std::string Why(const Error& e) { return e.Text(); }

// The type family of a described type: integer, float, string, boolean, date, timestamp.
std::string Family(std::string_view type) {
  const std::string t = ToUpper(type);
  auto has = [&](std::string_view s) { return t.find(s) != std::string::npos; };
  if (has("TIMESTAMP") || has("DATETIME")) return "timestamp";
  if (t.starts_with("DATE")) return "date";
  if (has("BOOL")) return "boolean";
  if (has("CHAR") || has("STRING") || has("TEXT")) return "string";
  if (has("DOUBLE") || has("FLOAT") || has("REAL")) return "float";
  if (has("INT") || t == "LONG" || t == "SHORT" || t == "BYTE") return "integer";
  if (t.starts_with("NUMBER") || t.starts_with("DECIMAL") || t.starts_with("NUMERIC")) {
    // NUMBER(p,0) holds integers; a scale makes it a fractional number.
    const size_t comma = t.find(',');
    if (comma == std::string::npos || t.substr(comma + 1, 1) == "0") return "integer";
    return "float";
  }
  return "other";
}

class Suite {
 public:
  explicit Suite(const ConformanceTarget& t)
      : t_(t), w_(*t.warehouse), d_(t.warehouse->Dialect()) {}

  /// Every test failed because the adapter could not be opened.
  static std::vector<ConformanceResult> Unavailable(const ConformanceTarget& t);

  std::vector<ConformanceResult> Run() {
    Add("connect", "connection", true, [&]() -> std::optional<std::string> {
      if (auto ok = w_.Ping(); !ok) return Why(ok.error());
      return std::nullopt;
    });
    setup_error_ = Setup();
    Ddl();
    Dml();
    Query();
    Types();
    Dialect();
    Governance();
    BatchChecks();
    Discovery();
    Cleanup();
    return std::move(results_);
  }

 private:
  // Runs `check` unless the capability is absent (skipped) or setup failed (failed).
  void Add(std::string name, std::string category, bool capable, const Check& check,
           bool needs_setup = false) {
    ConformanceResult r{std::move(name), std::move(category), "skipped", "not supported", 0};
    if (capable && needs_setup && setup_error_) {
      r.status = "failed";
      r.message = "setup failed: " + *setup_error_;
    } else if (capable) {
      const auto start = std::chrono::steady_clock::now();
      std::optional<std::string> failure = check();
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      r.duration_ms = std::max<int64_t>(1, (micros + 999) / 1000);
      r.status = failure ? "failed" : "passed";
      r.message = failure.value_or("");
    }
    results_.push_back(std::move(r));
  }

  TableRef Table(std::string_view name) const {
    return {t_.catalog, schema_, prefix_ + std::string(name)};
  }
  std::optional<std::string> Exec(const std::string& sql, std::string_view purpose = "check") {
    auto done = w_.ExecuteStatement({std::string(purpose), "", sql, true});
    if (!done) return Why(done.error());
    return std::nullopt;
  }
  std::optional<std::string> Ctas(std::string_view table, std::string_view select) {
    auto sql = d_.CreateTableAs(Table(table), select);
    if (!sql) return Why(sql.error());
    return Exec(*sql);
  }
  Result<QueryResult> Query(const std::string& sql) { return w_.ExecuteQuery(sql); }
  std::optional<int64_t> Count(const TableRef& ref, std::string_view where = {}) {
    auto name = d_.FormatTableRef(ref);
    if (!name) return std::nullopt;
    auto rows = Query(fmt::format("SELECT COUNT(*) FROM {}{}", *name,
                                  where.empty() ? "" : " WHERE " + std::string(where)));
    if (!rows || rows->rows.empty()) return std::nullopt;
    return ParseIntCell(ValueToString(rows->rows[0].at(0)));
  }

  std::optional<std::string> Setup() {
    const std::string hex = RandomHex8();
    if (t_.capabilities.create_schema) {
      schema_ = "rocky_conformance_" + hex;
      auto sql = d_.CreateSchemaSql(t_.catalog, schema_);
      if (!sql) return Why(sql.error());
      if (*sql)
        if (auto failed = Exec(**sql, "create_schema")) return failed;
      created_schema_ = true;
    } else {
      prefix_ = "rocky_conf_" + hex + "_";
      schema_ = "main";
    }
    return Ctas("t1", "SELECT 1 AS id, 'a' AS name");
  }

  void Cleanup() {
    if (created_schema_) {
      const std::string where = t_.catalog.empty() ? schema_ : t_.catalog + "." + schema_;
      (void)Exec("DROP SCHEMA IF EXISTS " + where + " CASCADE", "cleanup");
    } else {
      for (const char* t : {"t1", "t_drop", "t_types", "t_ts", "t_hash", "t_merge"})
        if (auto sql = d_.DropTableSql(Table(t))) (void)Exec(*sql, "cleanup");
    }
  }

  void Ddl() {
    Add("create_table", "ddl", true, [&]() -> std::optional<std::string> {
      auto exists = w_.TableExists(Table("t1"));
      if (!exists) return Why(exists.error());
      if (!*exists) return "table_exists is false after the CTAS";
      return std::nullopt;
    }, true);
    Add("drop_table", "ddl", true, [&]() -> std::optional<std::string> {
      if (auto failed = Ctas("t_drop", "SELECT 1 AS id")) return failed;
      auto sql = d_.DropTableSql(Table("t_drop"));
      if (!sql) return Why(sql.error());
      if (auto failed = Exec(*sql)) return failed;
      auto exists = w_.TableExists(Table("t_drop"));
      if (!exists) return Why(exists.error());
      if (*exists) return "table_exists is true after the drop";
      return std::nullopt;
    }, true);
    Add("create_catalog", "ddl", t_.capabilities.create_catalog, [&]() -> std::optional<std::string> {
      const std::string catalog = "rocky_conformance_cat_" + RandomHex8();
      auto sql = d_.CreateCatalogSql(catalog);
      if (!sql) return "the dialect has no CREATE CATALOG";
      if (auto failed = Exec(*sql)) return failed;
      (void)Exec(std::string(d_.Name() == "snowflake" ? "DROP DATABASE IF EXISTS "
                                                       : "DROP CATALOG IF EXISTS ") +
                     catalog + (d_.Name() == "databricks" ? " CASCADE" : ""),
                 "cleanup");
      return std::nullopt;
    });
    Add("create_schema", "ddl", t_.capabilities.create_schema, [&]() -> std::optional<std::string> {
      const std::string second = schema_ + "_2";
      auto sql = d_.CreateSchemaSql(t_.catalog, second);
      if (!sql) return Why(sql.error());
      if (*sql)
        if (auto failed = Exec(**sql)) return failed;
      auto exists = w_.SchemaExists(t_.catalog, second);
      const std::string where = t_.catalog.empty() ? second : t_.catalog + "." + second;
      (void)Exec("DROP SCHEMA IF EXISTS " + where + " CASCADE", "cleanup");
      if (!exists) return Why(exists.error());
      if (!*exists) return "the new schema is not listed";
      return std::nullopt;
    }, true);
  }

  void Dml() {
    Add("insert_into", "dml", true, [&]() -> std::optional<std::string> {
      auto sql = d_.InsertInto(Table("t1"), {},
                               "SELECT 2 AS id, 'b' AS name UNION ALL SELECT 3, 'c' UNION ALL "
                               "SELECT 4, 'd'");
      if (!sql) return Why(sql.error());
      if (auto failed = Exec(*sql)) return failed;
      auto n = Count(Table("t1"));
      if (n != 4) return fmt::format("COUNT(*) is {}, expected 4", n ? std::to_string(*n) : "?");
      return std::nullopt;
    }, true);
    Add("merge_into", "dml", t_.capabilities.merge, [&]() -> std::optional<std::string> {
      if (auto failed = Ctas("t_merge", "SELECT 1 AS id, 'a' AS name UNION ALL SELECT 2, 'b'"))
        return failed;
      auto sql = d_.MergeInto(Table("t_merge"),
                              "SELECT 1 AS id, 'updated' AS name UNION ALL SELECT 9, 'new'",
                              {"id"}, std::nullopt, {"id", "name"});
      if (!sql) return Why(sql.error());
      if (auto failed = Exec(*sql)) return failed;
      if (Count(Table("t_merge")) != 3) return "expected 3 rows after the merge";
      if (Count(Table("t_merge"), "id = 1 AND name = 'updated'") != 1) return "id 1 not updated";
      if (Count(Table("t_merge"), "id = 9 AND name = 'new'") != 1) return "id 9 not inserted";
      return std::nullopt;
    }, true);
  }

  void Query() {
    Add("describe_table", "query", true, [&]() -> std::optional<std::string> {
      auto columns = w_.DescribeTable(Table("t1"));
      if (!columns) return Why(columns.error());
      if (columns->size() != 2) return fmt::format("{} columns, expected 2", columns->size());
      if (!EqualsIgnoreCase((*columns)[0].name, "id") || !EqualsIgnoreCase((*columns)[1].name, "name"))
        return "column names differ from id, name";
      if (Family((*columns)[0].data_type) != "integer")
        return "id has type " + (*columns)[0].data_type + ", expected an integer type";
      if (Family((*columns)[1].data_type) != "string")
        return "name has type " + (*columns)[1].data_type + ", expected a string type";
      return std::nullopt;
    }, true);
    Add("table_exists_true", "query", true, [&]() -> std::optional<std::string> {
      auto exists = w_.TableExists(Table("t1"));
      if (!exists) return Why(exists.error());
      return *exists ? std::nullopt : std::optional<std::string>("false for the scratch table");
    }, true);
    Add("table_exists_false", "query", true, [&]() -> std::optional<std::string> {
      auto exists = w_.TableExists(Table("no_such_" + RandomHex8()));
      if (!exists) return Why(exists.error());
      return *exists ? std::optional<std::string>("true for a random name") : std::nullopt;
    }, true);
    Add("execute_query", "query", true, [&]() -> std::optional<std::string> {
      auto rows = Query("SELECT 1 AS a, 'x' AS b");
      if (!rows) return Why(rows.error());
      if (rows->columns.size() != 2 || !EqualsIgnoreCase(rows->columns[0], "a") ||
          !EqualsIgnoreCase(rows->columns[1], "b"))
        return "columns are not [a, b]";
      if (rows->rows.size() != 1 || ValueToString(rows->rows[0].at(0)) != "1" ||
          ValueToString(rows->rows[0].at(1)) != "x")
        return "the row is not [1, \"x\"]";
      return std::nullopt;
    });
  }

  // A CTAS of one literal, its described family and the value read back.
  void Type(std::string name, std::string literal, std::string family, std::string expected) {
    Add("type_" + name, "types", true, [=, this]() -> std::optional<std::string> {
      const std::string table = "t_type_" + name;
      if (auto failed = Ctas(table, "SELECT " + literal + " AS v")) return failed;
      auto columns = w_.DescribeTable(Table(table));
      if (!columns) return Why(columns.error());
      if (columns->size() != 1) return "the table has no single column";
      if (!family.empty() && Family((*columns)[0].data_type) != family)
        return fmt::format("described as {}, expected a {} type", (*columns)[0].data_type, family);
      auto ref = d_.FormatTableRef(Table(table));
      auto rows = Query("SELECT v FROM " + *ref);
      if (!rows) return Why(rows.error());
      if (rows->rows.size() != 1) return "expected one row";
      const Value& v = rows->rows[0].at(0);
      std::string got = IsNull(v) ? "NULL" : ValueToString(v);
      if (family == "float") {
        auto f = ParseDoubleCell(got);
        if (!f || *f != 1.5) return "read back " + got + ", expected 1.5";
      } else if (family == "timestamp") {
        if (!(got.starts_with("2026-01-02 03:04:05") || got.starts_with("2026-01-02T03:04:05")))
          return "read back " + got + ", expected 2026-01-02 03:04:05";
      } else if (family == "boolean") {
        if (!(got == "true" || got == "1" || EqualsIgnoreCase(got, "TRUE")))
          return "read back " + got + ", expected true";
      } else if (got != expected) {
        return "read back " + got + ", expected " + expected;
      }
      return std::nullopt;
    }, true);
  }

  void Types() {
    Type("string", "'hello'", "string", "hello");
    Type("integer", "42", "integer", "42");
    Type("float", "CAST(1.5 AS " + d_.TypeSql("DOUBLE") + ")", "float", "1.5");
    Type("boolean", "TRUE", "boolean", "true");
    Type("date", d_.Literal(LiteralKind::kDate, "2026-01-02"), "date", "2026-01-02");
    Type("timestamp", d_.Literal(LiteralKind::kTimestamp, "2026-01-02 03:04:05"), "timestamp", "");
    Type("null", "CAST(NULL AS VARCHAR)", "", "NULL");
  }

  void Dialect() {
    Add("format_table_ref", "dialect", true, [&]() -> std::optional<std::string> {
      auto three = d_.FormatTableRef({"c", "s", "t"});
      auto two = d_.FormatTableRef({"", "s", "t"});
      if (!three || *three != "c.s.t") return "3-part ref is not c.s.t";
      if (!two || *two != "s.t") return "2-part ref is not s.t";
      if (Count(Table("t1")) != 4) return "SELECT through the formatted ref did not count 4 rows";
      return std::nullopt;
    }, true);
    Add("watermark_where", "dialect", true, [&]() -> std::optional<std::string> {
      const std::string ts = d_.Literal(LiteralKind::kTimestamp, "2026-01-01 00:00:00");
      if (auto failed = Ctas("t_ts", fmt::format(
              "SELECT 1 AS id, {0} AS ts UNION ALL SELECT 2, {1} UNION ALL SELECT 3, {2}", ts,
              d_.Literal(LiteralKind::kTimestamp, "2026-01-02 00:00:00"),
              d_.Literal(LiteralKind::kTimestamp, "2026-01-03 00:00:00"))))
        return failed;
      const std::string mid = d_.Literal(LiteralKind::kTimestamp, "2026-01-02 00:00:00");
      auto where = d_.WatermarkWhere("ts", mid);
      if (!where) return Why(where.error());
      auto n = Count(Table("t_ts"), *where);
      if (n != 1) return fmt::format("{} rows above the literal, expected 1", n.value_or(-1));
      return std::nullopt;
    }, true);
    Add("row_hash", "dialect", true, [&]() -> std::optional<std::string> {
      if (auto failed = Ctas("t_hash", "SELECT 1 AS id, 'a' AS name UNION ALL SELECT 1, 'a' "
                                       "UNION ALL SELECT 2, CAST(NULL AS VARCHAR)"))
        return failed;
      auto hash = d_.RowHashExpr({"id", "name"});
      if (!hash) return Why(hash.error());
      auto ref = d_.FormatTableRef(Table("t_hash"));
      auto rows = Query(fmt::format("SELECT id, {} AS h FROM {} ORDER BY id", *hash, *ref));
      if (!rows) return Why(rows.error());
      if (rows->rows.size() != 3) return "expected 3 rows";
      const std::string a = ValueToString(rows->rows[0].at(1));
      const std::string b = ValueToString(rows->rows[1].at(1));
      const Value& c = rows->rows[2].at(1);
      if (a != b) return "equal rows hash differently";
      if (IsNull(c)) return "a row with a NULL hashes to NULL";
      if (ValueToString(c) == a) return "different rows hash equal";
      return std::nullopt;
    }, true);
  }

  void Governance() {
    Add("set_tags", "governance", t_.governance != nullptr, [&]() -> std::optional<std::string> {
      auto done = t_.governance->SetTags(TagTarget::kTable, Table("t1"),
                                         {{"rocky_conformance", "yes"}});
      if (!done) return Why(done.error());
      return std::nullopt;
    }, true);
    Add("get_grants", "governance", t_.governance != nullptr, [&]() -> std::optional<std::string> {
      auto grants = t_.governance->GetGrants(t_.catalog.empty() ? schema_
                                                                : t_.catalog + "." + schema_);
      if (!grants) return Why(grants.error());
      return std::nullopt;
    }, true);
  }

  void BatchChecks() {
    Add("batch_row_counts", "batchchecks", t_.batch_checks != nullptr,
        [&]() -> std::optional<std::string> {
          auto counts = t_.batch_checks->BatchRowCounts({Table("t1"), Table("t_ts")});
          if (!counts) return Why(counts.error());
          if (counts->size() != 2) return "expected 2 counts";
          if ((*counts)[0].count != Count(Table("t1")) || (*counts)[1].count != Count(Table("t_ts")))
            return "counts differ from COUNT(*)";
          return std::nullopt;
        }, true);
    Add("batch_freshness", "batchchecks", t_.batch_checks != nullptr,
        [&]() -> std::optional<std::string> {
          auto fresh = t_.batch_checks->BatchFreshness({Table("t_ts")}, "ts");
          if (!fresh) return Why(fresh.error());
          if (fresh->size() != 1 || !(*fresh)[0].max_value) return "no max timestamp";
          const std::string& max = *(*fresh)[0].max_value;
          if (!(max.starts_with("2026-01-03 00:00:00") || max.starts_with("2026-01-03T00:00:00")))
            return "max is " + max + ", expected 2026-01-03 00:00:00";
          return std::nullopt;
        }, true);
  }

  void Discovery() {
    Add("discover", "discovery", t_.discovery != nullptr && created_schema_,
        [&]() -> std::optional<std::string> {
          auto sources = t_.discovery->Discover("rocky_conformance_", t_.catalog);
          if (!sources) return Why(sources.error());
          for (const auto& s : *sources)
            if (EqualsIgnoreCase(s.schema, schema_)) {
              for (const auto& table : s.tables)
                if (EqualsIgnoreCase(table.name, "t1")) return std::nullopt;
              return "the scratch schema is found without its table t1";
            }
          return "the scratch schema " + schema_ + " is not discovered";
        }, true);
  }

  const ConformanceTarget& t_;
  WarehouseAdapter& w_;
  const SqlDialect& d_;
  std::string schema_, prefix_;
  bool created_schema_ = false;
  std::optional<std::string> setup_error_;
  std::vector<ConformanceResult> results_;
};

}  // namespace

const std::vector<std::pair<const char*, const char*>>& ConformanceTests() {
  static const std::vector<std::pair<const char*, const char*>> kNames = {
      {"connect", "connection"},          {"create_table", "ddl"},
      {"drop_table", "ddl"},              {"create_catalog", "ddl"},
      {"create_schema", "ddl"},           {"insert_into", "dml"},
      {"merge_into", "dml"},              {"describe_table", "query"},
      {"table_exists_true", "query"},     {"table_exists_false", "query"},
      {"execute_query", "query"},         {"type_string", "types"},
      {"type_integer", "types"},          {"type_float", "types"},
      {"type_boolean", "types"},          {"type_date", "types"},
      {"type_timestamp", "types"},        {"type_null", "types"},
      {"format_table_ref", "dialect"},    {"watermark_where", "dialect"},
      {"row_hash", "dialect"},            {"set_tags", "governance"},
      {"get_grants", "governance"},       {"batch_row_counts", "batchchecks"},
      {"batch_freshness", "batchchecks"}, {"discover", "discovery"}};
  return kNames;
}

std::vector<ConformanceResult> Suite::Unavailable(const ConformanceTarget& t) {
  std::vector<ConformanceResult> out;
  for (const auto& [name, category] : ConformanceTests())
    out.push_back({name, category, "failed", "setup failed: " + t.open_error, 0});
  return out;
}

std::vector<ConformanceResult> RunConformance(const ConformanceTarget& target) {
  if (!target.warehouse) return Suite::Unavailable(target);
  return Suite(target).Run();
}

std::string ConformanceText(const std::string& adapter,
                            const std::vector<ConformanceResult>& results) {
  std::string out = fmt::format("Adapter Conformance: {} (SDK {})\n{}\n", adapter, kSdkVersion,
                                std::string(50, '='));
  int passed = 0, failed = 0, skipped = 0;
  std::string category;
  for (const auto& r : results) {
    if (r.category != category) {
      category = r.category;
      out += "\n" + category + "\n";
    }
    if (r.status == "passed") {
      ++passed;
      out += fmt::format("  + {} ({} ms)\n", r.name, r.duration_ms);
    } else if (r.status == "failed") {
      ++failed;
      out += fmt::format("  X {} FAILED: {}\n", r.name, r.message);
    } else {
      ++skipped;
      out += fmt::format("  - {} SKIPPED ({})\n", r.name, r.message);
    }
  }
  out += fmt::format("\nResult: {} passed, {} failed, {} skipped\n", passed, failed, skipped);
  return out;
}

Json ConformanceJson(const std::string& adapter, const std::vector<ConformanceResult>& results) {
  int64_t passed = 0, failed = 0, skipped = 0;
  Json list = Json::Array();
  for (const auto& r : results) {
    if (r.status == "passed") ++passed;
    else if (r.status == "failed") ++failed;
    else ++skipped;
    Json item = Json::Object().Set("name", r.name).Set("category", r.category).Set("status", r.status);
    if (!r.message.empty() && r.status != "passed") item.Set("message", r.message);
    list.Push(item.Set("duration_ms", r.duration_ms));
  }
  return Json::Object()
      .Set("adapter", adapter)
      .Set("sdk_version", kSdkVersion)
      .Set("tests_run", static_cast<int64_t>(results.size()))
      .Set("tests_passed", passed)
      .Set("tests_failed", failed)
      .Set("tests_skipped", skipped)
      .Set("results", std::move(list));
}

}  // namespace rocky::sdk
