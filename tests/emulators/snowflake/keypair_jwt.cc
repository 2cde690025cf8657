#include "emulators/snowflake/keypair_jwt.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "base/strings.h"
#include "emulators/common/token_registry.h"

namespace rocky::emulator::snowflake {

namespace {

constexpr int64_t kSkewSecs = 60;
constexpr int64_t kMaxLifetimeSecs = 3600;

std::shared_ptr<EVP_PKEY> ReadKey(const std::string& path) {
  for (bool public_key : {true, false}) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), BIO_free);
    if (!bio) return nullptr;
    EVP_PKEY* key = public_key ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)
                               : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (key != nullptr) return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  }
  return nullptr;
}

std::optional<nlohmann::json> JsonPart(std::string_view part) {
  auto decoded = Base64Decode(part);
  if (!decoded) return std::nullopt;
  auto json = nlohmann::json::parse(*decoded, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

}  // namespace

std::string JwtAccount(std::string_view account) {
  return ToUpper(account.substr(0, account.find('.')));
}

std::string PublicKeyFingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  const bool ok = EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length, EVP_sha256(),
                             nullptr) == 1;
  OPENSSL_free(der);
  if (!ok) return "";
  return "SHA256:" +
         Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), digest_length));
}

Result<KeypairJwtVerifier> KeypairJwtVerifier::FromPemFile(const std::string& path,
                                                           std::string_view account,
                                                           std::string_view user) {
  if (account.empty() || user.empty())
    return Fail(ErrorKind::kUsage, "a public key needs the account and the user it belongs to");
  auto key = ReadKey(path);
  if (!key) return Fail(ErrorKind::kIo, "cannot read a PEM public or private key from {}", path);
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    return Fail(ErrorKind::kUsage, "the key in {} is not an RSA key", path);
  std::string fingerprint = PublicKeyFingerprint(key.get());
  if (fingerprint.empty()) return Fail(ErrorKind::kInternal, "cannot encode the key in {}", path);
  return KeypairJwtVerifier(std::move(key), std::move(fingerprint),
                            JwtAccount(account) + "." + ToUpper(user));
}

std::optional<std::string> KeypairJwtVerifier::Verify(std::string_view token,
                                                      int64_t now_secs) const {
  auto parts = Split(token, ".");
  if (parts.size() != 3) return "not a JWT (three dot-separated parts)";
  auto header = JsonPart(parts[0]);
  auto claims = JsonPart(parts[1]);
  if (!header || !claims) return "the header or the claims are not base64url JSON objects";
  if (header->value("alg", "") != "RS256") return "alg is not RS256";
  auto signature = Base64Decode(parts[2]);
  if (!signature || signature->empty()) return "the signature is not base64url";

  const std::string signed_part = parts[0] + "." + parts[1];
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1)
    return "cannot set up the signature check";
  if (EVP_DigestVerify(
          ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) != 1)
    return "the signature does not match the registered public key";

  const std::string iss = claims->value("iss", "");
  const size_t mark = iss.find(".SHA256:");
  if (mark == std::string::npos || !EqualsIgnoreCase(iss.substr(0, mark), subject_))
    return fmt::format("iss '{}' is not {}.SHA256:<fingerprint>", iss, subject_);
  if (iss.substr(mark + 1) != fingerprint_)
    return fmt::format("iss names the key {}, not the registered {}", iss.substr(mark + 1),
                       fingerprint_);
  if (!EqualsIgnoreCase(claims->value("sub", ""), subject_))
    return fmt::format("sub '{}' is not {}", claims->value("sub", ""), subject_);
  if (!(*claims)["exp"].is_number()) return "exp is missing";
  const int64_t exp = (*claims)["exp"].get<int64_t>();
  if (exp <= now_secs) return "the token has expired";
  if (exp > now_secs + kMaxLifetimeSecs + kSkewSecs) return "exp is more than an hour away";
  if (claims->contains("iat")) {
    if (!(*claims)["iat"].is_number()) return "iat is not a number";
    if ((*claims)["iat"].get<int64_t>() > now_secs + kSkewSecs) return "iat is in the future";
  }
  return std::nullopt;
}

}  // namespace rocky::emulator::snowflake
