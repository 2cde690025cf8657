// fivetran_emulator: the Fivetran emulator as a program (tests/emulators/README.md).
//   fivetran_emulator --fixture FILE [--port N] [--api-key K] [--api-secret S] [--page-size N]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>

#include "emulators/common/program_flags.h"
#include "emulators/common/stop_signals.h"
#include "emulators/fivetran/fivetran_emulator.h"

int main(int argc, char** argv) {
  using rocky::emulator::fivetran::FivetranEmulator;
  rocky::emulator::fivetran::Options options;
  std::string fixture;
  rocky::emulator::ProgramFlags flags(
      "fivetran_emulator",
      "--fixture FILE [--port N] [--api-key K] [--api-secret S] [--page-size N]",
      "serves the Fivetran REST API v1 on 127.0.0.1 from a fixture");
  flags.Number("--port", options.port);
  flags.Number("--page-size", options.page_size, /*positive=*/true);
  flags.Text("--api-key", options.api_key);
  flags.Text("--api-secret", options.api_secret);
  flags.Text("--fixture", fixture);
  if (auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (fixture.empty()) return flags.Usage("--fixture is required");
  std::ifstream in(fixture);
  if (!in) return flags.Usage(fmt::format("cannot read {}", fixture));
  std::stringstream text;
  text << in.rdbuf();
  options.fixture = nlohmann::json::parse(text.str(), nullptr, false);
  if (options.fixture.is_discarded() || !options.fixture.is_object())
    return flags.Usage(fmt::format("{} is not a JSON object", fixture));

  return rocky::emulator::ServeUntilStopped(
      "fivetran_emulator", [&] { return FivetranEmulator::Start(std::move(options)); });
}
