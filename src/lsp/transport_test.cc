#include "lsp/transport.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rocky::lsp {
namespace {

TEST(Transport, ReadsMergedMessages) {
  std::istringstream in(Frame("{\"a\":1}") + Frame("{\"b\":2}"));
  std::ostringstream out;
  Transport t(in, out);
  EXPECT_EQ(t.Read(), "{\"a\":1}");
  EXPECT_EQ(t.Read(), "{\"b\":2}");
  EXPECT_EQ(t.Read(), std::nullopt);
}

// A stream buffer that hands out at most one byte per underflow, as a pipe may.
class TrickleBuf : public std::streambuf {
 public:
  explicit TrickleBuf(std::string data) : data_(std::move(data)) {}

 protected:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    ch_ = data_[pos_++];
    setg(&ch_, &ch_, &ch_ + 1);
    return traits_type::to_int_type(ch_);
  }

 private:
  std::string data_;
  size_t pos_ = 0;
  char ch_ = 0;
};

TEST(Transport, ReadsSplitMessages) {
  TrickleBuf buf(
      "Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8"
      "\r\n\r\n{\"a\":1}" +
      Frame("{\"é\":2}"));
  std::istream in(&buf);
  std::ostringstream out;
  Transport t(in, out);
  EXPECT_EQ(t.Read(), "{\"a\":1}");
  EXPECT_EQ(t.Read(), "{\"é\":2}");
  EXPECT_EQ(t.Read(), std::nullopt);
}

TEST(Transport, SkipsBadHeaders) {
  std::istringstream in("Content-Length: abc\r\n\r\nGarbage line\r\n\r\n" + Frame("{}"));
  std::ostringstream out;
  Transport t(in, out);
  EXPECT_EQ(t.Read(), "{}");
  EXPECT_EQ(t.Read(), std::nullopt);
}

TEST(Transport, TruncatedBodyEndsInput) {
  std::istringstream in("Content-Length: 10\r\n\r\n{}");
  std::ostringstream out;
  Transport t(in, out);
  EXPECT_EQ(t.Read(), std::nullopt);
}

TEST(Transport, WritesFramedMessages) {
  std::istringstream in;
  std::ostringstream out;
  Transport t(in, out);
  t.Write("{\"é\":1}");
  EXPECT_EQ(out.str(), "Content-Length: 8\r\n\r\n{\"é\":1}");
}

}  // namespace
}  // namespace rocky::lsp
