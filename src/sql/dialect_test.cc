// Dialect differences as data (tests/sql/dialects/<dialect>.sql): every statement of a dialect's
// file parses and round-trips in that dialect, and each of the other engines rejects it or reads
// it as a different tree.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sql/parser.h"
#include "sql/roundtrip.h"
#include "sql/tree_equal.h"

namespace rocky::sql {
namespace {

std::vector<std::string> ReadStatements(const std::string& name) {
  std::ifstream in(std::string(ROCKY_SQL_TEST_DIR) + "/dialects/" + name + ".sql");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line.rfind("--", 0) != 0) out.push_back(line);
  return out;
}

void CheckDialect(const Dialect& own) {
  std::vector<std::string> statements = ReadStatements(std::string(own.name));
  EXPECT_GE(statements.size(), 40u);
  for (const std::string& sql : statements) {
    auto mine = Parse(sql, own);
    if (!mine->ok() || mine->statements().size() != 1) {
      ADD_FAILURE() << own.name << " rejects its own statement: " << sql << "\n  "
                    << (mine->diagnostics().empty() ? "" : mine->diagnostics()[0].message);
      continue;
    }
    const Statement* tree = mine->statements()[0].tree;
    RoundTripResult r = CheckRoundTrip(*mine, *tree);
    EXPECT_TRUE(r.ok) << own.name << ": " << sql << "\n  " << r.message << "\n  " << r.printed;
    for (const Dialect* other : AllDialects()) {
      if (other == &own || other->id == DialectId::kGeneric) continue;
      auto theirs = Parse(sql, *other);
      bool same = theirs->ok() && theirs->statements().size() == 1 &&
                  TreeEqual(*mine, tree, *theirs, theirs->statements()[0].tree);
      EXPECT_FALSE(same) << other->name << " accepts the " << own.name << "-only statement " << sql;
    }
  }
}

TEST(DialectTest, DuckDbOnly) { CheckDialect(DuckDbDialect()); }
TEST(DialectTest, DatabricksOnly) { CheckDialect(DatabricksDialect()); }
TEST(DialectTest, SnowflakeOnly) { CheckDialect(SnowflakeDialect()); }

}  // namespace
}  // namespace rocky::sql
