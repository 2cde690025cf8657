#include "cli/help.h"

#include <fmt/format.h>

#include "cli/command.h"

namespace rocky::cli {

namespace {

std::string FlagLine(const FlagSpec& f) {
  std::string left = f.short_name ? fmt::format("-{}, --{}", f.short_name, f.name)
                                  : fmt::format("    --{}", f.name);
  if (!f.value_name.empty()) left += " " + std::string(f.value_name);
  return fmt::format("  {:<28} {}\n", left, f.help);
}

}  // namespace

std::string TopLevelHelp() {
  std::string out =
      "rocky 1.0.0: a typed SQL transformation engine.\n"
      "Replicates landed source tables into governed bronze schemas and builds silver and gold\n"
      "models, on DuckDB, Databricks and Snowflake.\n\n"
      "Usage: rocky [GLOBAL FLAGS] <command> [ARGS] [FLAGS]\n\nCommands:\n";
  for (const auto* c : AllCommands()) out += fmt::format("  {:<16} {}\n", c->name, c->summary);
  out += "\nGlobal flags (before or after the command):\n";
  for (const auto& f : GlobalFlags()) out += FlagLine(f);
  out +=
      "\nStart here:\n"
      "  rocky playground && cd rocky-playground   a runnable DuckDB project\n"
      "  rocky discover                            what landed in raw__* schemas\n"
      "  rocky plan                                the SQL a run would execute\n"
      "\nOutput is a table on a terminal and JSON when piped; force it with -o json|table.\n"
      "Run 'rocky <command> --help' for a command's flags and examples.\n";
  return out;
}

std::string CommandHelp(const CommandSpec& c) {
  std::string usage = fmt::format("rocky {}", c.name);
  for (const auto& p : c.positionals) {
    std::string n = std::string(p.name) + (p.variadic ? "..." : "");
    usage += p.required ? " " + n : " [" + n + "]";
  }
  if (!c.flags.empty()) usage += " [FLAGS]";
  std::string out = fmt::format("{}\n\nUsage: {}\n", c.summary, usage);
  if (!c.description.empty()) out += "\n" + std::string(c.description) + "\n";
  if (!c.positionals.empty()) {
    out += "\nArguments:\n";
    for (const auto& p : c.positionals) out += fmt::format("  {:<28} {}\n", p.name, p.help);
  }
  if (!c.flags.empty()) {
    out += "\nFlags:\n";
    for (const auto& f : c.flags) out += FlagLine(f);
  }
  out += "\nGlobal flags:\n";
  for (const auto& f : GlobalFlags()) out += FlagLine(f);
  if (c.config_optional) out += "\nRuns without rocky.toml (built-in defaults).\n";
  return out;
}

}  // namespace rocky::cli
