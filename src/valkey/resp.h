#pragma once
// RESP2, the Valkey (Redis) wire protocol: commands go out as arrays of bulk strings; replies are
// simple strings (`+OK`), errors (`-ERR …`), integers (`:1`), bulk strings (`$3\r\nabc`, `$-1`
// for nil), and arrays (`*2…`, `*-1` for nil), arrays nesting. Bulk strings are binary-safe.
// ReplyReader takes bytes as they arrive and hands out each reply once it is complete.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::valkey {

enum class ReplyType { kSimpleString, kError, kInteger, kBulkString, kNil, kArray };

/// One reply. `text` holds a simple string, an error message or a bulk string; `integer` an
/// integer; `elements` an array's replies.
struct Reply {
  ReplyType type = ReplyType::kNil;
  std::string text;
  int64_t integer = 0;
  std::vector<Reply> elements;

  static Reply Simple(std::string s) { return {ReplyType::kSimpleString, std::move(s), 0, {}}; }
  static Reply ErrorReply(std::string s) { return {ReplyType::kError, std::move(s), 0, {}}; }
  static Reply Integer(int64_t i) { return {ReplyType::kInteger, {}, i, {}}; }
  static Reply Bulk(std::string s) { return {ReplyType::kBulkString, std::move(s), 0, {}}; }
  static Reply Nil() { return {}; }
  static Reply Array(std::vector<Reply> items) { return {ReplyType::kArray, {}, 0, std::move(items)}; }

  bool IsNil() const { return type == ReplyType::kNil; }
  bool IsError() const { return type == ReplyType::kError; }
  /// A simple or bulk string.
  bool IsString() const { return type == ReplyType::kSimpleString || type == ReplyType::kBulkString; }

  /// A short description for "unexpected reply" errors: `integer 3`, `nil`, `array of 2`,
  /// `simple string "OK"`. Bulk string contents are not shown (they may be data or secrets).
  std::string Describe() const;

  bool operator==(const Reply&) const = default;
};

/// The RESP2 encoding of one command: `*<n>\r\n` then `$<len>\r\n<arg>\r\n` per argument.
std::string EncodeCommand(std::span<const std::string> args);

/// Splits a byte stream into replies.
class ReplyReader {
 public:
  /// Appends bytes read from the connection.
  void Feed(std::string_view bytes);
  /// The next complete reply, nullopt while more bytes are needed, or an error when the bytes
  /// are not RESP2 (the stream cannot be trusted afterwards).
  Result<std::optional<Reply>> Next();
  /// Drops everything buffered (after the connection was closed).
  void Reset();
  /// Bytes buffered and not yet returned as replies.
  size_t buffered() const { return buffer_.size() - pos_; }

 private:
  std::string buffer_;
  size_t pos_ = 0;
};

}  // namespace rocky::valkey
