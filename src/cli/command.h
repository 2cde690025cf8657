#pragma once
// The command table: one CommandSpec per command, each defined in its own cmd_<name>.cc.

#include <string_view>
#include <vector>

#include "cli/args.h"

namespace rocky::cli {

class Context;

struct CommandSpec {
  std::string_view name;
  std::string_view summary;      // one line for `rocky --help`
  std::string_view description;  // paragraphs for `rocky NAME --help`, examples included
  std::vector<PositionalSpec> positionals;
  std::vector<FlagSpec> flags;
  bool config_optional = false;  // runs with built-in defaults when rocky.toml is absent
  int (*run)(Context&) = nullptr;
};

/// Every command, in the order `rocky --help` lists them.
const std::vector<const CommandSpec*>& AllCommands();
const CommandSpec* FindCommand(std::string_view name);

// One accessor per command file.
const CommandSpec& InitCommand();
const CommandSpec& PlaygroundCommand();
const CommandSpec& ValidateCommand();
const CommandSpec& DiscoverCommand();
const CommandSpec& PlanCommand();
const CommandSpec& StateCommand();
const CommandSpec& HistoryCommand();
const CommandSpec& MetricsCommand();
const CommandSpec& OptimizeCommand();
const CommandSpec& CompactCommand();
const CommandSpec& ArchiveCommand();
const CommandSpec& ProfileStorageCommand();
const CommandSpec& EstimateCommand();
const CommandSpec& ListCommand();
const CommandSpec& DoctorCommand();
const CommandSpec& ExportSchemasCommand();
const CommandSpec& RunCommand();
const CommandSpec& CompareCommand();
const CommandSpec& HooksCommand();
const CommandSpec& SqlCommand();
const CommandSpec& FmtCommand();
const CommandSpec& TestCommand();
const CommandSpec& CompileCommand();
const CommandSpec& LineageCommand();
const CommandSpec& ServeCommand();
const CommandSpec& LspCommand();
const CommandSpec& McpCommand();
const CommandSpec& DocsCommand();
const CommandSpec& AiCommand();
const CommandSpec& AiExplainCommand();
const CommandSpec& AiSyncCommand();
const CommandSpec& AiTestCommand();
const CommandSpec& CiCommand();
const CommandSpec& SeedCommand();
const CommandSpec& LoadCommand();
const CommandSpec& SnapshotCommand();
const CommandSpec& BenchCommand();
const CommandSpec& TestAdapterCommand();
const CommandSpec& InitAdapterCommand();
const CommandSpec& WatchCommand();
const CommandSpec& ShellCommand();
const CommandSpec& ImportDbtCommand();
const CommandSpec& ValidateMigrationCommand();

}  // namespace rocky::cli
