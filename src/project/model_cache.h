#pragma once
// The compile cache (`<state dir>/compile_cache.bin`): what an earlier compile learned about each
// model, keyed by content hashes, so a compile after editing one file re-reads, re-parses and
// re-checks only that model and what depends on it.
//
// Three kinds of records, each under a 64-bit key that hashes everything the result depends on:
// - kModel: a loaded model with its load diagnostics (model file, sidecar, `_defaults.toml`
//   chain, models folder spelling);
// - kQuery: the model's parsed query (references, CTEs, parse diagnostics) for one dialect;
// - kCompiled: the type-checked output columns, lineage and binder diagnostics (the model's key
//   plus the shapes of every relation it reads).
// Records are opaque bytes here; their codecs live beside their types.
//
// File contents are hashed once: a file whose size and modification time equal the recorded
// ones, and whose recorded hash was taken well after that modification time, is not read again
// (the "racily clean" rule of git's index). Any doubt means a re-read, never a stale answer.
//
// The cache only saves time: a missing, damaged or foreign file is an empty cache, and a failed
// save is reported by Save() for the caller to log. A full Save() writes only the records this
// process used or added (so deleted models age out) through a temporary file and a rename. All
// methods
// are thread-safe. A save with few changes appends them to the file as one block (checksummed,
// so a torn append is ignored); the file is rewritten whole when dead entries or blocks pile up.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"

namespace rocky::project {

/// Size and modification time of a file (nanoseconds since the epoch).
struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `path`, or nullopt when it cannot be stat'ed. With a folder descriptor `dir_fd`,
/// `path` may be a name relative to it (no walk of the whole path).
std::optional<FileStamp> StampOf(const std::string& path, int dir_fd = -100 /* AT_FDCWD */);
/// The stamp of an open file.
std::optional<FileStamp> StampOfOpenFile(int fd);

enum class CacheRecord : uint8_t { kModel = 1, kQuery = 2, kCompiled = 3 };

struct ModelCacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t files_hashed = 0;  // files read to learn their hash
};

class ModelCache {
 public:
  /// Reads the cache at `path`. `build_tag` names the producing Rocky build: a file written by
  /// another build is ignored (its records may use other codecs).
  static std::unique_ptr<ModelCache> Load(std::string path, std::string_view build_tag);
  /// Load on a thread of its own (the caller walks the models folder meanwhile); every method
  /// waits for it to finish.
  static std::unique_ptr<ModelCache> LoadInBackground(std::string path, std::string_view build_tag);
  ModelCache() = default;
  ModelCache(const ModelCache&) = delete;
  ModelCache& operator=(const ModelCache&) = delete;
  ~ModelCache();

  /// What an earlier compile recorded about a file it hashed.
  struct KnownFile {
    FileStamp stamp;
    uint64_t hash = 0;
    int64_t hashed_at_ns = 0;
    size_t index = 0;
  };
  /// The record of `path` when an earlier compile hashed it (then a stat may spare reading it).
  std::optional<KnownFile> Known(const std::string& path) const;
  /// Whether `known` still describes the file now stat'ed as `stamp` (not changed, not racy);
  /// then its hash is used and kept.
  bool StillValid(const KnownFile& known, const FileStamp& stamp);
  /// The recorded content hash of `path` when `stamp` shows it unchanged since it was hashed.
  std::optional<uint64_t> TrustedHash(const std::string& path, const FileStamp& stamp);
  /// Records the hash of `path`'s content; `stamp` was taken before reading it.
  void RecordHash(const std::string& path, const FileStamp& stamp, uint64_t hash);

  /// The bytes an earlier compile stored under (kind, key), kept for the next Save(); nullopt on
  /// a miss. Records Put by this process are not looked up. The view stays valid for the
  /// cache's lifetime.
  std::optional<std::string_view> Find(CacheRecord kind, uint64_t key);
  /// Stores `bytes`; the returned view stays valid for the cache's lifetime.
  std::string_view Put(CacheRecord kind, uint64_t key, std::string bytes);

  /// Writes the cache when anything was added or changed since Load.
  Result<void> Save();

  ModelCacheStats stats() const;
  const std::string& path() const { return path_; }
  /// How many files the loaded cache has stamps for (waits for a background load).
  size_t known_files() const;

 private:
  struct Stamp {
    FileStamp file;
    uint64_t hash = 0;
    int64_t hashed_at_ns = 0;
  };
  // Open addressing from a 64-bit key to an index: Load builds tens of thousands of entries
  // and every compile looks each up once, so no per-entry allocation and one probe run.
  class FlatIndex {
   public:
    void Reserve(size_t n);
    /// The index stored for `key`, or nullptr.
    const uint32_t* Find(uint64_t key) const;
    /// Stores `index` for `key` unless present; returns the stored index and whether it is new.
    std::pair<uint32_t, bool> Insert(uint64_t key, uint32_t index);
    size_t size() const { return size_; }

   private:
    void Grow();
    std::vector<uint64_t> keys_;  // 0: empty (keys are remapped away from 0)
    std::vector<uint32_t> values_;
    size_t size_ = 0;
  };
  static uint64_t Slot(CacheRecord kind, uint64_t key) {
    return key * 4 + static_cast<uint64_t>(kind);
  }
  void Read();  // maps and parses the file
  void Ready() const;  // waits for a background Read
  bool Parse();
  bool ParseBlock(std::string_view payload);
  static constexpr int kMaxBlocks = 64;

  std::string path_;
  std::string build_tag_;
  std::string_view mapped_;  // the file, memory-mapped read-only; old entries point into it
  mutable std::thread reader_;
  mutable std::once_flag joined_;
  // What Load read is immutable afterwards (lock-free look-ups); `*_used_` flags say which old
  // entries this process relied on. New entries go to the `new_*` maps under `mu_`.
  // Old stamps by path hash (the path is compared too), old records by slot; parallel vectors.
  FlatIndex stamp_index_, record_index_;
  std::vector<Stamp> old_stamps_;
  std::vector<std::string_view> old_stamp_paths_;
  std::vector<uint64_t> old_record_slots_;
  std::vector<std::string_view> old_records_;  // into mapped_
  std::unique_ptr<std::atomic<bool>[]> stamp_used_, record_used_;
  mutable std::mutex mu_;
  // Appended under `mu_`; never looked up during a compile (each file and key is handled once).
  std::vector<std::pair<std::string, Stamp>> new_stamps_;
  // New records' bytes, each exactly its size, packed into chunks that never move (Put returns
  // views into them): a first compile of 10k models adds ~20 MB of records, which as one
  // string each held a third more in spare capacity and allocator headers.
  std::vector<std::pair<uint64_t, std::string_view>> new_records_;
  std::vector<std::unique_ptr<char[]>> record_chunks_;
  size_t chunk_size_ = 0;  // of the last chunk
  size_t chunk_free_ = 0;  // bytes left at its end
  std::atomic<int64_t> hits_{0}, misses_{0}, files_hashed_{0};
  int blocks_ = 0;          // blocks read from the file
  size_t dead_bytes_ = 0;   // record bytes superseded by later blocks
};

}  // namespace rocky::project
