#include "valkey/resp.h"

#include <gtest/gtest.h>

namespace rocky::valkey {
namespace {

Reply ParseAll(std::string_view bytes) {
  ReplyReader reader;
  reader.Feed(bytes);
  auto reply = reader.Next();
  EXPECT_TRUE(reply && *reply) << bytes;
  EXPECT_EQ(reader.buffered(), 0u);
  return reply && *reply ? **reply : Reply::Nil();
}

TEST(RespTest, EncodesCommandsAsArraysOfBulkStrings) {
  std::vector<std::string> args = {"SET", "k", std::string("a\0\r\nb", 5)};
  EXPECT_EQ(EncodeCommand(args), std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\0\r\nb\r\n", 31));
}

TEST(RespTest, ParsesEveryReplyType) {
  EXPECT_EQ(ParseAll("+OK\r\n"), Reply::Simple("OK"));
  EXPECT_EQ(ParseAll("-ERR wrong\r\n"), Reply::ErrorReply("ERR wrong"));
  EXPECT_EQ(ParseAll(":-42\r\n"), Reply::Integer(-42));
  EXPECT_EQ(ParseAll("$5\r\na\r\nbc\r\n"), Reply::Bulk("a\r\nbc"));
  EXPECT_EQ(ParseAll("$0\r\n\r\n"), Reply::Bulk(""));
  EXPECT_EQ(ParseAll("$-1\r\n"), Reply::Nil());
  EXPECT_EQ(ParseAll("*-1\r\n"), Reply::Nil());
  EXPECT_EQ(ParseAll("*0\r\n"), Reply::Array({}));
  EXPECT_EQ(ParseAll("*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n"),
            Reply::Array({Reply::Integer(1), Reply::Array({Reply::Bulk("x")}), Reply::Nil()}));
}

TEST(RespTest, WaitsForCompleteRepliesFedByteByByte) {
  std::string stream = "*2\r\n$3\r\nfoo\r\n:7\r\n+PONG\r\n";
  ReplyReader reader;
  std::vector<Reply> replies;
  for (char c : stream) {
    reader.Feed(std::string_view(&c, 1));
    while (true) {
      auto next = reader.Next();
      ASSERT_TRUE(next);
      if (!*next) break;
      replies.push_back(**next);
    }
  }
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0], Reply::Array({Reply::Bulk("foo"), Reply::Integer(7)}));
  EXPECT_EQ(replies[1], Reply::Simple("PONG"));
}

TEST(RespTest, RejectsWhatIsNotResp2) {
  for (const char* bad : {"?x\r\n", ":12a\r\n", "$abc\r\n", "$3\r\nabcde", "*-2\r\n", "$-5\r\n"}) {
    ReplyReader reader;
    reader.Feed(bad);
    EXPECT_FALSE(reader.Next()) << bad;
  }
}

TEST(RespTest, DescribesRepliesWithoutTheirData) {
  EXPECT_EQ(Reply::Bulk("secret").Describe(), "bulk string of 6 bytes");
  EXPECT_EQ(Reply::Integer(3).Describe(), "integer 3");
  EXPECT_EQ(Reply::Nil().Describe(), "nil");
  EXPECT_EQ(Reply::Array({Reply::Nil()}).Describe(), "array of 1");
}

}  // namespace
}  // namespace rocky::valkey
