#pragma once
// Snowflake access control and tagging, which DuckDB cannot run, kept as emulator state:
//   GRANT <privilege>[, …] ON DATABASE|SCHEMA|TABLE|VIEW|WAREHOUSE <name>
//         | ON ALL|FUTURE TABLES|VIEWS IN SCHEMA <d.s> | IN DATABASE <d>
//         TO ROLE|DATABASE ROLE|SHARE|USER <grantee> [WITH GRANT OPTION]
//   REVOKE [GRANT OPTION FOR] <privilege>[, …] ON … FROM … [CASCADE|RESTRICT]
//   SHOW GRANTS ON <type> <name> | SHOW GRANTS TO ROLE <r> | SHOW FUTURE GRANTS IN SCHEMA <d.s>
//     → rows (created_on, privilege, granted_on, name, granted_to, grantee_name, grant_option,
//       granted_by): privilege in column 1, grantee in column 5
//   ALTER DATABASE|SCHEMA|TABLE|VIEW [IF EXISTS] <name> SET TAG k = 'v' [, …] | UNSET TAG k [, …]
//   CREATE [OR REPLACE] TAG [IF NOT EXISTS] <name> [ALLOWED_VALUES …] [COMMENT = …]; DROP TAG
// Names are resolved as Snowflake does (unquoted parts upper-cased, missing database and schema
// taken from the session) against the catalog, which must hold the object. `ALL TABLES IN
// SCHEMA` grants on every table there now; `FUTURE` grants are kept apart (SHOW FUTURE GRANTS).
// A tag must have been created (or given to the emulator) before it is set. Every statement
// handled, failed or not, is recorded. Thread-safe.

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/common/sql_tokens.h"
#include "emulators/snowflake/sql_errors.h"

namespace rocky::emulator::snowflake {

struct GovernanceRecord {
  std::string action;        // GRANT, REVOKE, SHOW GRANTS, SET TAG, UNSET TAG, CREATE TAG, DROP TAG
  std::string object_type;   // DATABASE, SCHEMA, TABLE, VIEW, WAREHOUSE, ROLE, TAG
  std::string object_key;    // the resolved dotted name
  std::string grantee_type;  // ROLE, DATABASE ROLE, SHARE, USER
  std::string grantee;
  std::vector<std::string> privileges;      // upper-case, single-spaced: "MANAGE GRANTS"
  std::map<std::string, std::string> tags;  // SET TAG; UNSET TAG maps each key to ""
  std::string sql;                          // the statement as submitted
  bool ok = true;
};

struct GrantRow {
  int64_t created_ms = 0;
  std::string privilege;
  std::string granted_on;  // DATABASE, SCHEMA, TABLE, …
  std::string name;        // the object's dotted name
  std::string granted_to;  // ROLE, …
  std::string grantee_name;
  bool grant_option = false;
  std::string granted_by;
  bool future = false;  // a FUTURE grant: `name` is the schema or database
};

class Governance {
 public:
  /// What Governance asks of the catalog.
  struct Catalog {
    /// Resolves the name `parts` of an object of `type` (DATABASE, SCHEMA, TABLE, VIEW) against
    /// the session: its dotted name as the catalog holds it, or the error for a missing object.
    std::function<std::expected<std::string, StatementError>(std::string_view type,
                                                             const std::vector<std::string>& parts)>
        resolve;
    /// The dotted names of the tables (or views) in a resolved schema, or database.
    std::function<std::vector<std::string>(std::string_view container_type,
                                           std::string_view container, bool views)>
        list;
  };

  struct Outcome {
    std::optional<StatementError> error;
    bool has_rows = false;  // SHOW GRANTS
    bool future_rows = false;
    std::vector<GrantRow> rows;
    std::string status = "Statement executed successfully.";
  };

  /// Tags that exist from the start (upper-case names).
  explicit Governance(std::vector<std::string> tags = {});

  /// Whether `st` is one of the statements above.
  static bool Handles(const SqlStatement& st);

  /// Runs a statement for which Handles is true, as `role` (granted_by).
  Outcome Run(const SqlStatement& st, std::string_view sql, const Catalog& catalog,
              std::string_view role);

  std::vector<GovernanceRecord> records() const;
  /// Direct grants on an object (type DATABASE, SCHEMA, TABLE, VIEW; key case-insensitive),
  /// ordered by grantee then privilege.
  std::vector<GrantRow> Grants(std::string_view type, std::string_view key) const;
  /// Future grants in a schema or database.
  std::vector<GrantRow> FutureGrants(std::string_view key) const;
  /// Tags set on an object.
  std::map<std::string, std::string> Tags(std::string_view type, std::string_view key) const;
  /// Every grant, direct and future, in the order they were made.
  std::vector<GrantRow> AllGrants() const;
  /// Every object's tags, keyed by "TYPE KEY".
  std::map<std::string, std::map<std::string, std::string>> AllTags() const;

 private:
  Outcome Apply(const SqlStatement& st, std::string_view sql, GovernanceRecord& record,
                const Catalog& catalog, std::string_view role);
  Outcome ApplyGrant(const SqlStatement& st, std::string_view sql, GovernanceRecord& record,
                     const Catalog& catalog, std::string_view role);
  Outcome ApplyShowGrants(const SqlStatement& st, std::string_view sql, GovernanceRecord& record,
                          const Catalog& catalog);
  Outcome ApplyTag(const SqlStatement& st, std::string_view sql, GovernanceRecord& record,
                   const Catalog& catalog);
  Outcome ApplyTagDdl(const SqlStatement& st, std::string_view sql, GovernanceRecord& record);

  mutable std::mutex mu_;
  std::vector<GrantRow> grants_;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> tags_;
  std::set<std::string> tag_names_;
  std::vector<GovernanceRecord> records_;
};

}  // namespace rocky::emulator::snowflake
