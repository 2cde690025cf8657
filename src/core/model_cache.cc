#include "core/model_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "base/byte_codec.h"
#include "base/file.h"
#include "base/hash.h"

namespace rocky::core {

namespace {

constexpr std::string_view kMagic = "ROCKYCC1";
// A file modified this close to the moment it was hashed may change again without its stamp
// changing (coarse file system clocks): such a hash is used once and then re-checked.
constexpr int64_t kRacyWindowNs = 100'000'000;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The whole file mapped read-only (empty when missing or empty). Later writes replace the file
// by a rename, so the mapping never changes under us.
std::string_view MapWhole(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  struct stat st {};
  void* p = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return {};
  return {static_cast<const char*>(p), static_cast<size_t>(st.st_size)};
}

}  // namespace

std::optional<FileStamp> StampOf(const std::string& path, int dir_fd) {
  struct stat st {};
  if (::fstatat(dir_fd, path.c_str(), &st, 0) != 0) return std::nullopt;
  return FileStamp{static_cast<uint64_t>(st.st_size),
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::unique_ptr<ModelCache> ModelCache::Load(std::string path, std::string_view build_tag) {
  auto cache = std::make_unique<ModelCache>();
  cache->path_ = std::move(path);
  cache->build_tag_ = std::string(build_tag);
  cache->mapped_ = MapWhole(cache->path_);
  if (!cache->mapped_.empty() && !cache->Parse()) {
    cache->old_stamps_.clear();
    cache->old_stamp_paths_.clear();
    cache->old_records_.clear();
  }
  cache->stamp_used_ = std::make_unique<std::atomic<bool>[]>(cache->old_stamps_.size());
  cache->record_used_ = std::make_unique<std::atomic<bool>[]>(cache->old_records_.size());
  return cache;
}

ModelCache::~ModelCache() {
  if (!mapped_.empty()) ::munmap(const_cast<char*>(mapped_.data()), mapped_.size());
}

// magic, build tag, stamps (path, size, mtime, hash, hashed_at), records (slot, bytes).
bool ModelCache::Parse() {
  std::string_view tag;
  if (mapped_.size() < kMagic.size() || mapped_.substr(0, kMagic.size()) != kMagic) return false;
  ByteReader body(mapped_.substr(kMagic.size()));
  if (!body.View(tag) || tag != build_tag_) return false;
  uint64_t count = 0;
  if (!body.Count(count)) return false;
  old_stamps_.reserve(count);
  old_stamp_paths_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view file;
    Stamp s;
    if (!body.View(file) || !body.Varint(s.file.size) || !body.Int(s.file.mtime_ns) ||
        !body.U64(s.hash) || !body.Int(s.hashed_at_ns))
      return false;
    if (old_stamps_.emplace(Fnv1a64(file), std::pair(s, old_stamp_paths_.size())).second)
      old_stamp_paths_.push_back(file);
  }
  if (!body.Count(count)) return false;
  old_records_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t slot = 0;
    std::string_view bytes;
    if (!body.U64(slot) || !body.View(bytes)) return false;
    old_records_.emplace(slot, OldRecord{bytes, old_records_.size()});
  }
  return body.done();
}

std::optional<uint64_t> ModelCache::TrustedHash(const std::string& path, const FileStamp& stamp) {
  auto it = old_stamps_.find(Fnv1a64(path));
  if (it == old_stamps_.end()) return std::nullopt;
  const auto& [old, index] = it->second;
  if (old_stamp_paths_[index] != path || old.file != stamp || stamp.mtime_ns >= old.hashed_at_ns - kRacyWindowNs) return std::nullopt;
  stamp_used_[index].store(true, std::memory_order_relaxed);
  return old.hash;
}

void ModelCache::RecordHash(const std::string& path, const FileStamp& stamp, uint64_t hash) {
  // The stamp was taken before the read: a write during the read shows as a newer mtime later.
  Stamp s{stamp, hash, NowNs()};
  files_hashed_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  new_stamps_.insert_or_assign(path, s);
}

std::optional<std::string_view> ModelCache::Find(CacheRecord kind, uint64_t key) {
  const uint64_t slot = Slot(kind, key);
  if (auto it = old_records_.find(slot); it != old_records_.end()) {
    record_used_[it->second.index].store(true, std::memory_order_relaxed);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second.bytes;
  }
  std::lock_guard lock(mu_);
  if (auto it = new_records_.find(slot); it != new_records_.end()) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return *it->second;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void ModelCache::Put(CacheRecord kind, uint64_t key, std::string bytes) {
  auto owned = std::make_unique<std::string>(std::move(bytes));
  std::lock_guard lock(mu_);
  new_records_.insert_or_assign(Slot(kind, key), std::move(owned));
}

Result<void> ModelCache::Save() {
  std::lock_guard lock(mu_);
  size_t old_records_kept = 0, old_stamps_kept = 0, total = 0;
  for (const auto& [slot, old] : old_records_)
    if (record_used_[old.index].load() && !new_records_.contains(slot)) {
      ++old_records_kept;
      total += old.bytes.size() + 12;
    }
  auto old_stamp_kept = [&](size_t index) {
    return stamp_used_[index].load() &&
           !new_stamps_.contains(std::string(old_stamp_paths_[index]));
  };
  for (const auto& [hash, old] : old_stamps_)
    if (old_stamp_kept(old.second)) ++old_stamps_kept;
  // Nothing new and nothing dropped: the file on disk is already right.
  if (new_records_.empty() && new_stamps_.empty() && old_records_kept == old_records_.size() &&
      old_stamps_kept == old_stamps_.size())
    return Ok();
  for (const auto& [slot, bytes] : new_records_) total += bytes->size() + 12;
  ByteWriter w;
  w.Reserve(total + (old_stamps_kept + new_stamps_.size()) * 64 + 64);
  w.Raw(kMagic);
  w.Str(build_tag_);
  w.Varint(old_stamps_kept + new_stamps_.size());
  auto put_stamp = [&](std::string_view file, const Stamp& s) {
    w.Str(file);
    w.Varint(s.file.size);
    w.Int(s.file.mtime_ns);
    w.U64(s.hash);
    w.Int(s.hashed_at_ns);
  };
  for (const auto& [hash, old] : old_stamps_)
    if (old_stamp_kept(old.second)) put_stamp(old_stamp_paths_[old.second], old.first);
  for (const auto& [file, s] : new_stamps_) put_stamp(file, s);
  w.Varint(old_records_kept + new_records_.size());
  for (const auto& [slot, old] : old_records_)
    if (record_used_[old.index].load() && !new_records_.contains(slot)) {
      w.U64(slot);
      w.Str(old.bytes);
    }
  for (const auto& [slot, bytes] : new_records_) {
    w.U64(slot);
    w.Str(*bytes);
  }
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  return WriteFileAtomic(path_, w.bytes());
}

ModelCacheStats ModelCache::stats() const {
  return ModelCacheStats{hits_.load(), misses_.load(), files_hashed_.load()};
}

}  // namespace rocky::core
