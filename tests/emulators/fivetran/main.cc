// fivetran_emulator: the Fivetran emulator as a program (tests/emulators/README.md).
//   fivetran_emulator --fixture FILE [--port N] [--api-key K] [--api-secret S] [--page-size N]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "emulators/common/stop_signals.h"
#include "emulators/fivetran/fivetran_emulator.h"

namespace {

int Usage(std::string_view problem) {
  fmt::print(stderr,
             "fivetran_emulator: {}\n"
             "usage: fivetran_emulator --fixture FILE [--port N] [--api-key K] [--api-secret S] "
             "[--page-size N]\n",
             problem);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using rocky::emulator::fivetran::FivetranEmulator;
  rocky::emulator::fivetran::Options options;
  std::string fixture;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      Usage("serves the Fivetran REST API v1 on 127.0.0.1 from a fixture");
      return 0;
    }
    if (i + 1 >= argc) return Usage(fmt::format("{} needs a value", flag));
    std::string_view value = argv[++i];
    auto number = [&](auto& out) {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
      return ec == std::errc() && end == value.data() + value.size();
    };
    bool ok = true;
    if (flag == "--port") ok = number(options.port);
    else if (flag == "--page-size") ok = number(options.page_size) && options.page_size > 0;
    else if (flag == "--api-key") options.api_key = value;
    else if (flag == "--api-secret") options.api_secret = value;
    else if (flag == "--fixture") fixture = value;
    else return Usage(fmt::format("unknown option {}", flag));
    if (!ok) return Usage(fmt::format("{} needs a positive number, not '{}'", flag, value));
  }
  if (fixture.empty()) return Usage("--fixture is required");
  std::ifstream in(fixture);
  if (!in) return Usage(fmt::format("cannot read {}", fixture));
  std::stringstream text;
  text << in.rdbuf();
  options.fixture = nlohmann::json::parse(text.str(), nullptr, false);
  if (options.fixture.is_discarded() || !options.fixture.is_object())
    return Usage(fmt::format("{} is not a JSON object", fixture));

  rocky::emulator::BlockStopSignals();
  return rocky::emulator::ServeUntilStopped("fivetran_emulator",
                                           FivetranEmulator::Start(std::move(options)));
}
