#include "adapters/snowflake/snowflake_jwt.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "base/file.h"
#include "base/json.h"
#include "base/strings.h"

namespace rocky::adapters::snowflake {
namespace {

namespace fs = std::filesystem;

// Keys made as a user makes them (`openssl genpkey`), in a temp folder.
class SnowflakeJwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rocky_jwt_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    Shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + Key() +
          " 2>/dev/null");
    Shell("openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:s3cret -in " + Key() + " -out " +
          Encrypted() + " 2>/dev/null");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Key() const { return (dir_ / "rsa_key.p8").string(); }
  std::string Encrypted() const { return (dir_ / "rsa_key_enc.p8").string(); }
  static std::string Shell(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    char buffer[512];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) out.append(buffer, n);
    pclose(pipe);
    return out;
  }
  fs::path dir_;
};

std::string FromBase64Url(std::string text) {
  for (char& c : text) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (text.size() % 4) text += '=';
  std::string out(text.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  while (!out.empty() && out.back() == '\0') out.pop_back();  // padding bytes
  return out;
}

TEST_F(SnowflakeJwtTest, FingerprintIsTheDocumentedOne) {
  auto key = PrivateKey::Load(Key());
  ASSERT_TRUE(key) << key.error().message;
  // Snowflake's documented way: the public key's DER, SHA-256, base64.
  const std::string expected(Trim(Shell("openssl pkey -in " + Key() +
                                          " -pubout -outform DER 2>/dev/null | openssl dgst "
                                          "-sha256 -binary | openssl enc -base64 -A")));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(key->fingerprint(), "SHA256:" + expected);
}

TEST_F(SnowflakeJwtTest, EncryptedKeysNeedTheirPassphrase) {
  auto missing = PrivateKey::Load(Encrypted());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("is encrypted: set private_key_passphrase"),
            std::string::npos);
  auto wrong = PrivateKey::Load(Encrypted(), Secret("nope"));
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("wrong private_key_passphrase"), std::string::npos);
  EXPECT_EQ(wrong.error().message.find("nope"), std::string::npos);  // never the secret
  auto right = PrivateKey::Load(Encrypted(), Secret("s3cret"));
  ASSERT_TRUE(right) << right.error().message;
  EXPECT_EQ(right->fingerprint(), PrivateKey::Load(Key())->fingerprint());
  auto garbage = PrivateKey::FromPem("not a key");
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("BEGIN PRIVATE KEY"), std::string::npos);
}

TEST_F(SnowflakeJwtTest, TheTokenIsSignedWithTheDocumentedClaims) {
  auto key = PrivateKey::Load(Key());
  ASSERT_TRUE(key) << key.error().message;
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1765000000));
  auto jwt = MakeJwt(*key, "xy12345.us-east-1", "rocky_svc", now);
  ASSERT_TRUE(jwt) << jwt.error().message;
  auto parts = Split(*jwt, ".");
  ASSERT_EQ(parts.size(), 3u);
  auto header = Json::Parse(FromBase64Url(parts[0]));
  ASSERT_TRUE(header);
  EXPECT_EQ((*header)["alg"].AsString(), "RS256");
  auto claims = Json::Parse(FromBase64Url(parts[1]));
  ASSERT_TRUE(claims);
  EXPECT_EQ((*claims)["iss"].AsString(), "XY12345.ROCKY_SVC." + key->fingerprint());
  EXPECT_EQ((*claims)["sub"].AsString(), "XY12345.ROCKY_SVC");
  EXPECT_EQ((*claims)["iat"].AsInt(), 1765000000);
  EXPECT_EQ((*claims)["exp"].AsInt(), 1765003600);

  // The signature verifies with the public key, as the service checks it.
  const std::string pem = *ReadFile(Key());
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(pkey, nullptr);
  const std::string input = parts[0] + "." + parts[1];
  // base64url of the raw signature: decode without trimming NULs (binary data).
  std::string sig_text = parts[2];
  for (char& c : sig_text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (sig_text.size() % 4) sig_text += '=';
  std::string signature(sig_text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(signature.data()),
                          reinterpret_cast<const unsigned char*>(sig_text.data()),
                          static_cast<int>(sig_text.size()));
  signature.resize(256);  // 2048-bit RSA
  ASSERT_GE(n, 256);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey), 1);
  EXPECT_EQ(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
            1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
}

TEST(SnowflakeJwt, AccountIdentifierAndBase64Url) {
  EXPECT_EQ(AccountIdentifier("xy12345.us-east-1"), "XY12345");
  EXPECT_EQ(AccountIdentifier("myorg-acct"), "MYORG-ACCT");
  EXPECT_EQ(Base64Url("\xfb\xff"), "-_8");
}

}  // namespace
}  // namespace rocky::adapters::snowflake
