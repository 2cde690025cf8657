#include "project/contract.h"

#include <gtest/gtest.h>

#include <map>

namespace rocky::project {
namespace {

config::EnvLookup Vars(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string Canonical(std::string_view text) {
  auto t = ParseContractType(text);
  return t ? t->ToString() : "error: " + t.error().message;
}

std::vector<std::string> Messages(const ContractLoad& load) {
  std::vector<std::string> out;
  for (const auto& d : load.diagnostics)
    out.push_back(d.code + " " + FormatLocated(*d.span, d.message));
  return out;
}

TEST(ContractType, EveryNameOfTheSpec) {
  for (const char* name :
       {"Boolean", "Int32", "Int64", "Float32", "Float64", "Decimal", "String", "Binary", "Date",
        "Timestamp", "TimestampNtz", "Array", "Map", "Struct", "Variant"})
    EXPECT_EQ(Canonical(name), name);
}

TEST(ContractType, ParametersAndCanonicalText) {
  EXPECT_EQ(Canonical("Decimal(10,2)"), "Decimal(10,2)");
  EXPECT_EQ(Canonical("decimal( 38 , 0 )"), "Decimal(38,0)");
  EXPECT_EQ(Canonical("Array<Int64>"), "Array<Int64>");
  EXPECT_EQ(Canonical("array < array<string> >"), "Array<Array<String>>");
  EXPECT_EQ(Canonical("Map<String, Decimal(5,1)>"), "Map<String,Decimal(5,1)>");
  EXPECT_EQ(Canonical("TIMESTAMPNTZ"), "TimestampNtz");

  auto any_decimal = ParseContractType("Decimal");
  ASSERT_TRUE(any_decimal);
  EXPECT_EQ(any_decimal->kind, ContractTypeKind::kDecimal);
  EXPECT_FALSE(any_decimal->precision);
  auto map = ParseContractType("Map<String,Int64>");
  ASSERT_TRUE(map);
  ASSERT_EQ(map->args.size(), 2u);
  EXPECT_EQ(map->args[1].kind, ContractTypeKind::kInt64);
  EXPECT_EQ(*ParseContractType("int64"), *ParseContractType("Int64"));
}

TEST(ContractType, Errors) {
  EXPECT_EQ(Canonical("Integer"),
            "error: unknown type 'Integer'; expected one of Boolean, Int32, Int64, Float32, "
            "Float64, Decimal, String, Binary, Date, Timestamp, TimestampNtz, Array, Map, Struct, "
            "Variant");
  auto typo = ParseContractType("Strng");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().suggestion, "String");
  EXPECT_EQ(Canonical("Decimal(0,0)"), "error: Decimal precision must be between 1 and 38 (got 0)");
  EXPECT_EQ(Canonical("Decimal(10,11)"),
            "error: Decimal scale must be between 0 and the precision 10 (got 11)");
  EXPECT_EQ(Canonical("Decimal(10)"), "error: Decimal needs a precision and a scale: Decimal(p,s)");
  EXPECT_EQ(Canonical("Array<Int64"), "error: Array takes one element type: Array<T>");
  EXPECT_EQ(Canonical("Array<Int64,String>"), "error: Array takes one element type: Array<T>");
  EXPECT_EQ(Canonical("Map<String>"), "error: Map needs a key and a value type: Map<K,V>");
  EXPECT_EQ(Canonical("Int64(3)"), "error: unexpected '(3)' after 'Int64'");
  EXPECT_EQ(Canonical(""), "error: empty type name");
  EXPECT_EQ(Canonical("<"), "error: unexpected '<' in type name");
}

TEST(ContractParse, ColumnsAndRules) {
  ContractLoad load = ParseContract(R"(# what consumers rely on
[[columns]]
name = "customer_id"
type = "Int64"
nullable = false
description = "key"

[[columns]]
name = "tier"

[rules]
required = ["customer_id", "tier"]
protected = ["customer_id"]
no_new_nullable = true
)",
                                    "m.contract.toml", Vars({}));
  EXPECT_TRUE(load.diagnostics.empty()) << Messages(load).front();
  ASSERT_TRUE(load.contract);
  const Contract& c = *load.contract;
  EXPECT_EQ(
      c.ToJson().Dump(),
      R"({"path":"m.contract.toml","columns":[{"name":"customer_id","type":"Int64","nullable":false,"description":"key"},{"name":"tier"}],"rules":{"required":["customer_id","tier"],"protected":["customer_id"],"no_new_nullable":true}})");
  ASSERT_NE(c.FindColumn("CUSTOMER_ID"), nullptr);
  EXPECT_EQ(c.FindColumn("CUSTOMER_ID")->span.line, 2);
  EXPECT_EQ(c.FindColumn("missing"), nullptr);
}

TEST(ContractParse, EmptyFileIsAnEmptyContract) {
  ContractLoad load = ParseContract("", "m.contract.toml", Vars({}));
  ASSERT_TRUE(load.contract);
  EXPECT_TRUE(load.contract->columns.empty());
  EXPECT_FALSE(load.contract->rules.no_new_nullable);
}

TEST(ContractParse, ErrorsNameFileAndLine) {
  ContractLoad load = ParseContract(R"([[columns]]
type = "Int64"

[[columns]]
name = "a"
type = "Int65"
nulable = true

[[columns]]
name = "A"

[rules]
required = "a"
)",
                                    "m.contract.toml", Vars({}));
  EXPECT_FALSE(load.contract);
  EXPECT_EQ(Messages(load),
            (std::vector<std::string>{
                "V030 m.contract.toml:1:1: key 'name' in [[columns]] is required",
                "V030 m.contract.toml:6:1: column 'a': unknown type 'Int65'; expected one of "
                "Boolean, Int32, Int64, Float32, Float64, Decimal, String, Binary, Date, "
                "Timestamp, TimestampNtz, Array, Map, Struct, Variant (did you mean 'Int64'?)",
                "V030 m.contract.toml:10:1: duplicate contract column 'A'",
                "V030 m.contract.toml:13:1: key 'required' in [rules] must be an array of "
                "strings",
                "V002 m.contract.toml:7:1: unknown key 'nulable' in [[columns]]; did you mean "
                "'nullable'?",
            }));
}

TEST(ContractParse, EnvironmentSubstitutionAndTomlErrors) {
  ContractLoad load = ParseContract("[[columns]]\nname = \"${COL}\"\n", "m.contract.toml",
                                    Vars({{"COL", "region"}}));
  ASSERT_TRUE(load.contract);
  EXPECT_EQ(load.contract->columns[0].name, "region");

  load = ParseContract("[[columns]]\nname = \"${COL}\"\n", "m.contract.toml", Vars({}));
  EXPECT_EQ(Messages(load),
            (std::vector<std::string>{"V030 m.contract.toml:2: environment variable 'COL' not "
                                      "set (referenced in config)"}));

  load = ParseContract("[[columns]\n", "m.contract.toml", Vars({}));
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].span->line, 1);
  EXPECT_GT(load.diagnostics[0].span->col, 0);
}

TEST(ContractFiles, ModelNameFromFileName) {
  EXPECT_EQ(ContractModelName("orders.contract.toml"), "orders");
  EXPECT_FALSE(ContractModelName("orders.toml"));
  EXPECT_FALSE(ContractModelName(".contract.toml"));
}

TEST(ContractFiles, W011ForUnknownModels) {
  auto diags = CheckContractModels({"models/orders.contract.toml", "contracts/ghost.contract.toml"},
                                   [](std::string_view name) { return name == "orders"; });
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::kWarning);
  EXPECT_EQ(diags[0].code, "W011");
  EXPECT_EQ(diags[0].message, "contract file for unknown model 'ghost'");
  EXPECT_EQ(diags[0].span->file, "contracts/ghost.contract.toml");
  EXPECT_EQ(diags[0].model, "ghost");
}

}  // namespace
}  // namespace rocky::project
