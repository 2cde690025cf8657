#include "base/url.h"

#include <gtest/gtest.h>


namespace rocky {
namespace {

TEST(UrlTest, ParsesAnyScheme) {
  auto url = ParseUrl("REDIS://user:p%40ss@cache.example:6380/2?x=1#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "redis");
  EXPECT_EQ(url->user, "user");
  EXPECT_EQ(url->password, "p@ss");
  EXPECT_TRUE(url->has_password);
  EXPECT_EQ(url->host, "cache.example");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->path, "/2?x=1");

  auto bare = ParseUrl("rediss://h");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 0);
  EXPECT_EQ(bare->path, "");
  EXPECT_FALSE(bare->has_password);

  auto empty_password = ParseUrl("redis://u:@h");
  ASSERT_TRUE(empty_password);
  EXPECT_TRUE(empty_password->has_password);
  EXPECT_EQ(empty_password->password, "");

  auto v6 = ParseUrl("redis://[::1]:7000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 7000);
}

TEST(UrlTest, ErrorsNeverShowThePassword) {
  for (const char* bad : {"h:6379", "://h", "redis://", "redis://u:pw@h:0", "redis://h:x",
                          "redis://[::1"})
    EXPECT_FALSE(ParseUrl(bad)) << bad;
  auto err = ParseUrl("redis://u:topsecret@h:99999");
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().message, "invalid URL 'redis://u:***@h:99999': invalid port");
}

TEST(UrlTest, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b+c/d=é"), "a%20b%2Bc%2Fd%3D%C3%A9");
  EXPECT_EQ(PercentEncode("rocky/state/test$file.db", /*keep_slash=*/true),
            "rocky/state/test%24file.db");
  EXPECT_EQ(PercentDecode("a%20b%2bc%2Fd%3D%C3%A9"), "a b+c/d=é");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
}

TEST(UrlTest, FileUrisRoundTripPercentEncodedPaths) {
  EXPECT_EQ(PathOfUri("file:///tmp/a%20b/c.sql"), "/tmp/a b/c.sql");
  EXPECT_EQ(PathOfUri("file://localhost/tmp/x.sql"), "/tmp/x.sql");
  EXPECT_EQ(UriOfPath("/tmp/a b/é.sql"), "file:///tmp/a%20b/%C3%A9.sql");
}

}  // namespace
}  // namespace rocky
