#include "server/http_daemon.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace rocky::server {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

HttpReply Text(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/plain";
  reply.body = std::move(body);
  return reply;
}

// A daemon on a free port with one I/O thread: /fast answers at once, /slow after 500 ms on a
// worker, /echo-header the X-Probe header; errors are `error <status>: <message>`.
class HttpDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<HttpDaemon>(HttpDaemonOptions{
        .io_threads = 1,
        .max_body_bytes = 1024,
        .io_timeout = 1s,
        .route = [this](const HttpRequest& request) -> Routed {
          ++routed_;
          if (request.path == "/fast") {
            HttpReply reply = Text(200, "fast " + std::string(request.method));
            reply.headers.emplace_back("X-Answer", "yes");
            return {std::move(reply), {}};
          }
          if (request.path == "/echo-header")
            return {Text(200, std::string(request.Header("X-Probe").value_or("none"))), {}};
          if (request.path == "/slow")
            return {std::nullopt, [] {
                      std::this_thread::sleep_for(500ms);
                      return Text(200, "slow");
                    }};
          return {Text(404, "no " + std::string(request.path)), {}};
        },
        .error =
            [](int status, std::string message) {
              return Text(status, "error " + std::to_string(status) + ": " + message);
            },
    });
    auto port = daemon_->Start();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(5, 0);
    return client;
  }

  // A raw connection to the daemon.
  int Connect() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  }

  std::unique_ptr<HttpDaemon> daemon_;
  int port_ = 0;
  std::atomic<int> routed_{0};
};

TEST_F(HttpDaemonTest, AnswersWithStatusTypeHeadersAndBody) {
  auto client = Client();
  auto res = client.Get("/fast");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "fast GET");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain");
  EXPECT_EQ(res->get_header_value("X-Answer"), "yes");
  auto head = client.Head("/fast");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  auto missing = client.Get("/nowhere");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "no /nowhere");
  auto header = client.Get("/echo-header", {{"X-Probe", "42"}});
  ASSERT_TRUE(header);
  EXPECT_EQ(header->body, "42");
}

TEST_F(HttpDaemonTest, SlowRoutesDoNotHoldTheIoThread) {
  auto slow = std::async(std::launch::async, [this] { return Client().Get("/slow"); });
  std::this_thread::sleep_for(100ms);  // the slow request is on a worker now
  const auto started = Clock::now();
  auto fast = Client().Get("/fast");
  const auto waited = Clock::now() - started;
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200);
  EXPECT_LT(waited, 200ms);
  auto slow_res = slow.get();
  ASSERT_TRUE(slow_res);
  EXPECT_EQ(slow_res->body, "slow");
}

TEST_F(HttpDaemonTest, RefusesBodiesOverTheLimit) {
  auto client = Client();
  auto small = client.Post("/fast", std::string(100, 'x'), "text/plain");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  auto big = client.Post("/fast", std::string(64 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->body, "error 413: request body too large");

  // A client that waits for `100 Continue` is refused before it sends its body.
  const int fd = Connect();
  const std::string head =
      "POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\nExpect: 100-continue\r\n\r\n";
  ASSERT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  char buffer[512];
  const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
  ASSERT_GT(got, 0);
  EXPECT_TRUE(std::string(buffer, got).starts_with("HTTP/1.1 413")) << std::string(buffer, got);
  ::close(fd);
}

TEST_F(HttpDaemonTest, ClosesAClientThatTricklesItsRequest) {
  const int fd = Connect();
  const std::string start = "GET /fast HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(::send(fd, start.data(), start.size(), 0), static_cast<ssize_t>(start.size()));
  const auto started = Clock::now();
  bool closed = false;
  while (Clock::now() - started < 4s && !closed) {
    // A header byte every 200 ms: never idle long enough for an idle timeout.
    if (::send(fd, "X", 1, MSG_NOSIGNAL) != 1) closed = true;
    auto other = Client().Get("/fast");  // others are served meanwhile
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
    std::this_thread::sleep_for(200ms);
  }
  char buffer[64];
  if (!closed) closed = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) == 0;
  EXPECT_TRUE(closed) << "the trickling client was never cut off";
  EXPECT_LT(Clock::now() - started, 3s);
  ::close(fd);
}

TEST_F(HttpDaemonTest, StopLetsInFlightRequestsFinish) {
  auto slow = std::async(std::launch::async, [this] { return Client().Get("/slow"); });
  std::this_thread::sleep_for(100ms);
  daemon_->Stop();
  auto res = slow.get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "slow");
  EXPECT_FALSE(Client().Get("/fast"));  // no longer listening
}

}  // namespace
}  // namespace rocky::server
