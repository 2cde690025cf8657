#pragma once
// The server facade under the LSP layer: the editor's open documents and the project compiled
// with them (facade::CompileProject with the unsaved buffers as overlays, so buffers win over the
// files on disk and no model file is written; the compile cache is used and updated as by
// `rocky compile`). Rocky types only; the protocol lives in server.cc.
// Thread-safe: documents change on the dispatcher thread while a compile runs on another.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace rocky::facade {
struct CompiledProject;
}

namespace rocky::lsp {

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
  /// last compile: a model (strategy, target, intent, columns), else an output column of this
  /// model or a column of one of its parents (type, nullability, origins). nullopt: nothing.
  std::optional<std::string> Hover(const std::string& path, std::string_view text,
                                   size_t offset) const;

  /// Where the identifier at byte `offset` of `text` is defined: a model name → its file, line 1;
  /// a column of one of this model's parents → the line of the parent's file that names it
  /// (`AS name`, `name:`, else its first mention). The span's file is absolute; nullopt: none.
  std::optional<Span> Definition(const std::string& path, std::string_view text,
                                 size_t offset) const;

  struct Completion {
    enum class Kind { kModel, kColumn, kKeyword };
    std::string label;
    Kind kind;
    std::string detail;  // a column's type and model, a model's target
  };
  /// Completions at byte `offset` of `text`: after `q.` the columns of `q` (a model, or an alias
  /// written `model [AS] q` in the text); else model names, the columns of this model's parents
  /// and SQL keywords (the client filters by prefix).
  std::vector<Completion> Complete(const std::string& path, std::string_view text,
                                   size_t offset) const;

  struct Symbol {
    enum class Kind { kCte, kColumn };
    std::string name;
    Kind kind;
    std::string detail;  // a column's type
    Span span;           // where `text` names it
  };
  /// The CTEs (`name AS (`) of `text` and the output columns of the model of `path` (from the
  /// last compile) that `text` names, each where it names it.
  std::vector<Symbol> Symbols(const std::string& path, std::string_view text) const;

  /// `path` absolute (against the root) and lexically normal.
  std::string Normalize(const std::string& path) const;

 private:
  std::filesystem::path root_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> documents_;
  mutable std::shared_ptr<const facade::CompiledProject> last_;  // under mutex_
};

}  // namespace rocky::lsp
