// target/manifest.json: only the fields the import needs are read, each optional, so manifests
// of older and newer dbt versions (`compiled_sql` before 1.3, `compiled_code` after) both work.

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/strings.h"
#include "migrate/dbt_project.h"

namespace rocky::migrate {

namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

JinjaValue FromJson(const json& j) {
  if (j.is_boolean()) return JinjaValue::Bool(j.get<bool>());
  if (j.is_number()) return JinjaValue::Number(j.get<double>());
  if (j.is_string()) return JinjaValue::String(j.get<std::string>());
  if (j.is_array()) {
    std::vector<JinjaValue> items;
    for (const json& item : j) items.push_back(FromJson(item));
    return JinjaValue::List(std::move(items));
  }
  if (j.is_object()) {
    std::map<std::string, JinjaValue> fields;
    for (auto it = j.begin(); it != j.end(); ++it) fields[it.key()] = FromJson(it.value());
    return JinjaValue::Dict(std::move(fields));
  }
  return JinjaValue{};
}

DbtConfig ConfigOf(const json& node) {
  DbtConfig config;
  auto it = node.find("config");
  if (it == node.end() || !it->is_object()) return config;
  for (auto kv = it->begin(); kv != it->end(); ++kv)
    if (!kv.value().is_null()) config.Set(kv.key(), FromJson(kv.value()));
  return config;
}

// The unique id of the model a test node is attached to.
std::string AttachedNode(const json& node) {
  if (std::string attached = Str(node, "attached_node"); !attached.empty()) return attached;
  if (auto deps = node.find("depends_on"); deps != node.end() && deps->contains("nodes"))
    for (const json& id : (*deps)["nodes"])
      if (id.is_string() && StartsWith(id.get<std::string>(), "model."))
        return id.get<std::string>();
  return "";
}

DbtTest TestOf(const json& node, const json& all_nodes, const std::string& file) {
  const json& meta = node["test_metadata"];
  DbtTest test;
  std::string ns = Str(meta, "namespace");
  test.test_name = (ns.empty() ? "" : ns + ".") + Str(meta, "name");
  test.file = file;
  std::string attached = AttachedNode(node);
  if (auto it = all_nodes.find(attached); it != all_nodes.end()) test.model = Str(*it, "name");
  if (auto deps = node.find("depends_on");
      test.model.empty() && deps != node.end() && deps->contains("nodes"))
    for (const json& id : (*deps)["nodes"])
      if (id.is_string() && StartsWith(id.get<std::string>(), "source.")) {
        // source.<package>.<source>.<table>
        std::vector<std::string> parts = Split(id.get<std::string>(), ".");
        if (parts.size() >= 4) test.source = parts[2] + "." + parts[3];
      }
  test.column = Str(node, "column_name");
  test.arguments = JinjaValue::Dict({});
  if (auto kwargs = meta.find("kwargs"); kwargs != meta.end() && kwargs->is_object()) {
    for (auto kv = kwargs->begin(); kv != kwargs->end(); ++kv) {
      if (kv.key() == "model") continue;
      if (kv.key() == "column_name") {
        if (test.column.empty() && kv.value().is_string())
          test.column = kv.value().get<std::string>();
        continue;
      }
      test.arguments.fields[kv.key()] = FromJson(kv.value());
    }
  }
  if (auto config = node.find("config"); config != node.end() && config->is_object()) {
    if (std::string s = Str(*config, "severity"); !s.empty()) test.severity = ToLower(s);
    test.where = Str(*config, "where");
  }
  return test;
}

// Everything the import reads from a parsed manifest; nlohmann throws on a value of another
// shape, which the caller reports.
void ApplyManifestDocument(const json& doc, DbtProject& project) {
  const json& metadata = doc.value("metadata", json::object());
  project.dbt_version = Str(metadata, "dbt_version");
  if (std::string name = Str(metadata, "project_name"); !name.empty()) project.name = name;

  const json& nodes = doc.at("nodes");
  std::vector<DbtTest> tests;
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    const json& node = it.value();
    std::string type = Str(node, "resource_type");
    std::string package = Str(node, "package_name");
    if (!package.empty() && !project.name.empty() && package != project.name) {
      if (type == "model") project.package_models.push_back(package + "." + Str(node, "name"));
      continue;
    }
    if (type == "seed") {
      for (DbtSeed& seed : project.seeds) {
        if (seed.name != Str(node, "name")) continue;
        seed.relation_name = Str(node, "relation_name");
        if (auto config = node.find("config");
            config != node.end() && config->contains("column_types"))
          for (auto kv = (*config)["column_types"].begin(); kv != (*config)["column_types"].end();
               ++kv)
            if (kv.value().is_string()) seed.column_types[kv.key()] = kv.value().get<std::string>();
      }
      continue;
    }
    if (type == "test") {
      if (node.contains("test_metadata"))
        tests.push_back(TestOf(node, nodes, Str(node, "original_file_path")));
      continue;
    }
    if (type != "model") continue;
    std::string name = Str(node, "name");
    DbtModel* model = nullptr;
    for (DbtModel& m : project.models)
      if (m.name == name) model = &m;
    if (!model) {
      // A model the manifest knows but the model folders do not (another model path).
      DbtModel m;
      m.name = name;
      m.file = Str(node, "original_file_path");
      std::string path = Str(node, "path");
      m.folder = std::filesystem::path(path).parent_path().generic_string();
      m.raw_code = Str(node, "raw_code");
      project.models.push_back(std::move(m));
      model = &project.models.back();
    }
    std::string compiled = Str(node, "compiled_code");
    if (compiled.empty()) compiled = Str(node, "compiled_sql");
    if (!compiled.empty()) model->compiled_code = compiled;
    model->resolved_config = ConfigOf(node);
    model->relation_name = Str(node, "relation_name");
    model->description = Str(node, "description");
    if (auto columns = node.find("columns"); columns != node.end() && columns->is_object()) {
      model->columns.clear();
      for (auto c = columns->begin(); c != columns->end(); ++c)
        model->columns.push_back(
            {c.key(), Str(c.value(), "description"), Str(c.value(), "data_type")});
    }
  }
  project.tests = std::move(tests);

  if (auto sources = doc.find("sources"); sources != doc.end() && sources->is_object()) {
    project.sources.clear();
    for (auto it = sources->begin(); it != sources->end(); ++it) {
      const json& s = it.value();
      std::string database = Str(s, "database");
      std::string identifier = Str(s, "identifier");
      if (identifier.empty()) identifier = Str(s, "name");
      project.sources.push_back(
          {Str(s, "source_name"), Str(s, "name"),
           (database.empty() ? "" : database + ".") + Str(s, "schema") + "." + identifier,
           Str(s, "relation_name")});
    }
  }
  std::sort(project.models.begin(), project.models.end(),
            [](const DbtModel& a, const DbtModel& b) { return a.name < b.name; });
}

}  // namespace

Result<void> ApplyDbtManifest(DbtProject& project, const std::string& manifest_path) {
  auto text = ReadFile(manifest_path);
  if (!text) return Fail(text.error());
  json doc;
  try {
    doc = json::parse(*text);
  } catch (const json::exception& e) {
    return Fail(ErrorKind::kConfig, "{}: not valid JSON: {}", manifest_path, e.what());
  }
  if (!doc.is_object() || !doc.contains("nodes") || !doc["nodes"].is_object())
    return Fail(ErrorKind::kConfig, "{}: not a dbt manifest (no 'nodes' object)", manifest_path);
  try {
    ApplyManifestDocument(doc, project);
  } catch (const json::exception& e) {
    return Fail(ErrorKind::kConfig, "{}: unexpected manifest content: {}", manifest_path, e.what());
  }
  return Ok();
}

}  // namespace rocky::migrate
