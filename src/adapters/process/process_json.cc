#include "adapters/process/process_json.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::adapters::process {

namespace {

// `result[key]` when the result is an object holding an array there, else the result itself
// when it is an array; nullptr otherwise.
const Json* ListOf(const Json& result, std::string_view key) {
  if (result.IsArray()) return &result;
  if (const Json* list = result.Find(key); list && list->IsArray()) return list;
  return nullptr;
}

std::unexpected<Error> Malformed(std::string_view method, std::string_view what, const Json& got) {
  std::string text = got.Dump();
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return Fail(ErrorKind::kAdapter, "invalid '{}' result: {} (got {})", method, what, text);
}

std::string StringOr(const Json& json, std::string_view key, std::string fallback = "") {
  const Json& v = json[key];
  return v.IsString() ? v.AsString() : std::move(fallback);
}

// An optional text field: strings as they are, numbers and booleans as JSON text.
std::optional<std::string> OptionalText(const Json& v) {
  if (v.IsNull()) return std::nullopt;
  if (v.IsString()) return v.AsString();
  return v.Dump();
}

}  // namespace

Json TableRefJson(const sdk::TableRef& ref) {
  return Json::Object()
      .Set("catalog", ref.catalog)
      .Set("schema", ref.schema)
      .Set("table", ref.table);
}

Result<sdk::TableRef> TableRefFromJson(const Json& json) {
  if (json.IsString()) {
    auto parts = Split(json.AsString(), ".");
    if (parts.size() == 3) return sdk::TableRef{parts[0], parts[1], parts[2]};
    if (parts.size() == 2) return sdk::TableRef{"", parts[0], parts[1]};
    return Fail(ErrorKind::kAdapter, "table '{}' is not schema.table or catalog.schema.table",
                json.AsString());
  }
  if (json.IsObject() && json["table"].IsString())
    return sdk::TableRef{StringOr(json, "catalog"), StringOr(json, "schema"),
                         json["table"].AsString()};
  return Fail(ErrorKind::kAdapter, "a table must be {{catalog, schema, table}} or a dotted name");
}

sdk::Value ValueFromJson(const Json& json) {
  switch (json.type()) {
    case Json::Type::kNull:
      return std::monostate{};
    case Json::Type::kBool:
      return json.AsBool();
    case Json::Type::kInt:
      return static_cast<int64_t>(json.AsInt());
    case Json::Type::kDouble:
      return json.AsDouble();
    case Json::Type::kString:
      return json.AsString();
    default:
      return json.Dump();
  }
}

sdk::ExecResult ExecResultFromJson(const Json& result) {
  sdk::ExecResult out;
  if (!result.IsObject()) return out;
  if (const Json* n = result.Find("rows_affected"); n && n->IsNumber())
    out.rows_affected = n->AsInt();
  if (const Json* id = result.Find("statement_id"); id && !id->IsNull())
    out.statement_id = OptionalText(*id);
  return out;
}

Result<sdk::QueryResult> QueryResultFromJson(const Json& result) {
  if (!result.IsObject()) return Malformed("execute_query", "expected {columns, rows}", result);
  const Json& columns = result["columns"];
  const Json& rows = result["rows"];
  if (!columns.IsArray() || !(rows.IsArray() || rows.IsNull()))
    return Malformed("execute_query", "expected {columns: [name], rows: [[value]]}", result);
  sdk::QueryResult out;
  for (const Json& c : columns.items()) {
    if (c.IsString())
      out.columns.push_back(c.AsString());
    else if (c.IsObject() && c["name"].IsString())
      out.columns.push_back(c["name"].AsString());
    else
      return Malformed("execute_query", "a column is neither a name nor {name}", c);
  }
  for (const Json& row : rows.items()) {
    std::vector<sdk::Value> values;
    values.reserve(out.columns.size());
    if (row.IsArray()) {
      if (row.size() != out.columns.size())
        return Malformed(
            "execute_query",
            fmt::format("a row has {} values for {} columns", row.size(), out.columns.size()), row);
      for (const Json& cell : row.items()) values.push_back(ValueFromJson(cell));
    } else if (row.IsObject()) {
      for (const std::string& name : out.columns) values.push_back(ValueFromJson(row[name]));
    } else {
      return Malformed("execute_query", "a row is neither an array nor an object", row);
    }
    out.rows.push_back(std::move(values));
  }
  return out;
}

Result<std::vector<sdk::ColumnInfo>> ColumnsFromJson(const Json& result) {
  if (result.IsNull()) return std::vector<sdk::ColumnInfo>{};
  const Json* list = ListOf(result, "columns");
  if (!list) return Malformed("describe_table", "expected {columns: [{name, data_type}]}", result);
  std::vector<sdk::ColumnInfo> out;
  for (const Json& c : list->items()) {
    if (!c.IsObject() || !c["name"].IsString())
      return Malformed("describe_table", "a column has no name", c);
    sdk::ColumnInfo info;
    info.name = c["name"].AsString();
    info.data_type = StringOr(c, "data_type", StringOr(c, "type"));
    info.nullable = c["nullable"].IsBool() ? c["nullable"].AsBool() : true;
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<std::string>> NamesFromJson(const Json& result, std::string_view key) {
  const Json* list = ListOf(result, key);
  if (!list) return Malformed("list_tables", fmt::format("expected {{{}: [name]}}", key), result);
  std::vector<std::string> out;
  for (const Json& n : list->items()) {
    if (n.IsString())
      out.push_back(n.AsString());
    else if (n.IsObject() && n["name"].IsString())
      out.push_back(n["name"].AsString());
    else
      return Malformed("list_tables", "a name is not a string", n);
  }
  return out;
}

Result<std::vector<sdk::DiscoveredSource>> SourcesFromJson(const Json& result) {
  const Json* list = ListOf(result, "sources");
  if (!list) return Malformed("discover", "expected {sources: [DiscoveredSource]}", result);
  std::vector<sdk::DiscoveredSource> out;
  for (const Json& s : list->items()) {
    if (!s.IsObject() || !s["schema"].IsString())
      return Malformed("discover", "a source has no schema", s);
    sdk::DiscoveredSource source;
    source.schema = s["schema"].AsString();
    source.id = s["id"].IsNull() ? source.schema : OptionalText(s["id"]).value_or(source.schema);
    source.source_type = StringOr(s, "source_type", "process");
    source.last_sync_at = OptionalText(s["last_sync_at"]);
    for (const Json& t : s["tables"].items()) {
      sdk::DiscoveredTable table;
      if (t.IsString()) {
        table.name = t.AsString();
      } else if (t.IsObject() && t["name"].IsString()) {
        table.name = t["name"].AsString();
        if (t["row_count"].IsNumber()) table.row_count = t["row_count"].AsInt();
      } else {
        return Malformed("discover", "a table is neither a name nor {name, row_count?}", t);
      }
      source.tables.push_back(std::move(table));
    }
    out.push_back(std::move(source));
  }
  return out;
}

Json SourcesJson(const std::vector<sdk::DiscoveredSource>& sources) {
  Json list = Json::Array();
  for (const sdk::DiscoveredSource& s : sources) {
    Json tables = Json::Array();
    for (const sdk::DiscoveredTable& t : s.tables)
      tables.Push(Json::Object()
                      .Set("name", t.name)
                      .Set("row_count", t.row_count ? Json(*t.row_count) : Json()));
    list.Push(Json::Object()
                  .Set("id", s.id)
                  .Set("schema", s.schema)
                  .Set("source_type", s.source_type)
                  .Set("last_sync_at", s.last_sync_at ? Json(*s.last_sync_at) : Json())
                  .Set("tables", std::move(tables)));
  }
  return Json::Object().Set("sources", std::move(list));
}

Json GrantJson(const sdk::Grant& grant) {
  return Json::Object()
      .Set("principal", grant.principal)
      .Set("permission", sdk::PermissionName(grant.permission))
      .Set("target", grant.target);
}

Result<sdk::Grant> GrantFromJson(const Json& json) {
  if (!json.IsObject() || !json["principal"].IsString() || !json["permission"].IsString())
    return Malformed("get_grants", "a grant needs principal and permission", json);
  auto permission = sdk::ParsePermission(json["permission"].AsString());
  if (!permission)
    return Fail(ErrorKind::kAdapter, "unknown permission '{}'", json["permission"].AsString());
  return sdk::Grant{json["principal"].AsString(), *permission, StringOr(json, "target")};
}

Result<std::vector<sdk::Grant>> GrantsFromJson(const Json& result) {
  if (result.IsNull()) return std::vector<sdk::Grant>{};
  const Json* list = ListOf(result, "grants");
  if (!list) return Malformed("get_grants", "expected {grants: [Grant]}", result);
  std::vector<sdk::Grant> out;
  for (const Json& g : list->items()) {
    if (g.IsObject() && g["permission"].IsString() &&
        !sdk::ParsePermission(g["permission"].AsString()))
      continue;  // a privilege Rocky does not manage
    auto grant = GrantFromJson(g);
    if (!grant) return std::unexpected(grant.error());
    out.push_back(std::move(*grant));
  }
  return out;
}

const char* TagTargetName(sdk::TagTarget target) {
  switch (target) {
    case sdk::TagTarget::kCatalog:
      return "catalog";
    case sdk::TagTarget::kSchema:
      return "schema";
    case sdk::TagTarget::kTable:
      return "table";
  }
  return "table";
}

Result<std::vector<sdk::TableCount>> CountsFromJson(const Json& result,
                                                    const std::vector<sdk::TableRef>& asked) {
  const Json* list = ListOf(result, "counts");
  if (!list) return Malformed("batch_row_counts", "expected [{table, count}]", result);
  std::vector<sdk::TableCount> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    if (!entry.IsObject() || !entry["count"].IsNumber())
      return Malformed("batch_row_counts", "an entry has no count", entry);
    sdk::TableCount count;
    if (entry["table"].IsNull()) {
      if (i >= asked.size()) return Malformed("batch_row_counts", "more counts than tables", entry);
      count.table = asked[i];
    } else {
      auto ref = TableRefFromJson(entry["table"]);
      if (!ref) return std::unexpected(ref.error());
      count.table = std::move(*ref);
    }
    count.count = entry["count"].AsInt();
    out.push_back(std::move(count));
  }
  return out;
}

Result<std::vector<sdk::TableFreshness>> FreshnessFromJson(
    const Json& result, const std::vector<sdk::TableRef>& asked) {
  const Json* list = ListOf(result, "freshness");
  if (!list) return Malformed("batch_freshness", "expected [{table, max_value}]", result);
  std::vector<sdk::TableFreshness> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    if (!entry.IsObject()) return Malformed("batch_freshness", "an entry is not an object", entry);
    sdk::TableFreshness fresh;
    if (entry["table"].IsNull()) {
      if (i >= asked.size()) return Malformed("batch_freshness", "more entries than tables", entry);
      fresh.table = asked[i];
    } else {
      auto ref = TableRefFromJson(entry["table"]);
      if (!ref) return std::unexpected(ref.error());
      fresh.table = std::move(*ref);
    }
    fresh.max_value = OptionalText(entry["max_value"]);
    out.push_back(std::move(fresh));
  }
  return out;
}

}  // namespace rocky::adapters::process
