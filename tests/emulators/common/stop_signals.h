#pragma once
// For emulator programs: serve until SIGINT or SIGTERM.

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "base/error.h"

namespace rocky::emulator {

/// Blocks SIGINT and SIGTERM in the calling thread (call before any thread starts, so every
/// thread inherits the mask and only WaitForStopSignal receives them). Also restores their
/// default disposition: a shell starts background jobs with SIGINT ignored, and an ignored
/// signal never reaches sigwait.
void BlockStopSignals();

/// Returns when SIGINT or SIGTERM arrives.
void WaitForStopSignal();

/// The end of every emulator's main: blocks the stop signals, starts the emulator (`start()`
/// returns a Result<std::unique_ptr<Emulator>>), prints `listening on URL` (the one line tests
/// read), serves until a stop signal, stops. Returns the exit code (1 when it did not start).
template <typename Start>
int ServeUntilStopped(std::string_view program, Start start) {
  BlockStopSignals();
  auto started = start();
  if (!started) {
    fmt::print(stderr, "{}: {}\n", program, started.error().Text());
    return 1;
  }
  std::printf("listening on %s\n", (*started)->url().c_str());
  std::fflush(stdout);
  WaitForStopSignal();
  (*started)->Stop();
  return 0;
}

}  // namespace rocky::emulator
