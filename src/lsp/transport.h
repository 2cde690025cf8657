#pragma once
// The LSP base protocol (LSP 3.17 "Base Protocol"): every message is a header part of
// `Name: value\r\n` fields closed by an empty `\r\n` line, then exactly `Content-Length` bytes of
// UTF-8 JSON. Content-Type is accepted and ignored. Problems are logged to stderr; stdout carries
// protocol messages only.

#include <istream>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace rocky::lsp {

class Transport {
 public:
  Transport(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  /// The next message body, or nullopt at the end of the input. A header part without a valid
  /// Content-Length is skipped with an error on stderr. Not thread-safe (one reader).
  std::optional<std::string> Read();

  /// Writes one framed message and flushes. Thread-safe.
  void Write(std::string_view body);

 private:
  std::istream& in_;
  std::ostream& out_;
  std::mutex write_mutex_;
};

/// The framed form of `body`: `Content-Length: N\r\n\r\n` then `body`.
std::string Frame(std::string_view body);

}  // namespace rocky::lsp
