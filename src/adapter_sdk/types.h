#pragma once
// Data types shared by every adapter interface (adapter SDK 1.0.0).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rocky::sdk {

inline constexpr const char* kSdkVersion = "1.0.0";

struct TableRef {
  std::string catalog;  // empty: two-part name
  std::string schema;
  std::string table;
  /// Dotted name, the catalog left out when empty. Not validated: use the dialect for SQL.
  std::string FullName() const;
  bool operator==(const TableRef&) const = default;
};

struct ColumnInfo {
  std::string name;
  std::string data_type;
  bool nullable = true;
  bool operator==(const ColumnInfo&) const = default;
};

/// A cell: null | bool | int64 | double | string (dates, timestamps and decimals arrive as text).
using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;
/// Text form of a cell ("" for null, "true"/"false", shortest round-trip numbers).
std::string ValueToString(const Value& v);
inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

struct ExecResult {
  std::optional<int64_t> rows_affected;
  std::optional<std::string> statement_id;
};

/// One generated statement. `purpose` is a plan purpose (create_schema, full_refresh_copy, …);
/// `target` the dotted table it acts on; `idempotent` false for plain INSERT/UPDATE/MERGE.
struct Statement {
  std::string purpose;
  std::string target;
  std::string sql;
  bool idempotent = true;
};

struct DiscoveredTable {
  std::string name;
  std::optional<int64_t> row_count;
};

struct DiscoveredSource {
  std::string id;
  std::string schema;
  std::string source_type;
  std::optional<std::string> last_sync_at;  // RFC 3339
  std::vector<DiscoveredTable> tables;
};

enum class Permission { kBrowse, kUseCatalog, kUseSchema, kSelect, kModify, kManage };
/// "BROWSE", "USE CATALOG", …
const char* PermissionName(Permission p);
std::optional<Permission> ParsePermission(std::string_view text);

struct Grant {
  std::string principal;
  Permission permission = Permission::kSelect;
  std::string target;  // "catalog" or "catalog.schema"
};

enum class TagTarget { kCatalog, kSchema, kTable };

/// A metadata column appended to replicated rows: CAST(<value> AS <type>) AS <name>.
struct MetadataColumn {
  std::string name;
  std::string type;
  std::string value;  // raw SQL from configuration
};

}  // namespace rocky::sdk
