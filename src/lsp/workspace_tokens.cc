// Workspace: inlay hints, semantic tokens and signature help — per-buffer views classified
// with the file's lexer and the last compile's models, columns and function table.

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "compiler/functions.h"
#include "facade/project_compile.h"
#include "lsp/lexemes.h"
#include "lsp/text_scan.h"
#include "lsp/workspace.h"

namespace rocky::lsp {

namespace {

// After `name:` (a .rocky labelled column), the end of its expression: the first `,`, `}`, `)`
// or line break outside brackets, trailing blanks dropped.
size_t ExpressionEnd(std::string_view text, size_t from) {
  int depth = 0;
  size_t i = from;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth-- == 0) break;
    if (depth <= 0 && (c == ',' || c == '}' || c == '\n')) break;
  }
  while (i > from && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r')) --i;
  return i;
}

}  // namespace

std::vector<Workspace::InlayHint> Workspace::InlayHints(const std::string& path,
                                                        std::string_view text) const {
  std::vector<InlayHint> out;
  auto compiled = Last();
  if (!compiled) return out;
  auto self = ModelOf(*compiled, path);
  if (!self || *self >= compiled->types.models.size()) return out;
  const std::string_view dialect = DialectOf(compiled.get()).name;
  for (const auto& c : compiled->types.models[*self].columns) {
    auto at = DefiningMention(text, c.name);
    if (!at || !c.type.type.IsKnown()) continue;
    size_t end = *at + c.name.size();
    if (end < text.size() && text[end] == ':') end = ExpressionEnd(text, end + 1);
    out.push_back({end, ": " + compiler::ToWarehouseType(c.type.type, dialect)});
  }
  std::sort(out.begin(), out.end(),
            [](const InlayHint& a, const InlayHint& b) { return a.offset < b.offset; });
  return out;
}

std::vector<Workspace::SemanticToken> Workspace::SemanticTokens(const std::string& path,
                                                                std::string_view text) const {
  std::vector<SemanticToken> out;
  auto compiled = Last();
  const sql::Dialect& dialect = DialectOf(compiled.get());
  std::set<std::string> columns;  // lower-case names of this model's and its parents' columns
  if (compiled) {
    if (auto self = ModelOf(*compiled, path)) {
      const auto& typed = compiled->types.models;
      std::vector<project::ModelId> ids{*self};
      for (project::ModelId p : compiled->project.dag.dag.dependencies(*self)) ids.push_back(p);
      for (project::ModelId id : ids)
        if (id < typed.size())
          for (const auto& c : typed[id].columns) columns.insert(ToLower(c.name));
    }
  }
  std::vector<Lexeme> lex = Lex(text, IsRockyPath(path), dialect);
  std::vector<bool> in_cast;  // per open `(`: whether CAST / TRY_CAST opened it
  for (size_t i = 0; i < lex.size(); ++i) {
    const Lexeme& l = lex[i];
    const std::string_view word = text.substr(l.begin, l.end - l.begin);
    const Lexeme* prev = i > 0 ? &lex[i - 1] : nullptr;
    const Lexeme* next = i + 1 < lex.size() ? &lex[i + 1] : nullptr;
    std::optional<TokenType> type;
    switch (l.kind) {
      case LexemeKind::kComment:
        type = TokenType::kComment;
        break;
      case LexemeKind::kString:
        type = TokenType::kString;
        break;
      case LexemeKind::kNumber:
        type = TokenType::kNumber;
        break;
      case LexemeKind::kMacro:
        type = TokenType::kMacro;
        break;
      case LexemeKind::kQuotedIdent:
        type = TokenType::kVariable;
        break;
      case LexemeKind::kPunct:
        if (l.punct == '(') {
          bool cast = prev && prev->kind == LexemeKind::kWord &&
                      ToUpper(text.substr(prev->begin, prev->end - prev->begin)).ends_with("CAST");
          in_cast.push_back(cast);
        } else if (l.punct == ')' && !in_cast.empty()) {
          in_cast.pop_back();
        }
        break;
      case LexemeKind::kWord: {
        const bool after_dot = prev && prev->punct == '.' && prev->end == l.begin;
        const bool after_colons = l.begin >= 2 && text.substr(l.begin - 2, 2) == "::";
        const bool after_as = prev && prev->kind == LexemeKind::kWord &&
                              EqualsIgnoreCase(text.substr(prev->begin, 2), "as") &&
                              prev->end - prev->begin == 2;
        if (next && next->punct == '(' &&
            (compiler::LookupFunction(word, dialect.name) || !l.keyword)) {
          type = TokenType::kFunction;
        } else if (after_colons || (after_as && !in_cast.empty() && in_cast.back())) {
          type = TokenType::kType;
        } else if (!after_dot && compiled && compiled->project.dag.dag.Find(word)) {
          type = TokenType::kNamespace;
        } else if (columns.count(ToLower(word))) {
          type = TokenType::kVariable;
        } else if (l.keyword) {
          type = TokenType::kKeyword;
        }
        break;
      }
    }
    if (type) out.push_back({l.begin, l.end, *type});
  }
  return out;
}

std::optional<Signature> Workspace::SignatureHelp(const std::string& path, std::string_view text,
                                                  size_t offset) const {
  auto compiled = Last();
  const sql::Dialect& dialect = DialectOf(compiled.get());
  return SignatureAt(text, Lex(text, IsRockyPath(path), dialect), offset, dialect.name);
}

}  // namespace rocky::lsp
