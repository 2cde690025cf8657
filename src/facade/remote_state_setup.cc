#include "facade/remote_state_setup.h"

#include <fmt/format.h>

#include "adapters/http/http_client.h"
#include "state_sync/aws_credentials.h"
#include "state_sync/s3_client.h"
#include "state_sync/s3_state_object.h"
#include "state_sync/tiered_state_object.h"
#include "state_sync/valkey_state_object.h"
#include "valkey/valkey_client.h"
#include "valkey/valkey_url.h"

namespace rocky::facade {

namespace {

class Backend : public RemoteStateBackend {
 public:
  state::RemoteObject& object() override { return *object_; }

  std::unique_ptr<HttpClient> http;
  std::unique_ptr<state_sync::S3Client> s3_client;
  std::unique_ptr<state_sync::S3StateObject> s3;
  std::unique_ptr<valkey::ValkeyClient> valkey_client;
  std::unique_ptr<state_sync::ValkeyStateObject> valkey;
  std::unique_ptr<state_sync::TieredStateObject> tiered;
  state::RemoteObject* object_ = nullptr;
};

Result<void> OpenS3(const config::StateConfig& state, Backend& b) {
  auto credentials = state_sync::LoadAwsCredentials();
  if (!credentials) return Fail(std::move(credentials.error()));
  state_sync::S3ClientOptions options;
  options.bucket = state.s3_bucket.value_or("");
  options.region = state.s3_region;
  options.endpoint = state.s3_endpoint.value_or("");
  b.http = adapters::http::NewHttpClient();
  b.s3_client =
      std::make_unique<state_sync::S3Client>(std::move(options), std::move(*credentials), *b.http);
  b.s3 = std::make_unique<state_sync::S3StateObject>(*b.s3_client, state.s3_prefix + "state.db");
  return Ok();
}

Result<void> OpenValkey(const config::StateConfig& state, Backend& b) {
  auto client = valkey::ValkeyClient::Connect(state.valkey_url.Reveal());
  if (!client) return Fail(std::move(client.error()));
  b.valkey_client = std::move(*client);
  b.valkey = std::make_unique<state_sync::ValkeyStateObject>(*b.valkey_client, state.valkey_prefix);
  return Ok();
}

}  // namespace

Result<std::unique_ptr<RemoteStateBackend>> OpenRemoteState(const config::StateConfig& state) {
  auto b = std::make_unique<Backend>();
  switch (state.backend) {
    case config::StateBackend::kLocal:
      return std::unique_ptr<RemoteStateBackend>{};
    case config::StateBackend::kS3:
      if (auto done = OpenS3(state, *b); !done) return Fail(std::move(done.error()));
      b->object_ = b->s3.get();
      break;
    case config::StateBackend::kValkey:
      if (auto done = OpenValkey(state, *b); !done) return Fail(std::move(done.error()));
      b->object_ = b->valkey.get();
      break;
    case config::StateBackend::kTiered:
      if (auto done = OpenS3(state, *b); !done) return Fail(std::move(done.error()));
      if (auto done = OpenValkey(state, *b); !done) return Fail(std::move(done.error()));
      b->tiered = std::make_unique<state_sync::TieredStateObject>(*b->s3, *b->valkey);
      b->object_ = b->tiered.get();
      break;
  }
  return std::unique_ptr<RemoteStateBackend>{std::move(b)};
}

std::string RemoteStateLocation(const config::StateConfig& state) {
  const std::string s3 =
      fmt::format("s3://{}/{}state.db", state.s3_bucket.value_or(""), state.s3_prefix);
  auto url = valkey::ParseValkeyUrl(state.valkey_url.Reveal());
  const std::string valkey = fmt::format("valkey {} key {}state.db",
                                         url ? url->Endpoint() : "(bad URL)", state.valkey_prefix);
  switch (state.backend) {
    case config::StateBackend::kLocal:
      return "local";
    case config::StateBackend::kS3:
      return s3;
    case config::StateBackend::kValkey:
      return valkey;
    case config::StateBackend::kTiered:
      return s3 + " (cached in " + valkey + ")";
  }
  return "";
}

}  // namespace rocky::facade
