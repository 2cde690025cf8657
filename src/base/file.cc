#include "base/file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rocky {

namespace fs = std::filesystem;

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Fail(ErrorKind::kNotFound, "file not found: {}", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kIo, "cannot read {}: {}", path, std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<void> WriteFileAtomic(const std::string& path, std::string_view content) {
  std::error_code ec;
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(ErrorKind::kIo, "cannot write {}: {}", path, std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return Fail(ErrorKind::kIo, "cannot write {}: {}", path, std::strerror(errno));
  }
  fs::rename(tmp, path, ec);
  if (ec) return Fail(ErrorKind::kIo, "cannot write {}: {}", path, ec.message());
  return Ok();
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

bool IsTerminal(int fd) { return ::isatty(fd) == 1; }

}  // namespace rocky
