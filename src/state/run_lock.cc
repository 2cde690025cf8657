#include "state/run_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "base/log.h"

namespace rocky::state {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kPollInterval = 50ms;
constexpr std::string_view kLockSuffix = ".lock";

bool IsPlainNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string EncodeName(std::string_view pipeline) {
  std::string out;
  for (char c : pipeline) {
    if (IsPlainNameChar(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeName(std::string_view encoded) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size()) {
      int hi = HexValue(encoded[i + 1]);
      int lo = HexValue(encoded[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += encoded[i];
  }
  return out;
}

std::string Errno() { return std::strerror(errno); }

// The lock primitive. Linux open-file-description locks conflict between two opens of the file
// even inside one process (like flock) and can be tested without being taken; elsewhere flock is
// used and a probe briefly takes a shared lock.
#if defined(F_OFD_SETLK)

Result<bool> TryLockExclusive(int fd) {
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &fl) == 0) return true;
  if (errno == EAGAIN || errno == EACCES) return false;
  return Fail(ErrorKind::kIo, "cannot lock: {}", Errno());
}

Result<bool> IsLockedByOther(int fd) {
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_GETLK, &fl) != 0)
    return Fail(ErrorKind::kIo, "cannot test lock: {}", Errno());
  return fl.l_type != F_UNLCK;
}

#else

Result<bool> TryLockExclusive(int fd) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  if (errno == EWOULDBLOCK) return false;
  return Fail(ErrorKind::kIo, "cannot lock: {}", Errno());
}

Result<bool> IsLockedByOther(int fd) {
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
    return false;
  }
  if (errno == EWOULDBLOCK) return true;
  return Fail(ErrorKind::kIo, "cannot test lock: {}", Errno());
}

#endif

std::optional<LockHolder> ReadHolder(int fd) {
  std::string text(4096, '\0');
  ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  if (n <= 0) return std::nullopt;
  text.resize(static_cast<size_t>(n));
  return LockHolder::FromJson(text);
}

Result<void> WriteHolder(int fd, const LockHolder& holder) {
  std::string text = holder.ToJson() + "\n";
  if (::ftruncate(fd, 0) != 0) return Fail(ErrorKind::kIo, "cannot write: {}", Errno());
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorKind::kIo, "cannot write: {}", Errno());
    }
    done += static_cast<size_t>(n);
  }
  return Ok();
}

// True when `fd` is still the file at `path` (a releasing run may have deleted it meanwhile).
bool StillAtPath(int fd, const std::string& path) {
  struct stat by_fd = {};
  struct stat by_path = {};
  if (::fstat(fd, &by_fd) != 0 || ::stat(path.c_str(), &by_path) != 0) return false;
  return by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

}  // namespace

std::string RunLock::LockPath(const std::string& state_dir, std::string_view pipeline) {
  fs::path dir = state_dir.empty() ? fs::path(".") : fs::path(state_dir);
  return (dir / "locks" / (EncodeName(pipeline) + std::string(kLockSuffix))).string();
}

Result<RunLock> RunLock::Acquire(const std::string& state_dir, const std::string& pipeline,
                                 const std::string& run_id, std::chrono::milliseconds wait) {
  if (pipeline.empty()) return Fail(ErrorKind::kInternal, "run lock needs a pipeline name");
  std::string path = LockPath(state_dir, pipeline);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) {
    return Fail(ErrorKind::kIo, "cannot create lock folder {}: {}",
                fs::path(path).parent_path().string(), ec.message());
  }

  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return Fail(ErrorKind::kIo, "cannot open lock file {}: {}", path, Errno());
    auto locked = TryLockExclusive(fd);
    if (!locked) {
      ::close(fd);
      return Fail(std::move(locked.error()).With(fmt::format("while locking {}", path)));
    }
    if (*locked) {
      if (!StillAtPath(fd, path)) {  // deleted by a release in between: lock the new file
        ::close(fd);
        continue;
      }
      if (auto stale = ReadHolder(fd)) {
        LogDebug("taking over stale run lock of {}:{} ({})", stale->host, stale->pid, path);
      }
      RunLock lock;
      lock.fd_ = fd;
      lock.pipeline_ = pipeline;
      lock.path_ = path;
      lock.holder_ = LockHolder::Current(run_id);
      if (auto written = WriteHolder(fd, lock.holder_); !written) {
        return Fail(std::move(written.error()).With(fmt::format("while writing {}", path)));
      }
      return lock;
    }

    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      // The holder writes its details just after locking; give it a moment if the file is empty.
      std::optional<LockHolder> holder = ReadHolder(fd);
      for (int i = 0; i < 20 && (!holder || holder->host.empty()); ++i) {
        std::this_thread::sleep_for(5ms);
        holder = ReadHolder(fd);
      }
      ::close(fd);
      return Fail(ErrorKind::kConflict, "{}", PipelineRunningMessage(pipeline, holder));
    }
    ::close(fd);
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(kPollInterval, remaining));
  }
}

Result<LockStatus> RunLock::Probe(const std::string& state_dir, const std::string& pipeline) {
  LockStatus status;
  status.pipeline = pipeline;
  status.path = LockPath(state_dir, pipeline);
  int fd = ::open(status.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return status;
    return Fail(ErrorKind::kIo, "cannot open lock file {}: {}", status.path, Errno());
  }
  auto locked = IsLockedByOther(fd);
  status.holder = ReadHolder(fd);
  ::close(fd);
  if (!locked)
    return Fail(std::move(locked.error()).With(fmt::format("while probing {}", status.path)));
  status.held = *locked;
  return status;
}

Result<std::vector<LockStatus>> RunLock::List(const std::string& state_dir) {
  std::vector<LockStatus> out;
  fs::path dir = (state_dir.empty() ? fs::path(".") : fs::path(state_dir)) / "locks";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() <= kLockSuffix.size() || !name.ends_with(kLockSuffix)) continue;
    std::string pipeline =
        DecodeName(std::string_view(name).substr(0, name.size() - kLockSuffix.size()));
    auto status = Probe(state_dir, pipeline);
    if (!status) return Fail(std::move(status.error()));
    out.push_back(std::move(*status));
  }
  if (ec) return Fail(ErrorKind::kIo, "cannot list {}: {}", dir.string(), ec.message());
  std::sort(out.begin(), out.end(),
            [](const LockStatus& a, const LockStatus& b) { return a.pipeline < b.pipeline; });
  return out;
}

RunLock::RunLock(RunLock&& other) noexcept
    : fd_(other.fd_),
      pipeline_(std::move(other.pipeline_)),
      path_(std::move(other.path_)),
      holder_(std::move(other.holder_)) {
  other.fd_ = -1;
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = other.fd_;
    pipeline_ = std::move(other.pipeline_);
    path_ = std::move(other.path_);
    holder_ = std::move(other.holder_);
    other.fd_ = -1;
  }
  return *this;
}

RunLock::~RunLock() { Release(); }

void RunLock::Release() {
  if (fd_ < 0) return;
  // Delete while still locked, so nobody can lock this inode and believe it is current.
  ::unlink(path_.c_str());
  ::close(fd_);
  fd_ = -1;
}

}  // namespace rocky::state
