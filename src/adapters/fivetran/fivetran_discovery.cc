#include "adapters/fivetran/fivetran_discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/log.h"
#include "base/throttle.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "base/throttle.h"
#include "base/time.h"
#include "base/url.h"

namespace rocky::adapters::fivetran {

namespace {

constexpr size_t kSchemaFetchConcurrency = 10;

bool BoolOf(const Json& object, std::string_view key, bool fallback) {
  return object[key].IsBool() ? object[key].AsBool() : fallback;
}

// `code: message` of an error envelope, or the raw body (shortened) when it is not one.
std::string EnvelopeError(const std::string& body) {
  auto json = Json::Parse(body);
  if (json && json->IsObject()) {
    std::string code = (*json)["code"].AsString(), message = (*json)["message"].AsString();
    if (!code.empty()) return message.empty() ? code : code + ": " + message;
  }
  std::string raw(Trim(body));
  return raw.size() > 300 ? raw.substr(0, 300) + "…" : raw;
}

}  // namespace

bool HasNewData(const FivetranConnector& connector, const std::optional<std::string>& cursor) {
  return sdk::HasNewData(connector.succeeded_at, cursor);
}

FivetranDiscovery::FivetranDiscovery(FivetranConnection connection, HttpClient& http)
    : connection_(std::move(connection)), http_(http) {
  if (!connection_.sleep)
    connection_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Result<Json> FivetranDiscovery::Get(const std::string& path) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  for (int64_t attempt = 0;; ++attempt) {
    const bool last = attempt >= connection_.retry.max_retries;
    HttpRequest request;
    request.method = "GET";
    request.url = connection_.base_url + path;
    request.timeout = connection_.request_timeout;
    request.headers = {{"Authorization",
                        "Basic " + Base64Encode(connection_.api_key.Reveal() + ":" +
                                                connection_.api_secret.Reveal())},
                       {"Accept", "application/json"},
                       {"User-Agent", "rocky/1.0.0"}};
    auto response = http_.Send(request);
    if (!response) {
      Error e = std::move(response.error());
      e.message = "fivetran API error on GET " + path + ": " + e.message;
      if (!e.retryable || last) return std::unexpected(std::move(e));
      connection_.sleep(connection_.retry.Backoff(attempt + 1, &rng));
      continue;
    }
    const int status = response->status;
    if (status == 429 || status >= 500) {
      if (last)
        return Fail(ErrorKind::kAdapter, "fivetran API error on GET {}: HTTP {} {}", path, status,
                    EnvelopeError(response->body));
      auto wait = http::RetryAfter(*response);
      if (status == 429 || status == 503) NoteThrottled();
      BackoffWait waiting;
      connection_.sleep(connection_.retry.Delay(attempt + 1, &rng, wait));
      continue;
    }
    if (status == 404)
      return Fail(ErrorKind::kNotFound, "fivetran API error on GET {}: HTTP 404 {}", path,
                  EnvelopeError(response->body));
    if (status < 200 || status >= 300) {
      Error e{ErrorKind::kAdapter,
              fmt::format("fivetran API error on GET {}: HTTP {} {}", path, status,
                          EnvelopeError(response->body)),
              {},
              status == 401 || status == 403 ? "check api_key / api_secret" : ""};
      return std::unexpected(std::move(e));
    }
    auto json = Json::Parse(response->body);
    if (!json || !json->IsObject())
      return Fail(ErrorKind::kAdapter, "fivetran API error on GET {}: the response is not JSON",
                  path);
    const std::string code = (*json)["code"].AsString();
    const Json* data = json->Find("data");
    if (code != "Success" || !data)
      return Fail(ErrorKind::kAdapter, "fivetran API error {}: {}",
                  code.empty() ? "(no code)" : code, (*json)["message"].AsString());
    return *data;
  }
}

Result<std::vector<FivetranConnector>> FivetranDiscovery::ListConnectors() {
  std::vector<FivetranConnector> out;
  std::string cursor;
  for (int page = 0; page < 10'000; ++page) {
    auto list_path = [&](bool legacy) {
      std::string path = fmt::format("/v1/groups/{}/{}?limit=100", connection_.destination_id,
                                     legacy ? "connectors" : "connections");
      if (!cursor.empty()) path += "&cursor=" + PercentEncode(cursor);
      return path;
    };
    auto data = Get(list_path(legacy_paths_.load()));
    if (!data && data.error().kind == ErrorKind::kNotFound && !legacy_paths_.load() &&
        data.error().message.find("NotFound_") == std::string::npos) {
      LogDebug("fivetran: /connections is not served here; using the /connectors paths");
      legacy_paths_.store(true);
      data = Get(list_path(true));
    }
    if (!data) return std::unexpected(std::move(data.error()));
    if (const Json* items = data->Find("items"); items && items->IsArray())
      for (const Json& item : items->items()) {
        FivetranConnector c;
        c.id = item["id"].AsString();
        c.service = item["service"].AsString();
        c.schema = item["schema"].AsString();
        c.paused = BoolOf(item, "paused", false);
        if (const Json* status = item.Find("status")) {
          c.setup_state = (*status)["setup_state"].AsString();
          c.sync_state = (*status)["sync_state"].AsString();
        }
        if (std::string at = item["succeeded_at"].AsString(); !at.empty()) c.succeeded_at = at;
        out.push_back(std::move(c));
      }
    cursor = (*data)["next_cursor"].AsString();
    if (cursor.empty()) return out;
  }
  return Fail(ErrorKind::kAdapter, "fivetran: too many pages of connections");
}

Result<std::vector<sdk::DiscoveredSource>> FivetranDiscovery::Discover(
    std::string_view schema_prefix, std::string_view) {
  auto connectors = ListConnectors();
  if (!connectors) return std::unexpected(std::move(connectors.error()));
  std::vector<const FivetranConnector*> kept;
  for (const FivetranConnector& c : *connectors) {
    if (c.setup_state != "connected" || c.paused) {
      LogInfo("fivetran: skipping connection {} ({}): {}", c.id, c.schema,
              c.paused ? "paused" : "setup state '" + c.setup_state + "'");
      continue;
    }
    kept.push_back(&c);
  }

  std::vector<std::vector<sdk::DiscoveredSource>> found(kept.size());
  ParallelFor(kept.size(), std::min(kept.size(), kSchemaFetchConcurrency), 1,
              [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const FivetranConnector& c = *kept[i];
      auto config = SchemaConfig(c);
      if (!config) {
        if (config.error().kind == ErrorKind::kNotFound &&
            config.error().message.find("NotFound_SchemaConfig") != std::string::npos) {
          LogInfo("fivetran: connection {} has no schema config yet (never synced)", c.id);
        } else {
          LogWarn("fivetran: skipping connection {}: {}", c.id, config.error().message);
        }
        continue;
      }
      const Json* schemas = config->Find("schemas");
      if (!schemas || !schemas->IsObject()) continue;
      std::vector<sdk::DiscoveredSource> sources;
      for (size_t k = 0; k < schemas->items().size(); ++k) {
        const Json& s = schemas->items()[k];
        if (!BoolOf(s, "enabled", true)) continue;
        std::string name = s["name_in_destination"].AsString();
        if (name.empty()) name = c.schema;
        if (!name.starts_with(schema_prefix)) continue;
        std::set<std::string> tables;
        if (const Json* t = s.Find("tables"); t && t->IsObject())
          for (size_t j = 0; j < t->items().size(); ++j) {
            const Json& table = t->items()[j];
            if (!BoolOf(table, "enabled", true)) continue;
            std::string table_name = table["name_in_destination"].AsString();
            if (table_name.empty()) table_name = t->keys()[j];
            tables.insert(ToLower(table_name));
          }
        sdk::DiscoveredSource source;
        source.id = c.id;
        source.schema = name;
        source.source_type = c.service;
        source.last_sync_at = c.succeeded_at;
        for (const std::string& t : tables) source.tables.push_back({t, std::nullopt});
        sources.push_back(std::move(source));
      }
      if (sources.size() > 1)
        for (auto& s : sources) s.id = c.id + ":" + s.schema;
      found[i] = std::move(sources);
    }
  });
  std::vector<sdk::DiscoveredSource> out;
  for (auto& list : found)
    for (auto& s : list) out.push_back(std::move(s));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

Result<Json> FivetranDiscovery::SchemaConfig(const FivetranConnector& c) {
  auto fetch = [&] {
    return Get(fmt::format("/v1/{}/{}/schemas", legacy_paths_.load() ? "connectors" : "connections",
                           c.id));
  };
  if (connection_.cache == nullptr || !c.succeeded_at) return fetch();
  const std::string key = fmt::format("fivetran:schemas:{}:{}", c.id, *c.succeeded_at);
  auto text = connection_.cache->GetOrLoad(key, {.ttl = connection_.schema_cache_ttl},
                                           [&]() -> Result<std::string> {
                                             auto data = fetch();
                                             if (!data) return std::unexpected(data.error());
                                             return data->Dump();
                                           });
  if (!text) return std::unexpected(std::move(text.error()));
  auto parsed = Json::Parse(*text);
  if (parsed && parsed->IsObject()) return std::move(*parsed);
  LogWarn("fivetran: the cached schema config of connection {} is unreadable; asking Fivetran",
          c.id);
  connection_.cache->Invalidate(key);
  return fetch();
}

Result<void> FivetranDiscovery::Ping() {
  auto data = Get("/v1/destinations/" + connection_.destination_id);
  if (!data) return std::unexpected(std::move(data.error()));
  return Ok();
}

}  // namespace rocky::adapters::fivetran
