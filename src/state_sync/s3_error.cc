#include "state_sync/s3_error.h"

#include <charconv>
#include <cstdint>
#include <utility>

namespace rocky::state_sync {

namespace {

// The text of the first <tag>…</tag> inside <Error>, unescaped; "" when absent.
std::string Element(std::string_view body, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const size_t start = body.find(open);
  if (start == std::string_view::npos) return "";
  const size_t from = start + open.size();
  const size_t end = body.find(close, from);
  if (end == std::string_view::npos) return "";
  return XmlUnescape(body.substr(from, end - from));
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

S3ErrorBody ParseS3ErrorBody(std::string_view body) {
  const size_t error = body.find("<Error>");
  if (error == std::string_view::npos) return {};
  body = body.substr(error);
  return {Element(body, "Code"), Element(body, "Message"), Element(body, "RequestId")};
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string XmlUnescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    bool done = false;
    for (const auto& [entity, c] : kNamed) {
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        done = true;
        break;
      }
    }
    const size_t semi = text.find(';', i);
    if (!done && text.substr(i, 2) == "&#" && semi != std::string_view::npos) {
      const bool hex = i + 2 < text.size() && (text[i + 2] == 'x' || text[i + 2] == 'X');
      const char* first = text.data() + i + (hex ? 3 : 2);
      const char* last = text.data() + semi;
      uint32_t cp = 0;
      auto [end, ec] = std::from_chars(first, last, cp, hex ? 16 : 10);
      if (ec == std::errc() && end == last && first != last && cp <= 0x10FFFF) {
        AppendUtf8(out, cp);
        i = semi + 1;
        done = true;
      }
    }
    if (!done) out += text[i++];
  }
  return out;
}

}  // namespace rocky::state_sync
