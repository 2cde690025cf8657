#pragma once
// `rocky lsp`: JSON-RPC 2.0 over the LSP base protocol (transport.h), LSP 3.17.
//
// Threads: a reader thread frames messages and queues them (Enqueue), recording
// `$/cancelRequest` at once so a queued request that was cancelled is answered RequestCancelled
// and the running one sees its CancelToken set (its handler stops early and it is answered
// RequestCancelled too); the dispatcher thread (Run) answers them in order; a compile thread
// publishes diagnostics 300 ms after the last didChange (debounced), at once after didOpen, didSave
// and didClose. Writes are serialized by the transport.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "base/json_rpc.h"
#include "base/url.h"
#include "lsp/transport.h"
#include "lsp/workspace.h"

namespace rocky::lsp {

using ErrorCode = JsonRpcError;

struct ServerOptions {
  std::chrono::milliseconds debounce{300};
  /// Change the working directory to the project root on initialize (relative paths in
  /// rocky.toml then mean what they mean for the CLI run from the project).
  bool chdir_to_root = true;
  /// Called on the dispatcher thread as each request starts, with its method (tests: a
  /// cancellation arriving while it runs).
  std::function<void(const std::string& method)> on_request_start;
};

class LanguageServer {
 public:
  explicit LanguageServer(Transport& transport, ServerOptions options = {});
  ~LanguageServer();

  /// Reads from the transport on a thread and dispatches until `exit` or the end of input.
  /// Returns the process exit code: 0 after shutdown then exit, else 1.
  int Run();

  /// Queues one message body (the reader's side); `$/cancelRequest` takes effect at once.
  void Enqueue(std::string body);
  /// Marks the end of the input.
  void CloseInput();
  /// Dispatches the next queued message, waiting for one; false at the end (exit or input end).
  bool ProcessOne();
  /// Waits until no compile is pending or running (tests).
  void WaitIdle();

  int ExitCode() const { return shutdown_ ? 0 : 1; }

 private:
  struct Impl;
  void Dispatch(const std::string& body);
  /// Compiles `delay` after now, unless a later change moves it again (the debounce).
  void ScheduleCompile(std::chrono::milliseconds delay);
  void CompileLoop();
  void PublishAll();

  Transport& transport_;
  ServerOptions options_;
  std::unique_ptr<Workspace> workspace_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<std::string> queue_;
  std::set<std::string> cancelled_;     // request ids (JSON text) cancelled while queued
  std::optional<std::string> running_;  // the id (JSON text) of the request being answered
  std::atomic<bool> running_cancelled_ = false;
  bool input_closed_ = false;

  std::mutex compile_mutex_;
  std::condition_variable compile_cv_;
  std::optional<std::chrono::steady_clock::time_point> compile_due_;
  bool compiling_ = false;
  bool stop_compiler_ = false;
  std::thread compiler_;
  std::set<std::string> published_;  // files last published non-empty (compile thread only)
};

}  // namespace rocky::lsp
