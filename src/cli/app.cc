#include "cli/app.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/log.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/help.h"

namespace rocky::cli {

const std::vector<const CommandSpec*>& AllCommands() {
  static const std::vector<const CommandSpec*> kCommands = {
      &InitCommand(),      &PlaygroundCommand(), &ValidateCommand(), &DiscoverCommand(),
      &PlanCommand(),      &RunCommand(),        &CompareCommand(),  &StateCommand(),
      &SnapshotCommand(),  &HistoryCommand(),    &MetricsCommand(),  &OptimizeCommand(),
      &ListCommand(),
      &HooksCommand(),     &DoctorCommand(),     &SqlCommand(),      &FmtCommand(),
      &TestCommand(),      &CompileCommand(),    &LineageCommand(),  &ServeCommand(),     &LspCommand(), &McpCommand(), &CiCommand(),
      &DocsCommand(),
      &ExportSchemasCommand(), &SeedCommand(),   &LoadCommand(),     &BenchCommand(),
      &TestAdapterCommand(), &InitAdapterCommand(),
      &WatchCommand(),     &ShellCommand(),     &CompactCommand(),  &ArchiveCommand(),
      &ProfileStorageCommand(), &EstimateCommand(),
      &ImportDbtCommand(), &ValidateMigrationCommand(),
      &AiCommand(),
      &AiExplainCommand(), &AiSyncCommand(), &AiTestCommand(),
  };
  return kCommands;
}

const CommandSpec* FindCommand(std::string_view name) {
  for (const auto* c : AllCommands())
    if (c->name == name) return c;
  return nullptr;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // The hot path for scripts that probe the version: no table, no config.
  if (args.size() == 1 && (args[0] == "--version" || args[0] == "-V")) {
    std::fputs("rocky 1.0.0\n", stdout);
    return 0;
  }
  auto parsed = ParseCommandLine(args, &FindCommand);
  if (!parsed) return PrintError(parsed.error());
  const ParsedArgs& flags = parsed->args;

  if (flags.Has("version")) {
    std::fputs("rocky 1.0.0\n", stdout);
    return 0;
  }
  if (!parsed->command) {
    std::fputs(TopLevelHelp().c_str(), flags.Has("help") ? stdout : stderr);
    return flags.Has("help") ? 0 : 2;
  }
  if (flags.Has("help")) {
    std::fputs(CommandHelp(*parsed->command).c_str(), stdout);
    return 0;
  }

  OutputMode mode = IsTerminal(1) ? OutputMode::kTable : OutputMode::kJson;
  if (auto o = flags.Get(GlobalFlagKey(parsed->command, "output"))) {
    if (*o == "json") mode = OutputMode::kJson;
    else if (*o == "table") mode = OutputMode::kTable;
    else
      return PrintError(Error{ErrorKind::kUsage,
                              "invalid value '" + *o + "' for --output: expected json or table",
                              {}});
  }

  LogLevel level = LogLevel::kInfo;
  if (const char* env = std::getenv("ROCKY_LOG")) {
    if (auto l = ParseLogLevel(env)) level = *l;
  }
  if (int v = flags.Count("verbose"); v > 0) level = v >= 2 ? LogLevel::kTrace : LogLevel::kDebug;
  Log::Configure(level, mode == OutputMode::kJson);

  Context ctx(*parsed->command, flags, mode);
  for (const auto& p : parsed->command->positionals) {
    if (p.required && ctx.args().positionals().empty())
      return PrintError(Error{ErrorKind::kUsage,
                              "missing argument " + std::string(p.name) + " for 'rocky " +
                                  std::string(parsed->command->name) + "'",
                              {}});
  }
  return parsed->command->run(ctx);
}

}  // namespace rocky::cli
