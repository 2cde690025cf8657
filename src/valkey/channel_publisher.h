#pragma once
// Publishes messages on one Valkey channel, in the order they were handed over, from a thread of
// its own (runtime.md §12: hook events also go to `rocky:events`). Publish never waits for the
// network, so a slow or stopped server cannot slow a run down.
//
// Contract: messages go out in Publish order over one connection. A failed PUBLISH (server
// unreachable, timed out, error reply) drops that message and logs one warning per outage; for a
// second after a failure further messages are dropped without trying, then the next one tries to
// reconnect. Close sends what is still queued, waiting at most its drain time, then stops.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "valkey/valkey_client.h"

namespace rocky::valkey {

class ChannelPublisher {
 public:
  /// Connects lazily, on the first message. `url` may carry a password; it never reaches logs.
  ChannelPublisher(std::string url, std::string channel,
                   ValkeyOptions options = {.connect_timeout = std::chrono::seconds(2),
                                            .command_timeout = std::chrono::seconds(2)});
  ChannelPublisher(const ChannelPublisher&) = delete;
  ChannelPublisher& operator=(const ChannelPublisher&) = delete;
  /// Close() with the default drain time.
  ~ChannelPublisher();

  /// Queues `message`. After Close it is dropped.
  void Publish(std::string message);
  /// Sends the queue, waiting at most `drain`, then stops the thread. Idempotent.
  void Close(std::chrono::milliseconds drain = std::chrono::seconds(5));

  /// Messages the server accepted / messages dropped (failures, closed, drain time over).
  int64_t published() const;
  int64_t dropped() const;

 private:
  void Loop();
  // Sends one message over the connection, connecting first when there is none.
  Result<void> Send(const std::string& message);

  const std::string url_;
  const std::string channel_;
  const ValkeyOptions options_;
  std::unique_ptr<ValkeyClient> client_;  // only the thread touches it

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool closing_ = false;
  std::chrono::steady_clock::time_point drain_deadline_{};
  int64_t published_ = 0;
  int64_t dropped_ = 0;
  std::thread thread_;
};

}  // namespace rocky::valkey
