#pragma once
// The server facade under the LSP layer: the editor's open documents and the project compiled
// with them (facade::CompileProject with the unsaved buffers as overlays, so buffers win over the
// files on disk and no model file is written; the compile cache is used and updated as by
// `rocky compile`). Rocky types only; the protocol lives in server.cc.
// Thread-safe: documents change on the dispatcher thread while a compile runs on another.

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "lsp/cancel.h"
#include "lsp/signatures.h"
#include "project/dag.h"

namespace rocky::facade {
struct CompiledProject;
}
namespace rocky::sql {
struct Dialect;
}

namespace rocky::lsp {

struct LocalRelation;

class Workspace {
 public:
  /// `root`: the project folder (rocky.toml, if any, and `models/` by default).
  explicit Workspace(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }

  void Open(const std::string& path, std::string text);
  void Update(const std::string& path, std::string text);
  void Close(const std::string& path);
  /// The open buffer of `path`, if any.
  std::optional<std::string> Text(const std::string& path) const;
  std::vector<std::string> OpenPaths() const;

  /// Compiles the project with the open buffers; every diagnostic with a file, by absolute
  /// lexically normal path. Diagnostics without a file go under the config file's path.
  std::map<std::string, std::vector<Diagnostic>> Compile() const;

  /// The canonical form of an open `.rocky` buffer (lang::Format); nullopt for other files and
  /// for buffers that do not parse (their diagnostics say why).
  std::optional<std::string> FormatRocky(const std::string& path) const;

  /// Markdown about the identifier at byte `offset` of `text` (the buffer of `path`), from the
  /// last compile: a CTE, aliased subquery or `let` binding of the buffer (its output columns,
  /// typed when the compiler knows them), a model (strategy, target, intent, columns), else an
  /// output column of this model or a column of one of its parents (type, nullability,
  /// origins). nullopt: nothing.
  std::optional<std::string> Hover(const std::string& path, std::string_view text,
                                   size_t offset) const;

  /// Where the identifier at byte `offset` of `text` is defined: a CTE, subquery alias or `let`
  /// name of the buffer → where the buffer defines it; a model name → its file, line 1;
  /// a column of one of this model's parents → the line of the parent's file that names it
  /// (`AS name`, `name:`, else its first mention). The span's file is absolute; nullopt: none.
  std::optional<Span> Definition(const std::string& path, std::string_view text,
                                 size_t offset) const;

  struct Completion {
    enum class Kind { kModel, kColumn, kKeyword, kFunction, kLocal };
    std::string label;
    Kind kind;
    std::string detail;  // a column's type and relation, a model's target, a function's result
  };
  struct CompletionList {
    std::vector<Completion> items;
    bool incomplete = false;  // model names were left out: ask again as the prefix grows
  };
  /// At most this many model names in one completion list.
  static constexpr size_t kMaxModelCompletions = 100;
  /// Completions at byte `offset` of `text`: after `q.` the columns of `q` (a CTE, aliased
  /// subquery or `let` binding of the buffer, a model, or an alias written `relation [AS] q` of
  /// one of those); else the model names starting with the word typed before `offset`
  /// (case-insensitively, the first kMaxModelCompletions in name order), the columns of this
  /// model's parents, the buffer's CTEs, subqueries and `let` bindings (kLocal) and their
  /// columns, the SQL functions of the dialect's function table and the keywords — SQL
  /// ones, or the DSL's in a `.rocky` file (the client filters those by prefix).
  CompletionList Complete(const std::string& path, std::string_view text, size_t offset) const;

  struct Symbol {
    enum class Kind { kCte, kColumn, kLet };
    std::string name;
    Kind kind;
    std::string detail;  // a column's type
    Span span;           // where `text` names it
    /// Bytes of `text` the whole definition covers (a CTE's `name AS (…)`, a `let` binding);
    /// empty when only `span` is known.
    size_t begin = 0;
    size_t end = 0;
  };
  /// The CTEs (`name AS (`) of `text`, the `let` bindings of a `.rocky` buffer and the output
  /// columns of the model of `path` (from the last compile) that `text` names, each where it
  /// names it.
  std::vector<Symbol> Symbols(const std::string& path, std::string_view text) const;

  /// What an identifier in a buffer names: a model, a name local to the buffer (a CTE, or a
  /// relation alias used as a qualifier), or an output column of `owner` (the model whose select
  /// list defines it, found by following same-named direct lineage upstream).
  struct Target {
    enum class Kind { kModel, kLocal, kColumn };
    Kind kind;
    std::string name;        // spelled as the compiler knows it
    project::ModelId owner;  // the model, or the column's defining model
    size_t begin = 0;        // the identifier's bytes in the buffer
    size_t end = 0;
    bool renameable = false;  // a model, or a column its owner names with an alias
  };
  /// What byte `offset` of `text` names (last compile); nullopt on keywords, literals,
  /// comments and unknown names.
  std::optional<Target> Resolve(const std::string& path, std::string_view text,
                                size_t offset) const;

  /// Every place naming what `offset` names (Resolve): for a model, each unqualified mention in
  /// any model's text (open buffers win) and, with `include_declaration`, its own file; for a
  /// local name, its unqualified mentions in `text`; for a column, its defining model from the
  /// alias on and every downstream model reading it (through same-named pass-throughs). Spans are
  /// byte ranges of the files' current text. Once `cancel` is set, returns early (a partial list).
  std::vector<Span> References(const std::string& path, std::string_view text, size_t offset,
                               bool include_declaration, const CancelToken& cancel = {}) const;

  struct TextEdit {
    Span span;
    std::string new_text;
  };
  struct RenamePlan {
    std::vector<TextEdit> edits;  // on the files as they are before the renames
    std::vector<std::pair<std::string, std::string>> file_renames;  // old → new absolute path
  };
  /// The edits renaming what `offset` names to `new_name`: a model's mentions, its sidecar's
  /// `name` value when written, and its file, sidecar and `<stem>.contract.toml` unless that
  /// `name` differs from the file's stem (the files then do not carry the model's name); a
  /// CTE or relation alias within the buffer; a column alias (from its definition on) and its
  /// mentions downstream. An error message when
  /// nothing renameable is there or `new_name` is not usable. Once `cancel` is set, returns
  /// early (a partial plan).
  std::expected<RenamePlan, std::string> Rename(const std::string& path, std::string_view text,
                                                size_t offset, const std::string& new_name,
                                                const CancelToken& cancel = {}) const;

  struct InlayHint {
    size_t offset;      // byte offset in the buffer the hint follows
    std::string label;  // ": BIGINT"
  };
  /// The inferred type of each output column of `path`'s model (last compile), after where
  /// `text` names it (after the expression for `name: expr`), in the dialect's type names.
  std::vector<InlayHint> InlayHints(const std::string& path, std::string_view text) const;

  enum class TokenType {
    kNamespace,
    kVariable,
    kFunction,
    kKeyword,
    kString,
    kNumber,
    kComment,
    kType,
    kMacro
  };
  struct SemanticToken {
    size_t begin;  // bytes of the buffer
    size_t end;
    TokenType type;
  };
  /// Classified lexemes of `text`: model references, known columns, function calls, keywords,
  /// literals, comments, cast target types, `@macro` calls; in order, never overlapping.
  std::vector<SemanticToken> SemanticTokens(const std::string& path, std::string_view text) const;

  struct FileInsertion {
    std::string file;  // absolute
    size_t offset;     // bytes of the file's current text
    std::string text;
  };
  /// The insertion appending model `dependency` to the written `depends_on` array of the model
  /// configured by `config_path` (its sidecar, or its model file for frontmatter), from the last
  /// compile (the quick fix of D011). nullopt when no model is configured there with a
  /// `depends_on` array, `dependency` is no model, or it is listed already.
  std::optional<FileInsertion> AddDependsOn(const std::string& config_path,
                                            const std::string& dependency) const;

  /// The SQL function call around byte `offset` of `text` and the argument the cursor is in.
  std::optional<Signature> SignatureHelp(const std::string& path, std::string_view text,
                                         size_t offset) const;

  /// The open buffer of `path`, else the file on disk (empty when unreadable).
  std::string Contents(const std::string& path) const;

  /// `path` absolute (against the root) and lexically normal.
  std::string Normalize(const std::string& path) const;

 private:
  std::shared_ptr<const facade::CompiledProject> Last() const;
  /// The dialect the models were parsed in (DuckDB before a compile).
  static const sql::Dialect& DialectOf(const facade::CompiledProject* compiled);
  /// The model whose file is `path`, in `compiled`.
  std::optional<project::ModelId> ModelOf(const facade::CompiledProject& compiled,
                                          const std::string& path) const;
  /// The CTEs, aliased subqueries and `let` bindings of `text`, bound against the models of
  /// `compiled` (which may be null: the columns are then untyped).
  std::vector<LocalRelation> Locals(const facade::CompiledProject* compiled,
                                    const std::string& path, std::string_view text) const;
  /// Where a column's mentions are (see References), `owner` its defining model.
  std::vector<Span> ColumnSites(const facade::CompiledProject& compiled, project::ModelId owner,
                                const std::string& column, const CancelToken& cancel) const;
  /// The unqualified mentions of model `id` in every model's text.
  std::vector<Span> ModelSites(const facade::CompiledProject& compiled, project::ModelId id,
                               const CancelToken& cancel) const;

  std::filesystem::path root_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> documents_;
  mutable std::shared_ptr<const facade::CompiledProject> last_;  // under mutex_
};

}  // namespace rocky::lsp
