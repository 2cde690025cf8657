#pragma once
// Key-pair authentication as the Snowflake SQL API checks it (adapters.md §4): the bearer token
// is a JWT signed RS256 by the user's private key, whose public key is registered for the user.
// Claims: iss = "ACCOUNT.USER.SHA256:<fp>", sub = "ACCOUNT.USER", where ACCOUNT is the account
// identifier up to its first '.' and both names compare case-insensitively, <fp> is the base64
// SHA-256 of the public key's DER SubjectPublicKeyInfo (exact); exp in the future and at most an
// hour (plus a minute of skew) away; iat, when present, not in the future beyond that skew.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace rocky::emulator::snowflake {

class KeypairJwtVerifier {
 public:
  /// Reads the RSA public key of `account`'s `user` from a PEM file (a PUBLIC KEY, or a private
  /// key whose public half is taken). Fails when the file cannot be read or holds no RSA key.
  static Result<KeypairJwtVerifier> FromPemFile(const std::string& path, std::string_view account,
                                                std::string_view user);

  /// nullopt when `token` is a valid JWT for the user at `now_secs` (seconds since the epoch),
  /// else why it is not.
  std::optional<std::string> Verify(std::string_view token, int64_t now_secs) const;

  /// "SHA256:<base64 of the SHA-256 of the DER SubjectPublicKeyInfo>".
  const std::string& fingerprint() const { return fingerprint_; }
  /// "ACCOUNT.USER", upper-cased.
  const std::string& subject() const { return subject_; }

 private:
  KeypairJwtVerifier(std::shared_ptr<EVP_PKEY> key, std::string fingerprint, std::string subject)
      : key_(std::move(key)), fingerprint_(std::move(fingerprint)), subject_(std::move(subject)) {}

  std::shared_ptr<EVP_PKEY> key_;  // shared: the verifier is copied into the emulator
  std::string fingerprint_;
  std::string subject_;
};

/// "SHA256:<base64>" of a public key's DER SubjectPublicKeyInfo; "" when it cannot be encoded.
std::string PublicKeyFingerprint(EVP_PKEY* key);

/// The account part of the iss/sub claims: `xy12345.us-east-1` → `XY12345`.
std::string JwtAccount(std::string_view account);

}  // namespace rocky::emulator::snowflake
