#pragma once
// The .rocky lexer (dsl.md §1): bytes to tokens, trivia included. Malformed input gives P001
// diagnostics and lexing continues: an unexpected character is skipped, an unterminated string
// ends at the end of its line, an invalid date still yields a date token.

#include <vector>

#include "base/diagnostic.h"
#include "lang/source_map.h"
#include "lang/token.h"

namespace rocky::lang {

/// Every token of `text` in order, newlines and comments included, ending with kEof. When
/// `error_offsets` is given, it receives the byte offset of each diagnostic added.
std::vector<Token> Tokenize(std::string_view text, const SourceMap& map,
                            std::vector<Diagnostic>& diagnostics,
                            std::vector<uint32_t>* error_offsets = nullptr);

/// True for `YYYY-MM-DD` naming a real calendar day.
bool IsValidDate(std::string_view text);
/// True for `YYYY-MM-DDTHH:MM:SS(.f+)?Z?` with a valid date and time of day.
bool IsValidTimestamp(std::string_view text);

}  // namespace rocky::lang
