#pragma once
// The files `rocky init-adapter NAME` writes under adapters/NAME/: an in-tree C++ adapter on the
// adapter SDK (CMakeLists.txt, manifest, warehouse, dialect, type mapper, conformance test,
// README), or with --process a stand-alone program speaking the process protocol.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/project_templates.h"

namespace rocky::cli {

/// Why `name` cannot name a C++ adapter (it becomes a namespace, file names and the target
/// rocky_adapters_NAME): it must be lower-case letters, digits and _, start with a letter, and be
/// neither a C++ keyword nor a built-in adapter. nullopt when it can.
std::optional<std::string> CppAdapterNameProblem(std::string_view name);

/// The C++ scaffold; paths are relative to adapters/NAME/.
std::vector<TemplateFile> CppAdapterTemplate(std::string_view name);

/// The process adapter skeleton: one executable Python 3 file, `rocky-NAME`.
std::vector<TemplateFile> ProcessAdapterTemplate(std::string_view name);

}  // namespace rocky::cli
