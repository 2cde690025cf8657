#include "lsp/features.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "lsp/server.h"
#include "lsp/utf16.h"

namespace rocky::lsp {

using nlohmann::json;

namespace {

bool IsIdentByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

json PositionOf(std::string_view text, size_t offset) {
  Position p = PositionOfOffset(text, offset);
  return {{"line", p.line}, {"character", p.character}};
}

json RangeOfBytes(std::string_view text, size_t begin, size_t end) {
  return {{"start", PositionOf(text, begin)}, {"end", PositionOf(text, end)}};
}

// The buffer a request is about: its path, text (open buffer or disk) and the byte offset of
// `position` when given.
struct Document {
  std::string path;
  std::string text;
  size_t offset = 0;
};

Document DocumentOf(const Workspace& workspace, const json& params) {
  Document d;
  d.path = PathOfUri(params.at("textDocument").at("uri"));
  d.text = workspace.Contents(d.path);
  if (params.contains("position")) {
    const json& pos = params["position"];
    d.offset = OffsetOfPosition(d.text, pos.at("line"), pos.at("character"));
  }
  return d;
}

// Spans of several files as LSP ranges, each file read once.
class FileRanges {
 public:
  explicit FileRanges(const Workspace& workspace) : workspace_(workspace) {}
  json Range(const Span& span) {
    auto it = texts_.find(span.file);
    if (it == texts_.end()) it = texts_.emplace(span.file, workspace_.Contents(span.file)).first;
    if (span.len > 0) return RangeOf(span, it->second);
    json start = {{"line", std::max(span.line - 1, 0)}, {"character", 0}};
    return {{"start", start}, {"end", start}};
  }

 private:
  const Workspace& workspace_;
  std::map<std::string, std::string> texts_;
};

json References(const Workspace& workspace, const json& params, const CancelToken& cancel) {
  Document doc = DocumentOf(workspace, params);
  bool declaration = params.value("context", json::object()).value("includeDeclaration", true);
  FileRanges ranges(workspace);
  json out = json::array();
  for (const Span& s : workspace.References(doc.path, doc.text, doc.offset, declaration, cancel))
    out.push_back({{"uri", UriOfPath(s.file)}, {"range", ranges.Range(s)}});
  return out;
}

FeatureReply PrepareRename(const Workspace& workspace, const json& params, json& result) {
  Document doc = DocumentOf(workspace, params);
  auto target = workspace.Resolve(doc.path, doc.text, doc.offset);
  if (!target) return {true, std::nullopt};  // null: nothing renameable here
  if (!target->renameable)
    return {true,
            "'" + target->name + "' is not defined by an alias here: rename it at its source"};
  result = {{"range", RangeOfBytes(doc.text, target->begin, target->end)},
            {"placeholder", doc.text.substr(target->begin, target->end - target->begin)}};
  return {true, std::nullopt};
}

FeatureReply Rename(const Workspace& workspace, const json& params, json& result,
                    const CancelToken& cancel) {
  Document doc = DocumentOf(workspace, params);
  auto plan = workspace.Rename(doc.path, doc.text, doc.offset, params.at("newName"), cancel);
  if (!plan) return {true, plan.error()};
  // Text edits first, on the files under their old names; then the renames.
  std::map<std::string, json> edits;
  FileRanges ranges(workspace);
  for (const auto& e : plan->edits)
    edits[e.span.file].push_back({{"range", ranges.Range(e.span)}, {"newText", e.new_text}});
  json changes = json::array();
  for (auto& [file, list] : edits)
    changes.push_back({{"textDocument", {{"uri", UriOfPath(file)}, {"version", nullptr}}},
                       {"edits", std::move(list)}});
  for (const auto& [from, to] : plan->file_renames)
    changes.push_back({{"kind", "rename"}, {"oldUri", UriOfPath(from)}, {"newUri", UriOfPath(to)}});
  result = {{"documentChanges", std::move(changes)}};
  return {true, std::nullopt};
}

json SignatureHelp(const Workspace& workspace, const json& params) {
  Document doc = DocumentOf(workspace, params);
  auto sig = workspace.SignatureHelp(doc.path, doc.text, doc.offset);
  if (!sig) return nullptr;
  json parameters = json::array();
  for (const auto& [begin, end] : sig->parameters) parameters.push_back({{"label", {begin, end}}});
  json signature = {{"label", sig->label},
                    {"parameters", std::move(parameters)},
                    {"activeParameter", sig->active_parameter}};
  if (!sig->documentation.empty()) signature["documentation"] = sig->documentation;
  return {{"signatures", json::array({std::move(signature)})},
          {"activeSignature", 0},
          {"activeParameter", sig->active_parameter}};
}

json InlayHints(const Workspace& workspace, const json& params) {
  Document doc = DocumentOf(workspace, params);
  size_t begin = 0, end = doc.text.size();
  if (params.contains("range")) {
    const json& r = params["range"];
    begin = OffsetOfPosition(doc.text, r.at("start").at("line"), r.at("start").at("character"));
    end = OffsetOfPosition(doc.text, r.at("end").at("line"), r.at("end").at("character"));
  }
  json out = json::array();
  for (const auto& hint : workspace.InlayHints(doc.path, doc.text)) {
    if (hint.offset < begin || hint.offset > end) continue;
    // InlayHintKind: Type 1.
    out.push_back(
        {{"position", PositionOf(doc.text, hint.offset)}, {"label", hint.label}, {"kind", 1}});
  }
  return out;
}

// semanticTokens data: five integers per token (delta line, delta start, length, type,
// modifiers), positions in UTF-16, a token spanning lines split at each line break.
json SemanticTokens(const Workspace& workspace, const json& params) {
  Document doc = DocumentOf(workspace, params);
  const std::string_view text = doc.text;
  std::vector<int> data;
  int prev_line = 0, prev_char = 0, line = 0;
  size_t line_start = 0, scanned = 0;
  for (const auto& tok : workspace.SemanticTokens(doc.path, doc.text)) {
    size_t b = tok.begin;
    while (b < tok.end) {
      for (; scanned < b; ++scanned)
        if (text[scanned] == '\n') {
          ++line;
          line_start = scanned + 1;
        }
      size_t e = std::min(tok.end, text.find('\n', b));
      size_t piece_end = e;
      while (piece_end > b && text[piece_end - 1] == '\r') --piece_end;
      if (piece_end > b) {
        int ch = Utf16Length(text.substr(line_start, b - line_start));
        data.insert(data.end(),
                    {line - prev_line, line == prev_line ? ch - prev_char : ch,
                     Utf16Length(text.substr(b, piece_end - b)), static_cast<int>(tok.type), 0});
        prev_line = line;
        prev_char = ch;
      }
      b = e + 1;
    }
  }
  return {{"data", std::move(data)}};
}

// Quick fixes: did-you-mean suggestions of our diagnostics (carried in `data`) replace the
// name; a join key type mismatch (E001, suggesting `CAST(rhs AS T)`) wraps the right-hand side;
// a model the SQL reads but a written `depends_on` leaves out (D011, on the sidecar) is appended
// to that list.
json CodeActions(const Workspace& workspace, const json& params) {
  const std::string uri = params.at("textDocument").at("uri");
  std::optional<std::string> text;
  json actions = json::array();
  for (const json& d :
       params.value("context", json::object()).value("diagnostics", json::array())) {
    if (d.value("source", "") != "rocky" || !d.contains("data") || !d["data"].is_object()) continue;
    const std::string suggestion = d["data"].value("suggestion", "");
    auto action = [&](const std::string& title, const json& range, const std::string& new_text,
                      const std::string& file_uri) {
      actions.push_back(
          {{"title", title},
           {"kind", "quickfix"},
           {"diagnostics", json::array({d})},
           {"isPreferred", true},
           {"edit", {{"changes", {{file_uri, {{{"range", range}, {"newText", new_text}}}}}}}}});
    };
    const std::string prefix = "did you mean '";
    if (suggestion.starts_with(prefix) && suggestion.ends_with("'?")) {
      std::string name = suggestion.substr(prefix.size(), suggestion.size() - prefix.size() - 2);
      action("Replace with '" + name + "'", d.at("range"), name, uri);
      continue;
    }
    const std::string add = "add '", to = "' to depends_on";
    if (d.value("code", "") == "D011" && suggestion.starts_with(add) && suggestion.ends_with(to)) {
      std::string name = suggestion.substr(add.size(), suggestion.size() - add.size() - to.size());
      if (auto insertion = workspace.AddDependsOn(PathOfUri(uri), name)) {
        std::string target = workspace.Contents(insertion->file);
        action("Add '" + name + "' to depends_on",
               RangeOfBytes(target, insertion->offset, insertion->offset), insertion->text,
               UriOfPath(insertion->file));
      }
      continue;
    }
    size_t cast = suggestion.find("CAST(");
    size_t as = suggestion.rfind(" AS ");
    if (d.value("code", "") != "E001" || cast == std::string::npos || as == std::string::npos ||
        as < cast || !suggestion.ends_with(")"))
      continue;
    const std::string operand = suggestion.substr(cast + 5, as - cast - 5);
    if (!text) text = workspace.Contents(PathOfUri(uri));
    const json& r = d.at("range");
    size_t begin = OffsetOfPosition(*text, r["start"]["line"], r["start"]["character"]);
    size_t end = OffsetOfPosition(*text, r["end"]["line"], r["end"]["character"]);
    size_t at = std::string_view(*text).substr(0, end).rfind(operand);
    if (operand.empty() || at == std::string::npos || at < begin) continue;
    action("Wrap in " + suggestion.substr(cast), RangeOfBytes(*text, at, at + operand.size()),
           suggestion.substr(cast), uri);
  }
  return actions;
}

}  // namespace

json RangeOf(const Span& span, std::string_view text) {
  int line = span.line > 0 ? span.line - 1 : 0;
  std::string_view line_text = LineOf(text, line);
  size_t start = span.col > 0 ? std::min<size_t>(span.col - 1, line_text.size()) : 0;
  size_t end = start;
  if (span.len > 0) {
    end = std::min<size_t>(start + span.len, line_text.size());
  } else if (span.col > 0) {
    while (end < line_text.size() && IsIdentByte(line_text[end])) ++end;
  } else {
    end = line_text.size();
  }
  int start_char = Utf16Length(line_text.substr(0, start));
  int end_char = Utf16Length(line_text.substr(0, end));
  return json{{"start", {{"line", line}, {"character", start_char}}},
              {"end", {{"line", line}, {"character", end_char}}}};
}

json SemanticTokensLegend() {
  // In Workspace::TokenType order.
  return {{"tokenTypes",
           {"namespace", "variable", "function", "keyword", "string", "number", "comment", "type",
            "macro"}},
          {"tokenModifiers", json::array()}};
}

FeatureReply HandleFeature(const Workspace& workspace, const std::string& method,
                           const json& params, json& result, const CancelToken& cancel) {
  if (method == "textDocument/references") {
    result = References(workspace, params, cancel);
  } else if (method == "textDocument/prepareRename") {
    return PrepareRename(workspace, params, result);
  } else if (method == "textDocument/rename") {
    return Rename(workspace, params, result, cancel);
  } else if (method == "textDocument/signatureHelp") {
    result = SignatureHelp(workspace, params);
  } else if (method == "textDocument/inlayHint") {
    result = InlayHints(workspace, params);
  } else if (method == "textDocument/semanticTokens/full") {
    result = SemanticTokens(workspace, params);
  } else if (method == "textDocument/codeAction") {
    result = CodeActions(workspace, params);
  } else {
    return {false, std::nullopt};
  }
  return {true, std::nullopt};
}

}  // namespace rocky::lsp
