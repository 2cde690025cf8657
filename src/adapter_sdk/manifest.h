#pragma once
// What an adapter declares about itself: name, versions, dialect, capabilities, auth, config.

#include <string>
#include <vector>

#include "base/json.h"

namespace rocky::sdk {

struct Capabilities {
  bool warehouse = false;
  bool discovery = false;
  bool governance = false;
  bool batch_checks = false;
  bool create_catalog = false;
  bool create_schema = false;
  bool merge = false;
  bool tablesample = false;
  bool file_load = false;
};

struct AdapterManifest {
  std::string name;
  std::string version;
  std::string sdk_version;
  std::string dialect;  // duckdb | databricks | snowflake | ansi
  Capabilities capabilities;
  std::vector<std::string> auth_methods;
  Json config_schema = Json::Object();

  /// {name, version, sdk_version, dialect, capabilities: {…}, auth_methods, config_schema}.
  Json ToJson() const;
  /// Absent capabilities default to false; a missing name or dialect is an error.
  static Result<AdapterManifest> FromJson(const Json& json);
};

}  // namespace rocky::sdk
