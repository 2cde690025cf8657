#include "lang/sql_names.h"

#include <gtest/gtest.h>

#include "base/strings.h"
#include "lang/lower.h"
#include "sql/keywords.h"
#include "sql/parser.h"

namespace rocky::lang {
namespace {

TEST(SqlNames, OrdinaryWordsAndCommonKeywordsStayBare) {
  for (const sql::Dialect* d : sql::AllDialects()) {
    EXPECT_FALSE(IdentNeedsQuotes("amount", *d));
    EXPECT_FALSE(IdentNeedsQuotes("name", *d)) << d->name;
    EXPECT_FALSE(FunctionNeedsQuotes("SUM", *d));
    EXPECT_FALSE(FunctionNeedsQuotes("LEFT", *d)) << d->name;
    EXPECT_TRUE(IdentNeedsQuotes("select", *d));
    EXPECT_TRUE(IdentNeedsQuotes("case", *d)) << d->name;
    EXPECT_TRUE(FunctionNeedsQuotes("CASE", *d)) << d->name;
  }
}

// Every SQL keyword, used as a .rocky name in each place lowering puts names, gives SQL that the
// SQL parser reads in every dialect.
TEST(SqlNames, EveryKeywordAsANameLowersToParseableSql) {
  const char* templates[] = {
      "from t | derive { x: @(1) }",
      "from t | where @ == 1 and a.@ == 2 and @.a == 3",
      "from t | derive { @: 1 } | select { @, * }",
      "from @ as @ | join @.@.@ as x on @ { keep x.@ }",
      "from t | sort -@ | group @, t.@ { @: count() }",
      "let @ = from t\nfrom @ | derive { n: row_number() over (partition @ sort @) }",
  };
  int lowered = 0;
  for (int k = 1; k < sql::kKeywordCount; ++k) {
    std::string word = ToLower(sql::KeywordName(static_cast<sql::Keyword>(k)));
    for (const char* t : templates) {
      std::string text = ReplaceAll(t, "@", word);
      for (const sql::Dialect* d : sql::AllDialects()) {
        LowerResult r = Lower(text, "k.rocky", *d);
        if (!r.ok()) continue;  // a .rocky keyword
        ++lowered;
        std::string sql = r.Sql();
        auto parsed = sql::Parse(sql, *d);
        EXPECT_TRUE(parsed->ok()) << d->name << ":\n" << sql << "\n"
                                  << parsed->diagnostics()[0].message;
      }
    }
  }
  EXPECT_GT(lowered, 4000);
}

}  // namespace
}  // namespace rocky::lang
