#pragma once
// LSP positions count UTF-16 code units (the default position encoding of LSP 3.17); Rocky's
// spans and buffers are UTF-8 bytes. Characters beyond the BMP (emoji) are two units. Invalid
// UTF-8 bytes count as one unit each.

#include <cstddef>
#include <string_view>

namespace rocky::lsp {

/// UTF-16 code units needed for `utf8`.
int Utf16Length(std::string_view utf8);

/// The byte offset in `utf8` of the UTF-16 unit offset `units`, clamped to the end; an offset
/// inside a surrogate pair lands after that character.
size_t ByteOffsetOfUtf16(std::string_view utf8, int units);

/// Line `line` (0-based) of `text` without its line break; empty past the end.
std::string_view LineOf(std::string_view text, int line);

struct Position {
  int line = 0;       // 0-based
  int character = 0;  // UTF-16 units from the line start
};
/// The LSP position of byte `offset` of `text` (clamped to the end).
Position PositionOfOffset(std::string_view text, size_t offset);

/// The byte offset in `text` of the LSP position (0-based line, UTF-16 character), clamped to
/// the line's end and the text's end.
size_t OffsetOfPosition(std::string_view text, int line, int character);

}  // namespace rocky::lsp
