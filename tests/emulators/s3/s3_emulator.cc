#include "emulators/s3/s3_emulator.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <atomic>

#include "base/hash.h"
#include "base/strings.h"
#include "state_sync/s3_error.h"

namespace rocky::emulator::s3 {

namespace {

using state_sync::XmlEscape;

std::string NextRequestId() {
  static std::atomic<uint64_t> counter{0};
  return fmt::format("EMU{:013X}", ++counter);
}

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view resource = "") {
  res.status = status;
  res.set_content(ErrorXml(code, message, resource), "application/xml");
}

// If-Match / ETag comparison: quotes are optional on either side, as S3 accepts.
std::string Unquoted(std::string_view etag) {
  etag = Trim(etag);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

}  // namespace

std::string ETagOf(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_md5(), nullptr);
  return "\"" + HexEncode(std::string_view(reinterpret_cast<const char*>(digest), len)) + "\"";
}

std::string ErrorXml(std::string_view code, std::string_view message, std::string_view resource) {
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>",
      XmlEscape(code), XmlEscape(message));
  if (!resource.empty()) xml += fmt::format("<Resource>{}</Resource>", XmlEscape(resource));
  return xml + fmt::format("<RequestId>{}</RequestId></Error>", NextRequestId());
}

S3Emulator::S3Emulator(Options options) : options_(std::move(options)), server_("s3 emulator") {
  for (const auto& bucket : options_.buckets) buckets_[bucket];
}

Result<std::unique_ptr<S3Emulator>> S3Emulator::Start(Options options) {
  std::unique_ptr<S3Emulator> e(new S3Emulator(std::move(options)));
  e->server_.SetFaultBody(
      [](int status) {
        if (status == 503 || status == 429)
          return ErrorXml("SlowDown", "Please reduce your request rate.");
        return ErrorXml("InternalError", "We encountered an internal error. Please try again.");
      },
      "application/xml");
  e->server_.SetNotFound([](const httplib::Request& req, httplib::Response& res) {
    SendError(res, 501, "NotImplemented",
              fmt::format("The S3 emulator does not implement {} {}", req.method, req.path));
  });
  e->AddRoutes();
  if (auto started = e->server_.Start(e->options_.port); !started)
    return std::unexpected(started.error());
  return e;
}

std::string S3Emulator::PutObject(const std::string& bucket, const std::string& key,
                                  std::string body) {
  std::lock_guard lock(mu_);
  StoredObject& object = buckets_[bucket][key];
  object.etag = ETagOf(body);
  object.body = std::move(body);
  return object.etag;
}

std::optional<StoredObject> S3Emulator::GetObject(const std::string& bucket,
                                                  const std::string& key) const {
  std::lock_guard lock(mu_);
  auto b = buckets_.find(bucket);
  if (b == buckets_.end()) return std::nullopt;
  auto o = b->second.find(key);
  if (o == b->second.end()) return std::nullopt;
  return o->second;
}

bool S3Emulator::Admitted(const httplib::Request& req, httplib::Response& res,
                          const std::string& bucket) {
  if (auto rejected = CheckSigV4(req, options_.key, std::chrono::system_clock::now())) {
    std::string xml = ErrorXml(rejected->code, rejected->message);
    if (!rejected->canonical_request.empty()) {
      // S3 sends back what it signed, to help find the difference.
      const std::string extra =
          fmt::format("<StringToSign>{}</StringToSign><CanonicalRequest>{}</CanonicalRequest>",
                      XmlEscape(rejected->string_to_sign), XmlEscape(rejected->canonical_request));
      xml.insert(xml.rfind("<RequestId>"), extra);
    }
    res.status = rejected->status;
    res.set_content(xml, "application/xml");
    return false;
  }
  std::lock_guard lock(mu_);
  if (!buckets_.contains(bucket)) {
    SendError(res, 404, "NoSuchBucket", "The specified bucket does not exist", bucket);
    return false;
  }
  return true;
}

void S3Emulator::GetRoute(const httplib::Request& req, httplib::Response& res) {
  const std::string bucket = req.matches[1], key = req.matches[2];
  if (!Admitted(req, res, bucket)) return;
  auto object = GetObject(bucket, key);
  if (!object) return SendError(res, 404, "NoSuchKey", "The specified key does not exist.", key);
  res.status = 200;
  res.set_header("ETag", object->etag);
  res.set_content(object->body, "application/octet-stream");
}

void S3Emulator::PutRoute(const httplib::Request& req, httplib::Response& res) {
  const std::string bucket = req.matches[1], key = req.matches[2];
  if (!Admitted(req, res, bucket)) return;
  const bool if_none_match = req.has_header("If-None-Match");
  const bool if_match = req.has_header("If-Match");
  if (if_none_match && Trim(req.get_header_value("If-None-Match")) != "*")
    return SendError(res, 501, "NotImplemented",
                     "A header you provided implies functionality that is not implemented",
                     "If-None-Match");
  std::lock_guard lock(mu_);
  auto& objects = buckets_[bucket];
  auto existing = objects.find(key);
  if (if_none_match && existing != objects.end())
    return SendError(res, 412, "PreconditionFailed",
                     "At least one of the pre-conditions you specified did not hold",
                     "If-None-Match");
  if (if_match && existing == objects.end())
    return SendError(res, 404, "NoSuchKey", "The specified key does not exist.", key);
  if (if_match && Unquoted(existing->second.etag) != Unquoted(req.get_header_value("If-Match")))
    return SendError(res, 412, "PreconditionFailed",
                     "At least one of the pre-conditions you specified did not hold", "If-Match");
  StoredObject& object = objects[key];
  object.body = req.body;
  object.etag = ETagOf(req.body);
  res.status = 200;
  res.set_header("ETag", object.etag);
}

void S3Emulator::AddRoutes() {
  const std::string object = "/([^/_][^/]*)/(.+)";
  server_.Route("GET", object, [this](const auto& req, auto& res) { GetRoute(req, res); });
  server_.Route("PUT", object, [this](const auto& req, auto& res) { PutRoute(req, res); });

  server_.ControlRoute(
      "GET", "/_emulator/s3/objects", [this](const httplib::Request&, httplib::Response& res) {
        nlohmann::json out = nlohmann::json::array();
        std::lock_guard lock(mu_);
        for (const auto& [bucket, objects] : buckets_)
          for (const auto& [key, o] : objects)
            out.push_back(
                {{"bucket", bucket}, {"key", key}, {"etag", o.etag}, {"size", o.body.size()}});
        SendJson(res, 200, out);
      });
  server_.ControlRoute(
      "GET", "/_emulator/s3/objects/([^/]+)/(.+)",
      [this](const httplib::Request& req, httplib::Response& res) {
        auto object = GetObject(req.matches[1], req.matches[2]);
        if (!object) return SendJson(res, 404, {{"error", "no such object"}});
        res.status = 200;
        res.set_header("ETag", object->etag);
        res.set_content(object->body, "application/octet-stream");
      });
  server_.ControlRoute(
      "PUT", "/_emulator/s3/objects/([^/]+)/(.+)",
      [this](const httplib::Request& req, httplib::Response& res) {
        SendJson(res, 200, {{"etag", PutObject(req.matches[1], req.matches[2], req.body)}});
      });
}

}  // namespace rocky::emulator::s3
