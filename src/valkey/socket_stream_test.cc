// TLS (rediss://) against a real redis-server listening with a certificate made here.
#include "valkey/socket_stream.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/subprocess.h"
#include "valkey/valkey_client.h"
#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;

// A self-signed certificate for 127.0.0.1 and localhost (it is its own CA), made with openssl.
Result<void> MakeCertificate(const std::string& dir) {
  auto child = Subprocess::Spawn(
      {.argv = {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout",
                dir + "/server.key", "-out", dir + "/server.crt"},
       .pipe_stdin = false});  // its few lines of output stay in the pipes
  if (!child) return Fail(std::move(child.error()));
  auto status = (*child)->WaitUntil(std::chrono::steady_clock::now() + 30s);
  if (!status || *status != 0) return Fail(ErrorKind::kIo, "openssl could not make a certificate");
  return Ok();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/rocky-valkey-tls";
    std::filesystem::create_directories(dir_);
    auto made = MakeCertificate(dir_);
    ASSERT_TRUE(made) << made.error().Text() << " (openssl is installed by scripts/setup.sh)";
    auto server = ValkeyTestServer::Start(
        {.args = {"--tls-cert-file", dir_ + "/server.crt", "--tls-key-file", dir_ + "/server.key",
                  "--tls-ca-cert-file", dir_ + "/server.crt", "--tls-auth-clients", "no",
                  "--requirepass", "tls-Pa55word"},
         .tls = true});
    ASSERT_TRUE(server) << server.error().Text();
    server_ = std::move(*server);
  }

  ValkeyOptions Trusting() const {
    return {.connect_timeout = 2000ms, .command_timeout = 2000ms, .tls_ca_file = dir_ + "/server.crt"};
  }

  std::string dir_;
  std::unique_ptr<ValkeyTestServer> server_;
};

TEST_F(TlsTest, RedissTalksTlsAndAuthenticates) {
  auto client = ValkeyClient::Connect(server_->Url(":tls-Pa55word", 2, true), Trusting());
  ASSERT_TRUE(client) << client.error().Text();
  ASSERT_TRUE((*client)->Set("k", std::string(200000, 'x')));
  EXPECT_EQ((*client)->Get("k").value(), std::string(200000, 'x'));
  EXPECT_EQ((*client)->Command({"CLIENT", "INFO"}).value().text.find("db=2") != std::string::npos,
            true);

  auto by_name = ValkeyClient::Connect(
      fmt::format("rediss://:tls-Pa55word@localhost:{}", server_->port()), Trusting());
  ASSERT_TRUE(by_name) << by_name.error().Text();
  EXPECT_TRUE((*by_name)->Ping());
}

TEST_F(TlsTest, AnUntrustedCertificateIsRefused) {
  auto client = ValkeyClient::Connect(server_->Url(":tls-Pa55word", 0, true),
                                      {.connect_timeout = 2000ms});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().message.rfind(
                fmt::format("cannot connect to Valkey at 127.0.0.1:{}: TLS certificate "
                            "verification failed: self",
                            server_->port()),
                0),
            0u)
      << client.error().Text();
  EXPECT_EQ(client.error().Text().find("tls-Pa55word"), std::string::npos);
}

TEST_F(TlsTest, MismatchedProtocolsFailWithinTheTimeouts) {
  auto start = std::chrono::steady_clock::now();
  // Plain RESP to the TLS port: the server drops the connection or never answers.
  auto plain = ValkeyClient::Connect(server_->Url(":tls-Pa55word"),
                                     {.connect_timeout = 500ms, .command_timeout = 500ms});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().message.rfind(
                fmt::format("cannot connect to Valkey at 127.0.0.1:{}: ", server_->port()), 0),
            0u)
      << plain.error().Text();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);

  auto plain_server = ValkeyTestServer::Start();
  ASSERT_TRUE(plain_server) << plain_server.error().Text();
  start = std::chrono::steady_clock::now();
  auto tls = ValkeyClient::Connect((*plain_server)->Url("", 0, true), Trusting());
  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.error().message,
            fmt::format("cannot connect to Valkey at 127.0.0.1:{}: timed out during the TLS "
                        "handshake",
                        (*plain_server)->port()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

}  // namespace
}  // namespace rocky::valkey
