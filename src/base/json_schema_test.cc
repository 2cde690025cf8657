#include "base/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rocky {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Json ParseOrDie(std::string_view text) {
  auto parsed = Json::Parse(text);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message << " in " << text;
  return parsed ? *parsed : Json();
}

std::vector<std::string> Check(std::string_view document, std::string_view schema) {
  return ValidateJson(ParseOrDie(document), ParseOrDie(schema));
}

TEST(JsonSchemaTest, TypeAcceptsMatchingValues) {
  EXPECT_THAT(Check(R"("x")", R"({"type": "string"})"), IsEmpty());
  EXPECT_THAT(Check("true", R"({"type": "boolean"})"), IsEmpty());
  EXPECT_THAT(Check("null", R"({"type": "null"})"), IsEmpty());
  EXPECT_THAT(Check("[]", R"({"type": "array"})"), IsEmpty());
  EXPECT_THAT(Check("{}", R"({"type": "object"})"), IsEmpty());
  EXPECT_THAT(Check("1.5", R"({"type": "number"})"), IsEmpty());
  EXPECT_THAT(Check("7", R"({"type": "number"})"), IsEmpty());
}

TEST(JsonSchemaTest, TypeRejectsOtherValues) {
  EXPECT_THAT(Check("null", R"({"type": "string"})"), ElementsAre("$: expected string, got null"));
  EXPECT_THAT(Check(R"("1")", R"({"type": "number"})"),
              ElementsAre("$: expected number, got string"));
  EXPECT_THAT(Check("{}", R"({"type": "array"})"), ElementsAre("$: expected array, got object"));
  EXPECT_THAT(Check("0", R"({"type": "boolean"})"),
              ElementsAre("$: expected boolean, got integer"));
}

TEST(JsonSchemaTest, IntegerAcceptsWholeNumbersOnly) {
  EXPECT_THAT(Check("42", R"({"type": "integer"})"), IsEmpty());
  EXPECT_THAT(Check("-3", R"({"type": "integer"})"), IsEmpty());
  EXPECT_THAT(Check("2.0", R"({"type": "integer"})"), IsEmpty());  // 2020-12: no fraction
  EXPECT_THAT(Check("2.5", R"({"type": "integer"})"),
              ElementsAre("$: expected integer, got number"));
}

TEST(JsonSchemaTest, TypeListAllowsEachListedType) {
  const char* schema = R"({"type": ["string", "null"]})";
  EXPECT_THAT(Check(R"("2026-04-07T00:00:00Z")", schema), IsEmpty());
  EXPECT_THAT(Check("null", schema), IsEmpty());
  EXPECT_THAT(Check("5", schema), ElementsAre("$: expected string or null, got integer"));
  EXPECT_THAT(Check("[]", R"({"type": ["string", "integer", "null"]})"),
              ElementsAre("$: expected string, integer or null, got array"));
}

TEST(JsonSchemaTest, PropertiesValidateMembersWithTheirPaths) {
  const char* schema = R"({"type": "object", "properties": {
      "name": {"type": "string"}, "count": {"type": "integer"}}})";
  EXPECT_THAT(Check(R"({"name": "a", "count": 1})", schema), IsEmpty());
  EXPECT_THAT(
      Check(R"({"name": 3, "count": "x"})", schema),
      ElementsAre("$.name: expected string, got integer", "$.count: expected integer, got string"));
  // Properties constrain only the members present.
  EXPECT_THAT(Check("{}", schema), IsEmpty());
}

TEST(JsonSchemaTest, RequiredReportsEachMissingMember) {
  const char* schema = R"({"type": "object", "required": ["a", "b"]})";
  EXPECT_THAT(Check(R"({"a": 1, "b": null})", schema), IsEmpty());
  EXPECT_THAT(Check(R"({"c": 1})", schema),
              ElementsAre("$.a: missing required property", "$.b: missing required property"));
}

TEST(JsonSchemaTest, AdditionalPropertiesFalseRejectsUnlistedMembers) {
  const char* schema = R"({"type": "object", "properties": {"a": {}},
                          "additionalProperties": false})";
  EXPECT_THAT(Check(R"({"a": 1})", schema), IsEmpty());
  EXPECT_THAT(Check(R"({"a": 1, "extra": 2, "odd key": 3})", schema),
              ElementsAre("$.extra: unexpected property", R"($["odd key"]: unexpected property)"));
}

TEST(JsonSchemaTest, AdditionalPropertiesSchemaValidatesMapValues) {
  const char* schema = R"({"type": "object", "additionalProperties": {"type": "number"}})";
  EXPECT_THAT(Check(R"({"email": 0.25, "name": 0})", schema), IsEmpty());
  EXPECT_THAT(Check(R"({"email": "high"})", schema),
              ElementsAre("$.email: expected number, got string"));
}

TEST(JsonSchemaTest, ItemsValidatesEveryElement) {
  const char* schema = R"({"type": "array", "items": {"type": "string"}})";
  EXPECT_THAT(Check(R"(["a", "b"])", schema), IsEmpty());
  EXPECT_THAT(Check("[]", schema), IsEmpty());
  EXPECT_THAT(Check(R"(["a", 1, null])", schema),
              ElementsAre("$[1]: expected string, got integer", "$[2]: expected string, got null"));
}

TEST(JsonSchemaTest, NestedPathsNameTheExactPlace) {
  const char* schema = R"({"type": "object", "properties": {"sources": {"type": "array", "items": {
      "type": "object", "properties": {"tables": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}}}}}}}}})";
  EXPECT_THAT(Check(R"({"sources": [{"tables": []},
                                    {"tables": [{"name": "a"}, {"name": null}]}]})",
                    schema),
              ElementsAre("$.sources[1].tables[1].name: expected string, got null"));
}

TEST(JsonSchemaTest, EnumAcceptsListedValuesOnly) {
  const char* schema = R"({"enum": ["success", "failure", null, 3]})";
  EXPECT_THAT(Check(R"("success")", schema), IsEmpty());
  EXPECT_THAT(Check("null", schema), IsEmpty());
  EXPECT_THAT(Check("3.0", schema), IsEmpty());  // numbers compare by value
  EXPECT_THAT(Check(R"("ok")", schema),
              ElementsAre(R"($: expected one of "success", "failure", null, 3; got "ok")"));
}

TEST(JsonSchemaTest, ConstComparesWholeValues) {
  EXPECT_THAT(Check(R"("1.0.0")", R"({"const": "1.0.0"})"), IsEmpty());
  EXPECT_THAT(Check(R"({"a": [1, 2]})", R"({"const": {"a": [1, 2]}})"), IsEmpty());
  EXPECT_THAT(Check(R"("0.9.0")", R"({"const": "1.0.0"})"),
              ElementsAre(R"($: expected "1.0.0", got "0.9.0")"));
  EXPECT_THAT(Check(R"({"a": [1]})", R"({"const": {"a": [1, 2]}})"),
              ElementsAre(R"($: expected {"a":[1,2]}, got {"a":[1]})"));
}

TEST(JsonSchemaTest, MinimumBoundsNumbersInclusively) {
  const char* schema = R"({"type": "integer", "minimum": 0})";
  EXPECT_THAT(Check("0", schema), IsEmpty());
  EXPECT_THAT(Check("12", schema), IsEmpty());
  EXPECT_THAT(Check("-1", schema), ElementsAre("$: expected a number >= 0, got -1"));
  EXPECT_THAT(Check("0.4", R"({"minimum": 0.5})"),
              ElementsAre("$: expected a number >= 0.5, got 0.4"));
  EXPECT_THAT(Check(R"("text")", R"({"minimum": 1})"), IsEmpty());  // applies to numbers only
}

TEST(JsonSchemaTest, MaximumAndMinItemsBoundInclusively) {
  const char* schema = R"({"type": "integer", "maximum": 100})";
  EXPECT_THAT(Check("100", schema), IsEmpty());
  EXPECT_THAT(Check("101", schema), ElementsAre("$: expected a number <= 100, got 101"));
  const char* list = R"({"type": "array", "minItems": 1})";
  EXPECT_THAT(Check("[1]", list), IsEmpty());
  EXPECT_THAT(Check("[]", list), ElementsAre("$: expected at least 1 item(s), got 0"));
}

TEST(JsonSchemaTest, RefResolvesDefsAndPointers) {
  const char* schema = R"({"$defs": {"Edge": {"type": "object", "required": ["from"],
                                               "properties": {"from": {"type": "string"}}},
                                      "a/b": {"type": "integer"}},
                          "type": "array", "items": {"$ref": "#/$defs/Edge"}})";
  EXPECT_THAT(Check(R"([{"from": "x"}])", schema), IsEmpty());
  EXPECT_THAT(Check(R"([{"from": 1}, {}])", schema),
              ElementsAre("$[0].from: expected string, got integer",
                          "$[1].from: missing required property"));
  // "~1" escapes "/" in a pointer token.
  EXPECT_THAT(Check("1", R"({"$defs": {"a/b": {"type": "integer"}}, "$ref": "#/$defs/a~1b"})"),
              IsEmpty());
  EXPECT_THAT(Check("1", R"({"items": [{"type": "string"}], "$ref": "#/items/0"})"),
              ElementsAre("$: expected string, got integer"));
}

TEST(JsonSchemaTest, RefSiblingsStillApply) {
  const char* schema = R"({"$defs": {"S": {"type": "string"}},
                          "$ref": "#/$defs/S", "enum": ["a"]})";
  EXPECT_THAT(Check(R"("a")", schema), IsEmpty());
  EXPECT_THAT(Check(R"("b")", schema), ElementsAre(R"($: expected one of "a"; got "b")"));
}

TEST(JsonSchemaTest, UnresolvableRefIsReported) {
  EXPECT_THAT(Check("1", R"({"$ref": "#/$defs/Missing"})"),
              ElementsAre(R"($: invalid schema: unresolvable $ref "#/$defs/Missing")"));
  EXPECT_THAT(Check("1", R"({"$ref": "other.json#/a"})"), SizeIs(1));
}

TEST(JsonSchemaTest, RecursiveRefsValidateTreesAndCyclesStop) {
  const char* tree = R"({"$defs": {"Node": {"type": "object", "additionalProperties": false,
      "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}},
      "$ref": "#/$defs/Node"})";
  EXPECT_THAT(Check(R"({"children": [{"children": []}, {}]})", tree), IsEmpty());
  EXPECT_THAT(Check(R"({"children": [{"children": [{"x": 1}]}]})", tree),
              ElementsAre("$.children[0].children[0].x: unexpected property"));
  auto errors = Check("1", R"({"$ref": "#"})");
  ASSERT_THAT(errors, SizeIs(1));
  EXPECT_EQ(errors[0], "$: schema nesting too deep (a $ref cycle?)");
}

TEST(JsonSchemaTest, AnyOfNeedsOneMatchingAlternative) {
  const char* schema = R"({"anyOf": [{"type": "string"}, {"type": "array",
                                                         "items": {"type": "string"}}]})";
  EXPECT_THAT(Check(R"("us_west")", schema), IsEmpty());
  EXPECT_THAT(Check(R"(["emea", "eu_west"])", schema), IsEmpty());
  EXPECT_THAT(Check(R"(["emea", 1])", schema),
              ElementsAre("$: matches none of the 2 alternatives of anyOf; the closest fails with:",
                          "$[1]: expected string, got integer"));
}

TEST(JsonSchemaTest, AnyOfReportsTheClosestAlternative) {
  const char* schema = R"({"anyOf": [
      {"type": "object", "additionalProperties": false, "required": ["name", "error"],
       "properties": {"name": {"type": "string"}, "error": {"type": "string"}}},
      {"type": "object", "additionalProperties": false, "required": ["name", "count"],
       "properties": {"name": {"const": "row_count"}, "count": {"type": "integer"}}},
      {"type": "null"}]})";
  EXPECT_THAT(Check(R"({"name": "row_count", "count": 3})", schema), IsEmpty());
  EXPECT_THAT(Check("null", schema), IsEmpty());
  // The null alternative has one problem, but its type does not fit an object at all.
  EXPECT_THAT(Check(R"({"name": "row_count", "count": "3"})", schema),
              ElementsAre("$: matches none of the 3 alternatives of anyOf; the closest fails with:",
                          "$.count: expected integer, got string"));
}

TEST(JsonSchemaTest, AnyOfPrefersTheAlternativeWhoseTagMatches) {
  // Both alternatives fail with one problem; the one whose `type` constant agrees is closer.
  const char* schema = R"({"anyOf": [
      {"type": "object", "additionalProperties": false, "required": ["type"],
       "properties": {"type": {"const": "view"}}},
      {"type": "object", "additionalProperties": false, "required": ["type", "timestamp_column"],
       "properties": {"type": {"const": "incremental"},
                      "timestamp_column": {"type": "string"}}}]})";
  EXPECT_THAT(Check(R"({"type": "incremental"})", schema),
              ElementsAre("$: matches none of the 2 alternatives of anyOf; the closest fails with:",
                          "$.timestamp_column: missing required property"));
}

TEST(JsonSchemaTest, OneOfNeedsExactlyOneMatchingAlternative) {
  const char* schema = R"({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]})";
  EXPECT_THAT(Check("1.5", R"({"oneOf": [{"type": "integer"}, {"type": "number"}]})"), IsEmpty());
  EXPECT_THAT(Check("3", schema), IsEmpty());
  EXPECT_THAT(Check("12", schema),
              ElementsAre("$: matches 2 alternatives of oneOf, expected exactly one"));
  EXPECT_THAT(Check(R"("x")", schema),
              ElementsAre("$: matches none of the 2 alternatives of oneOf; the closest fails with:",
                          "$: expected integer, got string"));
}

TEST(JsonSchemaTest, BooleanSchemas) {
  EXPECT_THAT(Check(R"({"a": 1})", "true"), IsEmpty());
  EXPECT_THAT(Check("1", "false"), ElementsAre("$: no value is allowed here"));
  EXPECT_THAT(Check(R"({"a": 1})", R"({"properties": {"a": false}})"),
              ElementsAre("$.a: no value is allowed here"));
}

TEST(JsonSchemaTest, AnnotationsAndUnknownKeywordsAreIgnored) {
  EXPECT_THAT(Check(R"("x")", R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                  "$id": "urn:x", "title": "t", "description": "d",
                                  "format": "date-time", "type": "string"})"),
              IsEmpty());
}

TEST(JsonSchemaTest, MalformedKeywordsAreReported) {
  EXPECT_THAT(Check("1", R"({"type": 5})"),
              ElementsAre("$: invalid schema: type must be a name or a list of names"));
  EXPECT_THAT(Check("{}", R"({"required": "a"})"),
              ElementsAre("$: invalid schema: required must be an array"));
  EXPECT_THAT(Check("1", R"({"anyOf": []})"),
              ElementsAre("$: invalid schema: anyOf must be a non-empty array"));
  EXPECT_THAT(Check("1", "[]"), ElementsAre("$: invalid schema: expected an object or a boolean"));
}

TEST(JsonSchemaTest, TypeMismatchStopsFurtherChecksOfThatValue) {
  const char* schema = R"({"type": "object", "required": ["a"], "enum": [{"a": 1}]})";
  EXPECT_THAT(Check("[]", schema), ElementsAre("$: expected object, got array"));
}

TEST(JsonSchemaTest, LongValuesAreShortenedInMessages) {
  std::string long_text(200, 'x');
  auto errors = ValidateJson(Json(long_text), ParseOrDie(R"({"const": "y"})"));
  ASSERT_THAT(errors, SizeIs(1));
  EXPECT_LT(errors[0].size(), 100u);
}

}  // namespace
}  // namespace rocky
