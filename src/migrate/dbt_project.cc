#include "migrate/dbt_project.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "base/file.h"
#include "base/strings.h"

namespace rocky::migrate {

namespace fs = std::filesystem;

// ---- DbtConfig ------------------------------------------------------------------------------

namespace {

std::vector<std::string> StringList(const JinjaValue& v) {
  if (v.kind == JinjaValue::Kind::kList) {
    std::vector<std::string> out;
    for (const JinjaValue& item : v.items) out.push_back(item.Render());
    return out;
  }
  if (v.kind == JinjaValue::Kind::kNone) return {};
  return {v.Render()};
}

template <typename T>
void Take(std::optional<T>& mine, const std::optional<T>& theirs) {
  if (theirs) mine = theirs;
}

}  // namespace

void DbtConfig::OverrideWith(const DbtConfig& h) {
  Take(materialized, h.materialized);
  Take(schema, h.schema);
  Take(database, h.database);
  Take(alias, h.alias);
  Take(incremental_strategy, h.incremental_strategy);
  Take(unique_key, h.unique_key);
  Take(tags, h.tags);
  Take(enabled, h.enabled);
  Take(contract_enforced, h.contract_enforced);
}

bool DbtConfig::Set(std::string key, const JinjaValue& v) {
  if (StartsWith(key, "+")) key.erase(0, 1);
  if (key == "materialized")
    materialized = v.Render();
  else if (key == "schema")
    schema = v.Render();
  else if (key == "database")
    database = v.Render();
  else if (key == "alias")
    alias = v.Render();
  else if (key == "incremental_strategy")
    incremental_strategy = v.Render();
  else if (key == "unique_key")
    unique_key = StringList(v);
  else if (key == "tags")
    tags = StringList(v);
  else if (key == "enabled")
    enabled = v.Truthy() && v.Render() != "false";
  else if (key == "contract" && v.kind == JinjaValue::Kind::kDict)
    contract_enforced = v.fields.count("enforced") && v.fields.at("enforced").Truthy();
  else
    return false;
  return true;
}

// ---- lookups --------------------------------------------------------------------------------

const DbtModel* DbtProject::FindModel(std::string_view name) const {
  for (const DbtModel& m : models)
    if (m.name == name) return &m;
  return nullptr;
}

const DbtSeed* DbtProject::FindSeed(std::string_view name) const {
  for (const DbtSeed& s : seeds)
    if (s.name == name) return &s;
  return nullptr;
}

const DbtSource* DbtProject::FindSource(std::string_view source, std::string_view table) const {
  for (const DbtSource& s : sources)
    if (s.source_name == source && s.table_name == table) return &s;
  return nullptr;
}

DbtConfig DbtProject::FolderConfig(const std::string& folder) const {
  DbtConfig config;
  if (auto it = folder_configs.find(""); it != folder_configs.end()) config = it->second;
  std::string path;
  for (const std::string& part : Split(folder, "/")) {
    if (part.empty()) continue;
    path += (path.empty() ? "" : "/") + part;
    if (auto it = folder_configs.find(path); it != folder_configs.end())
      config.OverrideWith(it->second);
  }
  return config;
}

DbtConfig DbtProject::FolderConfig(const DbtModel& model) const {
  DbtConfig config = FolderConfig(model.folder);
  std::string own = model.folder.empty() ? model.name : model.folder + "/" + model.name;
  if (auto it = folder_configs.find(own); it != folder_configs.end())
    config.OverrideWith(it->second);
  return config;
}

// ---- YAML -----------------------------------------------------------------------------------

namespace {

JinjaValue FromYaml(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      std::vector<JinjaValue> items;
      for (const auto& item : n) items.push_back(FromYaml(item));
      return JinjaValue::List(std::move(items));
    }
    case YAML::NodeType::Map: {
      std::map<std::string, JinjaValue> fields;
      for (const auto& kv : n) fields[kv.first.as<std::string>()] = FromYaml(kv.second);
      return JinjaValue::Dict(std::move(fields));
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return JinjaValue::String(s);  // quoted
      if (s == "true" || s == "True") return JinjaValue::Bool(true);
      if (s == "false" || s == "False") return JinjaValue::Bool(false);
      if (s == "null" || s == "~") return JinjaValue{};
      static const std::regex kNumber(R"(-?[0-9]+(\.[0-9]+)?)");
      if (std::regex_match(s, kNumber)) return JinjaValue::Number(std::stod(s));
      return JinjaValue::String(s);
    }
    default:
      return JinjaValue{};
  }
}

std::string Text(const YAML::Node& n, const char* key) {
  const YAML::Node v = n[key];
  return v && v.IsScalar() ? v.Scalar() : "";
}

std::vector<std::string> Paths(const YAML::Node& root, const char* key,
                               std::vector<std::string> fallback) {
  const YAML::Node v = root[key];
  if (!v || !v.IsSequence()) return fallback;
  std::vector<std::string> out;
  for (const auto& p : v) out.push_back(p.as<std::string>());
  return out;
}

// Walks the `models:` tree below the project key: config keys (with or without `+`) configure
// `path`; other maps are folders (or a model) below it.
void ReadConfigTree(const YAML::Node& node, const std::string& path,
                    std::map<std::string, DbtConfig>& out, std::vector<std::string>& unconverted) {
  if (!node.IsMap()) return;
  DbtConfig& config = out[path];
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (kv.second.IsMap() && !StartsWith(key, "+") && key != "config") {
      ReadConfigTree(kv.second, path.empty() ? key : path + "/" + key, out, unconverted);
      continue;
    }
    if (!config.Set(key, FromYaml(kv.second)) && key != "config")
      unconverted.push_back((path.empty() ? "" : path + "/") + key);
  }
}

// One generic test entry: `unique`, `{accepted_values: {values: […]}}`,
// `{accepted_values: {arguments: {values: […]}, config: {severity: warn}}}` or
// `{name: x, test_name: accepted_values, arguments: {…}}`.
DbtTest ReadTest(const YAML::Node& entry, const std::string& model, const std::string& column,
                 const std::string& file) {
  DbtTest test{"", model, "", column, JinjaValue::Dict({}), "error", "", file};
  YAML::Node body;
  if (entry.IsScalar()) {
    test.test_name = entry.Scalar();
  } else if (entry.IsMap() && entry["test_name"]) {
    test.test_name = Text(entry, "test_name");
    body = entry;
  } else if (entry.IsMap() && entry.size() >= 1) {
    test.test_name = entry.begin()->first.as<std::string>();
    body = entry.begin()->second;
  }
  if (!body || !body.IsMap()) return test;
  for (const auto& kv : body) {
    std::string key = kv.first.as<std::string>();
    JinjaValue value = FromYaml(kv.second);
    if (key == "arguments" && value.kind == JinjaValue::Kind::kDict) {
      for (auto& [k, v] : value.fields) {
        if (k == "column_name" && test.column.empty())
          test.column = v.Render();
        else
          test.arguments.fields[k] = v;
      }
    } else if (key == "config" && value.kind == JinjaValue::Kind::kDict) {
      if (auto s = value.fields.find("severity"); s != value.fields.end())
        test.severity = ToLower(s->second.Render());
      if (auto w = value.fields.find("where"); w != value.fields.end())
        test.where = w->second.Render();
    } else if (key == "severity") {
      test.severity = ToLower(value.Render());
    } else if (key == "where") {
      test.where = value.Render();
    } else if (key == "column_name" && test.column.empty()) {
      test.column = value.Render();  // a model-level test on one column
    } else if (key != "name" && key != "test_name" && key != "description") {
      test.arguments.fields[key] = value;
    }
  }
  return test;
}

void ReadTests(const YAML::Node& owner, const std::string& model, const std::string& column,
               const std::string& file, std::vector<DbtTest>& out) {
  for (const char* key : {"tests", "data_tests"}) {
    const YAML::Node list = owner[key];
    if (!list || !list.IsSequence()) continue;
    for (const auto& entry : list) out.push_back(ReadTest(entry, model, column, file));
  }
}

// models:, sources: and seeds: of one property file.
void ReadPropertyFile(const YAML::Node& doc, const std::string& file, DbtProject& project,
                      std::map<std::string, std::pair<std::string, DbtModel>>& described) {
  if (const YAML::Node models = doc["models"]; models && models.IsSequence()) {
    for (const auto& m : models) {
      DbtModel info;
      info.name = Text(m, "name");
      info.description = Text(m, "description");
      if (const YAML::Node config = m["config"]; config && config.IsMap())
        for (const auto& kv : config)
          info.properties_config.Set(kv.first.as<std::string>(), FromYaml(kv.second));
      ReadTests(m, info.name, "", file, project.tests);
      if (const YAML::Node columns = m["columns"]; columns && columns.IsSequence()) {
        for (const auto& c : columns) {
          DbtColumn column{Text(c, "name"), Text(c, "description"), Text(c, "data_type")};
          ReadTests(c, info.name, column.name, file, project.tests);
          info.columns.push_back(std::move(column));
        }
      }
      std::string name = info.name;
      described[name] = {file, std::move(info)};
    }
  }
  if (const YAML::Node sources = doc["sources"]; sources && sources.IsSequence()) {
    for (const auto& s : sources) {
      std::string source = Text(s, "name");
      std::string database = Text(s, "database");
      std::string schema = Text(s, "schema");
      if (schema.empty()) schema = source;  // dbt's default: the source's name
      const YAML::Node tables = s["tables"];
      if (!tables || !tables.IsSequence()) continue;
      for (const auto& t : tables) {
        std::string table = Text(t, "name");
        std::string identifier = Text(t, "identifier");
        if (identifier.empty()) identifier = table;
        std::string qualified =
            (database.empty() ? "" : database + ".") + schema + "." + identifier;
        project.sources.push_back({source, table, qualified, ""});
        size_t first_test = project.tests.size();
        ReadTests(t, "", "", file, project.tests);
        if (const YAML::Node columns = t["columns"]; columns && columns.IsSequence())
          for (const auto& c : columns) ReadTests(c, "", Text(c, "name"), file, project.tests);
        for (size_t i = first_test; i < project.tests.size(); ++i)
          project.tests[i].source = source + "." + table;
      }
    }
  }
  if (const YAML::Node seeds = doc["seeds"]; seeds && seeds.IsSequence()) {
    for (const auto& s : seeds) {
      const YAML::Node types = s["config"] ? s["config"]["column_types"] : YAML::Node();
      if (!types || !types.IsMap()) continue;
      std::string name = Text(s, "name");
      for (auto& seed : project.seeds)
        if (seed.name == name)
          for (const auto& kv : types)
            seed.column_types[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
  }
}

std::vector<fs::path> FilesUnder(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->path().filename().string().starts_with(".")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == extension) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Relative(const fs::path& p, const fs::path& base) {
  return p.lexically_relative(base).generic_string();
}

void ReadSeedTypes(const YAML::Node& node, const std::string& path, DbtProject& project) {
  if (!node.IsMap()) return;
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (key == "+column_types" || key == "column_types") {
      for (auto& seed : project.seeds) {
        std::string stem = fs::path(seed.name).string();
        if (path.empty() || path == stem || path.ends_with("/" + stem) ||
            StartsWith(seed.file, path))
          for (const auto& t : kv.second)
            seed.column_types[t.first.as<std::string>()] = t.second.as<std::string>();
      }
    } else if (kv.second.IsMap()) {
      ReadSeedTypes(kv.second, path.empty() ? key : path + "/" + key, project);
    }
  }
}

// Splits `a, b='x, y', c=[1, 2]` at the commas outside quotes and brackets.
std::vector<std::string> SplitTopLevel(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.emplace_back(Trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!Trim(current).empty()) parts.emplace_back(Trim(current));
  return parts;
}

// Every `{% macro %}…{% endmacro %}` of one file.
void ReadMacros(const std::string& text, const std::string& file, std::vector<DbtMacro>& out) {
  static const std::regex kOpen(
      R"(\{%(-?)\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(((?:[^()]|\([^()]*\))*)\)\s*(-?)%\})");
  static const std::regex kClose(R"(\{%(-?)\s*endmacro\s*(-?)%\})");
  auto begin = text.cbegin();
  std::smatch open;
  while (std::regex_search(begin, text.cend(), open, kOpen)) {
    DbtMacro macro;
    macro.name = open[2];
    macro.file = file;
    macro.line = 1 + static_cast<int>(std::count(text.cbegin(), open[0].first, '\n'));
    for (const std::string& param : SplitTopLevel(open[3].str())) {
      size_t eq = param.find('=');
      macro.params.emplace_back(
          std::string(Trim(param.substr(0, eq))),
          eq == std::string::npos ? "" : std::string(Trim(param.substr(eq + 1))));
    }
    std::smatch close;
    if (!std::regex_search(open[0].second, text.cend(), close, kClose)) break;
    std::string body(open[0].second, close[0].first);
    size_t skipped = 0;
    if (open[4].length()) {
      skipped = body.find_first_not_of(" \t\r\n");
      if (skipped == std::string::npos) skipped = body.size();
      body.erase(0, skipped);
    }
    macro.body_line = static_cast<int>(std::count(text.cbegin(), open[0].second, '\n') +
                                       std::count(open[0].second, open[0].second + skipped, '\n')) +
                      1;

    if (close[1].length())
      while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
        body.pop_back();
    macro.body = std::move(body);
    out.push_back(std::move(macro));
    begin = close[0].second;
  }
}

// dbt_project.yml: name, paths, vars, the `models:` config tree, seed column types; and the
// snapshot, singular test and seed files the paths hold. yaml-cpp throws on a value of the
// wrong shape; the caller turns that into an error.
void ReadProjectFile(const YAML::Node& doc, const fs::path& root, DbtProject& project) {
  project.name = Text(doc, "name");
  project.model_paths = Paths(doc, "model-paths", Paths(doc, "source-paths", {"models"}));
  project.seed_paths = Paths(doc, "seed-paths", Paths(doc, "data-paths", {"seeds"}));
  project.macro_paths = Paths(doc, "macro-paths", {"macros"});
  for (const std::string& path : Paths(doc, "snapshot-paths", {"snapshots"}))
    for (const fs::path& file : FilesUnder(root / path, ".sql"))
      project.snapshots.push_back(Relative(file, root));
  for (const std::string& path : Paths(doc, "test-paths", {"tests"}))
    for (const fs::path& file : FilesUnder(root / path, ".sql"))
      if (!StartsWith(Relative(file, root / path), "generic/"))
        project.singular_tests.push_back(Relative(file, root));
  if (const YAML::Node vars = doc["vars"]; vars && vars.IsMap()) {
    for (const auto& kv : vars) {
      std::string key = kv.first.as<std::string>();
      if (key == project.name && kv.second.IsMap()) {
        for (const auto& inner : kv.second)
          project.vars[inner.first.as<std::string>()] = FromYaml(inner.second);
      } else {
        project.vars[key] = FromYaml(kv.second);
      }
    }
  }
  if (const YAML::Node models = doc["models"]; models && models.IsMap()) {
    for (const auto& kv : models) {
      if (kv.first.as<std::string>() == project.name)
        ReadConfigTree(kv.second, "", project.folder_configs, project.unconverted_configs);
      else if (!kv.second.IsMap() || StartsWith(kv.first.as<std::string>(), "+"))
        project.folder_configs[""].Set(kv.first.as<std::string>(), FromYaml(kv.second));
    }
  }

  for (const std::string& seed_path : project.seed_paths)
    for (const fs::path& csv : FilesUnder(root / seed_path, ".csv"))
      project.seeds.push_back({csv.stem().string(), Relative(csv, root), {}, ""});
  if (const YAML::Node seeds = doc["seeds"]; seeds && seeds.IsMap())
    for (const auto& kv : seeds)
      if (kv.first.as<std::string>() == project.name) ReadSeedTypes(kv.second, "", project);
}

}  // namespace

Result<DbtProject> ReadDbtProject(const std::string& dir) {
  DbtProject project;
  project.root = dir;
  const fs::path root(dir);
  const std::string project_file = (root / "dbt_project.yml").string();
  if (!FileExists(project_file))
    return Fail(Error{ErrorKind::kNotFound,
                      project_file + " not found",
                      {},
                      "pass the folder that holds dbt_project.yml with --dbt-project"});
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(project_file);
  } catch (const YAML::Exception& e) {
    return Fail(ErrorKind::kConfig, "{}: {}", project_file, e.what());
  }
  try {
    ReadProjectFile(doc, root, project);
  } catch (const YAML::Exception& e) {
    return Fail(ErrorKind::kConfig, "{}: {}", project_file, e.what());
  }

  for (const std::string& macro_path : project.macro_paths) {
    for (const fs::path& file : FilesUnder(root / macro_path, ".sql")) {
      auto text = ReadFile(file.string());
      if (text) ReadMacros(*text, Relative(file, root), project.macros);
    }
  }

  std::map<std::string, std::pair<std::string, DbtModel>> described;
  for (const std::string& model_path : project.model_paths) {
    const fs::path base = root / model_path;
    for (const fs::path& sql : FilesUnder(base, ".sql")) {
      auto text = ReadFile(sql.string());
      if (!text) return Fail(text.error());
      DbtModel m;
      m.name = sql.stem().string();
      m.file = Relative(sql, root);
      m.folder = Relative(sql.parent_path(), base);
      if (m.folder == ".") m.folder.clear();
      m.raw_code = std::move(*text);
      project.models.push_back(std::move(m));
    }
  }
  // Property files live under the model paths, and seed properties also under the seed paths.
  std::vector<std::string> property_roots = project.model_paths;
  for (const std::string& seed_path : project.seed_paths)
    if (std::find(property_roots.begin(), property_roots.end(), seed_path) == property_roots.end())
      property_roots.push_back(seed_path);
  for (const std::string& property_root : property_roots) {
    std::vector<fs::path> property_files = FilesUnder(root / property_root, ".yml");
    for (const fs::path& p : FilesUnder(root / property_root, ".yaml")) property_files.push_back(p);
    for (const fs::path& yml : property_files) {
      try {
        ReadPropertyFile(YAML::LoadFile(yml.string()), Relative(yml, root), project, described);
      } catch (const YAML::Exception& e) {
        project.problems.push_back(fmt::format("{}: {}", Relative(yml, root), e.what()));
      }
    }
  }
  for (DbtModel& m : project.models) {
    auto it = described.find(m.name);
    if (it == described.end()) continue;
    m.description = it->second.second.description;
    m.columns = it->second.second.columns;
    m.properties_config = it->second.second.properties_config;
  }
  std::sort(project.models.begin(), project.models.end(),
            [](const DbtModel& a, const DbtModel& b) { return a.name < b.name; });
  return project;
}

}  // namespace rocky::migrate
