#include "base/json.h"

#include <gtest/gtest.h>

namespace rocky {
namespace {

TEST(JsonTest, KeepsInsertionOrderAndPrettyPrints) {
  Json j = Json::Object().Set("version", "1.0.0").Set("command", "state").Set(
      "watermarks", Json::Array());
  EXPECT_EQ(j.Dump(2), "{\n  \"version\": \"1.0.0\",\n  \"command\": \"state\",\n  \"watermarks\": []\n}");
  EXPECT_EQ(j.Dump(), R"({"version":"1.0.0","command":"state","watermarks":[]})");
}

TEST(JsonTest, SetReplacesExistingKey) {
  Json j = Json::Object().Set("a", 1).Set("b", 2).Set("a", 3);
  EXPECT_EQ(j.Dump(), R"({"a":3,"b":2})");
}

TEST(JsonTest, RoundTripsEscapesAndNumbers) {
  auto parsed = Json::Parse(R"({"s":"a\"b\\c\n\u00e9\ud83d\ude00","i":-42,"d":2.5,"e":1e3,"n":null,"t":[true,false]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ((*parsed)["s"].AsString(), "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ((*parsed)["i"].AsInt(), -42);
  EXPECT_TRUE((*parsed)["i"].IsInt());
  EXPECT_DOUBLE_EQ((*parsed)["d"].AsDouble(), 2.5);
  EXPECT_DOUBLE_EQ((*parsed)["e"].AsDouble(), 1000.0);
  EXPECT_TRUE((*parsed)["n"].IsNull());
  EXPECT_TRUE((*parsed)["missing"].IsNull());
  auto again = Json::Parse(parsed->Dump(2));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *parsed);
}

TEST(JsonTest, DoublesAlwaysLookLikeDoubles) {
  EXPECT_EQ(Json(50.0).Dump(), "50.0");
  EXPECT_EQ(Json(0.1).Dump(), "0.1");
}

TEST(JsonTest, RejectsMalformedInput) {
  EXPECT_FALSE(Json::Parse("{").has_value());
  EXPECT_FALSE(Json::Parse("[1,]").has_value());
  EXPECT_FALSE(Json::Parse("{} x").has_value());
  EXPECT_FALSE(Json::Parse("\"\x01\"").has_value());
}

}  // namespace
}  // namespace rocky
