#include "cli/project_writer.h"

#include <filesystem>

#include "base/file.h"

namespace rocky::cli {

Result<std::vector<std::string>> WriteProject(const std::string& dir,
                                              const std::vector<TemplateFile>& files) {
  std::vector<std::string> written;
  for (const auto& f : files) {
    std::string path = (std::filesystem::path(dir) / f.path).string();
    if (auto ok = WriteFileAtomic(path, f.content); !ok) return std::unexpected(ok.error());
    written.push_back(f.path);
  }
  return written;
}

}  // namespace rocky::cli
