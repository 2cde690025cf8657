#pragma once
// Seeds (cli.md §5, `rocky seed`): a CSV file, plus an optional `<stem>.toml` sidecar, becomes a
// typed table. Pure parts only — reading, type inference and statement generation — so `rocky
// seed` and the local test engine share them; executing the statements is the caller's job.
//
// CSV format (RFC 4180): the first record is the header; fields are separated by `,`; records
// end with CRLF, LF or a lone CR; a field may be quoted with `"`, and a quoted field may hold
// commas, line breaks and doubled quotes (`""` → `"`). A UTF-8 byte order mark is skipped, and
// so are blank lines. An empty unquoted cell is NULL; a quoted empty cell (`""`) is the empty
// string. Header names are trimmed of surrounding spaces; values are kept exactly as written.
//
// Type inference looks at every non-NULL value of a column and takes the first of BIGINT,
// DOUBLE, BOOLEAN (`true`/`false`, any case), DATE (`YYYY-MM-DD`) and TIMESTAMP
// (`YYYY-MM-DD[ T]HH:MM:SS[.f][Z]`) that accepts all of them, else the dialect's string type. An
// all-NULL column is a string column. Numbers with a redundant leading zero (`007`, `-01.5`)
// are not numbers: they are codes (zip codes, account numbers) whose zeros must survive.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::config {
struct DeclaredKey;  // config/toml_document.h
}  // namespace rocky::config

namespace rocky::project {

/// The default target schema of seeds.
inline constexpr std::string_view kDefaultSeedSchema = "seeds";
/// Rows per INSERT statement.
inline constexpr size_t kSeedInsertBatch = 1000;

// ---- CSV -------------------------------------------------------------------------------------

/// A parsed CSV file: the header and the data records (every record as wide as the header).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt: an empty cell (NULL)
};

/// Parses CSV text (format above). `file` names the input in messages:
/// `seeds/x.csv:4: row has 3 fields but the header has 2`,
/// `seeds/x.csv:2: unterminated quoted field (opened on line 2)`,
/// `seeds/x.csv:3: unexpected 'b' after a closing quote; a quote inside a quoted field must be
/// doubled ("")`, `seeds/x.csv: the file is empty; a seed needs a header row`.
Result<CsvTable> ParseCsv(std::string_view text, std::string_view file);

// ---- Types -----------------------------------------------------------------------------------

/// The inferred column types, in inference order.
enum class SeedType { kBigint, kDouble, kBoolean, kDate, kTimestamp, kString };

/// "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "STRING" (the generic name).
const char* SeedTypeName(SeedType type);

/// Whether `value` (a non-NULL cell) can be a value of `type`. Every value is a kString value.
bool SeedValueHasType(std::string_view value, SeedType type);

/// The first type of the inference order that accepts every non-NULL value of column `column`.
SeedType InferSeedType(const CsvTable& table, size_t column);

/// The dialect's type for unbounded text: STRING on Databricks, VARCHAR elsewhere.
std::string_view SeedStringType(const sdk::SqlDialect& dialect);

// ---- Seed tables -----------------------------------------------------------------------------

/// What a `<stem>.toml` sidecar may say. Every field is optional.
struct SeedOptions {
  std::optional<std::string> name;     // the seed's name; default: the file stem
  std::optional<std::string> catalog;  // target.catalog ("" = two-part names)
  std::optional<std::string> schema;   // target.schema
  std::optional<std::string> table;    // target.table
  /// `column_types = {col = "TYPE"}`: declared types that replace inference, in file order.
  std::vector<std::pair<std::string, std::string>> column_types;
};

/// A sidecar read: the options, and the unknown-key warnings (`FILE:LINE: unknown key …`).
struct SeedSidecar {
  SeedOptions options;
  std::vector<std::string> warnings;
};

/// Reads sidecar TOML text. Errors (wrong types, invalid identifiers or type strings) are joined
/// with "; ", each as `FILE:LINE: message`.
/// With `declared_keys`, the keys the reader declares are appended there (tests of the reference).
Result<SeedSidecar> ParseSeedSidecar(std::string_view text, const std::string& file,
                                     std::vector<config::DeclaredKey>* declared_keys = nullptr);
/// Reads `path`; a missing file is not an error here (the caller checks whether it exists).
Result<SeedSidecar> ReadSeedSidecar(const std::string& path);

struct SeedColumn {
  std::string name;
  SeedType type = SeedType::kString;         // inferred (also when a type is declared)
  std::optional<std::string> declared_type;  // from column_types
};

/// A seed ready for statement generation.
struct SeedTable {
  std::string name;                    // options.name, else the file stem
  std::string path;                    // the CSV file as given
  std::optional<std::string> catalog;  // from the sidecar; nullopt: the caller's default
  std::optional<std::string> schema;   // from the sidecar; nullopt: kDefaultSeedSchema
  std::string table;                   // target.table, else the name
  std::vector<SeedColumn> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  /// The target: the sidecar's catalog, else `default_catalog`; the sidecar's schema, else
  /// `seeds`; the table.
  sdk::TableRef Target(std::string_view default_catalog) const;
};

/// Builds a seed from parsed CSV. Checks every header name, the seed name, the target names and
/// the declared types (sql/identifier.h), rejects duplicate column names (case-insensitively)
/// and column_types entries naming no column, then infers the column types. Messages start with
/// `path` and say what to change.
Result<SeedTable> MakeSeedTable(CsvTable csv, const SeedOptions& options, std::string_view stem,
                                const std::string& path);

/// Reads and parses the CSV file at `path` and builds the seed (the stem comes from the path).
Result<SeedTable> ReadSeedCsv(const std::string& path, const SeedOptions& options = {});

/// The SQL that (re)creates the seed at `target`, in order: the dialect's CREATE SCHEMA IF NOT
/// EXISTS (purpose "create_schema"; left out when the dialect has none), `CREATE OR REPLACE
/// TABLE T (c1 TYPE, …)` ("seed_table"), then `INSERT INTO T (c1, …) VALUES\n(…),\n(…)` with at
/// most `batch` rows each ("seed_rows", not idempotent). Values are typed literals of the
/// dialect (`DATE '…'`, `TIMESTAMP '…'`, quoted strings), `CAST('…' AS TYPE)` for declared
/// types, and NULL for empty cells. Fails on a name the identifier check rejects.
Result<std::vector<sdk::Statement>> SeedStatements(const SeedTable& seed,
                                                   const sdk::SqlDialect& dialect,
                                                   const sdk::TableRef& target,
                                                   size_t batch = kSeedInsertBatch);

}  // namespace rocky::project
