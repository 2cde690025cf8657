#include "lang/lower.h"

#include <gtest/gtest.h>

namespace rocky::lang {
namespace {

TEST(Lower, SpansPointIntoTheRockySource) {
  LowerResult r = Lower("from orders\nwhere amount > 10", "m.rocky", sql::DuckDbDialect());
  ASSERT_TRUE(r.ok());
  auto* s = static_cast<const sql::Select*>(r.query);
  ASSERT_NE(s->where, nullptr);
  Span span = r.script->Locate(s->where->span);
  EXPECT_EQ(span.file, "m.rocky");
  EXPECT_EQ(span.line, 2);
  EXPECT_EQ(span.col, 7);
  EXPECT_EQ(r.script->Text(s->where->span), "amount > 10");
  EXPECT_EQ(r.script->Text(s->from->span), "orders");
}

TEST(Lower, ErrorsLeaveNoQuery) {
  LowerResult r = Lower("from orders\nderive x: 1", "m.rocky", sql::GenericDialect());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.query, nullptr);
  EXPECT_EQ(r.Sql(), "");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "P002");
}

TEST(Lower, InliningThatWouldExplodeStopsWithADiagnostic) {
  std::string text = "from t\nderive { a0: x + x";
  for (int i = 1; i < 40; ++i) text += ", a" + std::to_string(i) + ": a" + std::to_string(i - 1) + " + a" + std::to_string(i - 1);
  text += " }";
  LowerResult r = Lower(text, "big.rocky", sql::GenericDialect());
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "P002");
  std::string chain = "from t\nderive { a0: x";
  for (int i = 1; i < 1100; ++i) chain += ", a" + std::to_string(i) + ": a" + std::to_string(i - 1) + " + 1";
  r = Lower(chain + " }", "deep.rocky", sql::GenericDialect());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "P002");
}

}  // namespace
}  // namespace rocky::lang
