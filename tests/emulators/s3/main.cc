// s3_emulator: the S3 emulator as a program (tests/emulators/README.md).
//   s3_emulator [--port N] [--region R] [--access-key K] [--secret-key S] [--session-token T]
//               [--bucket NAME]...
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include <string>
#include <vector>

#include "emulators/common/program_flags.h"
#include "emulators/common/stop_signals.h"
#include "emulators/s3/s3_emulator.h"

int main(int argc, char** argv) {
  using rocky::emulator::s3::S3Emulator;
  rocky::emulator::s3::Options options;
  std::vector<std::string> buckets;
  rocky::emulator::ProgramFlags flags(
      "s3_emulator",
      "[--port N] [--region R] [--access-key K] [--secret-key S] [--session-token T]\n"
      "                   [--bucket NAME]...",
      "serves S3 objects (GET, HEAD, conditional PUT) on 127.0.0.1, path-style, checking AWS "
      "Signature V4");
  flags.Number("--port", options.port);
  flags.Text("--region", options.key.region);
  flags.Text("--access-key", options.key.access_key_id);
  flags.Text("--secret-key", options.key.secret_access_key);
  flags.Text("--session-token", options.key.session_token);
  flags.Texts("--bucket", buckets);
  if (auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (!buckets.empty()) options.buckets = buckets;

  return rocky::emulator::ServeUntilStopped("s3_emulator",
                                            [&] { return S3Emulator::Start(std::move(options)); });
}
