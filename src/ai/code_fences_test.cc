#include "ai/code_fences.h"

#include <gtest/gtest.h>

namespace rocky::ai {
namespace {

struct FenceCase {
  const char* reply;
  const char* code;
};

class StripCodeFencesTest : public ::testing::TestWithParam<FenceCase> {};

TEST_P(StripCodeFencesTest, KeepsTheCode) {
  EXPECT_EQ(StripCodeFences(GetParam().reply), GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(
    Replies, StripCodeFencesTest,
    ::testing::Values(FenceCase{"SELECT 1", "SELECT 1"}, FenceCase{"  \nSELECT 1\n\n", "SELECT 1"},
                      FenceCase{"```sql\nSELECT 1\nFROM t\n```", "SELECT 1\nFROM t"},
                      FenceCase{"Here it is:\n```rocky\nfrom orders\n| take 5\n```\nEnjoy.",
                                "from orders\n| take 5"},
                      FenceCase{"```\nSELECT 2\n```\n```\nSELECT 3\n```", "SELECT 2"},
                      FenceCase{"~~~\nfrom t\n~~~", "from t"},
                      FenceCase{"```sql\nSELECT 4\n", "SELECT 4"},  // never closed
                      FenceCase{"  ```sql  \nSELECT 5\n  ```  ", "SELECT 5"}));

}  // namespace
}  // namespace rocky::ai
