// snowflake_emulator: the Snowflake emulator as a program (tests/emulators/README.md).
//   snowflake_emulator [--port N] [--token T]... [--public-key PEM --account A --user U]
//                      [--partition-rows N] [--pending-polls N] [--database PATH]
//                      [--warehouse W] [--tag NAME]... [--latency-ms N]
//                      [--max-concurrent-statements N] [--retry-after SECS]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include "emulators/common/program_flags.h"
#include "emulators/common/stop_signals.h"
#include "emulators/snowflake/snowflake_emulator.h"

int main(int argc, char** argv) {
  using rocky::emulator::snowflake::SnowflakeEmulator;
  rocky::emulator::snowflake::Options options;
  rocky::emulator::ProgramFlags flags(
      "snowflake_emulator",
      "[--port N] [--token T]... [--public-key PEM --account A --user U]\n"
      "         [--partition-rows N] [--pending-polls N] [--database PATH|:memory:]\n"
      "         [--warehouse W] [--tag NAME]... [--latency-ms N]\n"
      "         [--max-concurrent-statements N] [--retry-after SECS]",
      "serves the Snowflake SQL API v2 on 127.0.0.1, statements on DuckDB");
  flags.Texts("--token", options.tokens);
  flags.Text("--public-key", options.public_key_path);
  flags.Text("--account", options.account);
  flags.Text("--user", options.user);
  flags.Number("--partition-rows", options.partition_rows, /*positive=*/true);
  flags.Text("--warehouse", options.warehouse);
  flags.Texts("--tag", options.tags);
  rocky::emulator::AddStatementEmulatorFlags(flags, options);
  if (auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (!options.public_key_path.empty() && (options.account.empty() || options.user.empty()))
    return flags.Usage("--public-key needs --account and --user");

  return rocky::emulator::ServeUntilStopped("snowflake_emulator",
                                            [&] { return SnowflakeEmulator::Start(options); });
}
