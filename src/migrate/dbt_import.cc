#include "migrate/dbt_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>

#include "base/file.h"
#include "base/strings.h"

namespace rocky::migrate {

namespace fs = std::filesystem;

namespace {

// Where a model lands when dbt_project.yml names no schema (DuckDB's default schema), and where
// `rocky seed` puts the seeds.
constexpr std::string_view kDefaultSchema = "main";
constexpr std::string_view kSeedSchema = "seeds";

using Expected = std::expected<JinjaValue, std::string>;

std::string SeedRelation(const std::string& name) { return std::string(kSeedSchema) + "." + name; }

// A model's SQL after rendering: trimmed, one trailing `;` dropped, trailing blank lines gone.
std::string CleanSql(std::string sql) {
  std::string_view t = Trim(sql);
  if (EndsWith(t, ";")) t = Trim(t.substr(0, t.size() - 1));
  // Lines left blank by dropped tags are noise in the imported file.
  std::string out;
  bool blank_run = false;
  for (const std::string& line : Split(std::string(t), "\n")) {
    bool blank = Trim(line).empty();
    if (blank && blank_run) continue;
    blank_run = blank;
    std::string l = line;
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r')) l.pop_back();
    out += l + "\n";
  }
  return out;
}

// The timestamp column of an `is_incremental()` block when it is the usual
// `where <col> > (select max(<col>) from {{ this }})` (also `>=` and a qualified column).
std::optional<std::string> TimestampColumnOf(const std::string& block) {
  static const std::regex kFilter(
      R"(([A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*)\s*>=?\s*\(\s*select\s+max\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s+from\s+\{\{\s*this\s*\}\})",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_search(block, m, kFilter)) return std::nullopt;
  return m[2].str();
}

bool IdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Replaces whole occurrences of the relation `from` (not inside a longer name).
std::string ReplaceRelation(const std::string& text, const std::string& from,
                            const std::string& to) {
  if (from.empty()) return text;
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t hit = text.find(from, pos);
    if (hit == std::string::npos) break;
    size_t end = hit + from.size();
    bool left_ok = hit == 0 ||
                   (!IdentifierChar(text[hit - 1]) && text[hit - 1] != '.' && text[hit - 1] != '"');
    bool right_ok =
        end >= text.size() || (!IdentifierChar(text[end]) && text[end] != '.' && text[end] != '"');
    out += text.substr(pos, hit - pos);
    out += left_ok && right_ok ? to : from;
    pos = end;
  }
  return out + text.substr(pos);
}

std::string Unquoted(const std::string& relation) {
  std::string out;
  for (char c : relation)
    if (c != '"' && c != '`') out += c;
  return out;
}

struct StrategyChoice {
  std::string toml;  // the [strategy] table
  std::string type;
  std::vector<ImportWarning> notes;
};

StrategyChoice Plain(std::string type) {
  return {fmt::format("[strategy]\ntype = {}\n", TomlBasicString(type)), type, {}};
}

class Converter {
 public:
  Converter(const DbtProject& project, bool from_manifest, std::string models_dir)
      : p_(project), from_manifest_(from_manifest), models_dir_(std::move(models_dir)) {}

  DbtImport Run() {
    out_.import_method = from_manifest_ ? "manifest" : "jinja";
    out_.project_name = p_.name;
    out_.dbt_version = p_.dbt_version;
    out_.sources_found = static_cast<int>(p_.sources.size());
    out_.macros_detected = static_cast<int>(p_.macros.size());
    for (const std::string& problem : p_.problems)
      out_.warnings.push_back(
          {"", "config", problem, "fix the YAML; its models, sources and tests were not read"});
    for (const std::string& key : p_.unconverted_configs)
      out_.warnings.push_back(
          {p_.name, "config",
           fmt::format("dbt_project.yml models config '{}' is not converted", key),
           "set its Rocky equivalent in _defaults.toml or the sidecars if there is one"});
    for (const std::string& file : p_.snapshots)
      out_.warnings.push_back({file, "snapshot", "dbt snapshots are not converted",
                               "define a snapshot pipeline (rocky snapshot: SCD2 on unique_key and "
                               "updated_at) in rocky.toml"});
    for (const std::string& file : p_.singular_tests) {
      ++out_.tests_found;
      ++out_.tests_skipped;
      out_.warnings.push_back(
          {file, "test", "singular test (a query returning failing rows) is not converted",
           "write it as an `expression` test in the model's sidecar when it is a "
           "row predicate"});
    }
    for (const std::string& model : p_.package_models)
      out_.warnings.push_back(
          {model, "package",
           "model of a package is not imported; models reading it keep its table name",
           "build that table before `rocky run`, or copy the model into the project"});
    WriteDefaults();
    for (const DbtModel& m : p_.models) ConvertModel(m);
    ConvertTests();
    CopySeeds();
    out_.sources_mapped = static_cast<int>(sources_used_.size());
    std::sort(out_.imported_models.begin(), out_.imported_models.end());
    return std::move(out_);
  }

 private:
  std::string ModelPath(const std::string& folder, const std::string& file) const {
    return (fs::path(models_dir_) / folder / file).lexically_normal().generic_string();
  }

  // ---- folders -------------------------------------------------------------------------------

  std::optional<std::string> FolderStrategy(const std::string& materialized,
                                            const std::string& folder) {
    if (materialized == "table") return "full_refresh";
    if (materialized == "view" || materialized == "ephemeral" ||
        materialized == "materialized_view")
      return materialized;
    out_.warnings.push_back(
        {folder.empty() ? p_.name : folder, "config",
         fmt::format(
             "folder config materialized: {} is not set for the folder; each model gets its "
             "own strategy",
             materialized),
         ""});
    return std::nullopt;
  }

  void WriteDefaults() {
    for (const auto& [path, config] : p_.folder_configs) {
      // A path that names a model is that model's config, applied in its sidecar.
      bool is_model = std::any_of(p_.models.begin(), p_.models.end(), [&](const DbtModel& m) {
        return (m.folder.empty() ? m.name : m.folder + "/" + m.name) == path;
      });
      // Only folders that hold models get a _defaults.toml (the project level always does).
      bool has_models =
          path.empty() || std::any_of(p_.models.begin(), p_.models.end(), [&](const DbtModel& m) {
            return m.folder == path || StartsWith(m.folder, path + "/");
          });
      if (is_model || !has_models) continue;
      std::string toml =
          fmt::format("# Folder defaults imported from dbt_project.yml (models: {}{}).\n", p_.name,
                      path.empty() ? "" : " → " + path);
      std::string target;
      if (path.empty()) {
        target += "catalog = " + TomlBasicString(config.database.value_or("")) + "\n";
        target +=
            "schema = " + TomlBasicString(config.schema.value_or(std::string(kDefaultSchema))) + "\n";
      } else {
        if (config.database) target += "catalog = " + TomlBasicString(*config.database) + "\n";
        if (config.schema) target += "schema = " + TomlBasicString(*config.schema) + "\n";
      }
      if (config.tags) toml += "# dbt tags: " + Join(*config.tags, ", ") + "\n";
      if (!target.empty()) toml += "\n[target]\n" + target;
      // dbt's default materialization is a view; Rocky's is full_refresh.
      std::optional<std::string> materialized = config.materialized;
      if (path.empty() && !materialized) materialized = "view";
      if (materialized)
        if (auto type = FolderStrategy(*materialized, path))
          toml += "\n[strategy]\ntype = " + TomlBasicString(*type) + "\n";
      out_.files.push_back({ModelPath(path, "_defaults.toml"), toml});
    }
    if (!p_.folder_configs.count(""))
      out_.files.push_back(
          {ModelPath("", "_defaults.toml"),
           fmt::format("# Defaults for the models imported from dbt project '{}'.\n\n"
                       "[target]\ncatalog = \"\"\nschema = {}\n\n"
                       "# dbt's default materialization\n[strategy]\ntype = \"view\"\n",
                       p_.name, TomlBasicString(kDefaultSchema))});
  }

  // ---- models --------------------------------------------------------------------------------

  JinjaEnvironment Environment(const DbtModel& m, const std::string& this_relation,
                               DbtConfig* captured, std::vector<ImportWarning>* notes) {
    JinjaEnvironment env;
    env.globals["this"] = JinjaValue::String(this_relation);
    env.functions["ref"] = [this](const JinjaArgs& a) -> Expected {
      if (a.positional.empty() || a.positional.size() > 2)
        return std::unexpected("expects ref('model') or ref('package', 'model')");
      std::string name = a.positional.back().Render();
      if (p_.FindModel(name)) return JinjaValue::String(name);
      if (p_.FindSeed(name)) return JinjaValue::String(SeedRelation(name));
      return std::unexpected(
          fmt::format("'{}' is neither a model nor a seed of this project", name));
    };
    env.functions["source"] = [this](const JinjaArgs& a) -> Expected {
      if (a.positional.size() != 2) return std::unexpected("expects source('source', 'table')");
      const DbtSource* s = p_.FindSource(a.positional[0].Render(), a.positional[1].Render());
      if (!s)
        return std::unexpected(fmt::format("source '{}.{}' is not declared in a sources .yml file",
                                           a.positional[0].Render(), a.positional[1].Render()));
      sources_used_.insert(s->source_name + "." + s->table_name);
      return JinjaValue::String(s->qualified);
    };
    env.functions["var"] = [this](const JinjaArgs& a) -> Expected {
      if (a.positional.empty()) return std::unexpected("expects var('name'[, default])");
      if (auto it = p_.vars.find(a.positional[0].Render()); it != p_.vars.end()) return it->second;
      if (a.positional.size() > 1) return a.positional[1];
      return std::unexpected(fmt::format("var '{}' has no value in dbt_project.yml and no default",
                                         a.positional[0].Render()));
    };
    for (const DbtMacro& macro : p_.macros)
      if (!env.functions.count(macro.name))
        env.functions[macro.name] = [this, &macro, &m, this_relation, captured,
                                     notes](const JinjaArgs& a) -> Expected {
          return ExpandMacro(macro, a, Environment(m, this_relation, captured, notes));
        };
    env.functions["config"] = [captured, notes, name = m.name](const JinjaArgs& a) -> Expected {
      for (const auto& [k, v] : a.named)
        if (!captured->Set(k, v))
          notes->push_back({name, "config", fmt::format("config '{}' is not converted", k),
                            "set its Rocky equivalent in the sidecar if there is one"});
      return JinjaValue::String("");
    };
    return env;
  }

  // A project macro called from a template: its parameters bound (defaults evaluated in `env`),
  // its body rendered by the same interpreter, so it is refused for the same constructs.
  Expected ExpandMacro(const DbtMacro& macro, const JinjaArgs& a, JinjaEnvironment env) {
    if (macro_depth_ >= 10) return std::unexpected("macro recursion too deep: " + macro.name);
    if (a.positional.size() > macro.params.size())
      return std::unexpected(fmt::format("macro '{}' takes {} argument(s), got {}", macro.name,
                                         macro.params.size(), a.positional.size()));
    std::set<std::string> bound;
    for (size_t i = 0; i < a.positional.size(); ++i) {
      env.globals[macro.params[i].first] = a.positional[i];
      bound.insert(macro.params[i].first);
    }
    for (const auto& [name, value] : a.named) {
      bool known = std::any_of(macro.params.begin(), macro.params.end(),
                               [&](const auto& p) { return p.first == name; });
      if (!known)
        return std::unexpected(fmt::format("macro '{}' has no parameter '{}'", macro.name, name));
      env.globals[name] = value;
      bound.insert(name);
    }
    for (const auto& [name, fallback] : macro.params) {
      if (bound.count(name)) continue;
      if (fallback.empty())
        return std::unexpected(fmt::format("macro '{}' needs argument '{}'", macro.name, name));
      auto v = EvaluateJinja(fallback, env);
      if (!v) return std::unexpected(v.error().message);
      env.globals[name] = *v;
    }
    ++macro_depth_;
    auto rendered = RenderJinja(macro.body, env);
    --macro_depth_;
    if (!rendered) {
      const JinjaError& e = rendered.error();
      if (inner_construct_.empty()) inner_construct_ = e.construct;
      return std::unexpected(fmt::format("{}:{}: {} (in macro '{}')", macro.file,
                                         macro.body_line + e.line - 1, e.message, macro.name));
    }
    return JinjaValue::String(std::string(Trim(rendered->text)));
  }

  // The model's compiled SQL with relations mapped back to model names, seeds and sources.
  std::optional<std::string> FromCompiled(const DbtModel& m) {
    std::string sql = *m.compiled_code;
    // Compiled in an incremental run: `{{ this }}` became the model's own relation.
    const std::string& self = m.relation_name;
    if (!self.empty() &&
        (ReplaceRelation(sql, self, "") != sql || ReplaceRelation(sql, Unquoted(self), "") != sql))
      return std::nullopt;
    std::vector<std::pair<std::string, std::string>> relations;
    for (const DbtModel& other : p_.models)
      if (!other.relation_name.empty()) relations.push_back({other.relation_name, other.name});
    for (const DbtSeed& s : p_.seeds)
      if (!s.relation_name.empty()) relations.push_back({s.relation_name, SeedRelation(s.name)});
    for (const DbtSource& s : p_.sources)
      if (!s.relation_name.empty()) relations.push_back({s.relation_name, s.qualified});
    std::sort(relations.begin(), relations.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [from, to] : relations) {
      std::string before = sql;
      sql = ReplaceRelation(sql, from, to);
      if (Unquoted(from) != from) sql = ReplaceRelation(sql, Unquoted(from), to);
      if (sql != before)
        for (const DbtSource& s : p_.sources)
          if (s.relation_name == from) sources_used_.insert(s.source_name + "." + s.table_name);
    }
    return sql;
  }

  void ConvertModel(const DbtModel& m) {
    DbtConfig folder = p_.FolderConfig(m.folder);
    DbtConfig effective = p_.FolderConfig(m);
    effective.OverrideWith(m.properties_config);
    std::vector<ImportWarning> notes;
    std::string sql;
    std::vector<DroppedIncrementalBlock> dropped;
    bool compiled = false;
    if (from_manifest_ && m.compiled_code) {
      if (auto mapped = FromCompiled(m)) {
        sql = *mapped;
        compiled = true;
        if (m.resolved_config) effective = *m.resolved_config;
      } else {
        notes.push_back(
            {m.name, "manifest",
             "the compiled SQL reads the model itself (compiled in an incremental run); "
             "imported from the raw Jinja instead",
             "run `dbt compile --full-refresh` before importing"});
      }
    } else if (from_manifest_) {
      notes.push_back(
          {m.name, "manifest",
           "the manifest has no compiled SQL for this model; imported from the raw Jinja",
           "run `dbt compile` before importing"});
    }
    if (effective.enabled && !*effective.enabled) {
      out_.warnings.push_back(
          {m.name, "config", "disabled in dbt (enabled: false); not imported", ""});
      return;
    }
    std::string this_relation =
        (effective.database && !effective.database->empty() ? *effective.database + "." : "") +
        effective.schema.value_or(std::string(kDefaultSchema)) + "." +
        effective.alias.value_or(m.name);
    DbtConfig in_file;
    if (!compiled) {
      inner_construct_.clear();
      auto rendered = RenderJinja(m.raw_code, Environment(m, this_relation, &in_file, &notes));
      if (!rendered) {
        const JinjaError& e = rendered.error();
        out_.failures.push_back({m.name, fmt::format("{}:{}: {}", m.file, e.line, e.message)});
        out_.warnings.push_back(
            {m.name, "unsupported_jinja",
             fmt::format(
                 "{} line {}: '{}' cannot be expanded statically; the model was not imported",
                 m.file, e.line,
                 inner_construct_.empty() ? e.construct : e.construct + " → " + inner_construct_),
             "rewrite it without that construct (project macros are expanded when they use only "
             "the supported Jinja), or run `dbt compile` and import with target/manifest.json"});
        return;
      }
      sql = rendered->text;
      dropped = std::move(rendered->incremental_blocks);
      effective.OverrideWith(in_file);
    }
    auto strategy = Strategy(m, effective, dropped, compiled);
    for (auto& n : strategy.notes) notes.push_back(std::move(n));

    std::string sidecar = fmt::format("# Imported from dbt: {}{}\n", m.file,
                                      compiled ? " (compiled SQL from target/manifest.json)" : "");
    if (!m.description.empty()) sidecar += "intent = " + TomlBasicString(m.description) + "\n";
    if (effective.tags && !effective.tags->empty())
      sidecar += "# dbt tags: " + Join(*effective.tags, ", ") + "\n";
    std::string target;
    if (effective.database != folder.database && effective.database)
      target += "catalog = " + TomlBasicString(*effective.database) + "\n";
    if (effective.schema != folder.schema && effective.schema)
      target += "schema = " + TomlBasicString(*effective.schema) + "\n";
    if (effective.alias) target += "table = " + TomlBasicString(*effective.alias) + "\n";
    if (!target.empty()) sidecar += "\n[target]\n" + target;
    bool incremental = effective.materialized == std::optional<std::string>("incremental");
    if (effective.materialized != folder.materialized || incremental)
      sidecar += "\n" + strategy.toml;
    std::string columns;
    for (const DbtColumn& c : m.columns)
      if (!c.description.empty()) columns += fmt::format("#   {}: {}\n", c.name, c.description);
    if (!columns.empty()) sidecar += "\n# Columns (from dbt):\n" + columns;
    if (effective.contract_enforced == std::optional<bool>(true)) {
      std::vector<std::string> unmapped;
      out_.files.push_back(
          {ModelPath(m.folder, m.name + ".contract.toml"), DbtContractToml(m, unmapped)});
      ++out_.contracts;
      if (!unmapped.empty())
        notes.push_back(
            {m.name, "contract",
             "data types without a Rocky contract type, left untyped: " + Join(unmapped, ", "),
             "set `type` in the contract (models.md §3)"});
    }
    sidecars_[m.name] = {ModelPath(m.folder, m.name + ".toml"), sidecar};
    out_.files.push_back({ModelPath(m.folder, m.name + ".sql"), CleanSql(sql)});
    out_.imported_models.push_back(m.name);
    for (auto& n : notes) out_.warnings.push_back(std::move(n));
  }

  StrategyChoice Strategy(const DbtModel& m, const DbtConfig& config,
                          const std::vector<DroppedIncrementalBlock>& dropped, bool compiled) {
    const std::string materialized = config.materialized.value_or("view");
    if (materialized == "table") return Plain("full_refresh");
    if (materialized == "view" || materialized == "ephemeral" ||
        materialized == "materialized_view")
      return Plain(materialized);
    if (materialized != "incremental") {
      StrategyChoice choice = Plain("full_refresh");
      choice.notes.push_back(
          {m.name, "config",
           fmt::format("materialized: {} has no Rocky equivalent; imported as full_refresh",
                       materialized),
           "choose a strategy (models.md §5) in the sidecar"});
      return choice;
    }
    std::string blocks;
    for (const auto& b : dropped) blocks += b.source;
    if (compiled || dropped.empty()) blocks = m.raw_code;  // the compiled SQL has no Jinja left
    StrategyChoice choice = IncrementalStrategy(m, config, blocks);
    if (blocks.find("is_incremental") != std::string::npos || !dropped.empty()) {
      std::string what = choice.type == "full_refresh"
                             ? "the model is rebuilt in full (see the next warning)"
                             : "the sidecar's " + choice.type + " strategy filters instead";
      int line = dropped.empty() ? 0 : dropped.front().line;
      choice.notes.insert(
          choice.notes.begin(),
          {m.name, "incremental",
           line ? fmt::format("dropped the is_incremental() block at {}:{}; {}", m.file, line, what)
                : fmt::format("{} filters with is_incremental(); the compiled full-refresh SQL is "
                              "used and {}",
                              m.file, what),
           ""});
    }
    return choice;
  }

  // An incremental model's strategy: merge or delete_insert on its unique_key, else incremental
  // on the timestamp of a mechanical `{{ this }}` filter in `blocks`, else full_refresh.
  static StrategyChoice IncrementalStrategy(const DbtModel& m, const DbtConfig& config,
                                            const std::string& blocks) {
    std::string key_list;
    if (config.unique_key) {
      std::vector<std::string> keys;
      for (const std::string& k : *config.unique_key) keys.push_back(TomlBasicString(k));
      key_list = "[" + Join(keys, ", ") + "]";
    }
    std::string strategy =
        config.incremental_strategy.value_or(config.unique_key ? "merge" : "append");
    if (config.unique_key && strategy == "delete+insert")
      return {"[strategy]\ntype = \"delete_insert\"\npartition_by = " + key_list + "\n",
              "delete_insert",
              {}};
    if (config.unique_key && strategy != "append")
      return {"[strategy]\ntype = \"merge\"\nunique_key = " + key_list + "\n", "merge", {}};
    if (auto ts = TimestampColumnOf(blocks))
      return {"[strategy]\ntype = \"incremental\"\ntimestamp_column = " + TomlBasicString(*ts) + "\n",
              "incremental",
              {}};
    StrategyChoice choice = Plain("full_refresh");
    choice.notes.push_back(
        {m.name, "incremental",
         "incremental model without unique_key and without a mechanical "
         "`col > (select max(col) from {{ this }})` filter; imported as full_refresh",
         "set [strategy] type = \"incremental\" with timestamp_column, or "
         "type = \"merge\" with unique_key, in the sidecar"});
    return choice;
  }

  // ---- tests ---------------------------------------------------------------------------------

  void ConvertTests() {
    std::set<std::string> imported(out_.imported_models.begin(), out_.imported_models.end());
    auto resolve = [this](const std::string& to) -> std::expected<std::string, std::string> {
      DbtConfig ignored;
      std::vector<ImportWarning> ignored_notes;
      DbtModel none;
      auto r = RenderJinja("{{ " + to + " }}", Environment(none, "", &ignored, &ignored_notes));
      if (!r) return std::unexpected(r.error().message);
      return std::string(Trim(r->text));
    };
    std::map<std::string, std::string> tests_toml;
    for (const DbtTest& t : p_.tests) {
      ++out_.tests_found;
      std::string owner = t.model.empty() ? "source " + t.source : t.model;
      std::string label = t.column.empty() ? t.test_name : t.test_name + " on " + t.column;
      if (t.model.empty()) {
        ++out_.tests_skipped;
        out_.warnings.push_back(
            {owner, "test",
             fmt::format("{} (declared on a source in {}) is not converted", label, t.file),
             "Rocky's declarative tests attach to models: test the staging model that reads the "
             "source"});
        continue;
      }
      if (!imported.count(t.model)) {
        ++out_.tests_skipped;
        continue;  // the model's failure already explains it
      }
      ConvertedTest c = ConvertDbtTest(t, resolve);
      if (!c.ok) {
        ++out_.tests_skipped;
        out_.warnings.push_back(
            {t.model, "test", fmt::format("test {} skipped: {}", label, c.reason),
             "write it as an `expression` test in the sidecar if it is a row predicate"});
        continue;
      }
      ++(c.custom ? out_.tests_converted_custom : out_.tests_converted);
      ++out_.model_tests[t.model];
      tests_toml[t.model] += "\n" + c.toml;
    }
    for (auto& [name, file] : sidecars_)
      out_.files.push_back({file.first, file.second + tests_toml[name]});
  }

  // ---- seeds ---------------------------------------------------------------------------------

  void CopySeeds() {
    for (const DbtSeed& s : p_.seeds) {
      ++out_.seeds;
      out_.seed_copies.push_back({s.file, "seeds/" + s.name + ".csv"});
      if (s.column_types.empty()) continue;
      std::string toml = "# Column types from the dbt seed config.\n[column_types]\n";
      for (const auto& [col, type] : s.column_types)
        toml += fmt::format("{} = {}\n", col, TomlBasicString(type));
      out_.files.push_back({"seeds/" + s.name + ".toml", toml});
    }
  }

  const DbtProject& p_;
  bool from_manifest_;
  std::string models_dir_;
  DbtImport out_;
  std::set<std::string> sources_used_;
  int macro_depth_ = 0;
  std::string inner_construct_;  // what a macro the model called refused, innermost first
  std::map<std::string, std::pair<std::string, std::string>> sidecars_;  // model → {path, toml}
};

constexpr std::string_view kRockyToml =
    R"(# Rocky project imported from the dbt project '{}' (rocky import-dbt).
# Everything runs in one local DuckDB file, warehouse.duckdb:
#   rocky seed        load seeds/*.csv into the seeds schema
#   rocky run         build the models in {} (DAG order)
#   rocky test --declarative   run the tests converted from schema.yml
#   rocky compile     check the models
[adapter]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.dbt]
type = "transformation"
models = "{}"

[pipeline.dbt.target]
adapter = "default"
governance = {{ auto_create_schemas = true }}
)";

}  // namespace

DbtImport ConvertDbtProject(const DbtProject& project, bool from_manifest,
                            const std::string& models_dir) {
  return Converter(project, from_manifest, models_dir).Run();
}

std::string DbtImport::Report() const {
  std::string text =
      fmt::format("Imported {} of {} dbt model(s) from '{}' using {}.\n", imported_models.size(),
                  imported_models.size() + failures.size(), project_name,
                  import_method == "manifest" ? "the compiled SQL of target/manifest.json"
                                              : "the raw Jinja templates");
  text += fmt::format("Tests: {} found, {} converted, {} converted from packages, {} skipped.\n",
                      tests_found, tests_converted, tests_converted_custom, tests_skipped);
  text += fmt::format(
      "Sources: {} declared, {} read by imported models. Seeds: {}. Macros: {}. Contracts: {}.\n",
      sources_found, sources_mapped, seeds, macros_detected, contracts);
  for (const ImportFailure& f : failures)
    text += fmt::format("Not imported: {}: {}\n", f.name, f.reason);
  if (!warnings.empty())
    text += fmt::format("{} warning(s) to review (warning_details).\n", warnings.size());
  return text;
}

Result<std::vector<std::string>> WriteDbtImport(const DbtImport& import,
                                                const std::string& dbt_root,
                                                const std::string& root,
                                                const std::string& models_dir) {
  std::vector<std::string> written;
  auto write = [&](const std::string& rel, std::string_view content) -> Result<void> {
    fs::path path = fs::path(root) / rel;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      return Fail(ErrorKind::kIo, "cannot create {}: {}", path.parent_path().string(),
                  ec.message());
    if (auto r = WriteFileAtomic(path.string(), content); !r) return r;
    written.push_back(rel);
    return Ok();
  };
  for (const ImportedFile& f : import.files)
    if (auto r = write(f.path, f.content); !r) return Fail(r.error());
  for (const auto& [from, to] : import.seed_copies) {
    auto csv = ReadFile((fs::path(dbt_root) / from).string());
    if (!csv) return Fail(csv.error());
    if (auto r = write(to, *csv); !r) return Fail(r.error());
  }
  if (!FileExists((fs::path(root) / "rocky.toml").string())) {
    std::string config = fmt::format(kRockyToml, import.project_name, models_dir, models_dir);
    if (auto r = write("rocky.toml", config); !r) return Fail(r.error());
  }
  return written;
}

Result<DbtImportRun> ImportDbtProject(const DbtImportOptions& options) {
  DbtImportRun run;
  auto project = ReadDbtProject(options.dbt_project);
  if (!project) return Fail(project.error());
  run.project = std::move(*project);
  std::string manifest = options.manifest.value_or(
      (fs::path(options.dbt_project) / "target" / "manifest.json").string());
  if (options.manifest && !FileExists(manifest))
    return Fail(ErrorKind::kNotFound, "manifest '{}' not found", manifest);
  bool use_manifest = !options.no_manifest && FileExists(manifest);
  if (use_manifest)
    if (auto applied = ApplyDbtManifest(run.project, manifest); !applied)
      return Fail(applied.error());
  fs::path output = fs::path(options.output).lexically_normal();
  if (output.filename().empty()) output = output.parent_path();
  run.root = output.has_parent_path() ? output.parent_path().string() : ".";
  const std::string models_dir = output.filename().string();
  // Never write over the dbt project: its folder is not the Rocky project, and no model path
  // of it receives the converted models.
  std::error_code ec;
  const fs::path dbt_root = fs::weakly_canonical(options.dbt_project, ec);
  const fs::path out_models = fs::weakly_canonical(fs::absolute(output), ec);
  bool inside = fs::weakly_canonical(fs::absolute(run.root), ec) == dbt_root;
  for (const std::string& model_path : run.project.model_paths) {
    auto rel = out_models.lexically_relative(fs::weakly_canonical(dbt_root / model_path, ec));
    inside = inside || (!rel.empty() && *rel.begin() != "..");
  }
  if (inside)
    return Fail(Error{ErrorKind::kUsage,
                      fmt::format("the output '{}' would overwrite the dbt project '{}'",
                                  options.output, options.dbt_project),
                      {},
                      "write the Rocky project elsewhere, e.g. --output ../rocky/models"});
  run.import = ConvertDbtProject(run.project, use_manifest, models_dir);
  auto written = WriteDbtImport(run.import, options.dbt_project, run.root, models_dir);
  if (!written) return Fail(written.error());
  run.written = std::move(*written);
  return run;
}

}  // namespace rocky::migrate
