#include "valkey/channel_publisher.h"

#include <gtest/gtest.h>

#include <thread>

#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

// A subscriber on `ch`; collects what arrives within `wait` of the last message.
std::vector<std::string> Drain(ValkeyClient& subscriber, size_t expected,
                               std::chrono::milliseconds wait = 3000ms) {
  std::vector<std::string> got;
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (got.size() < expected && std::chrono::steady_clock::now() < deadline) {
    auto message = subscriber.NextMessage(100ms);
    EXPECT_TRUE(message) << message.error().Text();
    if (!message) break;
    if (*message) got.push_back((*message)->payload);
  }
  return got;
}

TEST(ChannelPublisherTest, DeliversEveryMessageInOrder) {
  auto server = ValkeyTestServer::Start();
  ASSERT_TRUE(server) << server.error().Text();
  auto subscriber = ValkeyClient::Connect((*server)->Url());
  ASSERT_TRUE(subscriber);
  ASSERT_TRUE((*subscriber)->Subscribe({"ch"}));

  ChannelPublisher publisher((*server)->Url(), "ch");
  std::vector<std::string> sent;
  for (int i = 0; i < 200; ++i) {
    sent.push_back(fmt::format(R"({{"event":"e","n":{}}})", i));
    publisher.Publish(sent.back());
  }
  publisher.Close();
  EXPECT_EQ(publisher.published(), 200);
  EXPECT_EQ(publisher.dropped(), 0);
  EXPECT_EQ(Drain(**subscriber, 200), sent);
}

TEST(ChannelPublisherTest, AStoppedServerDropsMessagesWithoutBlocking) {
  auto server = ValkeyTestServer::Start();
  ASSERT_TRUE(server) << server.error().Text();
  std::string url = (*server)->Url();
  (*server)->Stop();

  ChannelPublisher publisher(url, "ch");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) publisher.Publish("m");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);  // Publish never waits
  publisher.Close();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3000ms);
  EXPECT_EQ(publisher.published(), 0);
  EXPECT_EQ(publisher.dropped(), 50);
}

TEST(ChannelPublisherTest, ReconnectsWhenTheServerComesBack) {
  auto server = ValkeyTestServer::Start();
  ASSERT_TRUE(server) << server.error().Text();
  ChannelPublisher publisher((*server)->Url(), "ch",
                             {.connect_timeout = 300ms, .command_timeout = 300ms});
  (*server)->Pause();  // frozen: the first message times out
  publisher.Publish("lost");
  std::this_thread::sleep_for(500ms);
  (*server)->Resume();
  auto subscriber = ValkeyClient::Connect((*server)->Url());
  ASSERT_TRUE(subscriber);
  ASSERT_TRUE((*subscriber)->Subscribe({"ch"}));
  std::this_thread::sleep_for(1100ms);  // past the quiet second after a failure
  publisher.Publish("after");
  publisher.Close();
  EXPECT_EQ(Drain(**subscriber, 1), std::vector<std::string>{"after"});
  EXPECT_EQ(publisher.published(), 1);
}

TEST(ChannelPublisherTest, ThePasswordNeverReachesTheWarning) {
  auto server = ValkeyTestServer::Start({.args = {"--requirepass", "s3cret-pw"}});
  ASSERT_TRUE(server) << server.error().Text();
  std::string url = (*server)->Url(":wrong-pw");
  testing::internal::CaptureStderr();
  {
    ChannelPublisher publisher(url, "ch");
    publisher.Publish("m");
    publisher.Close();
    EXPECT_EQ(publisher.dropped(), 1);
  }
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("cannot publish run events"), std::string::npos) << log;
  EXPECT_EQ(log.find("wrong-pw"), std::string::npos) << log;
}

}  // namespace
}  // namespace rocky::valkey
