#pragma once
// Helpers of the Snowflake emulator's tests: a small SQL API client over Rocky's libcurl HTTP
// client, an RSA key pair made with OpenSSL at test time, and RS256 JWTs signed with it.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "base/strings.h"
#include "emulators/common/emulator_test_support.h"
#include "emulators/snowflake/snowflake_emulator.h"

namespace rocky::emulator::snowflake::testing {

using Json = nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kToken = "sf-oauth-token";

using test_support::CountRows;
using test_support::Occurrences;
using test_support::Reply;

/// A SQL API client: Bearer auth with a token type.
class Client : public test_support::JsonClient {
 public:
  /// Without `reuse`, every request opens a new connection.
  Client(std::string base_url, std::string token, std::string token_type = "OAUTH",
         bool reuse = true)
      : JsonClient(std::move(base_url), reuse),
        token_(std::move(token)),
        token_type_(std::move(token_type)) {}

  /// POST /api/v2/statements with Rocky's body shape; `query` is appended to the path.
  Reply Submit(std::string_view sql, Json extra = Json::object(), std::string_view query = "") {
    Json body = {{"statement", sql},
                 {"timeout", 60},
                 {"warehouse", "EMULATOR_WH"},
                 {"parameters", {{"TIMEZONE", "UTC"}, {"QUERY_TAG", "rocky"}}}};
    for (auto& [key, value] : extra.items()) {
      if (key == "parameters")
        body["parameters"].update(value);
      else
        body[key] = value;
    }
    return Call("POST", fmt::format("/api/v2/statements{}", query), body);
  }

  /// Submits and expects 200.
  Reply Run(std::string_view sql, Json extra = Json::object()) {
    Reply r = Submit(sql, std::move(extra));
    EXPECT_EQ(r.status, 200) << sql << "\n" << r.body.dump();
    return r;
  }

  Reply Get(const std::string& handle, std::string_view query = "") {
    return Call("GET", fmt::format("/api/v2/statements/{}{}", handle, query));
  }

  void set_token(std::string token, std::string type) {
    token_ = std::move(token);
    token_type_ = std::move(type);
  }

 private:
  void Prepare(HttpRequest& request) const override {
    if (!token_.empty()) SetHttpHeader(request.headers, "Authorization", "Bearer " + token_);
    if (!token_type_.empty())
      SetHttpHeader(request.headers, "X-Snowflake-Authorization-Token-Type", token_type_);
    SetHttpHeader(request.headers, "Accept", "application/json");
    request.idempotent = request.method != "POST";
  }

  std::string token_;
  std::string token_type_;
};

inline std::unique_ptr<SnowflakeEmulator> StartEmulator(Options options = {}) {
  if (options.tokens.empty() && options.public_key_path.empty()) options.tokens = {kToken};
  return test_support::Started(SnowflakeEmulator::Start(std::move(options)));
}

/// The names of a ResultSet's columns, comma-separated.
inline std::string ColumnNames(const Json& result) {
  std::vector<std::string> names;
  for (const auto& c : result["resultSetMetaData"]["rowType"]) names.push_back(c["name"]);
  return Join(names, ",");
}

inline std::string Base64Url(std::string_view data) {
  std::string out = Base64Encode(data);
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  out.erase(std::remove(out.begin(), out.end(), '='), out.end());
  return out;
}

/// An RSA key pair made at test time; its public key is written to a PEM file that is removed
/// with the object.
class TestKeyPair {
 public:
  TestKeyPair() : key_(EVP_RSA_gen(2048), EVP_PKEY_free) {
    path_ = (std::filesystem::temp_directory_path() /
             fmt::format("sf_emulator_key_{}_{}.pem", ::getpid(), static_cast<void*>(this)))
                .string();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path_.c_str(), "w"), BIO_free);
    EXPECT_TRUE(bio && PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1);
  }
  ~TestKeyPair() { std::remove(path_.c_str()); }
  TestKeyPair(const TestKeyPair&) = delete;
  TestKeyPair& operator=(const TestKeyPair&) = delete;

  const std::string& public_key_path() const { return path_; }
  EVP_PKEY* key() const { return key_.get(); }

  /// A JWT with `claims` (JSON), signed RS256 by this key.
  std::string Sign(const Json& claims) const {
    const std::string signing_input =
        Base64Url(Json{{"alg", "RS256"}, {"typ", "JWT"}}.dump()) + "." + Base64Url(claims.dump());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()), 1);
    EXPECT_EQ(EVP_DigestSign(ctx.get(), nullptr, &length,
                             reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()),
              1);
    std::string signature(length, '\0');
    EXPECT_EQ(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                             reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()),
              1);
    signature.resize(length);
    return signing_input + "." + Base64Url(signature);
  }

  /// The claims Rocky sends (adapters.md §4) for `account` and `user`, issued now.
  Json Claims(std::string_view account, std::string_view user) const {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const std::string subject = JwtAccount(account) + "." + ToUpper(user);
    return {{"iss", subject + "." + PublicKeyFingerprint(key_.get())},
            {"sub", subject},
            {"iat", now},
            {"exp", now + 3600}};
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
  std::string path_;
};

}  // namespace rocky::emulator::snowflake::testing
