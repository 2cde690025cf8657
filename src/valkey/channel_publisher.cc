#include "valkey/channel_publisher.h"

#include "base/log.h"

namespace rocky::valkey {

namespace {
constexpr auto kQuietAfterFailure = std::chrono::seconds(1);
}  // namespace

ChannelPublisher::ChannelPublisher(std::string url, std::string channel, ValkeyOptions options)
    : url_(std::move(url)), channel_(std::move(channel)), options_(std::move(options)) {
  thread_ = std::thread([this] { Loop(); });
}

ChannelPublisher::~ChannelPublisher() { Close(); }

void ChannelPublisher::Publish(std::string message) {
  {
    std::lock_guard guard(mutex_);
    if (closing_) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(message));
  }
  wake_.notify_one();
}

void ChannelPublisher::Close(std::chrono::milliseconds drain) {
  {
    std::lock_guard guard(mutex_);
    if (!closing_) {
      closing_ = true;
      drain_deadline_ = std::chrono::steady_clock::now() + drain;
    }
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

int64_t ChannelPublisher::published() const {
  std::lock_guard guard(mutex_);
  return published_;
}

int64_t ChannelPublisher::dropped() const {
  std::lock_guard guard(mutex_);
  return dropped_;
}

Result<void> ChannelPublisher::Send(const std::string& message) {
  if (!client_) {
    auto connected = ValkeyClient::Connect(url_, options_);
    if (!connected) return std::unexpected(std::move(connected.error()));
    client_ = std::move(*connected);
  }
  auto sent = client_->Publish(channel_, message);
  if (!sent) return std::unexpected(std::move(sent.error()));
  return {};
}

void ChannelPublisher::Loop() {
  bool warned = false;  // once per outage
  std::optional<std::chrono::steady_clock::time_point> quiet_until;
  std::unique_lock guard(mutex_);
  while (true) {
    wake_.wait(guard, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing and drained
    if (closing_ && std::chrono::steady_clock::now() >= drain_deadline_) {
      dropped_ += static_cast<int64_t>(queue_.size());
      LogWarn("{} event(s) not published on Valkey channel {}: time to send them ran out",
              queue_.size(), channel_);
      queue_.clear();
      return;
    }
    std::string message = std::move(queue_.front());
    queue_.pop_front();
    guard.unlock();
    bool sent = false;
    auto now = std::chrono::steady_clock::now();
    if (!quiet_until || now >= *quiet_until) {
      auto outcome = Send(message);
      sent = outcome.has_value();
      if (!sent) {
        client_.reset();
        quiet_until = std::chrono::steady_clock::now() + kQuietAfterFailure;
        if (!warned) {
          LogWarn(
              "cannot publish run events on Valkey channel {} ({}); events are dropped until "
              "the server answers again (the run goes on)",
              channel_, outcome.error().Text());
          warned = true;
        } else {
          LogDebug("publishing on {}: {}", channel_, outcome.error().Text());
        }
      } else {
        quiet_until.reset();
        warned = false;
      }
    }
    guard.lock();
    if (sent) {
      ++published_;
    } else {
      ++dropped_;
    }
  }
}

}  // namespace rocky::valkey
