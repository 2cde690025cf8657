#pragma once
// For emulator programs: serve until SIGINT or SIGTERM.

#include <fmt/format.h>

#include <cstdio>
#include <memory>
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

/// The end of every emulator's main: prints `listening on URL` (the one line tests read), serves
/// until a stop signal, stops. Returns the exit code (1 when the emulator did not start).
template <typename Emulator>
int ServeUntilStopped(std::string_view program, Result<std::unique_ptr<Emulator>> started) {
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
