#pragma once
// The error codes of JSON-RPC 2.0 and of the protocols Rocky speaks over it (LSP 3.17 for
// `rocky lsp`, MCP for `rocky mcp`). The servers build their messages with nlohmann/json in
// their own sources; this header stays free of it.

namespace rocky {

enum class JsonRpcError {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  /// LSP: a request before `initialize`.
  kServerNotInitialized = -32002,
  /// MCP: `resources/read` of an unknown URI (the same number, another protocol).
  kResourceNotFound = -32002,
  /// LSP: `$/cancelRequest` reached a queued request.
  kRequestCancelled = -32800,
  /// LSP: a well-formed request that cannot be carried out (e.g. prepareRename off a symbol).
  kRequestFailed = -32803,
};

}  // namespace rocky
