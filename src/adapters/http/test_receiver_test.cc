// The TestReceiver of test_receiver.h (named *_test.cc so only the test binary builds it).
#include "adapters/http/test_receiver.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base/strings.h"

namespace rocky::adapters::http::testing {

namespace {

using namespace std::chrono_literals;

// A self-signed certificate for IP 127.0.0.1 and its key.
struct SelfSigned {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

void MakeSelfSigned(SelfSigned& out) {
  out.key = EVP_EC_gen("P-256");
  out.cert = X509_new();
  if (!out.key || !out.cert) throw std::runtime_error("openssl: cannot create key/cert");
  X509_set_version(out.cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(out.cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(out.cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(out.cert), 3600);
  X509_set_pubkey(out.cert, out.key);
  X509_NAME* name = X509_get_subject_name(out.cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(out.cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, out.cert, out.cert, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) throw std::runtime_error("openssl: cannot build extension");
    X509_add_ext(out.cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(out.cert, out.key, EVP_sha256()) == 0)
    throw std::runtime_error("openssl: cannot sign");
}

void WritePem(const std::string& path, X509* cert) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + path);
  PEM_write_X509(f, cert);
  std::fclose(f);
}

}  // namespace

std::string ReceivedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (EqualsIgnoreCase(key, name)) return value;
  return "";
}

struct TestReceiver::Impl {
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;
  std::string scheme = "http";
  std::string ca_path;

  mutable std::mutex mutex;
  std::vector<ReceivedRequest> requests;
  std::deque<int> script;
  std::chrono::milliseconds delay{0};

  void Handle(const httplib::Request& req, httplib::Response& res) {
    ReceivedRequest r;
    r.method = req.method;
    r.target = req.target;
    for (const auto& [key, value] : req.headers) r.headers.emplace_back(key, value);
    r.body = req.body;
    r.remote_port = req.remote_port;
    int status = 200;
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(mutex);
      requests.push_back(std::move(r));
      if (!script.empty()) {
        status = script.front();
        script.pop_front();
      }
      wait = delay;
    }
    if (wait.count() > 0) std::this_thread::sleep_for(wait);
    res.status = status;
    res.set_header("X-Test", "yes");
    res.set_content(fmt::format("status {}", status), "text/plain");
  }
};

TestReceiver::TestReceiver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  Impl& s = *impl_;
  auto handler = [&s](const httplib::Request& req, httplib::Response& res) { s.Handle(req, res); };
  s.server->Get(".*", handler);
  s.server->Post(".*", handler);
  s.server->Put(".*", handler);
  s.server->Patch(".*", handler);
  s.server->Delete(".*", handler);
  s.server->set_keep_alive_timeout(1);
  s.server->set_tcp_nodelay(true);
  s.port = s.server->bind_to_any_port("127.0.0.1");
  if (s.port <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
  s.thread = std::thread([&s] { s.server->listen_after_bind(); });
  for (int i = 0; i < 500 && !s.server->is_running(); ++i) std::this_thread::sleep_for(2ms);
}

TestReceiver::~TestReceiver() {
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::unique_ptr<TestReceiver> TestReceiver::Start() {
  auto impl = std::make_unique<Impl>();
  impl->server = std::make_unique<httplib::Server>();
  return std::unique_ptr<TestReceiver>(new TestReceiver(std::move(impl)));
}

std::unique_ptr<TestReceiver> TestReceiver::StartTls(const std::string& dir) {
  SelfSigned pair;
  MakeSelfSigned(pair);
  auto impl = std::make_unique<Impl>();
  impl->scheme = "https";
  impl->ca_path = dir + "/ca.pem";
  WritePem(impl->ca_path, pair.cert);
  auto server = std::make_unique<httplib::SSLServer>(pair.cert, pair.key);
  if (!server->is_valid()) throw std::runtime_error("SSLServer is not valid");
  impl->server = std::move(server);
  return std::unique_ptr<TestReceiver>(new TestReceiver(std::move(impl)));
}

int TestReceiver::port() const { return impl_->port; }

std::string TestReceiver::Url(std::string_view path) const {
  return fmt::format("{}://127.0.0.1:{}{}", impl_->scheme, impl_->port, path);
}

const std::string& TestReceiver::ca_path() const { return impl_->ca_path; }

void TestReceiver::Script(std::vector<int> statuses) {
  std::lock_guard lock(impl_->mutex);
  impl_->script.assign(statuses.begin(), statuses.end());
}

void TestReceiver::SetDelay(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->delay = delay;
}

std::vector<ReceivedRequest> TestReceiver::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

}  // namespace rocky::adapters::http::testing
