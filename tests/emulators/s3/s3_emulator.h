#pragma once
// The S3 emulator: the object calls of S3's REST API that Rocky's remote state uses, on
// 127.0.0.1, path-style (`/<bucket>/<key>`), with objects held in memory.
//   GET    /{bucket}/{key}   the object, ETag, Content-Length (HEAD: the same without the body)
//   PUT    /{bucket}/{key}   store; `If-None-Match: *` (412 when the object exists), `If-Match:
//                            <etag>` (412 on another ETag, 404 NoSuchKey when there is none)
// Every request must be signed with AWS Signature V4 by the configured key (sigv4_check.h).
// ETags are S3's for single-part uploads: the quoted MD5 hex of the content. Errors are S3's XML
// bodies (<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>): 404
// NoSuchKey, 404 NoSuchBucket, 412 PreconditionFailed, 501 NotImplemented (an If-None-Match
// other than `*`, or any call not listed above). Scripted faults answer S3's XML too (503
// SlowDown, 500 InternalError).
// Control endpoints besides the shared ones (emulator_server.h), without credentials:
//   GET /_emulator/s3/objects                   [{bucket, key, etag, size}]
//   PUT /_emulator/s3/objects/{bucket}/{key}    store the body unsigned (another writer) → {etag}

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/s3/sigv4_check.h"

namespace rocky::emulator::s3 {

struct Options {
  int port = 0;
  SigV4Key key{"emulator-access-key", "emulator-secret-key", "", "us-east-1"};
  std::vector<std::string> buckets = {"rocky-state"};
};

struct StoredObject {
  std::string body;
  std::string etag;  // quoted MD5 hex
};

class S3Emulator {
 public:
  static Result<std::unique_ptr<S3Emulator>> Start(Options options);
  ~S3Emulator() { server_.Stop(); }
  S3Emulator(const S3Emulator&) = delete;
  S3Emulator& operator=(const S3Emulator&) = delete;

  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }
  void Stop() { server_.Stop(); }

  /// Stores `body` as another writer would; returns the new ETag.
  std::string PutObject(const std::string& bucket, const std::string& key, std::string body);
  std::optional<StoredObject> GetObject(const std::string& bucket, const std::string& key) const;
  std::vector<LoggedRequest> requests() const { return server_.log().Snapshot(); }
  Result<void> AddFault(Fault fault) { return server_.faults().Add(std::move(fault)); }

 private:
  explicit S3Emulator(Options options);
  void AddRoutes();
  /// Checks the signature and the bucket; answers the error and returns false when one fails.
  bool Admitted(const httplib::Request& req, httplib::Response& res, const std::string& bucket);
  void GetRoute(const httplib::Request& req, httplib::Response& res);
  void PutRoute(const httplib::Request& req, httplib::Response& res);

  Options options_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, StoredObject>> buckets_;  // guarded by mu_
  EmulatorServer server_;
};

/// S3's quoted MD5 ETag of `body`.
std::string ETagOf(std::string_view body);
/// S3's XML error body; `resource` (the key or bucket) is included when not empty.
std::string ErrorXml(std::string_view code, std::string_view message,
                     std::string_view resource = "");

}  // namespace rocky::emulator::s3
