// `make docs` helper: prints the reference tables the binary's libraries own, as JSON, for
// docs/gen_site.py to render: the keys of rocky.toml (config/config_keys.h) and of the project's
// model sidecars, contracts and seed sidecars (project/project_file_keys.h).
//
// usage: reference_tables  →  {"config_keys": [{table, key, type, default, applies_to, meaning}],
//                               "model_keys": [...], "contract_keys": [...], "seed_keys": [...]}

#include <cstdio>
#include <span>
#include <string>

#include "base/json.h"
#include "config/config_keys.h"
#include "project/project_file_keys.h"

namespace {

rocky::Json Rows(std::span<const rocky::config::ConfigKeyDoc> rows) {
  using rocky::Json;
  Json out = Json::Array();
  for (const auto& row : rows) {
    Json r = Json::Object();
    r.Set("table", std::string(row.table));
    r.Set("key", std::string(row.key));
    r.Set("type", std::string(row.type));
    r.Set("default", std::string(row.default_value));
    r.Set("applies_to", std::string(row.applies_to));
    r.Set("meaning", std::string(row.meaning));
    out.Push(std::move(r));
  }
  return out;
}

}  // namespace

int main() {
  rocky::Json out = rocky::Json::Object();
  out.Set("config_keys", Rows(rocky::config::ConfigKeyDocs()));
  out.Set("model_keys", Rows(rocky::project::ModelFileKeyDocs()));
  out.Set("contract_keys", Rows(rocky::project::ContractKeyDocs()));
  out.Set("seed_keys", Rows(rocky::project::SeedSidecarKeyDocs()));
  std::puts(out.Dump(1).c_str());
  return 0;
}
