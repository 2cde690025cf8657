#include "state_sync/valkey_state_object.h"

#include "base/hash.h"

namespace rocky::state_sync {

namespace {

// KEYS: data, etag. ARGV: content, "1" when an etag is expected else "0", the expected etag,
// the new etag. 1: written; 0: the condition failed.
constexpr std::string_view kCompareAndSet =
    "local current = redis.call('GET', KEYS[2]) "
    "if ARGV[2] == '1' then "
    "  if current ~= ARGV[3] then return 0 end "
    "elseif redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
    "redis.call('SET', KEYS[1], ARGV[1]) "
    "redis.call('SET', KEYS[2], ARGV[4]) "
    "return 1";

// KEYS: data, etag. ARGV: content, etag.
constexpr std::string_view kSetBoth =
    "redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[2]) return 1";

}  // namespace

ValkeyStateObject::ValkeyStateObject(valkey::ValkeyClient& client, std::string prefix)
    : client_(client), data_key_(prefix + "state.db"), etag_key_(prefix + "state.db.etag") {}

Result<std::optional<state::RemoteObject::Fetched>> ValkeyStateObject::Fetch() {
  auto reply = client_.Command({"MGET", data_key_, etag_key_});
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->type != valkey::ReplyType::kArray || reply->elements.size() != 2)
    return Fail(ErrorKind::kIo, "Valkey answered MGET with {}", reply->Describe());
  const valkey::Reply& data = reply->elements[0];
  if (data.IsNil()) return std::optional<Fetched>{};
  const valkey::Reply& etag = reply->elements[1];
  // An etag key lost on its own (evicted) is recomputed from the content it describes.
  std::string tag = etag.IsString() ? etag.text : Sha256Hex(data.text);
  return std::optional<Fetched>{Fetched{data.text, std::move(tag)}};
}

Result<std::optional<std::string>> ValkeyStateObject::Store(
    std::string_view bytes, const std::optional<std::string>& expected) {
  std::string tag = Sha256Hex(bytes);
  auto reply = client_.Eval(kCompareAndSet, {data_key_, etag_key_},
                            {std::string(bytes), expected ? "1" : "0", expected.value_or(""), tag});
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->type != valkey::ReplyType::kInteger)
    return Fail(ErrorKind::kIo, "Valkey answered the state write with {}", reply->Describe());
  if (reply->integer == 0) return std::optional<std::string>{};
  return std::optional<std::string>{std::move(tag)};
}

Result<void> ValkeyStateObject::Mirror(std::string_view bytes, std::string_view etag) {
  auto reply =
      client_.Eval(kSetBoth, {data_key_, etag_key_}, {std::string(bytes), std::string(etag)});
  if (!reply) return Fail(std::move(reply.error()));
  return Ok();
}

}  // namespace rocky::state_sync
