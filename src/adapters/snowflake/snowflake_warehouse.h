#pragma once
// The Snowflake warehouse role (adapters.md §1, §4) over the SQL API statement client: statements
// with `stats` as rows affected, queries with jsonv2 cells typed by their rowType, transactional
// units as one multi-statement request, and metadata from `<db>.INFORMATION_SCHEMA`. Snowflake
// folds unquoted identifiers to upper case, so names are compared upper-cased. Thread-safe.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/batch_checks.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "adapters/snowflake/snowflake_statements.h"

namespace rocky::adapters::snowflake {

/// A jsonv2 cell as a Value by its column: fixed → int64 (scale 0) or double; real → double;
/// boolean → bool; date (days since the epoch) → `YYYY-MM-DD`; timestamp_ntz/ltz/tz (seconds
/// since the epoch with a fraction, tz with its offset after a space) → `YYYY-MM-DD
/// HH:MM:SS[.ffffff]` in UTC; time (seconds since midnight) → `HH:MM:SS[.ffffff]`; everything
/// else stays the string sent. NULL → monostate.
sdk::Value ConvertSnowflakeCell(const std::optional<std::string>& cell,
                                const SnowflakeColumn& column);

class SnowflakeWarehouse final : public sdk::WarehouseAdapter, public sdk::BatchCheckAdapter {
 public:
  explicit SnowflakeWarehouse(std::unique_ptr<SnowflakeApi> api);

  const sdk::SqlDialect& Dialect() const override { return dialect_; }
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override;
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override;
  /// `transactional`: one multi-statement request inside BEGIN … COMMIT with
  /// TRANSACTION_ABORT_ON_ERROR, so a failure leaves nothing behind.
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override;
  /// From `<db>.INFORMATION_SCHEMA.COLUMNS`, in ordinal order (NUMBER with its precision and
  /// scale); empty when the table does not exist.
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override;
  Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DescribeSchema(
      std::string_view catalog, std::string_view schema) override;
  /// One INFORMATION_SCHEMA query for the schemas; results keyed as given.
  Result<std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>>>
  DescribeSchemas(std::string_view catalog, const std::vector<std::string>& schemas) override;
  /// Base tables, sorted.
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override;
  Result<std::map<std::string, std::vector<std::string>>> ListTablesOf(
      std::string_view catalog, const std::vector<std::string>& schemas) override;
  Result<bool> SchemaExists(std::string_view catalog, std::string_view schema) override;
  void CancelAll() override { statements_.CancelAll(); }

  // sdk::BatchCheckAdapter: ≤ 200 tables per UNION ALL.
  Result<std::vector<sdk::TableCount>> BatchRowCounts(
      const std::vector<sdk::TableRef>& tables) override;
  Result<std::vector<sdk::TableFreshness>> BatchFreshness(const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) override;

  /// Which credential is used, never the secret (for `rocky doctor`).
  std::string CredentialSource() const { return api_->CredentialSource(); }
  SnowflakeApi& api() { return *api_; }
  SnowflakeStatements& statements() { return statements_; }

 private:
  /// Rows of `SELECT TABLE_SCHEMA, <select> FROM <db>.INFORMATION_SCHEMA.<view> WHERE
  /// TABLE_SCHEMA IN (<schemas upper-cased>)<rest>` and the caller's spelling of each schema.
  struct SchemaRows {
    std::map<std::string, std::string> given;  // upper-case → as given
    sdk::QueryResult rows;
    const std::string* SchemaOf(const std::vector<sdk::Value>& row) const;
  };
  Result<SchemaRows> QuerySchemas(std::string_view catalog, const std::vector<std::string>& schemas,
                                  std::string_view select, std::string_view view,
                                  std::string_view rest);
  std::string Literal(std::string_view s) const {
    return dialect_.Literal(sdk::LiteralKind::kString, s);
  }

  std::unique_ptr<SnowflakeApi> api_;
  SnowflakeStatements statements_;
  SnowflakeDialect dialect_;
};

}  // namespace rocky::adapters::snowflake
