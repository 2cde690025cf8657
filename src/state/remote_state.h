#pragma once
// Remote state sync (runtime.md §11.1, §11.2): the state file kept as one remote object with an
// etag (S3, Valkey, or both tiered), downloaded before a run and uploaded during and after it with
// compare-and-set writes, so that concurrent runners never lose each other's writes.
//
// Contract:
// - Download never leaves a torn local file: the object is written to a temporary file in the
//   state folder, checked to be a state store of a supported version, then renamed over the
//   local file (its stale -wal/-shm companions removed first). It runs before the store opens.
// - Upload stores a consistent snapshot (VACUUM INTO), conditional on the etag last seen (or on
//   no object existing). On a conflict it fetches the remote copy, replays this run's journal of
//   writes onto it and tries again, 3 times at most; then it gives up with a warning.
// - Failures are reported as warnings in the outcome, never as a failed run.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "state/state_store.h"

namespace rocky::state {

/// One remote copy of the state file with compare-and-set writes. Implemented per backend.
class RemoteObject {
 public:
  struct Fetched {
    std::string bytes;
    std::string etag;
  };

  virtual ~RemoteObject() = default;
  /// "s3", "valkey" or "tiered" (for messages and the state_synced event).
  virtual std::string_view backend() const = 0;
  /// The object, or nullopt when there is none yet.
  virtual Result<std::optional<Fetched>> Fetch() = 0;
  /// Writes `bytes` only if the remote etag is still `expected` (nullopt: only if there is no
  /// object). The new etag, or nullopt when the condition failed (a concurrent write).
  virtual Result<std::optional<std::string>> Store(std::string_view bytes,
                                                   const std::optional<std::string>& expected) = 0;
};

/// What a download or upload did.
struct SyncOutcome {
  bool synced = false;  // the object was transferred (fire state_synced)
  int64_t bytes = 0;    // its size
  int attempts = 0;     // uploads tried (conflicts + 1)
  std::string warning;  // non-empty: what went wrong, to log as a warning
};

class RemoteStateSync {
 public:
  static constexpr int kMaxUploadAttempts = 3;

  /// `local_path`: the state file (its folder holds the temporary files).
  RemoteStateSync(RemoteObject& remote, std::string local_path);

  /// §11.1: fetch the object over the local file. No object: the local file stays (or the run
  /// starts fresh). Call before opening the store.
  SyncOutcome Download();

  /// §11.2: upload a snapshot of `store` (opened on the local file, journaling). On success the
  /// journal forgets the steps the snapshot holds; writes made meanwhile (the run goes on while
  /// a periodic upload runs) stay for the next upload's conflict replay.
  SyncOutcome Upload(StateStore& store);

  /// `rocky state sync --push`: replaces the remote object with a snapshot of `store`, on the
  /// condition that it is still the one read just before (or still absent). A concurrent write in
  /// between is not overwritten: the push fails with a warning and replaces nothing.
  SyncOutcome Push(StateStore& store);

 private:
  /// A consistent snapshot of `store` (VACUUM INTO a temporary file), as bytes.
  Result<std::string> Snapshot(StateStore& store, std::string_view what) const;
  /// `remote` with this run's journal replayed onto it, as bytes.
  Result<std::string> MergeRemoteInto(const RemoteObject::Fetched& remote, StateStore& store) const;
  std::string TempPath(std::string_view what) const;

  RemoteObject& remote_;
  std::string local_path_;
  bool seen_ = false;                // a download or upload has seen the remote state
  std::optional<std::string> etag_;  // the remote etag seen (nullopt: no object)
};

}  // namespace rocky::state
