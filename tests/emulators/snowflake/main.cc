// snowflake_emulator: the Snowflake emulator as a program (tests/emulators/README.md).
//   snowflake_emulator [--port N] [--token T]... [--public-key PEM --account A --user U]
//                      [--partition-rows N] [--pending-polls N] [--database PATH]
//                      [--warehouse W] [--tag NAME]... [--latency-ms N]
//                      [--max-concurrent-statements N] [--retry-after SECS]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include <fmt/format.h>

#include <charconv>
#include <string>
#include <string_view>

#include "emulators/common/stop_signals.h"
#include "emulators/snowflake/snowflake_emulator.h"

namespace {

using rocky::emulator::snowflake::Options;
using rocky::emulator::snowflake::SnowflakeEmulator;

int Usage(std::string_view problem) {
  fmt::print(stderr,
             "snowflake_emulator: {}\n"
             "usage: snowflake_emulator [--port N] [--token T]... "
             "[--public-key PEM --account A --user U]\n"
             "         [--partition-rows N] [--pending-polls N] [--database PATH|:memory:]\n"
             "         [--warehouse W] [--tag NAME]... [--latency-ms N]\n"
             "         [--max-concurrent-statements N] [--retry-after SECS]\n",
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
      Usage("serves the Snowflake SQL API v2 on 127.0.0.1, statements on DuckDB");
      return 0;
    }
    if (i + 1 >= argc) return Usage(fmt::format("{} needs a value", flag));
    std::string_view value = argv[++i];
    bool ok = true;
    if (flag == "--port")
      ok = ParseNumber(value, options.port);
    else if (flag == "--token")
      options.tokens.emplace_back(value);
    else if (flag == "--public-key")
      options.public_key_path = value;
    else if (flag == "--account")
      options.account = value;
    else if (flag == "--user")
      options.user = value;
    else if (flag == "--partition-rows")
      ok = ParseNumber(value, options.partition_rows) && options.partition_rows > 0;
    else if (flag == "--pending-polls")
      ok = ParseNumber(value, options.pending_polls);
    else if (flag == "--database")
      options.database = value;
    else if (flag == "--warehouse")
      options.warehouse = value;
    else if (flag == "--tag")
      options.tags.emplace_back(value);
    else if (flag == "--latency-ms")
      ok = ParseNumber(value, options.latency_ms);
    else if (flag == "--max-concurrent-statements")
      ok = ParseNumber(value, options.max_concurrent_statements);
    else if (flag == "--retry-after")
      ok = ParseNumber(value, options.retry_after_secs);
    else
      return Usage(fmt::format("unknown option {}", flag));
    if (!ok) return Usage(fmt::format("{} needs a positive number, not '{}'", flag, value));
  }
  if (!options.public_key_path.empty() && (options.account.empty() || options.user.empty()))
    return Usage("--public-key needs --account and --user");

  rocky::emulator::BlockStopSignals();
  return rocky::emulator::ServeUntilStopped("snowflake_emulator",
                                            SnowflakeEmulator::Start(options));
}
