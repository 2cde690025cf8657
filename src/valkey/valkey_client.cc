#include "valkey/valkey_client.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::valkey {

namespace {

using Clock = SocketStream::Clock;

std::string ExpectationText(std::string_view command, const Reply& reply) {
  return fmt::format("unexpected reply to {}: {}", command, reply.Describe());
}

}  // namespace

ValkeyClient::ValkeyClient(ValkeyUrl url, ValkeyOptions options)
    : url_(std::move(url)), options_(std::move(options)) {}

ValkeyClient::~ValkeyClient() = default;

Result<std::unique_ptr<ValkeyClient>> ValkeyClient::Connect(const ValkeyUrl& url,
                                                            ValkeyOptions options) {
  std::unique_ptr<ValkeyClient> client(new ValkeyClient(url, std::move(options)));
  std::lock_guard lock(client->mutex_);
  if (auto connected = client->ConnectLocked(); !connected)
    return Fail(std::move(connected.error()));
  return client;
}

Result<std::unique_ptr<ValkeyClient>> ValkeyClient::Connect(std::string_view url,
                                                            ValkeyOptions options) {
  auto parsed = ParseValkeyUrl(url);
  if (!parsed) return Fail(std::move(parsed.error()));
  return Connect(*parsed, std::move(options));
}

std::unexpected<Error> ValkeyClient::Failure(std::string reason) const {
  return Fail(ErrorKind::kAdapter, "Valkey at {}: {}", url_.Endpoint(), reason);
}

std::unexpected<Error> ValkeyClient::Failure(Error bare) const {
  bare.message = fmt::format("Valkey at {}: {}", url_.Endpoint(), bare.message);
  return std::unexpected(std::move(bare));
}

void ValkeyClient::CloseLocked() {
  stream_.reset();
  reader_.Reset();
}

Result<void> ValkeyClient::ConnectLocked() {
  CloseLocked();
  auto deadline = Clock::now() + options_.connect_timeout;
  auto refused = [&](std::string reason) {
    CloseLocked();
    Error e{ErrorKind::kAdapter,
            fmt::format("cannot connect to Valkey at {}: {}", url_.Endpoint(), reason), {}, {}};
    e.retryable = true;
    return std::unexpected(std::move(e));
  };
  auto stream = SocketStream::Connect(url_.host, url_.port, {url_.tls, options_.tls_ca_file},
                                      deadline);
  if (!stream) return refused(stream.error().message);
  stream_ = std::move(*stream);

  // AUTH and SELECT go out together; their replies come back in order.
  std::vector<std::vector<std::string>> hello;
  if (!url_.password.empty()) {
    if (url_.user.empty())
      hello.push_back({"AUTH", url_.password.Reveal()});
    else
      hello.push_back({"AUTH", url_.user, url_.password.Reveal()});
  }
  if (url_.db != 0) hello.push_back({"SELECT", std::to_string(url_.db)});
  if (hello.empty()) return Ok();
  std::string out;
  for (const auto& command : hello) out += EncodeCommand(command);
  if (auto sent = stream_->WriteAll(out, deadline); !sent) return refused(sent.error().message);
  for (const auto& command : hello) {
    auto reply = ReadReplyLocked(deadline, false);
    if (!reply) return refused(reply.error().message);
    const std::string what = command[0] == "AUTH" ? "AUTH" : "SELECT " + command[1];
    if ((*reply)->IsError()) {
      std::string message = (*reply)->text;
      // Servers do not echo AUTH arguments; make sure of it all the same.
      if (command[0] == "AUTH" && url_.password.Reveal().size() >= 4)
        message = ReplaceAll(message, url_.password.Reveal(), "***");
      auto e = refused(fmt::format("{} failed: {}", what, message));
      e.error().retryable = false;
      if (command[0] == "AUTH") e.error().hint = "check the user and password in the Valkey URL";
      return e;
    }
    if ((*reply)->type != ReplyType::kSimpleString) return refused(ExpectationText(what, **reply));
  }
  return Ok();
}

Result<std::optional<Reply>> ValkeyClient::ReadReplyLocked(Clock::time_point deadline,
                                                           bool timeout_is_quiet) {
  // Errors here carry the bare reason; callers say which server.
  auto broken = [&](std::string reason) {
    CloseLocked();
    Error e{ErrorKind::kAdapter, std::move(reason), {}, {}};
    e.retryable = true;
    e.ambiguous = true;
    return std::unexpected(std::move(e));
  };
  char buffer[65536];
  while (true) {
    auto next = reader_.Next();
    if (!next) return broken(next.error().message);
    if (*next) return next;
    auto n = stream_->ReadSome(buffer, sizeof(buffer), deadline);
    if (!n) return broken(n.error().message);
    if (*n == 0) {
      if (timeout_is_quiet) return std::nullopt;
      return broken("timed out waiting for a reply");
    }
    reader_.Feed(std::string_view(buffer, *n));
  }
}

Result<Reply> ValkeyClient::CommandLocked(const std::vector<std::string>& args) {
  if (args.empty()) return Failure("empty command");
  if (!stream_) {
    if (subscribed_) return Failure("the subscribed connection was lost");
    if (auto connected = ConnectLocked(); !connected) return Fail(std::move(connected.error()));
  }
  auto deadline = Clock::now() + options_.command_timeout;
  if (auto sent = stream_->WriteAll(EncodeCommand(args), deadline); !sent) {
    CloseLocked();
    sent.error().ambiguous = true;
    return Failure(std::move(sent.error()));
  }
  auto reply = ReadReplyLocked(deadline, false);
  if (!reply) return Failure(std::move(reply.error()));
  if ((*reply)->IsError()) return Failure((*reply)->text);
  return std::move(**reply);
}

Result<Reply> ValkeyClient::Command(std::vector<std::string> args) {
  std::lock_guard lock(mutex_);
  if (subscribed_) return Failure("the connection is subscribed; it only takes NextMessage");
  return CommandLocked(args);
}

Result<std::optional<std::string>> ValkeyClient::Get(std::string_view key) {
  auto reply = Command({"GET", std::string(key)});
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->IsNil()) return std::nullopt;
  if (reply->type != ReplyType::kBulkString) return Failure(ExpectationText("GET", *reply));
  return std::optional<std::string>(std::move(reply->text));
}

Result<bool> ValkeyClient::Set(std::string_view key, std::string_view value,
                               const SetOptions& options) {
  std::vector<std::string> args = {"SET", std::string(key), std::string(value)};
  if (options.ex) {
    args.push_back("EX");
    args.push_back(std::to_string(options.ex->count()));
  }
  if (options.px) {
    args.push_back("PX");
    args.push_back(std::to_string(options.px->count()));
  }
  if (options.nx) args.push_back("NX");
  auto reply = Command(std::move(args));
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->IsNil()) return false;
  if (reply->type != ReplyType::kSimpleString || reply->text != "OK")
    return Failure(ExpectationText("SET", *reply));
  return true;
}

Result<int64_t> ValkeyClient::Del(std::vector<std::string> keys) {
  keys.insert(keys.begin(), "DEL");
  auto reply = Command(std::move(keys));
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->type != ReplyType::kInteger) return Failure(ExpectationText("DEL", *reply));
  return reply->integer;
}

Result<Reply> ValkeyClient::Eval(std::string_view script, std::vector<std::string> keys,
                                 std::vector<std::string> args) {
  std::vector<std::string> command = {"EVAL", std::string(script), std::to_string(keys.size())};
  for (auto& k : keys) command.push_back(std::move(k));
  for (auto& a : args) command.push_back(std::move(a));
  return Command(std::move(command));
}

Result<int64_t> ValkeyClient::Publish(std::string_view channel, std::string_view message) {
  auto reply = Command({"PUBLISH", std::string(channel), std::string(message)});
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->type != ReplyType::kInteger) return Failure(ExpectationText("PUBLISH", *reply));
  return reply->integer;
}

Result<void> ValkeyClient::Ping() {
  auto reply = Command({"PING"});
  if (!reply) return Fail(std::move(reply.error()));
  if (reply->type != ReplyType::kSimpleString || reply->text != "PONG")
    return Failure(ExpectationText("PING", *reply));
  return Ok();
}

Result<void> ValkeyClient::Subscribe(const std::vector<std::string>& channels) {
  if (channels.empty()) return Ok();
  std::lock_guard lock(mutex_);
  std::vector<std::string> args = {"SUBSCRIBE"};
  args.insert(args.end(), channels.begin(), channels.end());
  // The first confirmation is the command's reply; one more arrives per further channel.
  auto first = CommandLocked(args);
  if (!first) return Fail(std::move(first.error()));
  subscribed_ = true;
  auto deadline = Clock::now() + options_.command_timeout;
  for (size_t i = 0; i < channels.size(); ++i) {
    Reply confirmation = std::move(*first);
    if (i > 0) {
      auto next = ReadReplyLocked(deadline, false);
      if (!next) return Failure(std::move(next.error()));
      confirmation = std::move(**next);
    }
    if (confirmation.type != ReplyType::kArray || confirmation.elements.empty() ||
        confirmation.elements[0].text != "subscribe")
      return Failure(ExpectationText("SUBSCRIBE", confirmation));
  }
  return Ok();
}

Result<std::optional<PubSubMessage>> ValkeyClient::NextMessage(std::chrono::milliseconds wait) {
  std::lock_guard lock(mutex_);
  if (!subscribed_) return Failure("NextMessage needs a subscribed connection");
  if (!stream_) return Failure("the subscribed connection was lost");
  auto deadline = Clock::now() + wait;
  while (true) {
    auto reply = ReadReplyLocked(deadline, true);
    if (!reply) return Failure(std::move(reply.error()));
    if (!*reply) return std::nullopt;
    const Reply& r = **reply;
    if (r.type == ReplyType::kArray && r.elements.size() == 3 && r.elements[0].text == "message")
      return PubSubMessage{r.elements[1].text, r.elements[2].text};
    if (r.type == ReplyType::kArray && !r.elements.empty() &&
        (r.elements[0].text == "subscribe" || r.elements[0].text == "unsubscribe"))
      continue;
    return Failure(ExpectationText("SUBSCRIBE", r));
  }
}

}  // namespace rocky::valkey
