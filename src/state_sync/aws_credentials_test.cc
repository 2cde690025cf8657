#include "state_sync/aws_credentials.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "base/file.h"

namespace rocky::state_sync {
namespace {

class AwsCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rocky_aws_credentials_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / ".aws");
    env_["HOME"] = dir_.string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteCredentials(std::string_view text) {
    ASSERT_TRUE(WriteFileAtomic((dir_ / ".aws" / "credentials").string(), text));
  }
  EnvLookup Env() const {
    return [this](std::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

constexpr std::string_view kFile = R"(# shared credentials
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret

[ci]
; temporary credentials
AWS_ACCESS_KEY_ID=AKIDCI
aws_secret_access_key=ci-secret
aws_session_token = ci-token
)";

TEST_F(AwsCredentialsTest, EnvironmentComesFirst) {
  WriteCredentials(kFile);
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  env_["AWS_SESSION_TOKEN"] = "env-token";
  auto c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c) << c.error().Text();
  EXPECT_EQ(c->access_key_id, "AKIDENV");
  EXPECT_EQ(c->secret_access_key.Reveal(), "env-secret");
  EXPECT_EQ(c->session_token.Reveal(), "env-token");
  EXPECT_EQ(c->source, "environment");
  // Secrets never print.
  EXPECT_EQ(fmt::format("{}", c->secret_access_key), "***");
}

TEST_F(AwsCredentialsTest, DefaultProfileThenTheNamedOne) {
  WriteCredentials(kFile);
  auto c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c) << c.error().Text();
  EXPECT_EQ(c->access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(c->secret_access_key.Reveal(), "default-secret");
  EXPECT_TRUE(c->session_token.empty());
  EXPECT_EQ(c->source, (dir_ / ".aws" / "credentials").string() + " [default]");

  env_["AWS_PROFILE"] = "ci";
  c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c) << c.error().Text();
  EXPECT_EQ(c->access_key_id, "AKIDCI");
  EXPECT_EQ(c->secret_access_key.Reveal(), "ci-secret");
  EXPECT_EQ(c->session_token.Reveal(), "ci-token");
}

TEST_F(AwsCredentialsTest, SharedCredentialsFileOverridesHome) {
  const auto other = dir_ / "other-credentials";
  ASSERT_TRUE(WriteFileAtomic(other.string(),
                              "[default]\naws_access_key_id=AKIDOTHER\n"
                              "aws_secret_access_key=other-secret\n"));
  WriteCredentials(kFile);
  env_["AWS_SHARED_CREDENTIALS_FILE"] = other.string();
  auto c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c) << c.error().Text();
  EXPECT_EQ(c->access_key_id, "AKIDOTHER");
}

TEST_F(AwsCredentialsTest, ProblemsAreConfigErrorsWithoutSecrets) {
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  auto c = LoadAwsCredentials(Env());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(c.error().message, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");

  env_.erase("AWS_ACCESS_KEY_ID");
  env_["AWS_SECRET_ACCESS_KEY"] = "lonely-secret";
  c = LoadAwsCredentials(Env());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  EXPECT_EQ(c.error().Text().find("lonely-secret"), std::string::npos);

  env_.erase("AWS_SECRET_ACCESS_KEY");
  c = LoadAwsCredentials(Env());  // no file at all
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "no AWS credentials found");
  EXPECT_NE(c.error().hint.find("AWS_ACCESS_KEY_ID"), std::string::npos);

  WriteCredentials(kFile);
  env_["AWS_PROFILE"] = "prod";
  c = LoadAwsCredentials(Env());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "AWS profile 'prod' (AWS_PROFILE) not found in " +
                                   (dir_ / ".aws" / "credentials").string());

  WriteCredentials("[prod]\naws_access_key_id = AKIDPROD\n");
  c = LoadAwsCredentials(Env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("lacks aws_access_key_id or aws_secret_access_key"),
            std::string::npos);
}

TEST(ParseCredentialsFileTest, SectionsAndKeys) {
  EXPECT_FALSE(ParseCredentialsFile("", "default", "x"));
  EXPECT_FALSE(ParseCredentialsFile("[other]\naws_access_key_id=A\n", "default", "x"));
  auto c = ParseCredentialsFile(
      "[ default ]\r\naws_access_key_id = A \r\nunknown = 1\n"
      "aws_secret_access_key = S=with=equals\n[next]\n"
      "aws_access_key_id = B\n",
      "default", "src");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->access_key_id, "A");
  EXPECT_EQ(c->secret_access_key.Reveal(), "S=with=equals");
  EXPECT_EQ(c->source, "src");
}

}  // namespace
}  // namespace rocky::state_sync
