#pragma once
// Unity Catalog governance statements, which DuckDB cannot run, kept as emulator state:
//   GRANT <privilege>[, …] ON CATALOG|SCHEMA|DATABASE|TABLE|VIEW <name> TO <principal>
//   REVOKE <privilege>[, …] ON … FROM <principal>
//   SHOW GRANTS [<principal>] ON … → rows (principal, actionType, objectType, objectKey)
//   ALTER CATALOG|SCHEMA|TABLE|VIEW <name> SET TAGS ('k' = 'v', …) | UNSET TAGS ('k', …)
// Object keys are lower-cased dotted names; principals keep their spelling and compare
// case-insensitively. SHOW GRANTS lists only direct grants on the object (no inherited rows).
// Every statement handled, failed or not, is recorded. Thread-safe.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/common/sql_tokens.h"

namespace rocky::emulator::databricks {

struct GovernanceRecord {
  std::string action;                       // GRANT, REVOKE, SHOW GRANTS, SET TAGS, UNSET TAGS
  std::string object_type;                  // CATALOG, SCHEMA, TABLE
  std::string object_key;                   // lower-case dotted name
  std::string principal;                    // GRANT, REVOKE, SHOW GRANTS <principal>
  std::vector<std::string> privileges;      // upper-case, single-spaced: "USE CATALOG"
  std::map<std::string, std::string> tags;  // SET TAGS; UNSET TAGS maps each key to ""
  std::string sql;                          // the statement as submitted
  bool ok = true;
};

struct GrantRow {
  std::string principal;
  std::string action_type;
  std::string object_type;
  std::string object_key;
};

class Governance {
 public:
  /// Checks that an object exists: (object type, name parts) → an error message, or nullopt.
  using ExistsCheck =
      std::function<std::optional<std::string>(std::string_view, const std::vector<std::string>&)>;

  struct Outcome {
    std::optional<std::string> error;  // a Databricks-style "[CLASS] message"
    bool has_rows = false;             // SHOW GRANTS
    std::vector<GrantRow> rows;
  };

  /// Whether `st` is one of the statements above.
  static bool Handles(const SqlStatement& st);

  /// Runs a statement for which Handles is true.
  Outcome Run(const SqlStatement& st, std::string_view sql, const ExistsCheck& exists);

  std::vector<GovernanceRecord> records() const;
  /// Direct grants on an object, ordered by principal then privilege.
  std::vector<GrantRow> Grants(std::string_view object_type, std::string_view object_key) const;
  std::map<std::string, std::string> Tags(std::string_view object_type,
                                          std::string_view object_key) const;

 private:
  Outcome Apply(const SqlStatement& st, GovernanceRecord& record, const ExistsCheck& exists);
  std::vector<GrantRow> GrantsLocked(const std::string& type, const std::string& key) const;

  mutable std::mutex mu_;
  std::vector<GrantRow> grants_;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> tags_;
  std::vector<GovernanceRecord> records_;
};

}  // namespace rocky::emulator::databricks
