#include "project/snapshot_sql.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

Result<std::string> RefSql(const sdk::TableRef& ref) {
  if (!ref.catalog.empty())
    if (auto ok = sql::ValidateIdentifier(ref.catalog); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(ref.schema); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(ref.table); !ok) return std::unexpected(ok.error());
  return ref.FullName();
}

// `l.k1 = r.k1 AND l.k2 = r.k2` over every key column.
std::string KeyJoin(std::string_view left, std::string_view right,
                    const std::vector<std::string>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : keys) parts.push_back(fmt::format("{}.{} = {}.{}", left, k, right, k));
  return Join(parts, " AND ");
}

}  // namespace

SnapshotSpec SnapshotSpecFor(const config::PipelineConfig& pipeline) {
  SnapshotSpec spec;
  spec.source = {pipeline.source.catalog, pipeline.source.schema, pipeline.source.table};
  spec.target = {pipeline.target.catalog, pipeline.target.schema,
                 pipeline.target.table.value_or(pipeline.source.table)};
  spec.unique_key = pipeline.unique_key;
  spec.updated_at = pipeline.updated_at;
  spec.invalidate_hard_deletes = pipeline.invalidate_hard_deletes;
  return spec;
}

Result<std::vector<SnapshotStep>> SnapshotSql(const SnapshotSpec& spec) {
  auto source = RefSql(spec.source);
  if (!source) return std::unexpected(std::move(source.error()).With("in the snapshot source"));
  auto target = RefSql(spec.target);
  if (!target) return std::unexpected(std::move(target.error()).With("in the snapshot target"));
  if (spec.unique_key.empty())
    return Fail(ErrorKind::kConfig, "snapshot unique_key must not be empty");
  for (const auto& k : spec.unique_key)
    if (auto ok = sql::ValidateIdentifier(k); !ok)
      return std::unexpected(std::move(ok.error()).With("in the snapshot unique_key"));
  if (auto ok = sql::ValidateIdentifier(spec.updated_at); !ok)
    return std::unexpected(std::move(ok.error()).With("in the snapshot updated_at"));

  const std::string& src = *source;
  const std::string& dst = *target;
  const std::string& u = spec.updated_at;
  const std::string& first = spec.unique_key.front();
  const std::string versioned = fmt::format(
      "SELECT s.*, s.{} AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, TRUE AS is_current", u);

  std::vector<SnapshotStep> steps;
  steps.push_back({kSnapshotInitialLoad,
                   fmt::format("CREATE TABLE IF NOT EXISTS {} AS\n{}\nFROM {} AS s\nWHERE 1 = 0",
                               dst, versioned, src),
                   true});
  steps.push_back(
      {kSnapshotCloseChanged,
       fmt::format("MERGE INTO {} AS t\nUSING {} AS s\nON {} AND t.is_current = TRUE\n"
                   "WHEN MATCHED AND t.{} IS DISTINCT FROM s.{} THEN UPDATE SET valid_to = s.{}, "
                   "is_current = FALSE",
                   dst, src, KeyJoin("t", "s", spec.unique_key), u, u, u),
       false});
  if (spec.invalidate_hard_deletes) {
    std::vector<std::string> current_keys;
    for (const auto& k : spec.unique_key) current_keys.push_back("cur." + k);
    steps.push_back(
        {kSnapshotInvalidateDeleted,
         fmt::format(
             "MERGE INTO {} AS t\nUSING (\n"
             "    SELECT {} FROM {} AS cur\n"
             "    LEFT JOIN {} AS s ON {}\n"
             "    WHERE cur.is_current = TRUE AND s.{} IS NULL\n"
             ") AS d\n"
             "ON {} AND t.is_current = TRUE\n"
             "WHEN MATCHED THEN UPDATE SET valid_to = CAST(CURRENT_TIMESTAMP AS TIMESTAMP), "
             "is_current = FALSE",
             dst, Join(current_keys, ", "), dst, src, KeyJoin("cur", "s", spec.unique_key), first,
             KeyJoin("t", "d", spec.unique_key)),
         false});
  }
  steps.push_back(
      {kSnapshotInsertNewVersions,
       fmt::format("INSERT INTO {}\n{}\nFROM {} AS s\nLEFT JOIN {} AS t ON {} AND t.is_current = "
                   "TRUE\nWHERE t.{} IS NULL",
                   dst, versioned, src, dst, KeyJoin("t", "s", spec.unique_key), first),
       false});
  return steps;
}

}  // namespace rocky::project
