#include "emulators/databricks/governance.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"

namespace rocky::emulator::databricks {

namespace {

bool IsSymbol(const Token& t, std::string_view text) {
  return t.kind == TokenKind::kSymbol && t.text == text;
}

// CATALOG, SCHEMA (DATABASE), TABLE (VIEW); "" for anything else.
std::string ObjectType(const Token& t) {
  if (t.Is("CATALOG")) return "CATALOG";
  if (t.Is("SCHEMA") || t.Is("DATABASE")) return "SCHEMA";
  if (t.Is("TABLE") || t.Is("VIEW")) return "TABLE";
  return "";
}

std::string Key(const std::vector<std::string>& parts) { return ToLower(Join(parts, ".")); }

std::string SyntaxError(const Token& near) {
  return fmt::format("[PARSE_SYNTAX_ERROR] Syntax error at or near '{}'. SQLSTATE: 42601",
                     near.text.empty() ? "end of input" : near.text);
}

// A principal: a backtick identifier, a word or a string literal.
std::optional<std::string> Principal(const Token& t) {
  if (t.IsName() || t.kind == TokenKind::kString) return t.value;
  return std::nullopt;
}

// "'k' = 'v', 'k2' = 'v2'" (or keys only) between parentheses starting at `i`.
std::optional<std::map<std::string, std::string>> TagList(const SqlStatement& st, size_t i,
                                                          bool with_values) {
  std::map<std::string, std::string> out;
  if (!IsSymbol(st.at(i), "(")) return std::nullopt;
  ++i;
  while (true) {
    const Token& key = st.at(i);
    if (key.kind != TokenKind::kString && !key.IsName()) return std::nullopt;
    ++i;
    std::string value;
    if (with_values) {
      if (!IsSymbol(st.at(i), "=")) return std::nullopt;
      const Token& v = st.at(i + 1);
      if (v.kind != TokenKind::kString && !v.IsName() && v.kind != TokenKind::kNumber)
        return std::nullopt;
      value = v.value;
      i += 2;
    }
    out[key.value] = value;
    if (IsSymbol(st.at(i), ",")) {
      ++i;
      continue;
    }
    if (IsSymbol(st.at(i), ")")) return out;
    return std::nullopt;
  }
}

}  // namespace

bool Governance::Handles(const SqlStatement& st) {
  if (st.at(0).Is("GRANT") || st.at(0).Is("REVOKE")) return true;
  if (st.Words(0, {"SHOW", "GRANTS"}) || st.Words(0, {"SHOW", "GRANT"})) return true;
  if (!st.at(0).Is("ALTER") || ObjectType(st.at(1)).empty()) return false;
  auto name = st.Name(2);
  return name &&
         (st.Words(name->second, {"SET", "TAGS"}) || st.Words(name->second, {"UNSET", "TAGS"}));
}

Governance::Outcome Governance::Run(const SqlStatement& st, std::string_view sql,
                                    const ExistsCheck& exists) {
  GovernanceRecord record;
  record.sql = std::string(sql);
  Outcome out = Apply(st, record, exists);
  record.ok = !out.error;
  std::lock_guard lock(mu_);
  records_.push_back(std::move(record));
  return out;
}

Governance::Outcome Governance::Apply(const SqlStatement& st, GovernanceRecord& record,
                                      const ExistsCheck& exists) {
  Outcome out;
  size_t i = 0;
  if (st.at(0).Is("ALTER")) {
    record.object_type = ObjectType(st.at(1));
    auto name = st.Name(2);
    record.object_key = Key(name->first);
    bool set = st.at(name->second).Is("SET");
    record.action = set ? "SET TAGS" : "UNSET TAGS";
    auto tags = TagList(st, name->second + 2, set);
    if (!tags) {
      out.error = SyntaxError(st.at(name->second + 2));
      return out;
    }
    record.tags = *tags;
    if (auto missing = exists(record.object_type, name->first)) {
      out.error = *missing;
      return out;
    }
    std::lock_guard lock(mu_);
    auto& current = tags_[{record.object_type, record.object_key}];
    for (const auto& [key, value] : *tags) {
      if (set)
        current[key] = value;
      else
        current.erase(key);
    }
    return out;
  }

  bool show = st.at(0).Is("SHOW");
  bool grant = st.at(0).Is("GRANT");
  record.action = show ? "SHOW GRANTS" : grant ? "GRANT" : "REVOKE";
  i = show ? 2 : 1;
  if (show) {
    if (!st.at(i).Is("ON")) {
      auto principal = Principal(st.at(i));
      if (!principal) {
        out.error = SyntaxError(st.at(i));
        return out;
      }
      record.principal = *principal;
      ++i;
    }
  } else {
    std::vector<std::string> words;
    for (; i < st.size() && !st.at(i).Is("ON"); ++i) {
      if (IsSymbol(st.at(i), ",")) {
        if (!words.empty()) record.privileges.push_back(Join(words, " "));
        words.clear();
      } else if (st.at(i).kind == TokenKind::kWord) {
        words.push_back(ToUpper(st.at(i).text));
      } else {
        out.error = SyntaxError(st.at(i));
        return out;
      }
    }
    if (!words.empty()) record.privileges.push_back(Join(words, " "));
    if (record.privileges.empty()) {
      out.error = SyntaxError(st.at(i));
      return out;
    }
  }
  if (!st.at(i).Is("ON") || ObjectType(st.at(i + 1)).empty()) {
    out.error = SyntaxError(st.at(i + 1));
    return out;
  }
  record.object_type = ObjectType(st.at(i + 1));
  auto name = st.Name(i + 2);
  if (!name) {
    out.error = SyntaxError(st.at(i + 2));
    return out;
  }
  record.object_key = Key(name->first);
  i = name->second;
  if (!show) {
    if (!st.at(i).Is(grant ? "TO" : "FROM") || !Principal(st.at(i + 1))) {
      out.error = SyntaxError(st.at(i + 1));
      return out;
    }
    record.principal = *Principal(st.at(i + 1));
  }
  if (auto missing = exists(record.object_type, name->first)) {
    out.error = *missing;
    return out;
  }

  std::lock_guard lock(mu_);
  if (show) {
    out.has_rows = true;
    for (auto& row : GrantsLocked(record.object_type, record.object_key))
      if (record.principal.empty() || EqualsIgnoreCase(row.principal, record.principal))
        out.rows.push_back(std::move(row));
    return out;
  }
  for (const auto& privilege : record.privileges) {
    auto same = [&](const GrantRow& g) {
      return g.object_type == record.object_type && g.object_key == record.object_key &&
             EqualsIgnoreCase(g.principal, record.principal) && g.action_type == privilege;
    };
    bool present = std::any_of(grants_.begin(), grants_.end(), same);
    if (grant && !present)
      grants_.push_back({record.principal, privilege, record.object_type, record.object_key});
    if (!grant) std::erase_if(grants_, same);
  }
  return out;
}

std::vector<GrantRow> Governance::GrantsLocked(const std::string& type,
                                               const std::string& key) const {
  std::vector<GrantRow> out;
  for (const auto& g : grants_)
    if (g.object_type == type && g.object_key == key) out.push_back(g);
  std::sort(out.begin(), out.end(), [](const GrantRow& a, const GrantRow& b) {
    return std::tie(a.principal, a.action_type) < std::tie(b.principal, b.action_type);
  });
  return out;
}

std::vector<GovernanceRecord> Governance::records() const {
  std::lock_guard lock(mu_);
  return records_;
}

std::vector<GrantRow> Governance::Grants(std::string_view object_type,
                                         std::string_view object_key) const {
  std::lock_guard lock(mu_);
  return GrantsLocked(std::string(object_type), ToLower(object_key));
}

std::map<std::string, std::string> Governance::Tags(std::string_view object_type,
                                                    std::string_view object_key) const {
  std::lock_guard lock(mu_);
  auto it = tags_.find({std::string(object_type), ToLower(object_key)});
  return it == tags_.end() ? std::map<std::string, std::string>{} : it->second;
}

}  // namespace rocky::emulator::databricks
