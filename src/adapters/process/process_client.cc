#include "adapters/process/process_client.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "adapter_sdk/types.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/subprocess.h"

namespace rocky::adapters::process {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How long a child that closed stdout may take to exit before it is killed.
constexpr auto kExitAfterEof = 1000ms;
// Stderr lines longer than this are passed on in pieces.
constexpr size_t kMaxStderrLine = 64 * 1024;

std::string Shorten(std::string_view text, size_t limit = 200) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "...";
}

// The code of an `error` object as written: an integer or a string.
std::string CodeText(const Json& code) {
  if (code.IsString()) return code.AsString();
  if (code.IsNumber()) return code.Dump();
  return "";
}

}  // namespace

std::string FormatTimeout(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return fmt::format("{} s", timeout.count() / 1000);
  return fmt::format("{} ms", timeout.count());
}

ProcessAdapterClient::ProcessAdapterClient(ProcessOptions options) : options_(std::move(options)) {}

ProcessAdapterClient::~ProcessAdapterClient() { Close(); }

Result<std::unique_ptr<ProcessAdapterClient>> ProcessAdapterClient::Start(ProcessOptions options) {
  const std::string name = options.adapter_name;
  if (options.command.empty())
    return Fail(Error{ErrorKind::kConfig,
                      fmt::format("process adapter '{}' has no command", name),
                      {},
                      fmt::format("set command in [adapter.{}] to the adapter program", name)});
  SpawnOptions spawn;
  spawn.argv.push_back(options.command);
  spawn.argv.insert(spawn.argv.end(), options.args.begin(), options.args.end());
  spawn.env = options.env;
  auto child = Subprocess::Spawn(spawn);
  if (!child) {
    const bool on_path = options.command.find('/') == std::string::npos;
    std::string hint =
        on_path ? fmt::format(
                      "install '{}' so that it is on PATH, or set command in [adapter.{}] "
                      "to the full path of the adapter program",
                      options.command, name)
                : fmt::format(
                      "check command in [adapter.{}]: it must name an executable file "
                      "(a script needs a #! line and the execute bit)",
                      name);
    return Fail(
        Error{ErrorKind::kAdapter,
              fmt::format("cannot start process adapter '{}': {}", name, child.error().message),
              {},
              std::move(hint)});
  }
  std::unique_ptr<ProcessAdapterClient> client(new ProcessAdapterClient(std::move(options)));
  client->child_ = std::move(*child);
  client->pid_ = client->child_->pid();
  UniqueFd err = client->child_->TakeStderr();
  client->stderr_thread_ = std::thread([c = client.get(), fd = std::move(err)]() mutable {
    c->PumpStderr(fd.get());
    fd.Close();
  });
  LogDebug("process adapter '{}': started {} (pid {})", name, client->child_->program(),
           client->pid_);
  return client;
}

// Passes the child's stderr on as log lines until end of file, or until Close() asked to stop
// and the pipe has stayed idle (a grandchild may hold it open).
void ProcessAdapterClient::PumpStderr(int fd) {
  std::string partial;
  auto emit = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Log::Write(LogLevel::kInfo, fmt::format("adapter '{}': {}", options_.adapter_name, line));
  };
  std::optional<Clock::time_point> stop_by;
  char buf[8192];
  while (fd >= 0) {
    if (stderr_stop_.load() && !stop_by) stop_by = Clock::now() + 1s;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, 50);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (stop_by) break;
      continue;
    }
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    partial.append(buf, static_cast<size_t>(n));
    size_t nl;
    while ((nl = partial.find('\n')) != std::string::npos) {
      emit(std::string_view(partial).substr(0, nl));
      partial.erase(0, nl + 1);
    }
    if (partial.size() > kMaxStderrLine) {
      emit(partial);
      partial.clear();
    }
    if (stop_by && Clock::now() > *stop_by) break;
  }
  if (!partial.empty()) emit(partial);
}

Result<sdk::AdapterManifest> ProcessAdapterClient::Initialize() {
  const std::string& name = options_.adapter_name;
  auto context = fmt::format("while starting process adapter '{}' (startup aborted)", name);
  auto result = Call("initialize", Json::Object().Set("config", options_.config));
  if (!result) {
    std::lock_guard lock(call_mutex_);
    return std::unexpected(Stop(std::move(result.error()).With(context)));
  }
  const Json* manifest_json = result->Find("manifest");
  const Json& source = manifest_json && manifest_json->IsObject() ? *manifest_json : *result;
  auto manifest = sdk::AdapterManifest::FromJson(source);
  if (!manifest) {
    std::lock_guard lock(call_mutex_);
    return std::unexpected(
        Stop(Error{ErrorKind::kAdapter,
                   fmt::format("adapter '{}' answered initialize with an invalid manifest: {}",
                               name, manifest.error().message),
                   {context},
                   "initialize must return {manifest: {name, dialect, capabilities, …}} or "
                   "the manifest itself"}));
  }
  if (!manifest->sdk_version.empty() && !manifest->sdk_version.starts_with("1."))
    LogWarn("adapter '{}' was built for adapter SDK {}; Rocky speaks {}", name,
            manifest->sdk_version, sdk::kSdkVersion);
  return manifest;
}

Result<Json> ProcessAdapterClient::Call(std::string_view method, Json params) {
  std::lock_guard lock(call_mutex_);
  in_flight_ = true;
  auto result = CallLocked(method, std::move(params), Clock::now() + options_.timeout);
  in_flight_ = false;
  return result;
}

void ProcessAdapterClient::CancelInFlight(std::string_view why) {
  if (in_flight_.load()) Kill(why);
}

bool ProcessAdapterClient::Usable() {
  {
    std::lock_guard lock(kill_mutex_);
    if (!killed_why_.empty()) return false;
  }
  std::unique_lock lock(call_mutex_, std::try_to_lock);
  if (lock.owns_lock() && (stopped_ || closed_)) return false;
  return child_ && child_->Running();
}

Result<Json> ProcessAdapterClient::CallLocked(std::string_view method, Json params,
                                              Clock::time_point deadline) {
  const std::string& name = options_.adapter_name;
  if (closed_) return Fail(ErrorKind::kAdapter, "adapter '{}' is closed", name);
  if (stopped_)
    return Fail(Error{ErrorKind::kAdapter,
                      fmt::format("adapter '{}' cannot run '{}': its process was stopped earlier: "
                                  "{}",
                                  name, method, stopped_->message),
                      {},
                      stopped_->hint});
  const int64_t id = next_id_++;
  std::string text = Json::Object()
                         .Set("jsonrpc", "2.0")
                         .Set("id", id)
                         .Set("method", method)
                         .Set("params", std::move(params))
                         .Dump();
  text.push_back('\n');

  auto timeout_error = [&] {
    return Stop(
        Error{ErrorKind::kAdapter,
              fmt::format("adapter '{}' did not answer '{}' within {} (timeout_secs); its "
                          "process was killed",
                          name, method, FormatTimeout(options_.timeout)),
              {},
              fmt::format("raise timeout_secs in [adapter.{}] if the adapter needs longer", name)});
  };
  auto closed_error = [&](std::string_view stream) {
    std::string how = EndedHow();
    {
      std::lock_guard lock(kill_mutex_);
      if (!killed_why_.empty())
        return Stop(Error{ErrorKind::kAdapter,
                          fmt::format("adapter '{}': '{}' was interrupted: the adapter process was "
                                      "stopped ({})",
                                      name, method, killed_why_),
                          {}});
    }
    return Stop(Error{ErrorKind::kAdapter,
                      fmt::format("adapter process closed {} (process may have crashed): adapter "
                                  "'{}' ({}) {} while Rocky waited for '{}'",
                                  stream, name, options_.command, how, method),
                      {},
                      "its stderr above may say why"});
  };

  if (auto written = child_->Write(text, deadline); !written) {
    if (written.error().message == "timed out") return std::unexpected(timeout_error());
    return std::unexpected(closed_error("stdin"));
  }
  while (true) {
    auto line = ReadLine(deadline);
    if (!line) {
      if (line.error() == ReadFailure::kTimeout) return std::unexpected(timeout_error());
      return std::unexpected(closed_error("stdout"));
    }
    auto message = Json::Parse(*line);
    if (!message || !message->IsObject())
      return std::unexpected(
          Stop(Error{ErrorKind::kAdapter,
                     fmt::format("adapter '{}' wrote a line that is not a JSON object to stdout "
                                 "while answering '{}': {}",
                                 name, method, Shorten(*line)),
                     {},
                     "a process adapter's stdout carries only JSON-RPC responses, one per line; "
                     "log to stderr"}));
    const Json* got = message->Find("id");
    if (!got && message->Find("method")) {  // a notification: nothing to answer
      LogDebug("adapter '{}': ignoring notification {}", name, Shorten(*line));
      continue;
    }
    if (!got || !got->IsInt() || got->AsInt() != id)
      return std::unexpected(Stop(Error{
          ErrorKind::kAdapter,
          fmt::format("response ID mismatch: adapter '{}' answered '{}' (expected id {}) with id "
                      "{}; its process was stopped",
                      name, method, id, got ? got->Dump() : "(none)"),
          {}}));
    if (const Json* error = message->Find("error"); error && !error->IsNull()) {
      std::string text_message = (*error)["message"].IsString() ? (*error)["message"].AsString()
                                                                : std::string("no message");
      std::string code = CodeText((*error)["code"]);
      return Fail(ErrorKind::kAdapter, "adapter '{}' failed '{}': {}{}", name, method, text_message,
                  code.empty() ? "" : " (code " + code + ")");
    }
    const Json* result = message->Find("result");
    if (!result)
      return Fail(ErrorKind::kAdapter,
                  "adapter '{}' answered '{}' with neither a result nor an error", name, method);
    return *result;
  }
}

std::expected<std::string, ProcessAdapterClient::ReadFailure> ProcessAdapterClient::ReadLine(
    Clock::time_point deadline) {
  size_t scanned = 0;
  char buf[64 * 1024];
  while (true) {
    size_t nl = buffer_.find('\n', scanned);
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      scanned = 0;
      if (Trim(line).empty()) continue;
      return line;
    }
    scanned = buffer_.size();
    const int fd = child_->stdout_fd();
    if (fd < 0) return std::unexpected(ReadFailure::kEof);
    auto now = Clock::now();
    if (now >= deadline) return std::unexpected(ReadFailure::kTimeout);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (r < 0 && errno != EINTR) return std::unexpected(ReadFailure::kIo);
    if (r <= 0) continue;
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n > 0) {
      buffer_.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return std::unexpected(ReadFailure::kEof);
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
    return std::unexpected(ReadFailure::kIo);
  }
}

std::string ProcessAdapterClient::EndedHow() {
  auto status = child_->WaitUntil(Clock::now() + kExitAfterEof);
  if (!status) return "stopped answering and was killed";
  return DescribeWaitStatus(*status);
}

Error ProcessAdapterClient::Stop(Error reason) {
  child_->KillAndWait();
  child_->CloseStdin();
  child_->CloseStdout();
  buffer_.clear();
  if (!stopped_) stopped_ = reason;
  return reason;
}

void ProcessAdapterClient::Kill(std::string_view why) {
  {
    std::lock_guard lock(kill_mutex_);
    if (killed_why_.empty()) killed_why_ = std::string(why);
  }
  if (child_) child_->Signal(SIGKILL);
}

void ProcessAdapterClient::Close() {
  {
    std::lock_guard lock(call_mutex_);
    if (closed_) return;
    if (child_) {
      const auto deadline = Clock::now() + options_.shutdown_grace;
      if (!stopped_ && child_->Running()) {
        auto done = CallLocked("shutdown", Json::Object(), deadline);  // errors are ignored
        if (!done)
          LogDebug("adapter '{}': shutdown: {}", options_.adapter_name, done.error().message);
      }
      closed_ = true;
      child_->CloseStdin();
      if (!child_->WaitUntil(deadline)) {
        LogDebug("adapter '{}' did not exit within {} of shutdown; killing it",
                 options_.adapter_name, FormatTimeout(options_.shutdown_grace));
        child_->KillAndWait();
      }
      child_->CloseStdout();
    }
    closed_ = true;
  }
  stderr_stop_ = true;
  if (stderr_thread_.joinable()) stderr_thread_.join();
}

}  // namespace rocky::adapters::process
