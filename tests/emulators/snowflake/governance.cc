#include "emulators/snowflake/governance.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "emulators/common/request_log.h"
#include "emulators/snowflake/sql_translator.h"

namespace rocky::emulator::snowflake {

namespace {

// The securable at `i` (DATABASE, SCHEMA, TABLE, VIEW, WAREHOUSE, and the two-word kinds) and the
// index after it; "" when there is none.
std::pair<std::string, size_t> Securable(const SqlStatement& st, size_t i) {
  std::string word = st.Keyword(i);
  if (word == "DYNAMIC" || word == "EXTERNAL" || word == "ICEBERG" || word == "HYBRID") {
    if (st.at(i + 1).Is("TABLE")) return {"TABLE", i + 2};
  }
  if (word == "MATERIALIZED" && st.at(i + 1).Is("VIEW")) return {"VIEW", i + 2};
  if (word == "DATABASE" || word == "SCHEMA" || word == "TABLE" || word == "VIEW" ||
      word == "WAREHOUSE")
    return {word, i + 1};
  return {"", i};
}

// ROLE, DATABASE ROLE, APPLICATION ROLE, SHARE or USER at `i`, and the index after it.
std::pair<std::string, size_t> GranteeType(const SqlStatement& st, size_t i) {
  if (st.Words(i, {"DATABASE", "ROLE"})) return {"DATABASE ROLE", i + 2};
  if (st.Words(i, {"APPLICATION", "ROLE"})) return {"APPLICATION ROLE", i + 2};
  for (std::string_view w : {"ROLE", "SHARE", "USER"})
    if (st.at(i).Is(w)) return {std::string(w), i + 1};
  return {"", i};
}

bool SameGrant(const GrantRow& a, const GrantRow& b) {
  return a.future == b.future && a.privilege == b.privilege && a.granted_on == b.granted_on &&
         EqualsIgnoreCase(a.name, b.name) && a.granted_to == b.granted_to &&
         EqualsIgnoreCase(a.grantee_name, b.grantee_name);
}

// The key of the object `parts` of `type`: a warehouse by its name as written (the emulator keeps
// no warehouses), any other object resolved against the session.
std::expected<std::string, StatementError> ObjectKey(const Governance::Catalog& catalog,
                                                     std::string_view type,
                                                     const std::vector<std::string>& parts) {
  if (type == "WAREHOUSE") return Join(parts, ".");
  return catalog.resolve(type, parts);
}

Governance::Outcome Failed(StatementError error) {
  Governance::Outcome out;
  out.error = std::move(error);
  return out;
}

}  // namespace

Governance::Governance(std::vector<std::string> tags) {
  for (auto& t : tags) tag_names_.insert(ToUpper(t));
}

bool Governance::Handles(const SqlStatement& st) {
  if (st.at(0).Is("GRANT") || st.at(0).Is("REVOKE")) return true;
  if (st.Words(0, {"SHOW", "GRANTS"}) || st.Words(0, {"SHOW", "FUTURE", "GRANTS"})) return true;
  if (st.at(0).Is("CREATE") || st.at(0).Is("DROP")) {
    size_t i = 1;
    if (st.Words(i, {"OR", "REPLACE"})) i += 2;
    return st.at(i).Is("TAG");
  }
  if (!st.at(0).Is("ALTER")) return false;
  auto [type, i] = Securable(st, 1);
  if (type.empty()) return false;
  if (st.Words(i, {"IF", "EXISTS"})) i += 2;
  auto name = st.Name(i);
  return name &&
         (st.Words(name->second, {"SET", "TAG"}) || st.Words(name->second, {"UNSET", "TAG"}));
}

Governance::Outcome Governance::Run(const SqlStatement& st, std::string_view sql,
                                    const Catalog& catalog, std::string_view role) {
  GovernanceRecord record;
  record.sql = std::string(sql);
  Outcome out = Apply(st, sql, record, catalog, role);
  record.ok = !out.error;
  std::lock_guard lock(mu_);
  records_.push_back(std::move(record));
  return out;
}

Governance::Outcome Governance::Apply(const SqlStatement& st, std::string_view sql,
                                      GovernanceRecord& record, const Catalog& catalog,
                                      std::string_view role) {
  if (st.at(0).Is("GRANT") || st.at(0).Is("REVOKE"))
    return ApplyGrant(st, sql, record, catalog, role);
  if (st.at(0).Is("SHOW")) return ApplyShowGrants(st, sql, record, catalog);
  if (st.at(0).Is("ALTER")) return ApplyTag(st, sql, record, catalog);
  return ApplyTagDdl(st, sql, record);
}

Governance::Outcome Governance::ApplyGrant(const SqlStatement& st, std::string_view sql,
                                           GovernanceRecord& record, const Catalog& catalog,
                                           std::string_view role) {
  const bool grant = st.at(0).Is("GRANT");
  record.action = grant ? "GRANT" : "REVOKE";
  size_t i = 1;
  if (!grant && st.Words(i, {"GRANT", "OPTION", "FOR"})) i += 3;
  std::vector<std::string> words;
  const std::string_view to = grant ? "TO" : "FROM";
  for (; i < st.size() && !st.at(i).Is("ON") && !st.at(i).Is(to); ++i) {
    if (st.at(i).IsSymbol(",")) {
      if (!words.empty()) record.privileges.push_back(Join(words, " "));
      words.clear();
    } else if (st.at(i).IsName()) {
      words.push_back(NormalizeName(st.at(i)));
    } else {
      return Failed(SyntaxError(sql, st.at(i).text));
    }
  }
  if (!words.empty()) record.privileges.push_back(Join(words, " "));
  for (auto& p : record.privileges)
    if (p == "ALL PRIVILEGES") p = "ALL";
  if (record.privileges.empty()) return Failed(SyntaxError(sql, st.at(i).text));

  // What the grant is on: one object, every (ALL) or later (FUTURE) table or view of a container,
  // or a role (GRANT ROLE r TO …).
  bool all = false, future = false, views = false;
  std::vector<std::string> targets;
  std::string container;
  if (!st.at(i).Is("ON")) {
    if (record.privileges.size() != 1 || !StartsWith(record.privileges[0], "ROLE "))
      return Failed(SyntaxError(sql, st.at(i).text));
    record.object_type = "ROLE";
    record.object_key = record.privileges[0].substr(5);
  } else if ((st.at(i + 1).Is("ALL") || st.at(i + 1).Is("FUTURE")) &&
             (st.at(i + 2).Is("TABLES") || st.at(i + 2).Is("VIEWS")) && st.at(i + 3).Is("IN")) {
    all = st.at(i + 1).Is("ALL");
    future = !all;
    views = st.at(i + 2).Is("VIEWS");
    std::string container_type = st.Keyword(i + 4);
    if (container_type != "SCHEMA" && container_type != "DATABASE")
      return Failed(SyntaxError(sql, st.at(i + 4).text));
    auto name = NormalizedName(st, i + 5);
    if (!name) return Failed(SyntaxError(sql, st.at(i + 5).text));
    auto resolved = catalog.resolve(container_type, name->first);
    if (!resolved) return Failed(resolved.error());
    container = *resolved;
    record.object_type = fmt::format("{} {} IN {}", all ? "ALL" : "FUTURE",
                                     views ? "VIEWS" : "TABLES", container_type);
    record.object_key = container;
    if (all) targets = catalog.list(container_type, container, views);
    i = name->second;
  } else {
    auto [type, after] = Securable(st, i + 1);
    if (type.empty()) return Failed(SyntaxError(sql, st.at(i + 1).text));
    auto name = NormalizedName(st, after);
    if (!name) return Failed(SyntaxError(sql, st.at(after).text));
    record.object_type = type;
    auto key = ObjectKey(catalog, type, name->first);
    if (!key) return Failed(key.error());
    record.object_key = *key;
    targets.push_back(record.object_key);
    i = name->second;
  }
  if (!st.at(i).Is(to)) return Failed(SyntaxError(sql, st.at(i).text));
  auto [grantee_type, at] = GranteeType(st, i + 1);
  if (grantee_type.empty() || !st.at(at).IsName()) return Failed(SyntaxError(sql, st.at(at).text));
  record.grantee_type = grantee_type;
  record.grantee = NormalizeName(st.at(at));
  const bool grant_option = grant && st.Words(at + 1, {"WITH", "GRANT", "OPTION"});
  if (record.object_type == "ROLE") return Outcome{};

  std::lock_guard lock(mu_);
  auto apply = [&](GrantRow row) {
    auto same = [&](const GrantRow& g) { return SameGrant(g, row); };
    if (!grant) {
      std::erase_if(grants_, same);
    } else if (std::none_of(grants_.begin(), grants_.end(), same)) {
      grants_.push_back(std::move(row));
    }
  };
  for (const auto& privilege : record.privileges) {
    GrantRow row;
    row.created_ms = NowMs();
    row.privilege = privilege;
    row.granted_to = record.grantee_type;
    row.grantee_name = record.grantee;
    row.grant_option = grant_option;
    row.granted_by = role.empty() ? "SYSADMIN" : std::string(role);
    if (future) {
      row.future = true;
      row.granted_on = views ? "VIEW" : "TABLE";
      row.name = container;
      apply(row);
      continue;
    }
    for (const auto& target : targets) {
      row.granted_on = all ? (views ? "VIEW" : "TABLE") : record.object_type;
      row.name = target;
      apply(row);
    }
  }
  return Outcome{};
}

Governance::Outcome Governance::ApplyShowGrants(const SqlStatement& st, std::string_view sql,
                                                GovernanceRecord& record, const Catalog& catalog) {
  record.action = "SHOW GRANTS";
  Outcome out;
  out.has_rows = true;
  if (st.Words(1, {"FUTURE", "GRANTS", "IN"})) {
    std::string type = st.Keyword(4);
    auto name = NormalizedName(st, 5);
    if ((type != "SCHEMA" && type != "DATABASE") || !name)
      return Failed(SyntaxError(sql, st.at(4).text));
    auto resolved = catalog.resolve(type, name->first);
    if (!resolved) return Failed(resolved.error());
    record.object_type = type;
    record.object_key = *resolved;
    out.future_rows = true;
    out.rows = FutureGrants(*resolved);
    return out;
  }
  if (st.Words(2, {"TO"}) || st.Words(2, {"OF"})) {
    auto [grantee_type, at] = GranteeType(st, 3);
    if (grantee_type.empty() || !st.at(at).IsName())
      return Failed(SyntaxError(sql, st.at(at).text));
    record.grantee_type = grantee_type;
    record.grantee = NormalizeName(st.at(at));
    if (st.at(2).Is("OF")) return out;  // role memberships are not emulated
    std::lock_guard lock(mu_);
    for (const auto& g : grants_)
      if (!g.future && g.granted_to == grantee_type &&
          EqualsIgnoreCase(g.grantee_name, record.grantee))
        out.rows.push_back(g);
    return out;
  }
  if (!st.at(2).Is("ON")) return Failed(SyntaxError(sql, st.at(2).text));
  if (st.at(3).Is("ACCOUNT")) {
    record.object_type = "ACCOUNT";
    return out;
  }
  auto [type, after] = Securable(st, 3);
  auto name = NormalizedName(st, after);
  if (type.empty() || !name) return Failed(SyntaxError(sql, st.at(after).text));
  record.object_type = type;
  auto key = ObjectKey(catalog, type, name->first);
  if (!key) return Failed(key.error());
  record.object_key = *key;
  out.rows = Grants(type, record.object_key);
  return out;
}

Governance::Outcome Governance::ApplyTag(const SqlStatement& st, std::string_view sql,
                                         GovernanceRecord& record, const Catalog& catalog) {
  auto [type, i] = Securable(st, 1);
  if (st.Words(i, {"IF", "EXISTS"})) i += 2;
  auto name = NormalizedName(st, i);
  const bool set = st.at(name->second).Is("SET");
  record.action = set ? "SET TAG" : "UNSET TAG";
  record.object_type = type;
  std::vector<std::string> missing;
  for (i = name->second + 2; i < st.size();) {
    auto tag = NormalizedName(st, i);
    if (!tag) return Failed(SyntaxError(sql, st.at(i).text));
    const std::string key = tag->first.back();
    i = tag->second;
    std::string value;
    if (set) {
      if (!st.at(i).IsSymbol("=") || st.at(i + 1).kind != TokenKind::kString)
        return Failed(SyntaxError(sql, st.at(i).text));
      value = st.at(i + 1).value;
      i += 2;
    }
    record.tags[key] = value;
    {
      std::lock_guard lock(mu_);
      if (!tag_names_.count(key)) missing.push_back(Join(tag->first, "."));
    }
    if (st.at(i).IsSymbol(","))
      ++i;
    else if (i < st.size())
      return Failed(SyntaxError(sql, st.at(i).text));
  }
  if (record.tags.empty()) return Failed(SyntaxError(sql, st.at(i).text));
  auto key = ObjectKey(catalog, type, name->first);
  if (!key) return Failed(key.error());
  record.object_key = *key;
  if (!missing.empty()) return Failed(DoesNotExist("Tag", missing.front()));
  std::lock_guard lock(mu_);
  auto& current = tags_[{type, ToUpper(record.object_key)}];
  for (const auto& [key, value] : record.tags) {
    if (set)
      current[key] = value;
    else
      current.erase(key);
  }
  return Outcome{};
}

Governance::Outcome Governance::ApplyTagDdl(const SqlStatement& st, std::string_view sql,
                                            GovernanceRecord& record) {
  const bool create = st.at(0).Is("CREATE");
  size_t i = 1;
  const bool replace = create && st.Words(i, {"OR", "REPLACE"});
  if (replace) i += 2;
  ++i;  // TAG
  const bool guarded =
      create ? st.Words(i, {"IF", "NOT", "EXISTS"}) : st.Words(i, {"IF", "EXISTS"});
  if (guarded) i += create ? 3 : 2;
  auto name = NormalizedName(st, i);
  if (!name) return Failed(SyntaxError(sql, st.at(i).text));
  const std::string key = name->first.back();
  record.action = create ? "CREATE TAG" : "DROP TAG";
  record.object_type = "TAG";
  record.object_key = Join(name->first, ".");
  std::lock_guard lock(mu_);
  const bool exists = tag_names_.count(key) > 0;
  Outcome out;
  if (create) {
    if (exists && !replace && !guarded)
      return Failed(
          CompilationError("002002", "42710", fmt::format("Object '{}' already exists.", key)));
    tag_names_.insert(key);
    out.status = fmt::format("Tag {} successfully created.", key);
  } else {
    if (!exists && !guarded) return Failed(DoesNotExist("Tag", record.object_key));
    tag_names_.erase(key);
    out.status = fmt::format("{} successfully dropped.", key);
  }
  return out;
}

std::vector<GovernanceRecord> Governance::records() const {
  std::lock_guard lock(mu_);
  return records_;
}

std::vector<GrantRow> Governance::Grants(std::string_view type, std::string_view key) const {
  std::vector<GrantRow> out;
  {
    std::lock_guard lock(mu_);
    for (const auto& g : grants_)
      if (!g.future && g.granted_on == type && EqualsIgnoreCase(g.name, key)) out.push_back(g);
  }
  std::sort(out.begin(), out.end(), [](const GrantRow& a, const GrantRow& b) {
    return std::tie(a.grantee_name, a.privilege) < std::tie(b.grantee_name, b.privilege);
  });
  return out;
}

std::vector<GrantRow> Governance::FutureGrants(std::string_view key) const {
  std::lock_guard lock(mu_);
  std::vector<GrantRow> out;
  for (const auto& g : grants_)
    if (g.future && EqualsIgnoreCase(g.name, key)) out.push_back(g);
  return out;
}

std::map<std::string, std::string> Governance::Tags(std::string_view type,
                                                    std::string_view key) const {
  std::lock_guard lock(mu_);
  auto it = tags_.find({std::string(type), ToUpper(key)});
  return it == tags_.end() ? std::map<std::string, std::string>{} : it->second;
}

std::vector<GrantRow> Governance::AllGrants() const {
  std::lock_guard lock(mu_);
  return grants_;
}

std::map<std::string, std::map<std::string, std::string>> Governance::AllTags() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& [object, tags] : tags_)
    if (!tags.empty()) out[object.first + " " + object.second] = tags;
  return out;
}

}  // namespace rocky::emulator::snowflake
