#include "project/model_sidecar.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "project/model_toml.h"

namespace rocky::project {

namespace {

void PerModelFieldError(config::TomlTableReader& t, std::string_view key, std::string_view field) {
  t.Declare(key);
  t.Error(key, fmt::format("_defaults.toml must not declare per-model field '{}'", field));
}

// A catalog may be "" (two-part names); anything else must be an identifier.
std::optional<std::string> ReadCatalog(config::TomlTableReader& t, std::string_view key) {
  auto value = t.OptString(key);
  if (!value) return std::nullopt;
  if (!value->empty() && !CheckIdentifier(t, key, *value, t.Get(key)->span())) return std::nullopt;
  return value;
}

void ReadTarget(config::TomlTableReader& t, ConfigLevel level, ModelConfig& out) {
  out.catalog = ReadCatalog(t, "catalog");
  if (const Span* s = t.KeySpan("catalog")) out.catalog_span = *s;
  out.schema = OptIdentifier(t, "schema");
  if (const Span* s = t.KeySpan("schema")) out.schema_span = *s;
  if (!t.Has("table")) {
    t.Declare("table");
  } else if (level == ConfigLevel::kDefaults) {
    PerModelFieldError(t, "table", "target.table");
  } else {
    out.table = OptIdentifier(t, "table");
    out.table_span = *t.KeySpan("table");
  }
}

void ReadSources(config::TomlTableReader& root, ModelConfig& out) {
  for (config::TomlTableReader s : root.TableArray("sources")) {
    size_t errors = s.document().errors().size();
    ModelSource source;
    source.span = s.span();
    source.catalog = ReadCatalog(s, "catalog").value_or("");
    source.schema = RequiredIdentifier(s, "schema").value_or("");
    source.table = RequiredIdentifier(s, "table").value_or("");
    if (s.document().errors().size() == errors) out.sources.push_back(std::move(source));
  }
}

// `to_table` of a relationships test: a model name or a dotted table of up to three parts.
void CheckTableRef(config::TomlTableReader& t, std::string_view key, const std::string& ref) {
  const Span& span = t.Get(key)->span();
  std::vector<std::string> parts = Split(ref, ".");
  if (parts.size() > 3) {
    t.Error(key, fmt::format("key '{}' in {} must be a model name or a table of at most three "
                             "parts (got '{}')",
                             key, t.Where(), ref));
    return;
  }
  for (const auto& part : parts)
    if (!CheckIdentifier(t, key, part, span)) return;
}

void ReadTest(config::TomlTableReader& t, std::vector<ModelTest>& out) {
  const size_t errors = t.document().errors().size();
  ModelTest test;
  test.span = t.span();
  std::optional<size_t> type;
  if (!t.Has("type")) {
    RequireKey(t, "type");
  } else {
    type = ReadChoice(t, "type", ModelTestTypeNames());
  }
  if (!type) {
    t.Declare(
        {"column", "severity", "values", "to_table", "to_column", "expression", "min", "max"});
    return;
  }
  test.type = static_cast<ModelTestType>(*type);
  bool needs_column = test.type == ModelTestType::kNotNull || test.type == ModelTestType::kUnique ||
                      test.type == ModelTestType::kAcceptedValues ||
                      test.type == ModelTestType::kRelationships;
  test.column = needs_column ? RequiredIdentifier(t, "column") : OptIdentifier(t, "column");
  if (t.Has("severity")) {
    static const std::vector<std::string> kSeverities = {"error", "warning"};
    if (auto s = ReadChoice(t, "severity", kSeverities))
      test.severity = static_cast<TestSeverity>(*s);
  } else {
    t.Declare("severity");
  }
  switch (test.type) {
    case ModelTestType::kAcceptedValues:
      if (!t.Has("values")) {
        RequireKey(t, "values");
      } else if (auto values = t.OptStringList("values")) {
        if (values->empty())
          t.TypeError("values", "a non-empty array of strings");
        else
          test.values = std::move(*values);
      }
      break;
    case ModelTestType::kRelationships:
      if (auto to = t.RequiredString("to_table")) {
        CheckTableRef(t, "to_table", *to);
        test.to_table = std::move(*to);
      }
      test.to_column = RequiredIdentifier(t, "to_column").value_or("");
      break;
    case ModelTestType::kExpression:
      if (auto e = t.RequiredString("expression")) {
        if (Trim(*e).empty())
          t.Error("expression", fmt::format("key 'expression' in {} must not be empty", t.Where()));
        test.expression = std::move(*e);
      }
      break;
    case ModelTestType::kRowCountRange: {
      test.min = t.OptInt("min");
      test.max = t.OptInt("max");
      if (test.min && *test.min < 0) t.TypeError("min", "at least 0");
      if (test.max && *test.max < 0) t.TypeError("max", "at least 0");
      if (!t.Has("min") && !t.Has("max")) {
        t.ErrorAt(t.span(),
                  fmt::format("key 'min' or 'max' in {} is required for type 'row_count_range'",
                              t.Where()),
                  t.path());
      } else if (test.min && test.max && *test.min > *test.max) {
        t.Error("min", fmt::format("key 'min' in {} must not be greater than 'max' ({} > {})",
                                   t.Where(), *test.min, *test.max));
      }
      break;
    }
    default:
      break;
  }
  if (t.document().errors().size() == errors) out.push_back(std::move(test));
}

void ReadFormatOptions(config::TomlTableReader& t, ModelConfig& out) {
  FormatOptions& o = out.format_options;
  if (auto v = OptIdentifierList(t, "partition_by", false)) o.partition_by = std::move(*v);
  if (auto v = OptIdentifierList(t, "cluster_by", false)) o.cluster_by = std::move(*v);
  o.table_properties = t.StringMap("table_properties");
  o.comment = t.OptString("comment");
  out.partition_by_written = t.Has("partition_by");
  out.cluster_by_written = t.Has("cluster_by");
}

// `format 'delta_table' requires strategy full_refresh (strategy is 'incremental')` when a
// format or format options sit next to another strategy; `span` receives their location.
std::optional<std::string> FormatStrategyConflict(const ModelConfig& config, Span& span) {
  if (!config.strategy || config.strategy->type() == StrategyType::kFullRefresh)
    return std::nullopt;
  const char* strategy = config.strategy->TypeName();
  if (config.format && *config.format != TableFormat::kTable) {
    span = config.format_span;
    return fmt::format("format '{}' requires strategy full_refresh (strategy is '{}')",
                       TableFormatName(*config.format), strategy);
  }
  if (config.format_options_span.line > 0 && !config.format_options.empty()) {
    span = config.format_options_span;
    return fmt::format("[format_options] requires strategy full_refresh (strategy is '{}')",
                       strategy);
  }
  return std::nullopt;
}

}  // namespace

void ReadModelConfig(config::TomlTableReader root, ConfigLevel level, ModelConfig& out) {
  const bool defaults = level == ConfigLevel::kDefaults;
  // Per-model fields first, so the unknown-key pass knows them at either level.
  if (root.Has("name")) {
    if (defaults) {
      PerModelFieldError(root, "name", "name");
    } else if (auto name = root.OptString("name")) {
      const Span& span = root.Get("name")->span();
      if (CheckIdentifier(root, "name", *name, span)) out.name = std::move(*name);
      out.name_span = *root.KeySpan("name");
    }
  } else {
    root.Declare("name");
  }
  if (root.Has("depends_on")) {
    if (defaults) {
      PerModelFieldError(root, "depends_on", "depends_on");
    } else if (auto deps = root.OptStringList("depends_on")) {
      out.depends_on_span = *root.KeySpan("depends_on");
      for (const config::TomlValue& item : root.Get("depends_on")->items())
        out.depends_on_items.push_back(item.span());
      out.depends_on = std::move(*deps);
    }
  } else {
    root.Declare("depends_on");
  }
  if (root.Has("sources")) {
    if (defaults)
      PerModelFieldError(root, "sources", "sources");
    else
      ReadSources(root, out);
  } else {
    root.Declare("sources");
  }
  if (root.Has("tests")) {
    if (defaults) {
      PerModelFieldError(root, "tests", "tests");
    } else {
      for (config::TomlTableReader t : root.TableArray("tests")) ReadTest(t, out.tests);
    }
  } else {
    root.Declare("tests");
  }

  if (auto target = root.OptTable("target")) ReadTarget(*target, level, out);
  if (auto strategy = root.OptTable("strategy")) {
    out.strategy_span = strategy->span();
    out.strategy = ReadStrategy(*strategy);
  }
  out.intent = root.OptString("intent");
  if (const Span* s = root.KeySpan("intent")) out.intent_span = *s;
  if (auto freshness = root.OptTable("freshness")) {
    out.freshness_span = freshness->span();
    if (!freshness->Has("max_lag_seconds")) {
      RequireKey(*freshness, "max_lag_seconds");
    } else if (auto lag = freshness->OptInt("max_lag_seconds")) {
      if (*lag < 0)
        freshness->TypeError("max_lag_seconds", "at least 0");
      else
        out.freshness = ModelFreshness{*lag};
    }
  }
  if (auto format = ReadChoice(root, "format", TableFormatNames())) {
    out.format = static_cast<TableFormat>(*format);
    out.format_span = *root.KeySpan("format");
  }
  if (auto options = root.OptTable("format_options")) {
    out.format_options_span = options->span();
    if (const Span* key = root.KeySpan("format_options"); key && key->line > 0)
      out.format_options_span = *key;
    ReadFormatOptions(*options, out);
  }

  if (defaults) {
    // Within this file only; inherited combinations are decided per model.
    Span span;
    if (auto conflict = FormatStrategyConflict(out, span)) root.ErrorAt(span, *conflict);
  }
}

void InheritConfig(ModelConfig& c, const ModelConfig& parent) {
  if (c.strategy_span.line == 0) {
    c.strategy = parent.strategy;
    c.strategy_span = parent.strategy_span;
  }
  if (c.catalog_span.line == 0) {
    c.catalog = parent.catalog;
    c.catalog_span = parent.catalog_span;
  }
  if (c.schema_span.line == 0) {
    c.schema = parent.schema;
    c.schema_span = parent.schema_span;
  }
  if (c.intent_span.line == 0) {
    c.intent = parent.intent;
    c.intent_span = parent.intent_span;
  }
  if (c.freshness_span.line == 0) {
    c.freshness = parent.freshness;
    c.freshness_span = parent.freshness_span;
  }
  if (c.format_span.line == 0) {
    c.format = parent.format;
    c.format_span = parent.format_span;
  }
  FormatOptions& o = c.format_options;
  const FormatOptions& p = parent.format_options;
  if (!c.partition_by_written) {
    o.partition_by = p.partition_by;
    c.partition_by_written = parent.partition_by_written;
  }
  if (!c.cluster_by_written) {
    o.cluster_by = p.cluster_by;
    c.cluster_by_written = parent.cluster_by_written;
  }
  if (!p.table_properties.empty()) {
    std::vector<std::pair<std::string, std::string>> merged = p.table_properties;
    for (auto& [key, value] : o.table_properties) {
      auto it = std::find_if(merged.begin(), merged.end(),
                             [&key](const auto& kv) { return kv.first == key; });
      if (it != merged.end())
        it->second = std::move(value);
      else
        merged.emplace_back(std::move(key), std::move(value));
    }
    o.table_properties = std::move(merged);
  }
  if (!o.comment) o.comment = p.comment;
  if (c.format_options_span.line == 0) c.format_options_span = parent.format_options_span;
}

ModelFileParts SplitFrontmatter(std::string_view text) {
  ModelFileParts parts;
  parts.body = text;
  size_t first_end = text.find('\n');
  std::string_view first = text.substr(0, first_end);
  while (!first.empty() && (first.back() == ' ' || first.back() == '\t' || first.back() == '\r'))
    first.remove_suffix(1);
  if (first != "---toml") return parts;
  if (first_end == std::string_view::npos) {
    parts.error = "unterminated ---toml frontmatter: no closing '---' line";
    return parts;
  }
  size_t pos = first_end + 1;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view row =
        text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row == "---") {
      parts.frontmatter = "\n" + std::string(text.substr(first_end + 1, pos - first_end - 1));
      parts.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      parts.body_line = line + 1;
      return parts;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  parts.error = "unterminated ---toml frontmatter: no closing '---' line";
  return parts;
}

std::string NormalizeSqlText(std::string_view body, int line, Span& span) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  size_t begin = 0;
  int col = 1;
  while (begin < body.size() && is_space(body[begin])) {
    if (body[begin] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    ++begin;
  }
  size_t end = body.size();
  while (end > begin && is_space(body[end - 1])) --end;
  if (end > begin && body[end - 1] == ';') {
    --end;
    while (end > begin && is_space(body[end - 1])) --end;
  }
  span.line = line;
  span.col = col;
  span.len = static_cast<int>(end - begin);
  return std::string(body.substr(begin, end - begin));
}

}  // namespace rocky::project
