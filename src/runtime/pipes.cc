#include "runtime/pipes.h"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "base/file.h"
#include "base/strings.h"

namespace rocky::runtime {

struct PipesSession::State {
  std::mutex mutex;
  std::FILE* out = nullptr;
  bool owns_out = false;
  std::optional<std::string> partition_key;

  ~State() {
    if (owns_out && out != nullptr) std::fclose(out);
  }
};

namespace {

// -1 for characters outside the alphabet; accepts the URL-safe variants too.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int bit_count = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = Base64Value(c);
    if (v < 0 || padding) return Fail(ErrorKind::kConfig, "not valid base64");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  if (bit_count >= 6) return Fail(ErrorKind::kConfig, "not valid base64");
  return out;
}

// The inflated bytes, or nullopt when `data` is not one complete zlib stream.
std::optional<std::string> Inflate(std::string_view data) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::array<char, 16384> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - zs.avail_out);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated stream
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kDebug:
    case LogLevel::kTrace:
      return "DEBUG";
  }
  return "INFO";
}

Json WrapMetadata(const Json& metadata) {
  Json out = Json::Object();
  if (!metadata.IsObject()) return out;
  for (size_t i = 0; i < metadata.size(); ++i) {
    out.Set(metadata.keys()[i],
            Json::Object().Set("raw_value", metadata.items()[i]).Set("type", "__infer__"));
  }
  return out;
}

// The partition key named by the context params, or nullopt; a context that cannot be read is
// a warning, not a reason to turn Pipes off.
std::optional<std::string> ReadPartitionKey(const Json& context_params) {
  Json context;
  if (const Json* path = context_params.Find("path"); path != nullptr && path->IsString()) {
    auto text = ReadFile(path->AsString());
    if (!text) {
      LogWarn("Dagster Pipes context unreadable: {}", text.error().message);
      return std::nullopt;
    }
    auto parsed = Json::Parse(*text);
    if (!parsed) {
      LogWarn("Dagster Pipes context {} is not JSON: {}", path->AsString(), parsed.error().message);
      return std::nullopt;
    }
    context = std::move(*parsed);
  } else if (const Json* data = context_params.Find("data"); data != nullptr) {
    context = *data;
  } else {
    return std::nullopt;
  }
  const Json& key = context["partition_key"];
  if (key.IsString()) return key.AsString();
  return std::nullopt;
}

}  // namespace

Result<Json> DecodePipesParam(std::string_view value) {
  auto bytes = DecodeBase64(value);
  if (!bytes) return Fail(std::move(bytes.error()));
  std::optional<std::string> inflated = Inflate(*bytes);
  auto parsed = Json::Parse(inflated ? *inflated : *bytes);
  if (!parsed) return Fail(ErrorKind::kConfig, "not base64 of (zlib-compressed) JSON");
  return parsed;
}

PipesSession::PipesSession(std::unique_ptr<State> state) : state_(std::move(state)) {}
PipesSession::PipesSession(PipesSession&&) noexcept = default;
PipesSession& PipesSession::operator=(PipesSession&&) noexcept = default;
PipesSession::~PipesSession() = default;

std::optional<PipesSession> PipesSession::FromEnvironment() {
  const char* context = std::getenv(std::string(kPipesContextEnv).c_str());
  const char* messages = std::getenv(std::string(kPipesMessagesEnv).c_str());
  if (context == nullptr || messages == nullptr) return std::nullopt;
  return FromParams(context, messages);
}

std::optional<PipesSession> PipesSession::FromParams(std::string_view context_value,
                                                     std::string_view messages_value) {
  auto context = DecodePipesParam(context_value);
  if (!context) {
    LogWarn("Dagster Pipes disabled: {} {}", kPipesContextEnv, context.error().message);
    return std::nullopt;
  }
  auto messages = DecodePipesParam(messages_value);
  if (!messages) {
    LogWarn("Dagster Pipes disabled: {} {}", kPipesMessagesEnv, messages.error().message);
    return std::nullopt;
  }

  const Json& path = (*messages)["path"];
  const Json& stdio = (*messages)["stdio"];
  std::optional<PipesSession> session;
  if (path.IsString()) {
    auto file = ToFile(path.AsString());
    if (!file) {
      LogWarn("Dagster Pipes disabled: {}", file.error().message);
      return std::nullopt;
    }
    session.emplace(std::move(*file));
  } else if (stdio.IsString() && stdio.AsString() == "stderr") {
    session.emplace(ToStream(stderr));
  } else {
    LogWarn(
        "Dagster Pipes disabled: unsupported messages destination {} (expected a path or "
        "stderr)",
        messages->Dump());
    return std::nullopt;
  }
  if (context->IsObject()) session->state_->partition_key = ReadPartitionKey(*context);
  return session;
}

Result<PipesSession> PipesSession::ToFile(const std::string& path,
                                          std::optional<std::string> partition_key) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) {
    return Fail(ErrorKind::kIo, "cannot open Dagster Pipes messages file {}: {}", path,
                std::strerror(errno));
  }
  auto state = std::make_unique<State>();
  state->out = f;
  state->owns_out = true;
  state->partition_key = std::move(partition_key);
  return PipesSession(std::move(state));
}

PipesSession PipesSession::ToStream(std::FILE* out, std::optional<std::string> partition_key) {
  auto state = std::make_unique<State>();
  state->out = out;
  state->partition_key = std::move(partition_key);
  return PipesSession(std::move(state));
}

const std::optional<std::string>& PipesSession::partition_key() const {
  return state_->partition_key;
}

void PipesSession::Send(std::string_view method, Json params) {
  std::string line = Json::Object()
                         .Set("__dagster_pipes_version", kPipesProtocolVersion)
                         .Set("method", method)
                         .Set("params", std::move(params))
                         .Dump();
  line.push_back('\n');
  std::lock_guard lock(state_->mutex);
  std::fwrite(line.data(), 1, line.size(), state_->out);
  std::fflush(state_->out);
}

void PipesSession::Opened() { Send("opened", Json::Object()); }

void PipesSession::Log(LogLevel level, std::string_view message) {
  Send("log", Json::Object().Set("message", message).Set("level", LevelName(level)));
}

void PipesSession::ReportMaterialization(const std::vector<std::string>& asset_key,
                                         const Json& metadata) {
  Send("report_asset_materialization", Json::Object()
                                           .Set("asset_key", Join(asset_key, "/"))
                                           .Set("metadata", WrapMetadata(metadata))
                                           .Set("data_version", nullptr));
}

void PipesSession::ReportAssetCheck(const std::vector<std::string>& asset_key,
                                    std::string_view check_name, bool passed,
                                    PipesSeverity severity, const Json& metadata) {
  Send("report_asset_check",
       Json::Object()
           .Set("asset_key", Join(asset_key, "/"))
           .Set("check_name", check_name)
           .Set("passed", passed)
           .Set("severity", severity == PipesSeverity::kWarn ? "WARN" : "ERROR")
           .Set("metadata", WrapMetadata(metadata)));
}

void PipesSession::Closed() { Send("closed", Json::Object()); }

void PipesSession::ClosedWithError(std::string_view message) {
  Json exception = Json::Object()
                       .Set("name", "RockyError")
                       .Set("message", message)
                       .Set("stack", Json::Array())
                       .Set("cause", nullptr)
                       .Set("context", nullptr);
  Send("closed", Json::Object().Set("exception", std::move(exception)));
}

void PipesSession::RunStarting(std::string_view pipeline_type) {
  Opened();
  Log(LogLevel::kInfo, fmt::format("rocky run starting ({} pipeline)", pipeline_type));
}

void PipesSession::DriftAction(std::string_view table, std::string_view action,
                               std::string_view reason) {
  Log(LogLevel::kWarn, fmt::format("rocky drift on {}: {} ({})", table, action, reason));
}

void PipesSession::RowCountAnomaly(const std::vector<std::string>& asset_key,
                                   const Json& metadata) {
  ReportAssetCheck(asset_key, "row_count_anomaly", false, PipesSeverity::kWarn, metadata);
}

void PipesSession::RunComplete(int64_t succeeded, int64_t failed, int64_t duration_ms) {
  Log(LogLevel::kInfo, fmt::format("rocky run complete: {} succeeded, {} failed in {}ms", succeeded,
                                   failed, duration_ms));
  Closed();
}

}  // namespace rocky::runtime
