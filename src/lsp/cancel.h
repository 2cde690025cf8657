#pragma once
// Cancellation of a running request: the dispatcher owns the flag, `$/cancelRequest` (read on
// the reader thread) sets it, and the slow handlers poll it in their loops and return early;
// the dispatcher then answers RequestCancelled instead of the partial result.

#include <atomic>

namespace rocky::lsp {

class CancelToken {
 public:
  /// A token that is never cancelled.
  CancelToken() = default;
  explicit CancelToken(const std::atomic<bool>& flag) : flag_(&flag) {}

  bool Cancelled() const { return flag_ && flag_->load(std::memory_order_relaxed); }

 private:
  const std::atomic<bool>* flag_ = nullptr;
};

}  // namespace rocky::lsp
