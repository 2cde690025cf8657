#pragma once

#include <string>

#include "base/error.h"

namespace rocky {

/// The whole file, or kNotFound / kIo.
Result<std::string> ReadFile(const std::string& path);
/// Writes through a temporary file and rename, creating parent folders.
Result<void> WriteFileAtomic(const std::string& path, std::string_view content);
bool FileExists(const std::string& path);
bool IsTerminal(int fd);

}  // namespace rocky
