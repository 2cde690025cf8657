#pragma once

namespace rocky::cli {

/// The whole program: parse, dispatch, map errors to exit codes (cli.md §2).
int Main(int argc, char** argv);

}  // namespace rocky::cli
