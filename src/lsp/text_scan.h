#pragma once
// Small lexical helpers over a buffer's text for the workspace queries: identifier words, their
// whole-word mentions, and byte offsets as 1-based spans. Bytes ≥ 0x80 count as identifier
// characters, so a UTF-8 letter never splits a word.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace rocky::lsp {

bool IsIdent(char c);

/// The identifier word around byte `offset` (touching it on either side); empty when none.
std::string WordAt(std::string_view text, size_t offset);

/// Byte offsets of whole-word, case-insensitive mentions of `word` in `text`.
std::vector<size_t> Mentions(std::string_view text, std::string_view word);

/// The 1-based line and byte column of byte `offset`, `len` bytes long.
Span SpanAt(const std::string& file, std::string_view text, size_t offset, size_t len);

/// Where `text` names the column `word`: its first `AS word` or `word:`, else its first mention.
std::optional<size_t> DefiningMention(std::string_view text, std::string_view word);

/// True when the mention of a word at `at` is an alias definition (`AS word` or `word:`).
bool IsAliasDefinition(std::string_view text, size_t at, size_t len);

struct Insertion {
  size_t offset;  // bytes of the text
  std::string text;
};
/// Where and what to insert into `toml` to append `item` (a TOML value, written as wanted) to
/// the array of the key written at byte `key` (`key = [ … ]`, over any number of lines, with
/// comments and strings skipped): after the last element, with a comma as needed. nullopt when
/// no array opens on the key's line or it is not closed.
std::optional<Insertion> ArrayAppend(std::string_view toml, size_t key, std::string_view item);

}  // namespace rocky::lsp
