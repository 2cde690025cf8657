#include "adapter_sdk/manifest.h"

namespace rocky::sdk {

namespace {
struct CapabilityField {
  const char* name;
  bool Capabilities::*field;
};
constexpr CapabilityField kCapabilityFields[] = {
    {"warehouse", &Capabilities::warehouse},       {"discovery", &Capabilities::discovery},
    {"governance", &Capabilities::governance},     {"batch_checks", &Capabilities::batch_checks},
    {"create_catalog", &Capabilities::create_catalog},
    {"create_schema", &Capabilities::create_schema}, {"merge", &Capabilities::merge},
    {"tablesample", &Capabilities::tablesample},   {"file_load", &Capabilities::file_load},
};
}  // namespace

Json AdapterManifest::ToJson() const {
  Json caps = Json::Object();
  for (const auto& f : kCapabilityFields) caps.Set(f.name, capabilities.*(f.field));
  return Json::Object()
      .Set("name", name)
      .Set("version", version)
      .Set("sdk_version", sdk_version)
      .Set("dialect", dialect)
      .Set("capabilities", std::move(caps))
      .Set("auth_methods", Json::ArrayOf(auth_methods))
      .Set("config_schema", config_schema);
}

Result<AdapterManifest> AdapterManifest::FromJson(const Json& json) {
  if (!json.IsObject()) return Fail(ErrorKind::kAdapter, "adapter manifest must be a JSON object");
  AdapterManifest m;
  if (!json["name"].IsString()) return Fail(ErrorKind::kAdapter, "adapter manifest has no name");
  m.name = json["name"].AsString();
  m.version = json["version"].IsString() ? json["version"].AsString() : "";
  m.sdk_version = json["sdk_version"].IsString() ? json["sdk_version"].AsString() : "";
  m.dialect = json["dialect"].IsString() ? json["dialect"].AsString() : "ansi";
  if (m.dialect != "duckdb" && m.dialect != "databricks" && m.dialect != "snowflake" &&
      m.dialect != "postgres" && m.dialect != "ansi")
    return Fail(ErrorKind::kAdapter, "adapter manifest has unknown dialect '{}'", m.dialect);
  const Json& caps = json["capabilities"];
  for (const auto& f : kCapabilityFields)
    m.capabilities.*(f.field) = caps[f.name].IsBool() && caps[f.name].AsBool();
  for (const auto& a : json["auth_methods"].items())
    if (a.IsString()) m.auth_methods.push_back(a.AsString());
  if (json["config_schema"].IsObject()) m.config_schema = json["config_schema"];
  return m;
}

}  // namespace rocky::sdk
