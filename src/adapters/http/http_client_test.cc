#include "adapters/http/http_client.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "adapters/http/test_receiver.h"

namespace rocky::adapters::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::TestReceiver;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rocky-http-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

HttpRequest Request(std::string method, std::string url, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  r.timeout = 5s;
  return r;
}

TEST(HttpUrlTest, ParsesTheParts) {
  auto plain = ParseHttpUrl("http://example.com");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->scheme, "http");
  EXPECT_EQ(plain->host, "example.com");
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->target, "/");

  auto full = ParseHttpUrl("HTTPS://u:p%40ss@hooks.example:8443/a/b?x=1&y=2#frag");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->scheme, "https");
  EXPECT_EQ(full->user, "u");
  EXPECT_EQ(full->password, "p@ss");
  EXPECT_EQ(full->host, "hooks.example");
  EXPECT_EQ(full->port, 8443);
  EXPECT_EQ(full->target, "/a/b?x=1&y=2");

  EXPECT_EQ(ParseHttpUrl("https://h.example")->port, 443);
  EXPECT_EQ(ParseHttpUrl("http://h?q=1")->target, "/?q=1");
  auto v6 = ParseHttpUrl("http://[::1]:8080/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
}

TEST(HttpUrlTest, RejectsWhatIsNotAnHttpUrl) {
  for (const char* bad : {"ftp://x/y", "hooks.example/x", "http://", "http://h:0/", "http://h:x/",
                          "http://h:70000", "http://[::1/x"})
    EXPECT_FALSE(ParseHttpUrl(bad)) << bad;
  auto err = ParseHttpUrl("ftp://u:secret@h/x");
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().message, "invalid URL 'ftp://u:***@h/x': expected http:// or https://");
}

TEST(HttpUrlTest, SetHttpHeaderReplacesCaseInsensitively) {
  HttpHeaders headers = {{"Content-Type", "text/plain"}, {"X-A", "1"}};
  SetHttpHeader(headers, "content-type", "application/json");
  SetHttpHeader(headers, "X-B", "2");
  HttpHeaders expected = {{"Content-Type", "application/json"}, {"X-A", "1"}, {"X-B", "2"}};
  EXPECT_EQ(headers, expected);
}

TEST(HttpClientTest, PostsBodyAndHeaders) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  HttpRequest request = Request("post", server->Url("/hook?x=1"), R"({"a":1})");
  request.headers = {{"Content-Type", "application/json"}, {"X-Custom", "v"}};
  auto response = client->Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->ok());
  EXPECT_EQ(response->body, "status 200");
  ASSERT_TRUE(response->FindHeader("x-test"));
  EXPECT_EQ(*response->FindHeader("x-test"), "yes");

  auto received = server->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/hook?x=1");
  EXPECT_EQ(received[0].body, R"({"a":1})");
  EXPECT_EQ(received[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(received[0].Header("X-Custom"), "v");
  EXPECT_EQ(received[0].Header("User-Agent"), "rocky/1.0.0");
}

TEST(HttpClientTest, EveryMethodReachesTheServer) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  for (const char* method : {"GET", "PUT", "PATCH", "DELETE"}) {
    // Bodies only where HTTP gives them meaning: a GET body is not read by the server and
    // would corrupt the next request on a reused connection.
    std::string_view m = method;
    auto response = client->Send(Request(method, server->Url("/m"), m == "PUT" || m == "PATCH" ? "x" : ""));
    ASSERT_TRUE(response) << method << ": " << response.error().message;
    EXPECT_EQ(response->status, 200) << method << ": " << response->body;
  }
  auto received = server->requests();
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[1].method, "PUT");
  EXPECT_EQ(received[2].method, "PATCH");
  EXPECT_EQ(received[3].method, "DELETE");
}

TEST(HttpClientTest, NonSuccessStatusIsAResponseNotAnError) {
  auto server = TestReceiver::Start();
  server->Script({404, 500});
  auto client = NewHttpClient();
  auto first = client->Send(Request("POST", server->Url("/x")));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 404);
  EXPECT_FALSE(first->ok());
  auto second = client->Send(Request("POST", server->Url("/x")));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 500);
}

TEST(HttpClientTest, ReusesOneConnectionPerHost) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->Send(Request("POST", server->Url("/r"))));
  std::set<int> ports;
  for (const auto& r : server->requests()) ports.insert(r.remote_port);
  EXPECT_EQ(ports.size(), 1u);

  auto no_reuse = NewHttpClient({.max_idle_per_host = 0});
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(no_reuse->Send(Request("POST", server->Url("/n"))));
  ports.clear();
  auto all = server->requests();
  for (size_t i = 3; i < all.size(); ++i) ports.insert(all[i].remote_port);
  EXPECT_EQ(ports.size(), 2u);
}

TEST(HttpClientTest, ReconnectsAfterTheServerClosedAnIdleConnection) {
  auto server = TestReceiver::Start();  // closes idle keep-alive connections after 1 s
  auto client = NewHttpClient();
  ASSERT_TRUE(client->Send(Request("POST", server->Url("/a"))));
  std::this_thread::sleep_for(1300ms);
  auto again = client->Send(Request("POST", server->Url("/b")));
  ASSERT_TRUE(again) << again.error().message;
  auto received = server->requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_NE(received[0].remote_port, received[1].remote_port);
}

TEST(HttpClientTest, ConcurrentRequests) {
  auto server = TestReceiver::Start();
  server->SetDelay(5ms);
  auto client = NewHttpClient();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i)
        if (client->Send(Request("POST", server->Url("/c"), fmt::format("{}-{}", t, i)))) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 30);
  EXPECT_EQ(server->requests().size(), 30u);
}

TEST(HttpClientTest, TimeoutIsAnError) {
  auto server = TestReceiver::Start();
  server->SetDelay(700ms);
  auto client = NewHttpClient();
  HttpRequest request = Request("POST", server->Url("/slow"));
  request.timeout = 150ms;
  auto start = std::chrono::steady_clock::now();
  auto response = client->Send(request);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response);
  EXPECT_EQ(
      response.error().message,
      fmt::format("POST http://127.0.0.1:{}/slow failed: timed out after 150 ms", server->port()));
  EXPECT_LT(elapsed, 600ms);
}

TEST(HttpClientTest, ConnectionRefused) {
  int port = 0;
  {
    auto server = TestReceiver::Start();
    port = server->port();
  }
  auto client = NewHttpClient();
  auto response = client->Send(Request("POST", fmt::format("http://127.0.0.1:{}/x", port)));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message,
            fmt::format("POST http://127.0.0.1:{}/x failed: connection refused", port));
}

TEST(HttpClientTest, BasicAuthFromUserInfoAndRedactedErrors) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  std::string url = fmt::format("http://user:pw@127.0.0.1:{}/auth", server->port());
  ASSERT_TRUE(client->Send(Request("GET", url)));
  EXPECT_EQ(server->requests().at(0).Header("Authorization"), "Basic dXNlcjpwdw==");

  auto bad = client->Send(Request("GET", "http://user:topsecret@127.0.0.1:1/x"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("topsecret"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("GET http://user:***@127.0.0.1:1/x failed: "),
            std::string::npos)
      << bad.error().message;

  auto invalid = client->Send(Request("POST", "not-a-url"));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().message,
            "POST not-a-url failed: invalid URL 'not-a-url': expected http:// or https://");
}

TEST(HttpClientTest, RedirectsAreReturnedNotFollowed) {
  auto server = TestReceiver::Start();
  server->Script({302});
  auto client = NewHttpClient();
  auto response = client->Send(Request("POST", server->Url("/moved")));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(server->requests().size(), 1u);
}

// What a caller needs to retry safely: a refused connection never reached the server; a timeout
// after the request went out may have been acted on.
TEST(HttpClientTest, FailuresSayWhetherTheServerMayHaveActed) {
  auto server = TestReceiver::Start();
  server->SetDelay(600ms);
  auto client = NewHttpClient();
  HttpRequest slow = Request("POST", server->Url("/slow"), "insert");
  slow.timeout = 150ms;
  auto timed_out = client->Send(slow);
  ASSERT_FALSE(timed_out);
  EXPECT_TRUE(timed_out.error().retryable);
  EXPECT_TRUE(timed_out.error().ambiguous);

  auto refused = client->Send(Request("POST", "http://127.0.0.1:1/x"));
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().retryable);
  EXPECT_FALSE(refused.error().ambiguous);
}

// HTTP(S)_PROXY and NO_PROXY come from the environment (libcurl reads them per request).
TEST(HttpClientTest, ProxyFromTheEnvironmentAndNoProxy) {
  auto proxy = TestReceiver::Start();
  auto client = NewHttpClient();
  ::setenv("http_proxy", proxy->Url("").c_str(), 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  auto via_proxy = client->Send(Request("GET", "http://upstream.invalid/data?x=1"));
  ASSERT_TRUE(via_proxy) << via_proxy.error().message;
  ASSERT_EQ(proxy->requests().size(), 1u);
  EXPECT_EQ(proxy->requests()[0].Header("Host"), "upstream.invalid");

  ::setenv("NO_PROXY", "upstream.invalid,localhost", 1);
  auto direct = client->Send(Request("GET", "http://upstream.invalid/data"));
  ::unsetenv("http_proxy");
  ::unsetenv("NO_PROXY");
  ASSERT_FALSE(direct);  // straight to a host that does not resolve
  EXPECT_NE(direct.error().message.find("could not resolve host 'upstream.invalid'"),
            std::string::npos)
      << direct.error().message;
  EXPECT_EQ(proxy->requests().size(), 1u);
}

TEST(HttpsClientTest, TrustedCertificateSucceeds) {
  TempDir dir;
  auto server = TestReceiver::StartTls(dir.path());
  auto client = NewHttpClient({.ca_cert_path = server->ca_path()});
  auto response = client->Send(Request("POST", server->Url("/tls"), "secure"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(server->requests().size(), 1u);
  EXPECT_EQ(server->requests()[0].body, "secure");
}

TEST(HttpsClientTest, UntrustedCertificateFailsVerification) {
  TempDir dir;
  auto server = TestReceiver::StartTls(dir.path());
  auto client = NewHttpClient();  // the system CA store does not know our certificate
  auto response = client->Send(Request("POST", server->Url("/tls")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message,
            fmt::format("POST https://127.0.0.1:{}/tls failed: TLS certificate verification failed",
                        server->port()));
  EXPECT_TRUE(server->requests().empty());

  auto unchecked = NewHttpClient({.verify_tls = false});
  EXPECT_TRUE(unchecked->Send(Request("POST", server->Url("/tls"))));
}

}  // namespace
}  // namespace rocky::adapters::http
