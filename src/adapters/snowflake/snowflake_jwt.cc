#include "adapters/snowflake/snowflake_jwt.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstring>

#include "base/file.h"
#include "base/json.h"
#include "base/strings.h"

namespace rocky::adapters::snowflake {

struct PrivateKey::Impl {
  EVP_PKEY* key = nullptr;
  ~Impl() { EVP_PKEY_free(key); }
};

namespace {

// OpenSSL's password callback: the passphrase, or nothing (then an encrypted key fails).
int PassphraseCallback(char* buffer, int size, int, void* user) {
  const std::string* passphrase = static_cast<const std::string*>(user);
  if (!passphrase || passphrase->empty()) return 0;
  const int n = static_cast<int>(std::min<size_t>(passphrase->size(), static_cast<size_t>(size)));
  std::memcpy(buffer, passphrase->data(), static_cast<size_t>(n));
  return n;
}

// The last OpenSSL error as text, clearing the queue.
std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  std::string text;
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    text = buffer;
  }
  ERR_clear_error();
  return text.empty() ? "unknown OpenSSL error" : text;
}

}  // namespace

PrivateKey::PrivateKey(std::unique_ptr<Impl> impl, std::string fingerprint)
    : impl_(std::move(impl)), fingerprint_(std::move(fingerprint)) {}
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;

Result<PrivateKey> PrivateKey::Load(const std::string& path, const Secret& passphrase) {
  auto text = ReadFile(path);
  if (!text)
    return Fail(ErrorKind::kConfig, "cannot read private_key_path {}: {}", path,
                text.error().message);
  return FromPem(*text, passphrase, "private key " + path);
}

Result<PrivateKey> PrivateKey::FromPem(std::string_view pem, const Secret& passphrase,
                                       std::string_view origin) {
  ERR_clear_error();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio) return Fail(ErrorKind::kInternal, "cannot read {}: out of memory", origin);
  const std::string pass = passphrase.empty() ? std::string() : passphrase.Reveal();
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, &PassphraseCallback,
                                          const_cast<std::string*>(&pass));
  BIO_free(bio);
  const bool encrypted = pem.find("ENCRYPTED") != std::string_view::npos;
  if (!key) {
    std::string why = OpenSslError();
    if (encrypted && pass.empty())
      return Fail(ErrorKind::kConfig,
                  "{} is encrypted: set private_key_passphrase (or the env var it names)", origin);
    if (encrypted)
      return Fail(ErrorKind::kConfig,
                  "cannot decrypt {}: wrong private_key_passphrase? ({})", origin, why);
    return Fail(ErrorKind::kConfig,
                "{} is not a PEM private key (expected -----BEGIN PRIVATE KEY-----, as "
                "`openssl genpkey -algorithm RSA` writes): {}",
                origin, why);
  }
  auto impl = std::make_unique<Impl>();
  impl->key = key;
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA)
    return Fail(ErrorKind::kConfig, "{} is not an RSA key; Snowflake key-pair auth needs RSA",
                origin);
  // The public key as DER SubjectPublicKeyInfo, then its SHA-256.
  unsigned char* der = nullptr;
  const int der_len = i2d_PUBKEY(key, &der);
  if (der_len <= 0) return Fail(ErrorKind::kInternal, "cannot encode the public key of {}: {}",
                                origin, OpenSslError());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(der_len), digest);
  OPENSSL_free(der);
  std::string fingerprint =
      "SHA256:" + Base64Encode(std::string_view(reinterpret_cast<const char*>(digest),
                                                sizeof(digest)));
  return PrivateKey(std::move(impl), std::move(fingerprint));
}

Result<std::string> PrivateKey::Sign(std::string_view data) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx) return Fail(ErrorKind::kInternal, "cannot sign the JWT: out of memory");
  std::string signature;
  size_t length = 0;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, impl_->key) == 1 &&
            EVP_DigestSign(ctx, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return Fail(ErrorKind::kInternal, "cannot sign the JWT: {}", OpenSslError());
  return signature;
}

std::string AccountIdentifier(std::string_view account) {
  return ToUpper(account.substr(0, account.find('.')));
}

std::string Base64Url(std::string_view data) {
  std::string out = Base64Encode(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  return out;
}

Result<std::string> MakeJwt(const PrivateKey& key, std::string_view account,
                            std::string_view user, std::chrono::system_clock::time_point now) {
  const std::string qualified = AccountIdentifier(account) + "." + ToUpper(user);
  const int64_t iat =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string header = Json::Object().Set("alg", "RS256").Set("typ", "JWT").Dump();
  const std::string claims = Json::Object()
                                 .Set("iss", qualified + "." + key.fingerprint())
                                 .Set("sub", qualified)
                                 .Set("iat", iat)
                                 .Set("exp", iat + 3600)
                                 .Dump();
  const std::string signing_input = Base64Url(header) + "." + Base64Url(claims);
  auto signature = key.Sign(signing_input);
  if (!signature) return std::unexpected(signature.error());
  return signing_input + "." + Base64Url(*signature);
}

}  // namespace rocky::adapters::snowflake
