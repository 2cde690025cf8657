#pragma once
// A local HTTP(S) server for tests: listens on 127.0.0.1 on an ephemeral port, records every
// request, answers with scripted statuses (then 200) after an optional delay, and stops in its
// destructor. Defined in test_receiver_test.cc, so it only exists in the test binary; httplib
// stays out of this header.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/http.h"

namespace rocky::adapters::http::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query
  HttpHeaders headers;
  std::string body;
  int remote_port = 0;  // the client's side of the connection

  /// The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class TestReceiver {
 public:
  /// Plain HTTP.
  static std::unique_ptr<TestReceiver> Start();
  /// HTTPS with a fresh self-signed certificate for 127.0.0.1, whose PEM is written to
  /// `dir`/ca.pem (see ca_path()).
  static std::unique_ptr<TestReceiver> StartTls(const std::string& dir);
  ~TestReceiver();

  int port() const;
  /// `http://127.0.0.1:PORT<path>` (https for StartTls).
  std::string Url(std::string_view path) const;
  const std::string& ca_path() const;

  /// The statuses of the next responses, in order; afterwards 200.
  void Script(std::vector<int> statuses);
  /// How long each handler waits before answering.
  void SetDelay(std::chrono::milliseconds delay);
  std::vector<ReceivedRequest> requests() const;

  struct Impl;

 private:
  explicit TestReceiver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rocky::adapters::http::testing
