#include "valkey/valkey_url.h"

#include <gtest/gtest.h>

namespace rocky::valkey {
namespace {

TEST(ValkeyUrlTest, ReadsHostPortCredentialsAndDatabase) {
  auto url = ParseValkeyUrl("redis://alice:p%40ss@cache.internal:6380/3");
  ASSERT_TRUE(url) << url.error().Text();
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->user, "alice");
  EXPECT_EQ(url->password.Reveal(), "p@ss");
  EXPECT_EQ(url->db, 3);
  EXPECT_EQ(url->Endpoint(), "cache.internal:6380");

  auto plain = ParseValkeyUrl("rediss://h");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->tls);
  EXPECT_EQ(plain->port, 6379);
  EXPECT_TRUE(plain->password.empty());
  EXPECT_EQ(plain->db, 0);

  auto password_only = ParseValkeyUrl("redis://:pw@h:1/");
  ASSERT_TRUE(password_only);
  EXPECT_EQ(password_only->user, "");
  EXPECT_EQ(password_only->password.Reveal(), "pw");
  EXPECT_EQ(password_only->db, 0);

  EXPECT_EQ(ParseValkeyUrl("redis://[::1]:7000")->Endpoint(), "[::1]:7000");
}

TEST(ValkeyUrlTest, RejectsOtherUrlsWithoutShowingThePassword) {
  auto scheme = ParseValkeyUrl("http://u:hunter22@h");
  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().message,
            "invalid URL 'http://u:***@h': expected redis:// or rediss://");
  auto db = ParseValkeyUrl("redis://u:hunter22@h/cache");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().message.find("hunter22"), std::string::npos);
  EXPECT_FALSE(ParseValkeyUrl("redis://h/-1"));
  EXPECT_FALSE(ParseValkeyUrl("redis://h:0"));
  EXPECT_FALSE(ParseValkeyUrl("h:6379"));
}

}  // namespace
}  // namespace rocky::valkey
