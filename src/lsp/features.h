#pragma once
// The editor feature requests (LSP 3.17 shapes) over the Workspace facade: references,
// prepareRename / rename, signatureHelp, inlayHint, semanticTokens/full and codeAction. The
// dispatcher (server.cc) owns the lifecycle and the document sync and hands these over.
// Only the light forward declarations of nlohmann/json here; the .cc files include the library.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "lsp/workspace.h"

namespace rocky::lsp {

/// The legend of semanticTokens: indexes are Workspace::TokenType values.
nlohmann::json SemanticTokensLegend();

struct FeatureReply {
  bool handled = false;  // false: not a feature method
  /// Set on success (possibly JSON null); else `failure` says why (a RequestFailed error).
  std::optional<std::string> failure;
};

/// Answers `method` into `result` when it is one of the features above; the slow ones
/// (references, rename) stop early once `cancel` is set (the caller then answers
/// RequestCancelled).
FeatureReply HandleFeature(const Workspace& workspace, const std::string& method,
                           const nlohmann::json& params, nlohmann::json& result,
                           const CancelToken& cancel = {});

/// The LSP range of `span` on `text`: columns are 1-based bytes; a zero length covers the
/// identifier at the column (the whole line when the column is 0).
nlohmann::json RangeOf(const Span& span, std::string_view text);

}  // namespace rocky::lsp
