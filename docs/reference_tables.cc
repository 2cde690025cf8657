// `make docs` helper: prints the reference tables the binary's libraries own, as JSON, for
// docs/gen_site.py to render — today the rocky.toml keys (config/config_keys.h).
//
// usage: reference_tables  →  {"config_keys": [{table, key, type, default, applies_to, meaning}]}

#include <cstdio>
#include <string>

#include "base/json.h"
#include "config/config_keys.h"

int main() {
  using rocky::Json;
  Json keys = Json::Array();
  for (const auto& row : rocky::config::ConfigKeyDocs()) {
    Json r = Json::Object();
    r.Set("table", std::string(row.table));
    r.Set("key", std::string(row.key));
    r.Set("type", std::string(row.type));
    r.Set("default", std::string(row.default_value));
    r.Set("applies_to", std::string(row.applies_to));
    r.Set("meaning", std::string(row.meaning));
    keys.Push(std::move(r));
  }
  Json out = Json::Object();
  out.Set("config_keys", std::move(keys));
  std::puts(out.Dump(1).c_str());
  return 0;
}
