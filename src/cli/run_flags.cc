#include "cli/run_flags.h"

#include "base/file.h"
#include "base/json.h"
#include "config/config.h"
#include "project/partitions.h"
#include "runtime/pipes.h"

namespace rocky::cli {

namespace {

Result<int64_t> ParseCount(const ParsedArgs& args, const char* flag, int64_t minimum) {
  auto text = args.Get(flag);
  if (!text) return minimum;
  try {
    size_t used = 0;
    long long n = std::stoll(*text, &used);
    if (used == text->size() && n >= minimum) return static_cast<int64_t>(n);
  } catch (const std::exception&) {
  }
  return Fail(ErrorKind::kUsage, "invalid --{} '{}': expected an integer ≥ {}", flag, *text,
              minimum);
}

}  // namespace

Result<std::vector<replication::SourceFilter>> ParseFilters(const ParsedArgs& args) {
  std::vector<replication::SourceFilter> filters;
  for (const auto& f : args.GetAll("filter")) {
    auto parsed = replication::ParseSourceFilter(f);
    if (!parsed) return std::unexpected(parsed.error());
    filters.push_back(std::move(*parsed));
  }
  return filters;
}

Result<runtime::ModelRunOptions> ParseModelOptions(const ParsedArgs& args,
                                                   const runtime::PipesSession* pipes) {
  runtime::ModelRunOptions o;
  project::PartitionFlags flags;
  flags.partition = args.Get("partition");
  flags.from = args.Get("from");
  flags.to = args.Get("to");
  flags.latest = args.Has("latest");
  flags.missing = args.Has("missing");
  if (args.Has("lookback")) {
    auto n = ParseCount(args, "lookback", 0);
    if (!n) return std::unexpected(n.error());
    flags.lookback = *n;
  }
  std::optional<std::string> pipes_key;
  if (pipes) pipes_key = pipes->partition_key();
  auto selection = project::ParsePartitionSelection(flags, pipes_key);
  if (!selection) return std::unexpected(selection.error());
  o.selection = std::move(*selection);
  auto parallel = ParseCount(args, "parallel", 1);
  if (!parallel) return std::unexpected(parallel.error());
  o.parallel = *parallel;
  o.full_refresh = args.Has("full-refresh");
  return o;
}

Result<replication::GovernanceOverride> ParseGovernanceOverride(const ParsedArgs& args) {
  replication::GovernanceOverride out;
  auto flag = args.Get("governance-override");
  if (!flag) return out;
  std::string text = *flag;
  if (!text.empty() && text[0] == '@') {
    auto file = ReadFile(text.substr(1));
    if (!file) return std::unexpected(file.error());
    text = *file;
  }
  auto json = Json::Parse(text);
  if (!json || !json->IsObject())
    return Fail(ErrorKind::kUsage, "invalid --governance-override: expected a JSON object");
  auto grants = [&](const Json& list, std::vector<config::GrantConfig>& into) {
    for (const auto& g : list.items()) {
      config::GrantConfig grant{g["principal"].IsString() ? g["principal"].AsString() : "", {}};
      for (const auto& p : g["permissions"].items())
        if (p.IsString()) grant.permissions.push_back(p.AsString());
      into.push_back(std::move(grant));
    }
  };
  for (const auto& w : (*json)["workspace_ids"].items()) {
    if (!w["id"].IsNumber())
      return Fail(ErrorKind::kUsage,
                  "invalid --governance-override: workspace_ids[].id must be a number");
    out.workspace_ids.push_back({static_cast<uint64_t>(w["id"].AsInt()),
                                 w["binding_type"].IsString() ? w["binding_type"].AsString()
                                                              : "READ_WRITE"});
  }
  grants((*json)["grants"], out.grants);
  grants((*json)["schema_grants"], out.schema_grants);
  return out;
}

}  // namespace rocky::cli
