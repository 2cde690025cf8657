// StateStore: the source schemas cache. Each row is one external relation with its columns as a
// JSON array `[{name, data_type, nullable}]`; a relation described again replaces its row.

#include <fmt/format.h>

#include "state/state_store.h"
#include "state/state_store_internal.h"

namespace rocky::state {

using namespace state_internal;

namespace {

Json ColumnsJson(const std::vector<SourceColumn>& columns) {
  Json array = Json::Array();
  for (const SourceColumn& c : columns)
    array.Push(Json::Object()
                   .Set("name", c.name)
                   .Set("data_type", c.data_type)
                   .Set("nullable", c.nullable));
  return array;
}

// False when the stored value is not an array of column objects.
bool ColumnsFrom(const Json& json, std::vector<SourceColumn>& out) {
  if (!json.IsArray()) return false;
  for (const Json& item : json.items()) {
    const Json& name = item["name"];
    const Json& type = item["data_type"];
    const Json& nullable = item["nullable"];
    if (!name.IsString() || !type.IsString() || !nullable.IsBool()) return false;
    out.push_back({name.AsString(), type.AsString(), nullable.AsBool()});
  }
  return true;
}

}  // namespace

Result<void> StateStore::PutSourceSchemas(const std::vector<SourceSchema>& schemas) {
  return impl_->Write(
      fmt::format("caching {} source schema(s)", schemas.size()),
      [&](sqlite3* db) -> Result<void> {
        auto stmt = Statement::Prepare(
            db,
            "INSERT OR REPLACE INTO source_schemas "
            "(relation, dialect, columns, described_at) VALUES (?1, ?2, ?3, ?4)");
        if (!stmt) return Fail(std::move(stmt.error()));
        for (const SourceSchema& s : schemas) {
          stmt->Reset();
          stmt->Bind(s.relation, s.dialect, ColumnsJson(s.columns).Dump(), s.described_at);
          if (auto done = stmt->Run(); !done) return done;
        }
        return Ok();
      },
      [schemas](StateStore& s) { return s.PutSourceSchemas(schemas); });
}

Result<std::vector<SourceSchema>> StateStore::ListSourceSchemas() {
  return impl_->Read("reading cached source schemas",
                     [&](sqlite3* db) -> Result<std::vector<SourceSchema>> {
                       auto stmt = Statement::Prepare(
                           db,
                           "SELECT relation, dialect, columns, described_at FROM source_schemas "
                           "ORDER BY relation");
                       if (!stmt) return Fail(std::move(stmt.error()));
                       std::vector<SourceSchema> out;
                       while (true) {
                         auto row = stmt->Step();
                         if (!row) return Fail(std::move(row.error()));
                         if (!*row) break;
                         SourceSchema s{stmt->Text(0), stmt->Text(1), {}, stmt->Time(3)};
                         if (!ColumnsFrom(stmt->JsonValue(2), s.columns))
                           return Fail(ErrorKind::kState,
                                       "cached source schema of '{}' is not a column list",
                                       s.relation);
                         out.push_back(std::move(s));
                       }
                       if (auto ok = stmt->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
                       return out;
                     });
}

}  // namespace rocky::state
