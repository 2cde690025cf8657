#include "cli/adapter_templates.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace rocky::cli {

namespace {

// Templates spell the adapter's name `@name@` (as given: foo_db) and `@Name@` (its C++ type
// prefix: FooDb), so C++, CMake and Python braces need no escaping.

constexpr std::string_view kCMakeLists =
    R"tmpl(# The @name@ adapter, written by `rocky init-adapter @name@` (README.md says what comes next).
# It builds two ways:
#  - inside a Rocky checkout, with Rocky: Rocky's CMakeLists.txt adds every adapters/*/ that has
#    a CMakeLists.txt, so `make build` builds it and `cd build && ctest -R @name@_` tests it;
#  - stand-alone, against a Rocky build tree (ROCKY_BUILD_DIR, default ../../build):
#      cmake -S adapters/@name@ -B build-@name@ -G Ninja -DROCKY_BUILD_DIR=$PWD/build
#      cmake --build build-@name@ && (cd build-@name@ && ctest --output-on-failure)
cmake_minimum_required(VERSION 3.25)
project(rocky_adapter_@name@ LANGUAGES CXX)

if(PROJECT_IS_TOP_LEVEL)
  set(CMAKE_CXX_STANDARD 23)
  set(CMAKE_CXX_STANDARD_REQUIRED ON)
  set(CMAKE_CXX_EXTENSIONS OFF)
  if(NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE RelWithDebInfo)
  endif()
  find_program(CCACHE_PROGRAM ccache)
  if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  endif()
  add_compile_options(-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
  set(ROCKY_BUILD_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../../build CACHE PATH
      "The Rocky build tree whose SDK libraries this adapter links")
  # Rocky's build tree exports rocky_adapter_sdk, rocky_sql and rocky_base (RockyConfig.cmake).
  find_package(Rocky 1.0 REQUIRED CONFIG PATHS ${ROCKY_BUILD_DIR} NO_DEFAULT_PATH)
  find_package(GTest REQUIRED)
  enable_testing()
endif()

add_library(rocky_adapters_@name@ STATIC
  @name@_manifest.cc @name@_dialect.cc @name@_type_mapper.cc @name@_warehouse.cc)
# Includes are rooted at the checkout, as Rocky's are at src/: "adapters/@name@/@name@_warehouse.h".
target_include_directories(rocky_adapters_@name@ PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/../..)
target_link_libraries(rocky_adapters_@name@ PUBLIC rocky_adapter_sdk)

# Rocky's conformance suite (`rocky test-adapter`) against this adapter: see kImplemented in the test.
add_executable(@name@_conformance_test @name@_conformance_test.cc)
target_link_libraries(@name@_conformance_test PRIVATE rocky_adapters_@name@ GTest::gtest
                      GTest::gtest_main)
add_test(NAME @name@_conformance_test COMMAND @name@_conformance_test)
)tmpl";

constexpr std::string_view kManifestH = R"tmpl(#pragma once
// What the @name@ adapter declares about itself (adapters.md §1, AdapterManifest).

#include "adapter_sdk/manifest.h"

namespace rocky::adapters::@name@ {

/// Name @name@, version 0.1.0, SDK 1.0.0, dialect ansi, the warehouse role and no other
/// capability. Declare a capability (create_schema, merge, batch_checks, …) once the code behind
/// it passes its conformance test: the suite runs the gated tests only then.
sdk::AdapterManifest @Name@Manifest();

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kManifestCc = R"tmpl(#include "adapters/@name@/@name@_manifest.h"

#include "adapter_sdk/types.h"

namespace rocky::adapters::@name@ {

sdk::AdapterManifest @Name@Manifest() {
  sdk::AdapterManifest m;
  m.name = "@name@";
  m.version = "0.1.0";
  m.sdk_version = sdk::kSdkVersion;
  m.dialect = "ansi";  // the SQL of @Name@Dialect's base class
  m.capabilities.warehouse = true;
  // TODO(@name@): the credentials @name@ accepts ("token", "key_pair", …).
  m.auth_methods = {};
  // TODO(@name@): the settings @Name@Warehouse reads (host, database, …), as a JSON Schema.
  m.config_schema = Json::Object()
                        .Set("$schema", "https://json-schema.org/draft/2020-12/schema")
                        .Set("title", "@name@ adapter")
                        .Set("type", "object")
                        .Set("properties", Json::Object());
  return m;
}

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kDialectH = R"tmpl(#pragma once
// How @name@ spells Rocky's SQL (adapters.md §2). It starts as the SDK's `ansi` dialect: generic
// SQL, no catalogs or schemas to create, no sampling, no MERGE, no partition replacement.
// Override what @name@ spells differently: adapter_sdk/sql_dialect.h states each method's
// contract and the generic SQL it writes by default (CREATE OR REPLACE TABLE … AS, INSERT INTO,
// DROP TABLE IF EXISTS, ALTER TABLE, DELETE FROM, views).

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::adapters::@name@ {

class @Name@Dialect final : public sdk::AnsiDialect {
 public:
  /// None yet. TODO(@name@): `CREATE SCHEMA IF NOT EXISTS c.s` (sdk::SqlDialect's) once @name@
  /// has schemas Rocky may create; then declare create_schema in @name@_manifest.cc.
  Result<std::optional<std::string>> CreateSchemaSql(std::string_view catalog,
                                                     std::string_view schema) const override;
  /// ANSI's `MD5(CONCAT(COALESCE(CAST(c1 AS VARCHAR), '\N'), '|', …))`.
  /// TODO(@name@): @name@'s hash and concatenation functions, if it lacks these.
  Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const override;
  /// `TIMESTAMP '…'`, `DATE '…'`, numbers as they are, strings quoted.
  /// TODO(@name@): @name@'s literal syntax, if it differs.
  std::string Literal(sdk::LiteralKind kind, std::string_view value) const override;
  // TODO(@name@): MergeInto (then declare merge), TablesampleClause (tablesample),
  // InsertOverwritePartition, SupportsStrategy and CanAlter, as @name@ allows.
};

/// The one instance @Name@Warehouse::Dialect() hands out.
const @Name@Dialect& @Name@SqlDialect();

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kDialectCc = R"tmpl(#include "adapters/@name@/@name@_dialect.h"

namespace rocky::adapters::@name@ {

Result<std::optional<std::string>> @Name@Dialect::CreateSchemaSql(std::string_view catalog,
                                                                std::string_view schema) const {
  return sdk::AnsiDialect::CreateSchemaSql(catalog, schema);
}

Result<std::string> @Name@Dialect::RowHashExpr(const std::vector<std::string>& columns) const {
  return sdk::AnsiDialect::RowHashExpr(columns);
}

std::string @Name@Dialect::Literal(sdk::LiteralKind kind, std::string_view value) const {
  return sdk::AnsiDialect::Literal(kind, value);
}

const @Name@Dialect& @Name@SqlDialect() {
  static const @Name@Dialect dialect;
  return dialect;
}

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kTypeMapperH = R"tmpl(#pragma once
// @name@'s column types in Rocky's words (adapters.md §1, TypeMapper). Drift detection and the
// conformance suite compare type text after normalisation, so @Name@Warehouse::DescribeTable
// reports each column's type through NormalizeType.

#include <string>
#include <string_view>

namespace rocky::adapters::@name@ {

class @Name@TypeMapper {
 public:
  /// sdk::NormalizeType (upper case, whitespace collapsed, STRING/TEXT→VARCHAR, INT→INTEGER,
  /// BOOL→BOOLEAN, DATETIME/TIMESTAMP_NTZ→TIMESTAMP, …, parameters kept), then @name@'s own
  /// aliases (kAliases in @name@_type_mapper.cc): `int64` → `BIGINT` once that alias is there.
  static std::string NormalizeType(std::string_view type);
  /// Equal after NormalizeType.
  static bool TypesCompatible(std::string_view a, std::string_view b);
};

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kTypeMapperCc = R"tmpl(#include "adapters/@name@/@name@_type_mapper.h"

#include <algorithm>
#include <functional>
#include <map>

#include "adapter_sdk/type_mapper.h"

namespace rocky::adapters::@name@ {

namespace {

// TODO(@name@): @name@'s type names that sdk::NormalizeType does not fold, upper case and
// without parameters: {"INT64", "BIGINT"}, {"FLOAT64", "DOUBLE"}, {"BYTES", "BLOB"}, …
const std::map<std::string, std::string, std::less<>> kAliases = {};

}  // namespace

std::string @Name@TypeMapper::NormalizeType(std::string_view type) {
  std::string t = sdk::NormalizeType(type);
  const size_t params = std::min(t.find('('), t.size());
  if (auto alias = kAliases.find(std::string_view(t).substr(0, params)); alias != kAliases.end())
    t = alias->second + t.substr(params);
  return t;
}

bool @Name@TypeMapper::TypesCompatible(std::string_view a, std::string_view b) {
  return NormalizeType(a) == NormalizeType(b);
}

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kWarehouseH = R"tmpl(#pragma once
// The @name@ warehouse role (adapters.md §1). Every method but Ping fails with "not implemented",
// naming the method to write in @name@_warehouse.cc. Write them one by one; after each, run
// @name@_conformance_test and add the tests that now pass to its kImplemented list. The runtime
// calls one adapter from several workers at once: keep it thread-safe.

#include <memory>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"

namespace rocky::adapters::@name@ {

class @Name@Warehouse final : public sdk::WarehouseAdapter {
 public:
  /// `config`: the adapter's settings (config_schema in @name@_manifest.cc).
  explicit @Name@Warehouse(Json config) : config_(std::move(config)) {}

  const sdk::SqlDialect& Dialect() const override;
  /// Runs one statement; rows_affected when @name@ reports it.
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override;
  /// Runs a query and reads every row (cells as sdk::Value: null, bool, int64, double, text).
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override;
  /// Runs statements in order, all or nothing when `transactional`.
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override;
  /// Columns in table order with types through @Name@TypeMapper::NormalizeType; empty when the
  /// table does not exist.
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override;
  /// Base tables of a schema, sorted by name.
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override;
  // TODO(@name@): DescribeSchema and SchemaExists, when @name@ answers them faster than the
  // SDK's defaults (ListTables, then DescribeTable for each table; information_schema.schemata).
  /// Succeeds without asking @name@: the stub has nothing to connect to. TODO(@name@): remove
  /// this override once ExecuteQuery works (the SDK's Ping runs `SELECT 1`), or make a cheaper
  /// round trip here.
  Result<void> Ping() override;

 private:
  Json config_;
};

/// Checks the settings and connects. TODO(@name@): fail with what is wrong, e.g. "adapter
/// @name@: host is missing", and open the connection (or the client) here.
Result<std::unique_ptr<@Name@Warehouse>> Open@Name@Warehouse(const Json& config);

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kWarehouseCc = R"tmpl(#include "adapters/@name@/@name@_warehouse.h"

#include "adapters/@name@/@name@_dialect.h"
#include "adapters/@name@/@name@_type_mapper.h"

namespace rocky::adapters::@name@ {

namespace {

// The error of a method that is not written yet: it says where to write it.
std::unexpected<Error> NotImplemented(std::string_view method) {
  return Fail(ErrorKind::kAdapter,
              "adapter @name@: {0} is not implemented yet (write @Name@Warehouse::{0} in "
              "adapters/@name@/@name@_warehouse.cc)",
              method);
}

}  // namespace

Result<std::unique_ptr<@Name@Warehouse>> Open@Name@Warehouse(const Json& config) {
  return std::make_unique<@Name@Warehouse>(config);
}

const sdk::SqlDialect& @Name@Warehouse::Dialect() const { return @Name@SqlDialect(); }

Result<sdk::ExecResult> @Name@Warehouse::ExecuteStatement(const sdk::Statement& statement) {
  return NotImplemented("ExecuteStatement");
}

Result<sdk::QueryResult> @Name@Warehouse::ExecuteQuery(std::string_view sql) {
  return NotImplemented("ExecuteQuery");
}

Result<std::vector<sdk::ExecResult>> @Name@Warehouse::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  // TODO(@name@): BEGIN … COMMIT on one connection; without transactions, run the statements in
  // sequence and make @Name@Dialect::TransactionalUnits() return false.
  return NotImplemented("ExecuteUnit");
}

Result<std::vector<sdk::ColumnInfo>> @Name@Warehouse::DescribeTable(const sdk::TableRef& ref) {
  // TODO(@name@): each column's type as @Name@TypeMapper::NormalizeType(<@name@'s type>).
  return NotImplemented("DescribeTable");
}

Result<std::vector<std::string>> @Name@Warehouse::ListTables(std::string_view catalog,
                                                            std::string_view schema) {
  return NotImplemented("ListTables");
}

Result<void> @Name@Warehouse::Ping() { return Ok(); }

}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kConformanceTest =
    R"tmpl(// Rocky's conformance suite (`rocky test-adapter`) against @Name@Warehouse, one GoogleTest case per
// suite test. A test named in kImplemented must pass; every other one is reported as skipped
// with the suite's verdict and reason ("failed: …" or "skipped: not supported"). When a method
// works, add the tests it makes pass to kImplemented: from then on they cannot regress.
//
// The warehouse opens with the JSON object in ROCKY_@NAME@_CONFIG (default {}):
//   ROCKY_@NAME@_CONFIG='{"host": "…"}' ./@name@_conformance_test
// Once @name@ is registered with Rocky, `rocky test-adapter --adapter NAME` runs the same suite.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/conformance.h"
#include "adapters/@name@/@name@_manifest.h"
#include "adapters/@name@/@name@_warehouse.h"

namespace rocky::adapters::@name@ {
namespace {

// The conformance tests @Name@Warehouse passes.
constexpr std::string_view kImplemented[] = {
    "connect",
};

bool Claimed(std::string_view test) {
  return std::ranges::find(kImplemented, test) != std::end(kImplemented);
}

Result<Json> ConfigFromEnvironment() {
  const char* text = std::getenv("ROCKY_@NAME@_CONFIG");
  if (text == nullptr) return Json::Object();
  auto config = Json::Parse(text);
  if (!config || !config->IsObject())
    return Fail(ErrorKind::kConfig, "ROCKY_@NAME@_CONFIG is not a JSON object");
  return config;
}

// The suite runs once, the first time a case asks; its report goes to stdout.
const std::vector<sdk::ConformanceResult>& Results() {
  static const std::vector<sdk::ConformanceResult> results = [] {
    sdk::ConformanceTarget target;
    target.name = "@name@";
    target.capabilities = @Name@Manifest().capabilities;
    std::unique_ptr<@Name@Warehouse> warehouse;
    if (auto config = ConfigFromEnvironment(); !config) {
      target.open_error = config.error().Text();
    } else if (auto opened = Open@Name@Warehouse(*config); !opened) {
      target.open_error = opened.error().Text();
    } else {
      warehouse = std::move(*opened);
      target.warehouse = warehouse.get();
    }
    auto out = sdk::RunConformance(target);
    std::cout << sdk::ConformanceText(target.name, out) << std::endl;
    if (warehouse) warehouse->Close();
    return out;
  }();
  return results;
}

class Conformance : public testing::TestWithParam<std::string_view> {};

TEST_P(Conformance, Test) {
  const std::string_view test = GetParam();
  const auto& results = Results();
  auto result = std::ranges::find(results, test, &sdk::ConformanceResult::name);
  ASSERT_NE(result, results.end()) << "the suite did not report " << test;
  if (Claimed(test)) {
    EXPECT_EQ(result->status, "passed")
        << test << " is in kImplemented but " << result->status << ": " << result->message;
    return;
  }
  if (result->status == "passed") GTEST_SKIP() << "passed: add it to kImplemented";
  ASSERT_FALSE(result->message.empty()) << test << " " << result->status << " without a reason";
  GTEST_SKIP() << result->status << ": " << result->message;
}

std::vector<std::string_view> SuiteTests() {
  std::vector<std::string_view> names;
  for (const auto& [name, category] : sdk::ConformanceTests()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(@Name@, Conformance, testing::ValuesIn(SuiteTests()),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace rocky::adapters::@name@
)tmpl";

constexpr std::string_view kReadme = R"tmpl(# The @name@ adapter

Written by `rocky init-adapter @name@`: a warehouse adapter in C++ on Rocky's adapter SDK
(the documentation site's guide "Writing an adapter"). Every warehouse method fails with "not implemented", naming the method to
write, except `Ping`; the conformance target passes `connect` and reports the other 25 tests
skipped, each with the suite's reason.

| file | fill in |
|---|---|
| `@name@_warehouse.cc` | `Open@Name@Warehouse` (settings, connection), then each method |
| `@name@_dialect.cc` | the SQL @name@ spells differently from ANSI |
| `@name@_type_mapper.cc` | @name@'s type names in Rocky's words (`kAliases`) |
| `@name@_manifest.cc` | version, auth methods, settings schema; a capability once its test passes |
| `@name@_conformance_test.cc` | `kImplemented`: the conformance tests that pass |

## Build and test

In a Rocky checkout, Rocky's `CMakeLists.txt` adds every `adapters/*/` with a `CMakeLists.txt`:

    make build && (cd build && ctest -R @name@_ --output-on-failure)

Stand-alone, against a Rocky build tree (`ROCKY_BUILD_DIR`, default `../../build`):

    cmake -S adapters/@name@ -B build-@name@ -G Ninja -DROCKY_BUILD_DIR=$PWD/build
    cmake --build build-@name@ && build-@name@/@name@_conformance_test

The conformance target opens the warehouse with the JSON object in `ROCKY_@NAME@_CONFIG`.

## Next steps

1. `Open@Name@Warehouse`: read the settings, connect; describe them in the manifest.
2. `ExecuteQuery`, then drop the `Ping` override (the SDK's runs `SELECT 1`); `ExecuteStatement`,
   `DescribeTable`, `ListTables`, `ExecuteUnit`. After each, run the conformance target and add
   what now passes to `kImplemented` (`create_table`, `insert_into`, `describe_table`, …).
3. The dialect and type mapper, until the `types` and `dialect` tests pass.
4. Declare capabilities (`create_schema`, `merge`, `tablesample`, …) with the code behind them;
   the suite then runs their tests too.

## Register it with Rocky

So that `[adapter.NAME]` with `type = "@name@"` works in `rocky.toml` (and
`rocky test-adapter --adapter NAME`):

- `src/config/config_loader.cc`: add `"@name@"` to `kAdapterTypes` and read its settings in
  `Loader::ReadAdapter` (a `config = {…}` table into `AdapterConfig::config`, as the `process`
  type does); `src/config/config.cc`: `CanBeWarehouse`.
- `src/adapters/registry.cc`: open it in `AdapterRegistry::Open` (keep it in `Entry`), return it
  from `Warehouse`, and its manifest's capabilities from `CapabilitiesOf`.
- `src/adapters/CMakeLists.txt`: link `rocky_adapters_@name@` into `rocky_adapters`;
  `tests/check_layers.py`: allow `adapters/@name@` for `adapters`.

Without registering it, a process adapter is the other way in: `rocky init-adapter NAME --process`.
)tmpl";

// A process adapter that speaks the protocol (adapters.md §6): it answers `initialize` with its
// manifest and `shutdown`, and fails every other method cleanly, naming what to implement.
constexpr std::string_view kProcessSkeleton = R"tmpl(#!/usr/bin/env python3
"""rocky-@name@: a Rocky process adapter (JSON-RPC 2.0 over stdio; the protocol is
in the documentation site's guide "Writing an adapter").

Rocky starts this program, writes one JSON request per line on its stdin and reads one JSON
response per line from its stdout. Log to stderr: Rocky passes it through to its own log.
Only `initialize` and `shutdown` work so far; every other method answers an error that says so.
Implement them one by one and run `rocky test-adapter --command adapters/@name@/rocky-@name@` after each.

  execute_statement {sql}                  -> {rows_affected?}
  execute_query     {sql}                  -> {columns: [name], rows: [[value]]}
  describe_table    {catalog, schema, table} -> {columns: [{name, data_type, nullable}]}
  table_exists      {catalog, schema, table} -> {exists}
  list_tables       {catalog, schema}        -> {tables: [name]}
"""
import json
import sys

MANIFEST = {
    "name": "@name@",
    "version": "0.1.0",
    "sdk_version": "1.0.0",
    "dialect": "ansi",
    "capabilities": {"warehouse": True},
    "auth_methods": [],
    "config_schema": {},
}


class Adapter:
    def initialize(self, params):
        self.config = params.get("config", {})
        return {"manifest": MANIFEST}

    def shutdown(self, params):
        return {}


def main():
    adapter = Adapter()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        method = request.get("method", "")
        reply = {"jsonrpc": "2.0", "id": request.get("id")}
        handler = getattr(adapter, method, None)
        if handler is None:
            reply["error"] = {"code": "not_implemented",
                              "message": f"rocky-@name@ does not implement '{method}' yet: "
                                         "add it to class Adapter in adapters/@name@/rocky-@name@"}
        else:
            try:
                reply["result"] = handler(request.get("params") or {})
            except Exception as e:  # a failure of this adapter, reported to Rocky
                reply["error"] = {"code": "adapter_error", "message": str(e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        if method == "shutdown":
            break


if __name__ == "__main__":
    main()
)tmpl";

// `foo_db` → `FooDb`.
std::string PascalCase(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

TemplateFile Fill(std::string path, std::string_view text, std::string_view name) {
  std::string content = ReplaceAll(text, "@name@", name);
  content = ReplaceAll(content, "@Name@", PascalCase(name));
  content = ReplaceAll(content, "@NAME@", ToUpper(name));
  return {ReplaceAll(path, "@name@", name), std::move(content)};
}

}  // namespace

std::optional<std::string> CppAdapterNameProblem(std::string_view name) {
  const bool lower_snake = !name.empty() && std::islower(static_cast<unsigned char>(name[0])) &&
                           std::all_of(name.begin(), name.end(), [](char c) {
                             return std::islower(static_cast<unsigned char>(c)) ||
                                    std::isdigit(static_cast<unsigned char>(c)) || c == '_';
                           });
  if (!lower_snake)
    return "a C++ adapter's name is its namespace and file prefix: use lower-case letters, digits "
           "and _, starting with a letter";
  // Built-in adapters and the libraries beside them: their targets and namespaces exist.
  for (std::string_view taken :
       {"duckdb", "databricks", "snowflake", "fivetran", "manual", "process", "http"})
    if (name == taken) return "Rocky has a built-in '" + std::string(name) + "' already";
  static constexpr std::string_view kKeywords[] = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      // Namespaces the adapter's code names from inside rocky::adapters::<name>.
      "std", "rocky", "adapters", "sdk", "sql", "config", "fmt", "testing"};
  if (std::ranges::find(kKeywords, name) != std::end(kKeywords))
    return "'" + std::string(name) + "' is a C++ keyword or a namespace the adapter's code uses";
  return std::nullopt;
}

std::vector<TemplateFile> CppAdapterTemplate(std::string_view name) {
  return {Fill("CMakeLists.txt", kCMakeLists, name),
          Fill("README.md", kReadme, name),
          Fill("@name@_manifest.h", kManifestH, name),
          Fill("@name@_manifest.cc", kManifestCc, name),
          Fill("@name@_warehouse.h", kWarehouseH, name),
          Fill("@name@_warehouse.cc", kWarehouseCc, name),
          Fill("@name@_dialect.h", kDialectH, name),
          Fill("@name@_dialect.cc", kDialectCc, name),
          Fill("@name@_type_mapper.h", kTypeMapperH, name),
          Fill("@name@_type_mapper.cc", kTypeMapperCc, name),
          Fill("@name@_conformance_test.cc", kConformanceTest, name)};
}

std::vector<TemplateFile> ProcessAdapterTemplate(std::string_view name) {
  return {Fill("rocky-@name@", kProcessSkeleton, name)};
}

}  // namespace rocky::cli
