#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "cli/context.h"
#include "lsp/server.h"
#include "lsp/transport.h"

namespace rocky::cli {

namespace {

int RunLsp(Context&) {
  // stdout carries protocol messages only; logs go to stderr.
  std::ios::sync_with_stdio(false);
  lsp::Transport transport(std::cin, std::cout);
  int code = 0;
  {
    lsp::LanguageServer server(transport);
    code = server.Run();
  }
  std::cout.flush();
  std::fflush(stderr);
  // The stdin reader may still block after `exit`: end the process without waiting for it.
  std::_Exit(code);
}

}  // namespace

const CommandSpec& LspCommand() {
  static const CommandSpec kSpec{
      .name = "lsp",
      .summary = "Run the language server (LSP 3.17 over stdio)",
      .description =
          "Speaks JSON-RPC over stdin/stdout for editors (LSP 3.17). The project root comes\n"
          "from the client's initialize (rootUri, workspaceFolders or rootPath); the models are\n"
          "<root>/models or the ones rocky.toml names. Open buffers win over the files on disk.\n"
          "Diagnostics are published per file 300 ms after the last change.",
      .flags = {},
      .config_optional = true,
      .run = &RunLsp,
  };
  return kSpec;
}

}  // namespace rocky::cli
