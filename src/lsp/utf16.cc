#include "lsp/utf16.h"

#include <algorithm>

namespace rocky::lsp {

namespace {

// Bytes of the UTF-8 sequence starting with `lead` (1 for invalid leads).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// The length of the sequence at `i` when it is complete and well formed, else 1.
size_t CharBytes(std::string_view s, size_t i) {
  size_t n = SequenceLength(static_cast<unsigned char>(s[i]));
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

}  // namespace

int Utf16Length(std::string_view utf8) {
  int units = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t n = CharBytes(utf8, i);
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

size_t ByteOffsetOfUtf16(std::string_view utf8, int units) {
  size_t i = 0;
  int seen = 0;
  while (i < utf8.size() && seen < units) {
    size_t n = CharBytes(utf8, i);
    seen += n == 4 ? 2 : 1;
    i += n;
  }
  return i;
}

std::string_view LineOf(std::string_view text, int line) {
  size_t start = 0;
  for (int l = 0; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view out =
      text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

size_t OffsetOfPosition(std::string_view text, int line, int character) {
  size_t start = 0;
  for (int l = 0; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return text.size();
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view rest =
      text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  return start + ByteOffsetOfUtf16(rest, character < 0 ? 0 : character);
}

Position PositionOfOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  size_t newline = before.rfind('\n');
  size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  return {static_cast<int>(std::count(before.begin(), before.end(), '\n')),
          Utf16Length(before.substr(line_start))};
}

}  // namespace rocky::lsp
