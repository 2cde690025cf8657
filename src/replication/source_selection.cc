#include "replication/source_selection.h"

#include <algorithm>
#include <set>

#include "base/log.h"

namespace rocky::replication {

Result<SourceFilter> ParseSourceFilter(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    return Fail(ErrorKind::kUsage, "invalid filter '{}': expected key=value", text);
  return SourceFilter{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::string FilterText(const std::vector<SourceFilter>& filters) {
  std::string out;
  for (const auto& f : filters) {
    if (!out.empty()) out += ",";
    out += f.key + "=" + f.value;
  }
  return out;
}

std::vector<SelectedSource> SelectSources(const config::SchemaPattern& pattern,
                                          std::vector<sdk::DiscoveredSource> discovered,
                                          const std::vector<SourceFilter>& filters) {
  std::set<std::string> warned;
  for (const auto& f : filters) {
    if (f.key == "id") continue;
    bool known = std::any_of(pattern.components().begin(), pattern.components().end(),
                             [&](const config::PatternComponent& c) { return c.name == f.key; });
    if (!known && warned.insert(f.key).second)
      LogWarn("filter key '{}' is neither 'id' nor a schema pattern component; it selects nothing",
              f.key);
  }
  std::vector<SelectedSource> out;
  for (auto& src : discovered) {
    auto parsed = pattern.Parse(src.schema);
    if (!parsed) {
      LogWarn("skipping schema '{}': {}", src.schema, parsed.error().message);
      continue;
    }
    bool selected = true;
    for (const auto& f : filters) {
      if (f.key == "id") {
        selected = selected && src.id == f.value;
        continue;
      }
      const config::ComponentValue* v = parsed->Find(f.key);
      selected = selected && v &&
                 std::find(v->values.begin(), v->values.end(), f.value) != v->values.end() &&
                 (v->multi || v->values.size() == 1);
    }
    if (selected) out.push_back(SelectedSource{std::move(src), std::move(*parsed)});
  }
  std::sort(out.begin(), out.end(), [](const SelectedSource& a, const SelectedSource& b) {
    return a.source.id < b.source.id;
  });
  return out;
}

Json ComponentsJson(const config::ParsedSchema& parsed) {
  Json obj = Json::Object();
  for (const auto& c : parsed.components) {
    if (c.multi) obj.Set(c.name, Json::ArrayOf(c.values));
    else obj.Set(c.name, c.values.empty() ? std::string() : c.values[0]);
  }
  return obj;
}

std::vector<std::string> ReplicationAssetKey(const SelectedSource& source, std::string_view table) {
  std::vector<std::string> key{source.source.source_type};
  for (const auto& c : source.parsed.components)
    key.insert(key.end(), c.values.begin(), c.values.end());
  key.emplace_back(table);
  return key;
}

}  // namespace rocky::replication
