#pragma once
// Key-pair authentication for the Snowflake SQL API (adapters.md §4): a PKCS#8 PEM private key
// (encrypted ones with a passphrase), the fingerprint of its public key, and RS256-signed JWTs
//   header {"alg": "RS256", "typ": "JWT"}
//   claims {"iss": "ACCOUNT.USER.SHA256:<fp>", "sub": "ACCOUNT.USER", "iat": now, "exp": now+3600}
// where ACCOUNT is the account identifier up to the first `.`, upper-cased, USER the user name
// upper-cased, and fp = base64(SHA-256(DER SubjectPublicKeyInfo)). OpenSSL does the crypto; no
// key material ever reaches a message.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/secret.h"

namespace rocky::adapters::snowflake {

class PrivateKey {
 public:
  /// Reads a PEM private key (PKCS#8, `BEGIN PRIVATE KEY` or `BEGIN ENCRYPTED PRIVATE KEY`;
  /// traditional RSA PEM is accepted too). An encrypted key needs `passphrase`; a wrong or
  /// missing one is a kConfig error that says so. Only RSA keys are accepted.
  static Result<PrivateKey> Load(const std::string& path, const Secret& passphrase = Secret());
  /// The same from PEM text (tests).
  static Result<PrivateKey> FromPem(std::string_view pem, const Secret& passphrase = Secret(),
                                    std::string_view origin = "the private key");

  ~PrivateKey();
  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;

  /// `SHA256:` + base64(SHA-256(DER SubjectPublicKeyInfo of the public key)).
  const std::string& fingerprint() const { return fingerprint_; }
  /// RS256 signature of `data`.
  Result<std::string> Sign(std::string_view data) const;

 private:
  struct Impl;
  explicit PrivateKey(std::unique_ptr<Impl> impl, std::string fingerprint);
  std::unique_ptr<Impl> impl_;
  std::string fingerprint_;
};

/// `xy12345.us-east-1` → `XY12345`.
std::string AccountIdentifier(std::string_view account);

/// A signed JWT for `account` and `user` issued at `now`, valid one hour.
Result<std::string> MakeJwt(const PrivateKey& key, std::string_view account,
                            std::string_view user, std::chrono::system_clock::time_point now);

/// base64url without padding (RFC 7515).
std::string Base64Url(std::string_view data);

}  // namespace rocky::adapters::snowflake
