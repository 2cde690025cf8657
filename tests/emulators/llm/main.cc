// llm_emulator: the LLM emulator as a program (tests/emulators/README.md).
//   llm_emulator [--port N] [--api-key K] [--openai-key K] [--retry-after SECS]
// Prints one line, `listening on http://127.0.0.1:PORT`, then serves until SIGINT or SIGTERM.
#include "emulators/common/program_flags.h"
#include "emulators/common/stop_signals.h"
#include "emulators/llm/llm_emulator.h"

int main(int argc, char** argv) {
  using rocky::emulator::llm::LlmEmulator;
  rocky::emulator::llm::Options options;
  rocky::emulator::ProgramFlags flags(
      "llm_emulator", "[--port N] [--api-key K] [--openai-key K] [--retry-after SECS]",
      "serves the Anthropic Messages API (/v1/messages) and an OpenAI-compatible\n"
      "chat-completions endpoint (/v1/chat/completions) on 127.0.0.1, answering with the\n"
      "replies scripted through POST /_emulator/llm/script");
  flags.Number("--port", options.port);
  flags.Text("--api-key", options.api_key);
  flags.Text("--openai-key", options.openai_key);
  flags.Number("--retry-after", options.retry_after_secs);
  if (auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (options.retry_after_secs < 0) return flags.Usage("--retry-after must be 0 or more");
  return rocky::emulator::ServeUntilStopped("llm_emulator",
                                            [&] { return LlmEmulator::Start(std::move(options)); });
}
