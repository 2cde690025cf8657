// dbt model contracts (`contract: {enforced: true}` with column `data_type`s) → a Rocky
// `<model>.contract.toml` (models.md §3): every column required, types mapped by name.

#include <fmt/format.h>

#include <regex>

#include "base/strings.h"
#include "migrate/dbt_import.h"

namespace rocky::migrate {

std::optional<std::string> RockyContractType(std::string_view dbt_type) {
  std::string t = ToLower(Trim(dbt_type));
  static const std::regex kDecimal(R"((numeric|decimal|number)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\))");
  std::smatch m;
  if (std::regex_match(t, m, kDecimal))
    return fmt::format("Decimal({},{})", m[2].str(), m[3].str());
  if (size_t paren = t.find('('); paren != std::string::npos)
    t = std::string(Trim(t.substr(0, paren)));
  static const std::vector<std::pair<std::vector<std::string_view>, std::string_view>> kTypes = {
      {{"bigint", "int8", "int64", "long", "hugeint"}, "Int64"},
      {{"integer", "int", "int4", "int32", "smallint", "int2", "tinyint"}, "Int32"},
      {{"varchar", "text", "string", "char", "character varying", "character", "nvarchar"},
       "String"},
      {{"boolean", "bool"}, "Boolean"},
      {{"date"}, "Date"},
      {{"timestamp", "datetime", "timestamptz", "timestamp_tz", "timestamp with time zone"},
       "Timestamp"},
      {{"timestamp_ntz", "timestamp without time zone"}, "TimestampNtz"},
      {{"double", "float8", "float64", "double precision"}, "Float64"},
      {{"float", "float4", "real", "float32"}, "Float32"},
      {{"numeric", "decimal", "number"}, "Decimal"},
      {{"blob", "binary", "bytea", "varbinary"}, "Binary"},
  };
  for (const auto& [names, rocky] : kTypes)
    for (std::string_view n : names)
      if (t == n) return std::string(rocky);
  return std::nullopt;
}

std::string DbtContractToml(const DbtModel& m, std::vector<std::string>& unmapped) {
  std::string toml =
      fmt::format("# Contract imported from dbt's enforced contract of {}.\n", m.name);
  std::vector<std::string> required;
  for (const DbtColumn& c : m.columns) {
    toml += "\n[[columns]]\nname = " + TomlBasicString(c.name) + "\n";
    if (!c.data_type.empty()) {
      if (auto type = RockyContractType(c.data_type))
        toml += "type = " + TomlBasicString(*type) + "\n";
      else
        unmapped.push_back(c.name + " (" + c.data_type + ")");
    }
    if (!c.description.empty()) toml += "description = " + TomlBasicString(c.description) + "\n";
    required.push_back(TomlBasicString(c.name));
  }
  return toml + "\n[rules]\nrequired = [" + Join(required, ", ") + "]\n";
}

}  // namespace rocky::migrate
