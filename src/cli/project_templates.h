#pragma once
// The projects `rocky init` and `rocky playground` write.

#include <string>
#include <string_view>
#include <vector>

namespace rocky::cli {

struct TemplateFile {
  std::string path;  // relative to the project folder
  std::string content;
};

/// `init --template duckdb|databricks-fivetran|snowflake`; empty when the name is unknown.
std::vector<TemplateFile> InitTemplate(std::string_view name);
/// `playground --template quickstart|ecommerce|showcase`; empty when the name is unknown.
std::vector<TemplateFile> PlaygroundTemplate(std::string_view name);

}  // namespace rocky::cli
