#pragma once
// S3's XML error bodies:
//   <?xml version="1.0" encoding="UTF-8"?>
//   <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
//   <Key>rocky/state/state.db</Key><RequestId>…</RequestId></Error>

#include <string>
#include <string_view>

namespace rocky::state_sync {

struct S3ErrorBody {
  std::string code;  // "" when the body is not an S3 error (a proxy's HTML page, HEAD's none)
  std::string message;
  std::string request_id;
};

/// The Code, Message and RequestId of an error body; fields left empty when absent.
S3ErrorBody ParseS3ErrorBody(std::string_view body);

/// `&`, `<`, `>`, `"` and `'` as entities.
std::string XmlEscape(std::string_view text);
/// The five named entities and numeric character references decoded (others stay as they are).
std::string XmlUnescape(std::string_view text);

}  // namespace rocky::state_sync
