#include "valkey/resp.h"

#include <fmt/format.h>

#include <charconv>

namespace rocky::valkey {

namespace {

// Limits against a corrupt or hostile stream: Valkey's own proto-max-bulk-len default is 512 MB.
constexpr int64_t kMaxBulkLength = 512LL * 1024 * 1024;
constexpr int64_t kMaxArrayLength = 1LL << 24;
constexpr int kMaxDepth = 64;

enum class Parse { kDone, kNeedMore, kBad };

struct Parser {
  std::string_view data;
  size_t pos;
  std::string problem;

  // The line starting at pos (without CRLF); kNeedMore when the CRLF has not arrived.
  Parse Line(std::string_view& line) {
    size_t end = data.find("\r\n", pos);
    if (end == std::string_view::npos) return Parse::kNeedMore;
    line = data.substr(pos, end - pos);
    pos = end + 2;
    return Parse::kDone;
  }

  Parse Bad(std::string why) {
    problem = std::move(why);
    return Parse::kBad;
  }

  Parse Number(std::string_view text, int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
      return Bad(fmt::format("bad number in reply: '{}'", text.substr(0, 32)));
    return Parse::kDone;
  }

  Parse One(Reply& out, int depth) {
    if (depth > kMaxDepth) return Bad("reply nests too deeply");
    if (pos >= data.size()) return Parse::kNeedMore;
    char kind = data[pos++];
    std::string_view line;
    if (Parse p = Line(line); p != Parse::kDone) return p;
    switch (kind) {
      case '+':
        out = Reply::Simple(std::string(line));
        return Parse::kDone;
      case '-':
        out = Reply::ErrorReply(std::string(line));
        return Parse::kDone;
      case ':': {
        out = Reply::Integer(0);
        return Number(line, out.integer);
      }
      case '$': {
        int64_t length = 0;
        if (Parse p = Number(line, length); p != Parse::kDone) return p;
        if (length == -1) {
          out = Reply::Nil();
          return Parse::kDone;
        }
        if (length < 0 || length > kMaxBulkLength)
          return Bad(fmt::format("bad bulk string length {}", length));
        size_t n = static_cast<size_t>(length);
        if (data.size() - pos < n + 2) return Parse::kNeedMore;
        if (data.substr(pos + n, 2) != "\r\n") return Bad("bulk string not followed by CRLF");
        out = Reply::Bulk(std::string(data.substr(pos, n)));
        pos += n + 2;
        return Parse::kDone;
      }
      case '*': {
        int64_t count = 0;
        if (Parse p = Number(line, count); p != Parse::kDone) return p;
        if (count == -1) {
          out = Reply::Nil();
          return Parse::kDone;
        }
        if (count < 0 || count > kMaxArrayLength)
          return Bad(fmt::format("bad array length {}", count));
        out = Reply::Array({});
        out.elements.reserve(static_cast<size_t>(std::min<int64_t>(count, 1024)));
        for (int64_t i = 0; i < count; ++i) {
          Reply element;
          if (Parse p = One(element, depth + 1); p != Parse::kDone) return p;
          out.elements.push_back(std::move(element));
        }
        return Parse::kDone;
      }
      default:
        return Bad(fmt::format("unknown reply type byte 0x{:02x}", static_cast<unsigned char>(kind)));
    }
  }
};

}  // namespace

std::string Reply::Describe() const {
  switch (type) {
    case ReplyType::kSimpleString:
      return fmt::format("simple string \"{}\"", text.substr(0, 64));
    case ReplyType::kError:
      return fmt::format("error \"{}\"", text);
    case ReplyType::kInteger:
      return fmt::format("integer {}", integer);
    case ReplyType::kBulkString:
      return fmt::format("bulk string of {} bytes", text.size());
    case ReplyType::kNil:
      return "nil";
    case ReplyType::kArray:
      return fmt::format("array of {}", elements.size());
  }
  return "reply";
}

std::string EncodeCommand(std::span<const std::string> args) {
  size_t size = 16;
  for (const auto& a : args) size += a.size() + 16;
  std::string out;
  out.reserve(size);
  out += fmt::format("*{}\r\n", args.size());
  for (const auto& a : args) {
    out += fmt::format("${}\r\n", a.size());
    out += a;
    out += "\r\n";
  }
  return out;
}

void ReplyReader::Feed(std::string_view bytes) {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > 65536 && pos_ > buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

Result<std::optional<Reply>> ReplyReader::Next() {
  Parser parser{buffer_, pos_, {}};
  Reply reply;
  switch (parser.One(reply, 0)) {
    case Parse::kNeedMore:
      return std::nullopt;
    case Parse::kBad:
      return Fail(ErrorKind::kAdapter, "protocol error: {}", parser.problem);
    case Parse::kDone:
      pos_ = parser.pos;
      return std::optional<Reply>(std::move(reply));
  }
  return std::nullopt;
}

void ReplyReader::Reset() {
  buffer_.clear();
  pos_ = 0;
}

}  // namespace rocky::valkey
