#pragma once
// The .rocky parser's entry point: text in, a ParsedFile out (syntax tree, tokens with trivia,
// diagnostics). A hand-written recursive-descent parser over dsl.md §2. It recovers at step
// boundaries and at the items of blocks, so one mistake never hides the next: every problem is a
// P001 (lexer) or P002 (syntax) diagnostic with a span, and most carry a suggestion.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "lang/ast.h"
#include "lang/source_map.h"
#include "lang/token.h"

namespace rocky::lang {

/// A parsed .rocky source: owns a copy of the text, its tokens and the arena of the tree.
class ParsedFile {
 public:
  ParsedFile(std::string_view text, std::string file);
  ParsedFile(const ParsedFile&) = delete;
  ParsedFile& operator=(const ParsedFile&) = delete;

  std::string_view text() const { return text_; }
  const std::string& file() const { return map_.file(); }
  const SourceMap& map() const { return map_; }
  /// The tree. Always present; parts that did not parse are left out (`main` may be nullptr).
  const File& root() const { return *root_; }
  /// Every token in order, newlines and comments included, ending with kEof.
  const std::vector<Token>& tokens() const { return tokens_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  bool ok() const { return diagnostics_.empty(); }

  std::string_view Text(SrcRange r) const { return text_.substr(r.begin, r.end - r.begin); }

 private:
  friend class Parser;
  std::string_view text_;  // into storage_
  std::string storage_;
  SourceMap map_;
  sql::Arena arena_;
  std::vector<Token> tokens_;
  File* root_ = nullptr;
  std::vector<Diagnostic> diagnostics_;
};

/// Parses a whole .rocky file. `file` names it in diagnostics.
std::unique_ptr<ParsedFile> Parse(std::string_view text, std::string file = {});

/// The deepest expression nesting the parser accepts (P002 beyond).
inline constexpr int kMaxExprDepth = 200;

}  // namespace rocky::lang
