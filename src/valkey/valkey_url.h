#pragma once
// Where a Valkey server is and how to log in: `redis://[user:password@]host[:port][/db]`, or
// `rediss://…` for TLS (config.md §9, §11). The password is a Secret: it never reaches a log line
// or an error message.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/secret.h"

namespace rocky::valkey {

struct ValkeyUrl {
  bool tls = false;   // rediss://
  std::string host;
  int port = 6379;
  std::string user;   // "" with a password: `AUTH <password>` (the default user)
  Secret password;    // empty: no AUTH
  int64_t db = 0;     // SELECT <db> when not 0

  /// `host:port` (an IPv6 host in brackets), the name used in messages.
  std::string Endpoint() const;
};

/// Parses a redis:// or rediss:// URL. The path is empty, `/`, or `/<db>` with db a
/// non-negative number; a query string is ignored. kConfig errors show the URL with its
/// password as `***`.
Result<ValkeyUrl> ParseValkeyUrl(std::string_view url);

}  // namespace rocky::valkey
