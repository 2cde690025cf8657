#include "base/name_index.h"

#include <gtest/gtest.h>

#include <string>

namespace rocky {
namespace {

TEST(NameIndexTest, FindsNamesIgnoringCaseAndKeepsTheFirstOfAClash) {
  NameIndex index;
  EXPECT_FALSE(index.Find("orders"));  // empty
  EXPECT_EQ(index.Insert("Stg_Orders", 0), std::make_pair(0u, true));
  EXPECT_EQ(index.Insert("customers", 1), std::make_pair(1u, true));
  EXPECT_EQ(index.Insert("STG_ORDERS", 2), std::make_pair(0u, false));  // the first stays
  EXPECT_EQ(index.Find("stg_orders"), 0u);
  EXPECT_EQ(index.Find("CUSTOMERS"), 1u);
  EXPECT_FALSE(index.Find("stg_order"));
  EXPECT_FALSE(index.Find("stg_orders_"));
  EXPECT_EQ(index.size(), 2u);
}

TEST(NameIndexTest, GrowsPastItsReservation) {
  NameIndex index;
  index.Reserve(4);
  for (uint32_t i = 0; i < 5000; ++i) ASSERT_TRUE(index.Insert("model_" + std::to_string(i), i).second);
  for (uint32_t i = 0; i < 5000; i += 7) EXPECT_EQ(index.Find("MODEL_" + std::to_string(i)), i);
  EXPECT_FALSE(index.Find("model_5000"));
  EXPECT_EQ(index.size(), 5000u);
}

// Only A-Z fold: the neighbours of the letters ('@', '[', '`', '{') and bytes above 0x7f (UTF-8)
// stay distinct, at every position of an eight-byte word and past it.
TEST(NameIndexTest, FoldsOnlyAsciiLetters) {
  const std::string pairs[][2] = {{"@", "`"}, {"[", "{"}, {"\xc3\x84", "\xc3\xa4"}, {"Z", "z"}, {"A", "a"}};
  for (size_t pos = 0; pos < 11; ++pos) {
    for (const auto& pair : pairs) {
      NameIndex index;
      const std::string base(pos, 'x');
      index.Insert(base + pair[0] + "_tail", 0);
      const bool letters = pair[0] == "Z" || pair[0] == "A";
      EXPECT_EQ(index.Find(base + pair[1] + "_tail").has_value(), letters) << pos << " " << pair[0];
      EXPECT_EQ(index.Insert(base + pair[1] + "_TAIL", 1).second, !letters) << pos;
    }
  }
}

}  // namespace
}  // namespace rocky
