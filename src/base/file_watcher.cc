#include "base/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

namespace rocky {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kFileEvents = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE |
                                 IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

struct FileWatcher::Impl {
  FileWatchOptions options;
  Callback on_change;
  int inotify_fd = -1;
  int stop_fd = -1;
  std::map<int, std::string> folders;  // watch descriptor → folder path
  std::thread thread;
  bool stopped = false;

  ~Impl() {
    if (inotify_fd >= 0) ::close(inotify_fd);
    if (stop_fd >= 0) ::close(stop_fd);
  }

  bool Counts(const std::string& path) const {
    if (options.extensions.empty()) return true;
    const std::string ext = fs::path(path).extension().string();
    return std::find(options.extensions.begin(), options.extensions.end(), ext) !=
           options.extensions.end();
  }

  // Watches `folder` and every folder below it; files already there count as changed when
  // `report` is set (a folder moved or created with content in it).
  void WatchTree(const std::string& folder, bool report, std::set<std::string>& changed) {
    int wd = ::inotify_add_watch(inotify_fd, folder.c_str(), kFileEvents | IN_ONLYDIR);
    if (wd < 0) return;  // gone already, or not a folder
    folders[wd] = folder;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string path = it->path().string();
      if (it->is_directory(ec)) {
        WatchTree(path, report, changed);
      } else if (report && Counts(path)) {
        changed.insert(path);
      }
    }
  }

  // Reads the pending events into `changed`; true when one of them counts.
  bool Drain(std::set<std::string>& changed) {
    bool counted = false;
    alignas(struct inotify_event) char buffer[16 * 1024];
    while (true) {
      ssize_t n = ::read(inotify_fd, buffer, sizeof(buffer));
      if (n <= 0) return counted;  // EAGAIN: nothing more for now
      for (char* p = buffer; p < buffer + n;) {
        auto* event = reinterpret_cast<struct inotify_event*>(p);
        p += sizeof(struct inotify_event) + event->len;
        auto folder = folders.find(event->wd);
        if (folder == folders.end()) continue;
        if (event->mask & IN_IGNORED) {
          folders.erase(folder);
          continue;
        }
        if (event->len == 0) continue;  // the folder itself
        const std::string path = folder->second + "/" + event->name;
        if (event->mask & IN_ISDIR) {
          const size_t before = changed.size();
          if (event->mask & (IN_CREATE | IN_MOVED_TO)) WatchTree(path, true, changed);
          counted = counted || changed.size() != before;
          continue;
        }
        if (Counts(path)) {
          changed.insert(path);
          counted = true;
        }
      }
    }
  }

  void Loop() {
    std::set<std::string> changed;
    using Clock = std::chrono::steady_clock;
    Clock::time_point last_event{};
    while (true) {
      int timeout = -1;
      if (!changed.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            last_event + options.quiet - Clock::now());
        timeout = static_cast<int>(std::max<int64_t>(0, left.count()));
      }
      pollfd fds[2] = {{inotify_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
      int ready = ::poll(fds, 2, timeout);
      if (ready < 0 && errno != EINTR) return;
      if (fds[1].revents & POLLIN) return;
      if (ready > 0 && (fds[0].revents & POLLIN)) {
        if (Drain(changed)) last_event = Clock::now();
        continue;
      }
      if (!changed.empty() && Clock::now() >= last_event + options.quiet) {
        std::vector<std::string> burst(changed.begin(), changed.end());
        changed.clear();
        on_change(burst);
      }
    }
  }
};

Result<std::unique_ptr<FileWatcher>> FileWatcher::Start(const std::string& root,
                                                        FileWatchOptions options,
                                                        Callback on_change) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return Fail(ErrorKind::kNotFound, "cannot watch {}: not a folder", root);
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->on_change = std::move(on_change);
  impl->inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  impl->stop_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->inotify_fd < 0 || impl->stop_fd < 0)
    return Fail(ErrorKind::kIo, "cannot watch {}: {}", root, std::strerror(errno));
  std::set<std::string> ignored;
  std::string top = fs::path(root).lexically_normal().string();
  while (top.size() > 1 && top.back() == '/') top.pop_back();
  impl->WatchTree(top, false, ignored);
  if (impl->folders.empty())
    return Fail(ErrorKind::kIo, "cannot watch {}: {}", root, std::strerror(errno));
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Loop(); });
  return std::unique_ptr<FileWatcher>(new FileWatcher(std::move(impl)));
}

FileWatcher::FileWatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FileWatcher::~FileWatcher() { Stop(); }

void FileWatcher::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(impl_->stop_fd, &one, sizeof(one));
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace rocky
