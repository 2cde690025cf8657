#include "adapters/duckdb/value_format.h"

#include <gtest/gtest.h>

namespace rocky::adapters::duckdb {
namespace {

TEST(ValueFormatTest, Dates) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(19'723), "2024-01-01");
  EXPECT_EQ(FormatDate(19'782), "2024-02-29");
  EXPECT_EQ(FormatDate(-719'162), "0001-01-01");
  EXPECT_EQ(FormatDate(-719'163), "0001-12-31 (BC)");
  EXPECT_EQ(FormatDate(3'789'755), "12345-12-31");
  EXPECT_EQ(FormatDate(2'147'483'647), "infinity");
  EXPECT_EQ(FormatDate(-2'147'483'647), "-infinity");
}

TEST(ValueFormatTest, TimestampsDropTrailingFractionZeros) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(1'704'164'645'500'000), "2024-01-02 03:04:05.5");
  EXPECT_EQ(FormatTimestamp(1'704'164'645'000'001), "2024-01-02 03:04:05.000001");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(INT64_MAX), "infinity");
  EXPECT_EQ(FormatTimestamp(-INT64_MAX), "-infinity");
}

TEST(ValueFormatTest, DecimalsAreExact) {
  EXPECT_EQ(FormatDecimal(1250, 2), "12.50");
  EXPECT_EQ(FormatDecimal(-50, 2), "-0.50");
  EXPECT_EQ(FormatDecimal(-5, 2), "-0.05");
  EXPECT_EQ(FormatDecimal(3, 0), "3");
  EXPECT_EQ(FormatDecimal(1, 3), "0.001");
  EXPECT_EQ(FormatDecimal(0, 2), "0.00");
  __int128 big = static_cast<__int128>(12345678901234567LL) * 1000000 + 890123;
  EXPECT_EQ(FormatDecimal(-big, 3), "-12345678901234567890.123");
}

TEST(ValueFormatTest, WideIntegers) {
  EXPECT_EQ(FormatInt128(0), "0");
  EXPECT_EQ(FormatInt128(-42), "-42");
  __int128 min = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(FormatInt128(min), "-170141183460469231731687303715884105728");
  EXPECT_EQ(FormatUint128(~static_cast<unsigned __int128>(0)),
            "340282366920938463463374607431768211455");
}

}  // namespace
}  // namespace rocky::adapters::duckdb
