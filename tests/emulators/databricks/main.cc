// databricks_emulator: the Databricks emulator as a program (tests/emulators/README.md).
//   databricks_emulator [--port N] [--token T] [--client-id ID --client-secret S]
//                       [--expires-in SECS] [--chunk-rows N] [--pending-polls N]
//                       [--warehouse-id W] [--database PATH] [--workspace-id N]
//                       [--latency-ms N] [--max-concurrent-statements N] [--retry-after SECS]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "emulators/common/stop_signals.h"
#include "emulators/databricks/databricks_emulator.h"

namespace {

using rocky::emulator::databricks::DatabricksEmulator;
using rocky::emulator::databricks::Options;

int Usage(std::string_view problem) {
  fmt::print(stderr,
             "databricks_emulator: {}\n"
             "usage: databricks_emulator [--port N] [--token T] [--client-id ID "
             "--client-secret S]\n"
             "         [--expires-in SECS] [--chunk-rows N] [--pending-polls N] "
             "[--warehouse-id W]\n"
             "         [--database PATH|:memory:] [--workspace-id N]\n"
             "         [--latency-ms N] [--max-concurrent-statements N] [--retry-after SECS]\n",
             problem);
  return 2;
}

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      Usage("serves the Databricks REST API on 127.0.0.1, statements on DuckDB");
      return 0;
    }
    if (i + 1 >= argc) return Usage(fmt::format("{} needs a value", flag));
    std::string_view value = argv[++i];
    bool ok = true;
    if (flag == "--port")
      ok = ParseNumber(value, options.port);
    else if (flag == "--token")
      options.token = value;
    else if (flag == "--client-id")
      options.client_id = value;
    else if (flag == "--client-secret")
      options.client_secret = value;
    else if (flag == "--expires-in")
      ok = ParseNumber(value, options.expires_in_secs);
    else if (flag == "--chunk-rows")
      ok = ParseNumber(value, options.chunk_rows);
    else if (flag == "--pending-polls")
      ok = ParseNumber(value, options.pending_polls);
    else if (flag == "--warehouse-id")
      options.warehouse_id = value;
    else if (flag == "--database")
      options.database = value;
    else if (flag == "--workspace-id")
      ok = ParseNumber(value, options.workspace_id);
    else if (flag == "--latency-ms")
      ok = ParseNumber(value, options.latency_ms);
    else if (flag == "--max-concurrent-statements")
      ok = ParseNumber(value, options.max_concurrent_statements);
    else if (flag == "--retry-after")
      ok = ParseNumber(value, options.retry_after_secs);
    else
      return Usage(fmt::format("unknown option {}", flag));
    if (!ok) return Usage(fmt::format("{} needs a number, not '{}'", flag, value));
  }
  if (options.client_id.empty() != options.client_secret.empty())
    return Usage("--client-id and --client-secret go together");

  rocky::emulator::BlockStopSignals();
  return rocky::emulator::ServeUntilStopped("databricks_emulator",
                                           DatabricksEmulator::Start(options));
}
