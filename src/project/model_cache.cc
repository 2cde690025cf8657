#include "project/model_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "base/byte_codec.h"
#include "base/file.h"
#include "base/hash.h"

namespace rocky::project {

namespace {

constexpr std::string_view kMagic = "ROCKYCC2";
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
    p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return {};
  return {static_cast<const char*>(p), static_cast<size_t>(st.st_size)};
}

}  // namespace

namespace {

FileStamp StampFrom(const struct stat& st) {
  return FileStamp{static_cast<uint64_t>(st.st_size),
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

}  // namespace

std::optional<FileStamp> StampOf(const std::string& path, int dir_fd) {
  struct stat st {};
  if (::fstatat(dir_fd, path.c_str(), &st, 0) != 0) return std::nullopt;
  return StampFrom(st);
}

std::optional<FileStamp> StampOfOpenFile(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return StampFrom(st);
}

namespace {

uint64_t NonZero(uint64_t key) { return key == 0 ? 1 : key; }

}  // namespace

void ModelCache::FlatIndex::Reserve(size_t n) {
  size_t capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  if (capacity <= keys_.size()) return;
  std::vector<uint64_t> keys = std::move(keys_);
  std::vector<uint32_t> values = std::move(values_);
  keys_.assign(capacity, 0);
  values_.assign(capacity, 0);
  size_ = 0;
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] != 0) Insert(keys[i], values[i]);
}

void ModelCache::FlatIndex::Grow() { Reserve(std::max<size_t>(16, size_ * 2 + 2)); }

const uint32_t* ModelCache::FlatIndex::Find(uint64_t key) const {
  if (keys_.empty()) return nullptr;
  key = NonZero(key);
  const size_t mask = keys_.size() - 1;
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return &values_[i];
    if (keys_[i] == 0) return nullptr;
  }
}

std::pair<uint32_t, bool> ModelCache::FlatIndex::Insert(uint64_t key, uint32_t index) {
  if ((size_ + 1) * 2 > keys_.size()) Grow();
  key = NonZero(key);
  const size_t mask = keys_.size() - 1;
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return {values_[i], false};
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = index;
      ++size_;
      return {index, true};
    }
  }
}

std::unique_ptr<ModelCache> ModelCache::Load(std::string path, std::string_view build_tag) {
  auto cache = std::make_unique<ModelCache>();
  cache->path_ = std::move(path);
  cache->build_tag_ = std::string(build_tag);
  cache->Read();
  return cache;
}

std::unique_ptr<ModelCache> ModelCache::LoadInBackground(std::string path,
                                                         std::string_view build_tag) {
  auto cache = std::make_unique<ModelCache>();
  cache->path_ = std::move(path);
  cache->build_tag_ = std::string(build_tag);
  cache->reader_ = std::thread([c = cache.get()] { c->Read(); });
  return cache;
}

void ModelCache::Read() {
  mapped_ = MapWhole(path_);
  if (!mapped_.empty() && !Parse()) {
    stamp_index_ = FlatIndex();
    record_index_ = FlatIndex();
    old_stamps_.clear();
    old_stamp_paths_.clear();
    old_record_slots_.clear();
    old_records_.clear();
  }
  stamp_used_ = std::make_unique<std::atomic<bool>[]>(old_stamps_.size());
  record_used_ = std::make_unique<std::atomic<bool>[]>(old_records_.size());
}

void ModelCache::Ready() const {
  std::call_once(joined_, [this] {
    if (reader_.joinable()) reader_.join();
  });
}

ModelCache::~ModelCache() {
  Ready();
  if (!mapped_.empty()) ::munmap(const_cast<char*>(mapped_.data()), mapped_.size());
}

// The file: magic, build tag, then blocks. A block is [u64 payload size][u64 FNV-1a of the
// payload][payload = stamps (path, size, mtime, hash, hashed_at), records (slot, bytes)]. A save
// with few changes appends one block; a later block's entries win over earlier ones. A torn or
// damaged block ends the file: the blocks before it stay valid.
bool ModelCache::Parse() {
  if (mapped_.size() < kMagic.size() || mapped_.substr(0, kMagic.size()) != kMagic) return false;
  ByteReader header(mapped_.substr(kMagic.size()));
  std::string_view tag;
  if (!header.View(tag) || tag != build_tag_) return false;
  const size_t first_block = kMagic.size() + header.position();
  size_t pos = first_block;
  while (pos < mapped_.size()) {
    ByteReader frame(mapped_.substr(pos));
    uint64_t size = 0, checksum = 0;
    if (!frame.U64(size) || !frame.U64(checksum) || size > mapped_.size() - pos - 16) break;
    const std::string_view payload = mapped_.substr(pos + 16, size);
    // The first block was written whole before a rename; appended ones may be torn.
    if (pos != first_block && Fnv1a64(payload) != checksum) break;
    if (!ParseBlock(payload)) return false;
    pos += 16 + size;
    ++blocks_;
  }
  return blocks_ > 0;
}

bool ModelCache::ParseBlock(std::string_view payload) {
  ByteReader body(payload);
  uint64_t count = 0;
  if (!body.Count(count)) return false;
  stamp_index_.Reserve(old_stamps_.size() + count);
  old_stamps_.reserve(old_stamps_.size() + count);
  old_stamp_paths_.reserve(old_stamp_paths_.size() + count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view file;
    Stamp s;
    if (!body.View(file) || !body.Varint(s.file.size) || !body.Int(s.file.mtime_ns) ||
        !body.U64(s.hash) || !body.Int(s.hashed_at_ns))
      return false;
    auto [index, inserted] =
        stamp_index_.Insert(ContentHash64(file), static_cast<uint32_t>(old_stamps_.size()));
    if (inserted) {
      old_stamps_.push_back(s);
      old_stamp_paths_.push_back(file);
    } else if (old_stamp_paths_[index] == file) {
      old_stamps_[index] = s;  // a later block wins
    }
  }
  if (!body.Count(count)) return false;
  record_index_.Reserve(old_records_.size() + count);
  old_records_.reserve(old_records_.size() + count);
  old_record_slots_.reserve(old_record_slots_.size() + count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t slot = 0;
    std::string_view bytes;
    if (!body.U64(slot) || !body.View(bytes)) return false;
    auto [index, inserted] =
        record_index_.Insert(slot, static_cast<uint32_t>(old_records_.size()));
    if (inserted) {
      old_record_slots_.push_back(slot);
      old_records_.push_back(bytes);
    } else {
      dead_bytes_ += old_records_[index].size();
      old_records_[index] = bytes;  // a later block wins
    }
  }
  return body.done();
}

std::optional<ModelCache::KnownFile> ModelCache::Known(const std::string& path) const {
  Ready();
  const uint32_t* index = stamp_index_.Find(ContentHash64(path));
  if (!index || old_stamp_paths_[*index] != path) return std::nullopt;
  const Stamp& s = old_stamps_[*index];
  return KnownFile{s.file, s.hash, s.hashed_at_ns, *index};
}

bool ModelCache::StillValid(const KnownFile& known, const FileStamp& stamp) {
  if (known.stamp != stamp || stamp.mtime_ns >= known.hashed_at_ns - kRacyWindowNs) return false;
  if (!stamp_used_[known.index].load(std::memory_order_relaxed))
    stamp_used_[known.index].store(true, std::memory_order_relaxed);
  return true;
}

std::optional<uint64_t> ModelCache::TrustedHash(const std::string& path, const FileStamp& stamp) {
  auto known = Known(path);
  if (!known || !StillValid(*known, stamp)) return std::nullopt;
  return known->hash;
}

void ModelCache::RecordHash(const std::string& path, const FileStamp& stamp, uint64_t hash) {
  Ready();
  // The stamp was taken before the read: a write during the read shows as a newer mtime later.
  Stamp s{stamp, hash, NowNs()};
  files_hashed_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  new_stamps_.emplace_back(path, s);
}

std::optional<std::string_view> ModelCache::Find(CacheRecord kind, uint64_t key) {
  Ready();
  const uint64_t slot = Slot(kind, key);
  if (const uint32_t* index = record_index_.Find(slot)) {
    if (!record_used_[*index].load(std::memory_order_relaxed))
      record_used_[*index].store(true, std::memory_order_relaxed);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return old_records_[*index];
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

std::string_view ModelCache::Put(CacheRecord kind, uint64_t key, std::string bytes) {
  constexpr size_t kChunk = 1u << 20;
  Ready();
  std::lock_guard lock(mu_);
  if (bytes.size() > chunk_free_) {
    chunk_size_ = std::max(kChunk, bytes.size());
    record_chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size_));
    chunk_free_ = chunk_size_;
  }
  char* at = record_chunks_.back().get() + (chunk_size_ - chunk_free_);
  if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  chunk_free_ -= bytes.size();
  const std::string_view view(at, bytes.size());
  new_records_.emplace_back(Slot(kind, key), view);
  return view;
}

namespace {

void PutStamp(ByteWriter& w, std::string_view file, const FileStamp& f, uint64_t hash,
              int64_t hashed_at_ns) {
  w.Str(file);
  w.Varint(f.size);
  w.Int(f.mtime_ns);
  w.U64(hash);
  w.Int(hashed_at_ns);
}

// [size][checksum][payload]
std::string Frame(const std::string& payload) {
  ByteWriter w;
  w.Reserve(payload.size() + 16);
  w.U64(payload.size());
  w.U64(Fnv1a64(payload));
  w.Raw(payload);
  return w.Take();
}

Result<void> AppendToFile(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorKind::kIo, "cannot append to {}: {}", path, std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Fail(ErrorKind::kIo, "cannot append to {}: {}", path, std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return Ok();
}

}  // namespace

Result<void> ModelCache::Save() {
  Ready();
  std::lock_guard lock(mu_);
  size_t unused_bytes = dead_bytes_;
  for (size_t i = 0; i < old_records_.size(); ++i)
    if (!record_used_[i].load()) unused_bytes += old_records_[i].size();
  if (new_records_.empty() && new_stamps_.empty()) return Ok();  // unused entries may wait
  size_t new_bytes = 0;
  for (const auto& [slot, bytes] : new_records_) new_bytes += bytes.size() + 12;

  // Few changes to a file that is mostly alive: append them as one block.
  const bool can_append = blocks_ > 0 && blocks_ < kMaxBlocks &&
                          unused_bytes + new_bytes < mapped_.size() / 2;
  if (can_append) {
    ByteWriter block;
    block.Reserve(new_bytes + new_stamps_.size() * 64 + 16);
    block.Varint(new_stamps_.size());
    for (const auto& [file, st] : new_stamps_) PutStamp(block, file, st.file, st.hash, st.hashed_at_ns);
    block.Varint(new_records_.size());
    for (const auto& [slot, bytes] : new_records_) {
      block.U64(slot);
      block.Str(bytes);
    }
    return AppendToFile(path_, Frame(block.bytes()));
  }

  // Otherwise rewrite: the entries this process used or added, one block, streamed to a
  // temporary file that replaces the cache by a rename. The first block's checksum is not
  // checked on load (the rename makes it whole), so it is written as 0.
  FlatIndex new_stamp_paths, new_slots;  // what the new entries replace
  new_stamp_paths.Reserve(new_stamps_.size());
  for (const auto& [file, st] : new_stamps_) new_stamp_paths.Insert(ContentHash64(file), 0);
  new_slots.Reserve(new_records_.size());
  for (const auto& [slot, bytes] : new_records_) new_slots.Insert(slot, 0);
  auto old_stamp_kept = [&](size_t index) {
    return stamp_used_[index].load() &&
           !new_stamp_paths.Find(ContentHash64(old_stamp_paths_[index]));
  };
  size_t kept_stamps = 0, kept_records = 0;
  auto old_record_kept = [&](size_t i) {
    return record_used_[i].load() && !new_slots.Find(old_record_slots_[i]);
  };
  for (size_t i = 0; i < old_stamps_.size(); ++i)
    if (old_stamp_kept(i)) ++kept_stamps;
  for (size_t i = 0; i < old_records_.size(); ++i)
    if (old_record_kept(i)) ++kept_records;

  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  const std::string tmp = path_ + ".tmp." + std::to_string(::getpid());
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (!out) return Fail(ErrorKind::kIo, "cannot write {}: {}", tmp, std::strerror(errno));
  std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  ByteWriter w;
  uint64_t payload = 0;
  auto flush = [&](bool counted) {
    std::fwrite(w.bytes().data(), 1, w.size(), out);
    if (counted) payload += w.size();
    w.Clear();
  };
  w.Raw(kMagic);
  w.Str(build_tag_);
  w.U64(0);  // payload size, patched below
  w.U64(0);  // checksum (first block: unchecked)
  flush(false);
  const long size_at = static_cast<long>(kMagic.size()) + 0;
  w.Varint(kept_stamps + new_stamps_.size());
  for (size_t i = 0; i < old_stamps_.size(); ++i)
    if (old_stamp_kept(i))
      PutStamp(w, old_stamp_paths_[i], old_stamps_[i].file, old_stamps_[i].hash,
               old_stamps_[i].hashed_at_ns);
  for (const auto& [file, st] : new_stamps_) PutStamp(w, file, st.file, st.hash, st.hashed_at_ns);
  w.Varint(kept_records + new_records_.size());
  flush(true);
  auto put_record = [&](uint64_t slot, std::string_view bytes) {
    w.U64(slot);
    w.Varint(bytes.size());
    flush(true);
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    payload += bytes.size();
  };
  for (size_t i = 0; i < old_records_.size(); ++i)
    if (old_record_kept(i)) put_record(old_record_slots_[i], old_records_[i]);
  for (const auto& [slot, bytes] : new_records_) put_record(slot, bytes);
  // Patch the payload size: it follows the magic and the length-prefixed tag.
  ByteWriter tag;
  tag.Str(build_tag_);
  ByteWriter size;
  size.U64(payload);
  bool ok = std::fseek(out, size_at + static_cast<long>(tag.size()), SEEK_SET) == 0 &&
            std::fwrite(size.bytes().data(), 1, 8, out) == 8;
  ok = std::fclose(out) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Fail(ErrorKind::kIo, "cannot write {}: {}", path_, std::strerror(errno));
  }
  return Ok();
}

size_t ModelCache::known_files() const {
  Ready();
  return old_stamps_.size();
}

ModelCacheStats ModelCache::stats() const {
  return ModelCacheStats{hits_.load(), misses_.load(), files_hashed_.load()};
}

}  // namespace rocky::project
