#include "emulators/common/stop_signals.h"

#include <pthread.h>
#include <signal.h>

namespace rocky::emulator {

namespace {
sigset_t StopSet() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  return stop;
}
}  // namespace

void BlockStopSignals() {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t stop = StopSet();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
}

void WaitForStopSignal() {
  sigset_t stop = StopSet();
  int received = 0;
  sigwait(&stop, &received);
}

}  // namespace rocky::emulator
