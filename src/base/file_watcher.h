#pragma once
// Watches a folder tree for changes to files with given extensions (inotify; folders created
// later are watched too) and calls back once the changes stop for a quiet period: `serve --watch`
// recompiles after 100 ms without events (services.md §5), `watch` after 200 ms (cli.md §4).
//
// Contract: the callback runs on the watcher's thread, never concurrently with itself, once per
// burst of events, with the paths changed in that burst (sorted, unique). Events that arrive
// while the callback runs start the next burst. Stop() (and the destructor) returns promptly and
// no callback runs after it returns.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"

namespace rocky {

struct FileWatchOptions {
  /// Extensions that count, with the dot: {".sql", ".rocky", ".toml"}. Empty: every file.
  std::vector<std::string> extensions;
  /// The quiet period that ends a burst.
  std::chrono::milliseconds quiet{100};
};

class FileWatcher {
 public:
  using Callback = std::function<void(const std::vector<std::string>& changed)>;

  /// Starts watching `root` (which must be a folder) and every folder below it.
  static Result<std::unique_ptr<FileWatcher>> Start(const std::string& root,
                                                    FileWatchOptions options, Callback on_change);

  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;
  ~FileWatcher();

  /// Stops watching and joins the thread. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit FileWatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rocky
