#include "state/remote_state.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "base/file.h"

namespace rocky::state {

namespace fs = std::filesystem;

namespace {

// Removes a temporary file when it goes out of scope.
struct TempFile {
  std::string path;
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

RemoteStateSync::RemoteStateSync(RemoteObject& remote, std::string local_path)
    : remote_(remote), local_path_(std::move(local_path)) {}

std::string RemoteStateSync::TempPath(std::string_view what) const {
  return fmt::format("{}.{}.{}.tmp", local_path_, what, getpid());
}

SyncOutcome RemoteStateSync::Download() {
  SyncOutcome out;
  auto fetched = remote_.Fetch();
  if (!fetched) {
    out.warning = fmt::format("downloading the state from {} failed ({}); keeping the local file",
                              remote_.backend(), fetched.error().message);
    return out;
  }
  seen_ = true;
  if (!*fetched) {
    etag_.reset();  // no remote state yet: the local file (or a fresh one) is the state
    return out;
  }
  TempFile temp{TempPath("download")};
  std::error_code ec;
  fs::create_directories(fs::path(local_path_).parent_path(), ec);
  if (auto written = WriteFileAtomic(temp.path, (*fetched)->bytes); !written) {
    out.warning = fmt::format("writing the downloaded state failed ({}); keeping the local file",
                              written.error().message);
    return out;
  }
  if (auto check = StateStore::Check(temp.path); !check) {
    out.warning = fmt::format(
        "the remote state from {} is not a usable state store ({}); "
        "keeping the local file",
        remote_.backend(), check.error().message);
    return out;
  }
  // A stale write-ahead log of the old file must not be applied to the new one.
  fs::remove(local_path_ + "-wal", ec);
  fs::remove(local_path_ + "-shm", ec);
  fs::rename(temp.path, local_path_, ec);
  if (ec) {
    out.warning = fmt::format("replacing {} with the downloaded state failed ({}); keeping it",
                              local_path_, ec.message());
    return out;
  }
  etag_ = (*fetched)->etag;
  out.synced = true;
  out.bytes = static_cast<int64_t>((*fetched)->bytes.size());
  return out;
}

Result<std::string> RemoteStateSync::Snapshot(StateStore& store, std::string_view what) const {
  TempFile file{TempPath(what)};
  std::error_code ec;
  fs::remove(file.path, ec);  // VACUUM INTO needs a new file
  if (auto done = store.VacuumInto(file.path); !done) return Fail(std::move(done.error()));
  return ReadFile(file.path);
}

Result<std::string> RemoteStateSync::MergeRemoteInto(const RemoteObject::Fetched& remote,
                                                     StateStore& store) const {
  TempFile copy{TempPath("merge")};
  if (auto written = WriteFileAtomic(copy.path, remote.bytes); !written)
    return Fail(std::move(written.error()));
  Result<std::string> merged;
  {
    auto other = StateStore::Open(copy.path, OpenMode::kReadWrite);
    if (!other) return Fail(std::move(other.error()));
    if (auto done = store.ReplayJournal(*other); !done) return Fail(std::move(done.error()));
    merged = Snapshot(*other, "merged");
  }  // closed before its companions go
  std::error_code ec;
  fs::remove(copy.path + "-wal", ec);
  fs::remove(copy.path + "-shm", ec);
  return merged;
}

SyncOutcome RemoteStateSync::Upload(StateStore& store) {
  SyncOutcome out;
  auto fail = [&](std::string_view what, const Error& e) {
    out.warning =
        fmt::format("{} {} failed ({}); upload skipped", what, remote_.backend(), e.message);
    return out;
  };
  if (!seen_) {  // no download this run: learn the etag the write must match
    auto fetched = remote_.Fetch();
    if (!fetched) return fail("reading the state from", fetched.error());
    seen_ = true;
    if (*fetched) etag_ = (*fetched)->etag;
  }
  // Steps kept before the snapshot are in it; a write between the two is replayed twice at
  // worst (each step is an idempotent upsert), never lost.
  const size_t held = store.JournalSize();
  auto snapshot = Snapshot(store, "upload");
  if (!snapshot) return fail("snapshotting the state for", snapshot.error());
  std::string payload = std::move(*snapshot);
  while (out.attempts < kMaxUploadAttempts) {
    ++out.attempts;
    auto stored = remote_.Store(payload, etag_);
    if (!stored) return fail("uploading the state to", stored.error());
    if (*stored) {
      etag_ = **stored;
      store.ForgetJournal(held);  // the remote copy holds them; later writes stay
      out.synced = true;
      out.bytes = static_cast<int64_t>(payload.size());
      return out;
    }
    // Someone else wrote first: take their copy and put this run's writes on top of it.
    auto fetched = remote_.Fetch();
    if (!fetched) return fail("reading the concurrently changed state from", fetched.error());
    if (!*fetched) {
      etag_.reset();  // deleted meanwhile: our own snapshot is the whole state
      continue;
    }
    auto merged = MergeRemoteInto(**fetched, store);
    if (!merged) return fail("merging this run's writes into the state of", merged.error());
    payload = std::move(*merged);
    etag_ = (*fetched)->etag;
  }
  out.warning = "remote state changed concurrently; upload skipped";
  return out;
}

SyncOutcome RemoteStateSync::Push(StateStore& store) {
  SyncOutcome out;
  auto fetched = remote_.Fetch();
  if (!fetched) {
    out.warning = fmt::format("reading the state from {} failed ({}); nothing was pushed",
                              remote_.backend(), fetched.error().message);
    return out;
  }
  std::optional<std::string> expected;
  if (*fetched) expected = (*fetched)->etag;
  auto snapshot = Snapshot(store, "push");
  if (!snapshot) {
    out.warning = fmt::format("snapshotting the local state failed ({}); nothing was pushed",
                              snapshot.error().message);
    return out;
  }
  out.attempts = 1;
  auto stored = remote_.Store(*snapshot, expected);
  if (!stored) {
    out.warning = fmt::format("uploading the state to {} failed ({}); nothing was pushed",
                              remote_.backend(), stored.error().message);
    return out;
  }
  if (!*stored) {
    out.warning = fmt::format(
        "the state on {} changed while pushing; nothing was replaced (pull it, check, and push "
        "again)",
        remote_.backend());
    return out;
  }
  seen_ = true;
  etag_ = **stored;
  out.synced = true;
  out.bytes = static_cast<int64_t>(snapshot->size());
  return out;
}

}  // namespace rocky::state
