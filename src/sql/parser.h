#pragma once
// The SQL parser's entry point: text in, a Script out (statement trees plus diagnostics). A
// hand-written recursive-descent parser with Pratt expression parsing; it recovers at `;` and
// keeps going, so one bad statement never hides the others.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "sql/ast.h"
#include "sql/dialect.h"
#include "sql/lexer.h"

namespace rocky::sql {

/// Diagnostic codes of the SQL parser.
inline constexpr std::string_view kLexErrorCode = "P004";     // a malformed token
inline constexpr std::string_view kSyntaxErrorCode = "P005";  // expected X, found Y

struct ParseOptions {
  std::string file;                // names the source in diagnostics
  bool allow_expressions = false;  // an input that is not a statement may be a bare expression
  bool keep_comments = false;      // fill Script::comments()
};

/// One `;`-separated statement: where it is, and its tree (nullptr when it did not parse).
struct ScriptStatement {
  SrcRange range;
  Statement* tree = nullptr;
  int diagnostic = -1;  // index into Script::diagnostics() of its error, or -1
};

/// A parsed source: owns a copy of the text, the arena holding every node, and the symbols.
class Script {
 public:
  Script(std::string_view text, const Dialect& dialect, std::string file);
  Script(const Script&) = delete;
  Script& operator=(const Script&) = delete;

  const Dialect& dialect() const { return dialect_; }
  std::string_view source() const { return source_; }
  const std::string& file() const { return file_; }
  const std::vector<ScriptStatement>& statements() const { return statements_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const std::vector<CommentRange>& comments() const { return comments_; }
  bool ok() const { return diagnostics_.empty(); }

  Arena& arena() { return arena_; }
  SymbolTable& symbols() { return symbols_; }
  const SymbolTable& symbols() const { return symbols_; }

  std::string_view Text(SrcRange r) const {
    return std::string_view(source_).substr(r.begin, r.end - r.begin);
  }
  std::string_view Spelling(const Ident& id) const { return symbols_.Spelling(id.sym); }
  /// file:line:col (1-based) and length of a range.
  Span Locate(SrcRange r) const;

 private:
  friend class Parser;
  Arena arena_;
  SymbolTable symbols_;
  std::string source_;
  const Dialect& dialect_;
  std::string file_;
  std::vector<ScriptStatement> statements_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<CommentRange> comments_;
  mutable std::vector<uint32_t> line_starts_;
};

/// Parses every statement of `text`.
std::unique_ptr<Script> Parse(std::string_view text, const Dialect& dialect,
                              const ParseOptions& options = {});

/// Splits `text` into `;`-separated statement ranges (outside strings and comments), dropping
/// empty ones. Used to report per-statement results without parsing.
std::vector<SrcRange> SplitStatements(std::string_view text, const Dialect& dialect);

}  // namespace rocky::sql
