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

}  // namespace
}  // namespace rocky
