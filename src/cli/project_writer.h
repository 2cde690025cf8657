#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "cli/project_templates.h"

namespace rocky::cli {

/// Writes each file under `dir`; returns the relative paths written, in template order.
Result<std::vector<std::string>> WriteProject(const std::string& dir,
                                              const std::vector<TemplateFile>& files);

}  // namespace rocky::cli
