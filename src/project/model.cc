#include "project/model.h"

#include <fmt/format.h>

namespace rocky::project {

const char* ModelKindName(ModelKind kind) { return kind == ModelKind::kSql ? "sql" : "rocky"; }

std::string ModelTarget::Ref() const {
  if (catalog.empty()) return fmt::format("{}.{}", schema, table);
  return fmt::format("{}.{}.{}", catalog, schema, table);
}

Json ModelTarget::ToJson() const {
  return Json::Object().Set("catalog", catalog).Set("schema", schema).Set("table", table);
}

std::string ModelSource::Ref() const {
  if (catalog.empty()) return fmt::format("{}.{}", schema, table);
  return fmt::format("{}.{}.{}", catalog, schema, table);
}

const std::vector<std::string>& ModelTestTypeNames() {
  static const std::vector<std::string> kNames = {"not_null",      "unique",     "accepted_values",
                                                  "relationships", "expression", "row_count_range"};
  return kNames;
}

const char* ModelTestTypeName(ModelTestType type) {
  return ModelTestTypeNames()[static_cast<size_t>(type)].c_str();
}

const char* TestSeverityName(TestSeverity severity) {
  return severity == TestSeverity::kError ? "error" : "warning";
}

Json ModelTest::ToJson() const {
  Json out = Json::Object().Set("type", ModelTestTypeName(type));
  if (column) out.Set("column", *column);
  out.Set("severity", TestSeverityName(severity));
  switch (type) {
    case ModelTestType::kAcceptedValues:
      out.Set("values", Json::ArrayOf(values));
      break;
    case ModelTestType::kRelationships:
      out.Set("to_table", to_table).Set("to_column", to_column);
      break;
    case ModelTestType::kExpression:
      out.Set("expression", expression);
      break;
    case ModelTestType::kRowCountRange:
      if (min) out.Set("min", *min);
      if (max) out.Set("max", *max);
      break;
    default:
      break;
  }
  return out;
}

const std::vector<std::string>& TableFormatNames() {
  static const std::vector<std::string> kNames = {"table", "delta_table", "iceberg_table",
                                                  "streaming_table"};
  return kNames;
}

const char* TableFormatName(TableFormat format) {
  return TableFormatNames()[static_cast<size_t>(format)].c_str();
}

Json FormatOptions::ToJson() const {
  Json out = Json::Object();
  if (!partition_by.empty()) out.Set("partition_by", Json::ArrayOf(partition_by));
  if (!cluster_by.empty()) out.Set("cluster_by", Json::ArrayOf(cluster_by));
  if (!table_properties.empty()) {
    Json props = Json::Object();
    for (const auto& [k, v] : table_properties) props.Set(k, v);
    out.Set("table_properties", std::move(props));
  }
  if (comment) out.Set("comment", *comment);
  return out;
}

const char* ContractSourceName(ContractSource source) {
  return source == ContractSource::kAuto ? "auto" : "explicit";
}

Json Model::ToJson() const {
  Json out = Json::Object()
                 .Set("name", name)
                 .Set("path", relative_path)
                 .Set("kind", ModelKindName(kind))
                 .Set("target", target.ToJson())
                 .Set("strategy", strategy.ToJson())
                 .Set("depends_on", Json::ArrayOf(depends_on));
  if (!sources.empty()) {
    Json list = Json::Array();
    for (const auto& s : sources) list.Push(s.Ref());
    out.Set("sources", std::move(list));
  }
  if (intent) out.Set("intent", *intent);
  if (freshness)
    out.Set("freshness", Json::Object().Set("max_lag_seconds", freshness->max_lag_seconds));
  if (!tests.empty()) {
    Json list = Json::Array();
    for (const auto& t : tests) list.Push(t.ToJson());
    out.Set("tests", std::move(list));
  }
  if (format != TableFormat::kTable) out.Set("format", TableFormatName(format));
  if (!format_options.empty()) out.Set("format_options", format_options.ToJson());
  if (contract_source) out.Set("contract_source", ContractSourceName(*contract_source));
  return out;
}

}  // namespace rocky::project
