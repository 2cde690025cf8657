// databricks_emulator: the Databricks emulator as a program (tests/emulators/README.md).
//   databricks_emulator [--port N] [--token T] [--client-id ID --client-secret S]
//                       [--expires-in SECS] [--chunk-rows N] [--pending-polls N]
//                       [--warehouse-id W] [--database PATH] [--workspace-id N]
//                       [--latency-ms N] [--max-concurrent-statements N] [--retry-after SECS]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include "emulators/common/program_flags.h"
#include "emulators/common/stop_signals.h"
#include "emulators/databricks/databricks_emulator.h"

int main(int argc, char** argv) {
  using rocky::emulator::databricks::DatabricksEmulator;
  rocky::emulator::databricks::Options options;
  rocky::emulator::ProgramFlags flags(
      "databricks_emulator",
      "[--port N] [--token T] [--client-id ID --client-secret S]\n"
      "         [--expires-in SECS] [--chunk-rows N] [--pending-polls N] [--warehouse-id W]\n"
      "         [--database PATH|:memory:] [--workspace-id N]\n"
      "         [--latency-ms N] [--max-concurrent-statements N] [--retry-after SECS]",
      "serves the Databricks REST API on 127.0.0.1, statements on DuckDB");
  flags.Text("--token", options.token);
  flags.Text("--client-id", options.client_id);
  flags.Text("--client-secret", options.client_secret);
  flags.Number("--expires-in", options.expires_in_secs);
  flags.Number("--chunk-rows", options.chunk_rows);
  flags.Text("--warehouse-id", options.warehouse_id);
  flags.Number("--workspace-id", options.workspace_id);
  rocky::emulator::AddStatementEmulatorFlags(flags, options);
  if (auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (options.client_id.empty() != options.client_secret.empty())
    return flags.Usage("--client-id and --client-secret go together");

  return rocky::emulator::ServeUntilStopped("databricks_emulator",
                                            [&] { return DatabricksEmulator::Start(options); });
}
