#include "lang/parser.h"

#include <gtest/gtest.h>


namespace rocky::lang {
namespace {

const Step& OnlyStep(const ParsedFile& f, size_t i = 0) { return *f.root().main->steps[i]; }

TEST(Parser, PipelineShapeAndSpans) {
  auto f = Parse("let a = from x.y as z\nfrom a | where b > 1\nsort -c, d desc", "p.rocky");
  ASSERT_TRUE(f->ok());
  ASSERT_EQ(f->root().lets.size, 1u);
  const Let& let = *f->root().lets[0];
  EXPECT_EQ(let.name.text, "a");
  EXPECT_EQ(let.body->relation.parts.size, 2u);
  EXPECT_EQ(let.body->alias.text, "z");
  const Pipeline& main = *f->root().main;
  EXPECT_EQ(f->Text(main.span), "from a | where b > 1\nsort -c, d desc");
  ASSERT_EQ(main.steps.size, 2u);
  auto& where = static_cast<const WhereStep&>(*main.steps[0]);
  EXPECT_EQ(f->Text(where.condition->span), "b > 1");
  auto& sort = static_cast<const SortStep&>(*main.steps[1]);
  ASSERT_EQ(sort.keys.size, 2u);
  EXPECT_TRUE(sort.keys[0].minus);
  EXPECT_TRUE(sort.keys[1].descending());
}

TEST(Parser, Precedence) {
  auto f = Parse("from t\nwhere not a == 1 or b + c * d > e and f in [1] is null");
  ASSERT_FALSE(f->ok());  // `in [..] is null` chains comparisons
  f = Parse("from t\nwhere not a == 1 or b + c * -d > e and f not in [1, 2]");
  ASSERT_TRUE(f->ok());
  auto* e = static_cast<const WhereStep&>(OnlyStep(*f)).condition;
  ASSERT_EQ(e->kind, ExprKind::kBinary);
  auto* orr = As<BinaryExpr>(e);
  EXPECT_EQ(orr->op, BinaryOp::kOr);
  EXPECT_EQ(orr->lhs->kind, ExprKind::kUnary);  // not (a == 1)
  auto* andd = As<BinaryExpr>(orr->rhs);
  EXPECT_EQ(andd->op, BinaryOp::kAnd);
  auto* gt = As<BinaryExpr>(andd->lhs);
  EXPECT_EQ(gt->op, BinaryOp::kGt);
  auto* plus = As<BinaryExpr>(gt->lhs);
  EXPECT_EQ(plus->op, BinaryOp::kAdd);
  EXPECT_EQ(As<BinaryExpr>(plus->rhs)->op, BinaryOp::kMul);
  EXPECT_EQ(andd->rhs->kind, ExprKind::kIn);
  EXPECT_TRUE(As<InExpr>(andd->rhs)->negated);
}

TEST(Parser, CommaFollowedByKeywordEndsTheList) {
  auto f = Parse("from t\nderive { r: rank() over (partition a, b, sort -c, rows 1..current) }\n"
                 "sort a, where x");
  ASSERT_TRUE(f->ok()) << f->diagnostics()[0].message;
  auto& d = static_cast<const DeriveStep&>(OnlyStep(*f));
  auto* call = As<CallExpr>(d.items[0].expr);
  ASSERT_NE(call->over, nullptr);
  EXPECT_EQ(call->over->partition.size, 2u);
  EXPECT_EQ(call->over->sort.size, 1u);
  ASSERT_NE(call->over->frame, nullptr);
  EXPECT_EQ(call->over->frame->start.kind, BoundKind::kOffset);
  EXPECT_EQ(f->root().main->steps.size, 3u);
  EXPECT_EQ(f->root().main->steps[2]->kind, StepKind::kWhere);
}

TEST(Parser, JoinForms) {
  auto f = Parse("from a\njoin b on k\nleft join c as cc on k1, k2 { keep cc.x }\n"
                 "right_join d on (a.x == d.x)\nfull join e on k\ncross_join f");
  ASSERT_TRUE(f->ok()) << f->diagnostics()[0].message;
  const JoinKind kinds[] = {JoinKind::kInner, JoinKind::kLeft, JoinKind::kRight, JoinKind::kFull,
                            JoinKind::kCross};
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(static_cast<const JoinStep&>(OnlyStep(*f, i)).join, kinds[i]);
  auto& left = static_cast<const JoinStep&>(OnlyStep(*f, 1));
  EXPECT_EQ(left.on_keys.size, 2u);
  EXPECT_EQ(left.keep.size, 1u);
  EXPECT_NE(static_cast<const JoinStep&>(OnlyStep(*f, 2)).on_expr, nullptr);
}

TEST(Parser, MatchArms) {
  auto f = Parse("from t\nderive { m: match x { _ => 0 } , n: match x { > 1 => 1, in [2] => 2, "
                 "3 => 3, != 4 => 4, _ => 5, } }");
  ASSERT_TRUE(f->ok()) << f->diagnostics()[0].message;
  auto& d = static_cast<const DeriveStep&>(OnlyStep(*f));
  auto* m = As<MatchExpr>(d.items[1].expr);
  ASSERT_EQ(m->arms.size, 5u);
  EXPECT_EQ(m->arms[0]->kind, ArmKind::kCompare);
  EXPECT_EQ(m->arms[1]->kind, ArmKind::kIn);
  EXPECT_EQ(m->arms[2]->kind, ArmKind::kValue);
  EXPECT_EQ(m->arms[3]->op, BinaryOp::kNe);
  EXPECT_EQ(m->arms[4]->kind, ArmKind::kWildcard);
}

TEST(Parser, RecoveryKeepsGoingAcrossStepsAndItems) {
  auto f = Parse("from t\nderive { a: , b: 1 c: 2 }\nfilter x\nselect { a }\ntake x");
  ASSERT_EQ(f->diagnostics().size(), 4u);
  EXPECT_EQ(f->diagnostics()[0].message, "expected an expression, found ','");
  EXPECT_EQ(f->diagnostics()[1].message, "expected ',' or '}' in the 'derive' block, found 'c'");
  EXPECT_EQ(f->diagnostics()[2].message, "unknown step 'filter'");
  EXPECT_EQ(*f->diagnostics()[2].suggestion, "use 'where'");
  EXPECT_EQ(f->diagnostics()[3].message, "expected a number after 'take', found 'x'");
  // The steps that parsed are in the tree.
  ASSERT_NE(f->root().main, nullptr);
  EXPECT_EQ(f->root().main->steps.size, 2u);
}

TEST(Parser, NestingIsBounded) {
  std::string deep = "from t\nwhere " + std::string(5000, '(') + "a" + std::string(5000, ')');
  auto f = Parse(deep);
  ASSERT_FALSE(f->ok());
  EXPECT_NE(f->diagnostics()[0].message.find("nested too deeply"), std::string::npos);
  std::string chain = "from t\nwhere a";
  for (int i = 0; i < 3000; ++i) chain += " + a";
  f = Parse(chain);
  ASSERT_FALSE(f->ok());
  std::string negs = "from t\nwhere ";
  for (int i = 0; i < 3000; ++i) negs += "- ";
  f = Parse(negs + "a");
  ASSERT_FALSE(f->ok());
  EXPECT_NE(f->diagnostics()[0].message.find("nested too deeply"), std::string::npos);
  std::string nots = "from t\nwhere ";
  for (int i = 0; i < 3000; ++i) nots += "not ";
  EXPECT_FALSE(Parse(nots + "a")->ok());
}

}  // namespace
}  // namespace rocky::lang
