// LoadConfig: config.md §1 steps 1-7. The TOML tree is read through the schema reader, which
// records type errors and, at the end, the unknown keys. Keys valid only for another adapter or
// pipeline type are never declared for this one, so they come out as unknown.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "base/file.h"
#include "base/strings.h"
#include "config/config.h"
#include "config/toml_document.h"

namespace rocky::config {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTopLevelKeys[] = {"adapter", "adapters", "pipeline", "pipelines",
                                              "state",   "hook",     "hooks",    "cost",
                                              "cache",   "ai"};
// Keys whose presence directly under [pipeline] means the shorthand `pipeline.default`.
constexpr std::string_view kPipelineShorthandKeys[] = {
    "type", "source", "target", "strategy", "models", "tables", "unique_key", "source_dir"};

std::string JoinViews(std::initializer_list<std::string_view> values, std::string_view sep) {
  std::string out;
  for (auto v : values) {
    if (!out.empty()) out.append(sep);
    out.append(v);
  }
  return out;
}

class Loader {
 public:
  Loader(const std::string& path, const EnvLookup& env, std::vector<DeclaredKey>* declared)
      : path_(path), env_(env), declared_(declared) {}

  ConfigLoad Load(std::string_view text);

 private:
  // Spec-worded fatal error: the message is kept as the spec writes it (no location prefix);
  // file and line still point at the key.
  void Fatal(const char* code, std::string message, const Span& at, std::string field) {
    ConfigIssue issue;
    issue.severity = "error";
    issue.code = code;
    issue.message = std::move(message);
    issue.file = path_;
    if (at.line > 0) issue.line = at.line;
    if (!field.empty()) issue.field = std::move(field);
    fatal_.push_back(std::move(issue));
  }
  void FatalAtKey(const char* code, std::string message, TomlTableReader& r, std::string_view key) {
    const Span* s = r.KeySpan(key);
    Fatal(code, std::move(message), s ? *s : r.span(), r.Field(key));
  }

  std::optional<std::string> Env(const char* name) const {
    return env_ ? env_(name) : std::nullopt;
  }
  std::optional<std::string> OptPath(TomlTableReader& r, std::string_view key) {
    auto v = r.OptString(key);
    if (!v) return std::nullopt;
    return config_.ResolvePath(*v);
  }
  // Where the present ones of `keys` got their values, for `doctor`: `NAME` for a value that
  // rocky.toml reads from the environment (`${NAME}`), else "rocky.toml"; "" when none is set.
  std::string CredentialOrigin(TomlTableReader& r, std::initializer_list<std::string_view> keys) {
    std::vector<std::string> origins;
    for (std::string_view key : keys) {
      const Span* span = r.KeySpan(key);
      if (!span || !r.Has(key)) continue;
      std::string origin = "rocky.toml";
      std::string_view line = LineAt(original_text_, span->line);
      if (size_t at = line.find("${"); at != std::string_view::npos) {
        size_t end = at + 2;
        while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                                     line[end] == '_'))
          ++end;
        if (end > at + 2) origin = std::string(line.substr(at + 2, end - at - 2));
      }
      if (std::find(origins.begin(), origins.end(), origin) == origins.end())
        origins.push_back(std::move(origin));
    }
    return Join(origins, ", ");
  }
  static std::string_view LineAt(std::string_view text, int line) {
    for (int i = 1; i < line; ++i) {
      size_t nl = text.find('\n');
      if (nl == std::string_view::npos) return {};
      text.remove_prefix(nl + 1);
    }
    return text.substr(0, text.find('\n'));
  }
  Secret SecretKey(TomlTableReader& r, std::string_view key) {
    auto v = r.OptString(key);
    return v ? Secret(std::move(*v)) : Secret();
  }
  // A closed set of string values; anything else is a located error naming the choices.
  template <typename E>
  E Choice(TomlTableReader& r, std::string_view key,
           std::initializer_list<std::pair<std::string_view, E>> choices, E default_value);
  std::optional<TomlTableReader> Section(TomlTableReader& root, std::string_view singular,
                                         std::string_view plural);

  void ReadAdapter(const std::string& name, TomlTableReader r);
  void ReadRetry(TomlTableReader& r, RetryConfig& retry);
  void ReadPipeline(const std::string& name, TomlTableReader r);
  void ReadReplication(TomlTableReader& r, PipelineConfig& p);
  void ReadGovernance(TomlTableReader& target, GovernanceConfig& g);
  std::vector<GrantConfig> ReadGrants(TomlTableReader& r, std::string_view key);
  void ReadChecks(TomlTableReader r, ChecksConfig& checks);
  void ReadExecution(TomlTableReader r, ExecutionConfig& e);
  void ReadState(TomlTableReader r);
  void ReadHooks(TomlTableReader r);
  void ReadCost(TomlTableReader r);
  void ReadCache(TomlTableReader r);
  void ReadAi(TomlTableReader r);

  std::string path_;
  const EnvLookup& env_;
  std::vector<DeclaredKey>* declared_;
  std::string_view original_text_;  // before ${NAME} substitution
  Config config_;
  std::vector<ConfigIssue> fatal_;
};

template <typename E>
E Loader::Choice(TomlTableReader& r, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, E>> choices, E default_value) {
  auto v = r.OptString(key);
  if (!v) return default_value;
  for (const auto& [name, value] : choices)
    if (*v == name) return value;
  std::vector<std::string> names;
  for (const auto& c : choices) names.push_back(fmt::format("'{}'", c.first));
  r.Error(key, fmt::format("key '{}' in {} must be one of {} (got '{}')", key, r.Where(),
                           Join(names, ", "), *v));
  return default_value;
}

std::optional<TomlTableReader> Loader::Section(TomlTableReader& root, std::string_view singular,
                                               std::string_view plural) {
  if (root.Has(singular) && root.Has(plural)) {
    FatalAtKey("V001", fmt::format("both [{}] and [{}] are defined", singular, plural), root,
               plural);
    root.Declare(singular);
    root.Declare(plural);
    return std::nullopt;
  }
  return root.OptTable(root.Has(plural) ? plural : singular);
}

ConfigLoad Loader::Load(std::string_view text) {
  ConfigLoad out;
  fs::path parent = fs::path(path_).parent_path();
  config_.path = path_;
  config_.project_dir = parent.empty() ? "." : parent.string();

  original_text_ = text;
  auto substituted = SubstituteEnv(text, env_);
  if (!substituted) {
    ConfigIssue issue{"error", "V001", substituted.error().message, path_, {}, {}};
    out.issues.push_back(std::move(issue));
    return out;
  }
  config_.raw_text = std::move(*substituted);

  auto parsed = ParseToml(config_.raw_text, path_);
  if (!parsed) {
    ConfigIssue issue{"error", "V001", parsed.error().message, path_, {}, {}};
    issue.message_located = true;
    // The message is "PATH:LINE:COL: ..."; keep the line for JSON output.
    std::string_view rest = std::string_view(issue.message).substr(path_.size());
    if (StartsWith(rest, ":")) {
      int line = 0;
      for (size_t i = 1; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i)
        line = line * 10 + (rest[i] - '0');
      if (line > 0) issue.line = line;
    }
    out.issues.push_back(std::move(issue));
    return out;
  }

  const TomlValue& tree = *parsed;
  TomlDocumentReader doc(tree, path_);
  doc.RecordDeclaredKeys(declared_);
  TomlTableReader root = doc.Root();
  for (auto key : kTopLevelKeys) root.Declare(key);

  if (auto section = Section(root, "adapter", "adapters")) {
    if (section->Has("type")) {
      ReadAdapter("default", *section);
    } else {
      for (auto& [name, r] : section->SubTables()) ReadAdapter(name, r);
    }
  }
  if (auto section = Section(root, "pipeline", "pipelines")) {
    // `source` and `target` are tables in the shorthand too; the other keys never are, so
    // `[pipeline.models]` is a pipeline named "models", not `models = ...` of the shorthand.
    bool shorthand =
        std::any_of(std::begin(kPipelineShorthandKeys), std::end(kPipelineShorthandKeys),
                    [&](std::string_view k) {
                      const TomlValue* v = section->table().Find(k);
                      return v != nullptr &&
                             (!v->IsTable() || k == "source" || k == "target");
                    });
    if (shorthand) {
      ReadPipeline("default", *section);
    } else {
      for (auto& [name, r] : section->SubTables()) ReadPipeline(name, r);
    }
  }
  config_.state.path = config_.ResolvePath(".rocky/state.db");
  if (auto region = Env("AWS_REGION"); region && !region->empty())
    config_.state.s3_region = *region;
  if (auto r = root.OptTable("state")) ReadState(*r);
  if (auto r = Section(root, "hook", "hooks")) ReadHooks(*r);
  if (auto r = root.OptTable("cost")) ReadCost(*r);
  if (auto r = root.OptTable("cache")) ReadCache(*r);
  if (auto r = root.OptTable("ai")) ReadAi(*r);

  for (const TomlIssue& e : doc.errors()) {
    ConfigIssue issue{"error", "V001", e.Located(), path_, {}, {}};
    if (e.span.line > 0) issue.line = e.span.line;
    if (!e.field.empty()) issue.field = e.field;
    issue.message_located = true;
    fatal_.push_back(std::move(issue));
  }
  std::stable_sort(fatal_.begin(), fatal_.end(), [](const ConfigIssue& a, const ConfigIssue& b) {
    return a.line.value_or(0) < b.line.value_or(0);
  });
  out.issues = std::move(fatal_);
  for (const TomlIssue& u : doc.UnknownKeys()) {
    ConfigIssue issue{"warn", "V002", u.message, path_, {}, u.field};
    if (u.span.line > 0) issue.line = u.span.line;
    out.issues.push_back(std::move(issue));
  }
  bool fatal = std::any_of(out.issues.begin(), out.issues.end(),
                           [](const ConfigIssue& i) { return i.severity == "error"; });
  if (!fatal) out.config = std::move(config_);
  return out;
}

// ---- Adapters --------------------------------------------------------------------------------

void Loader::ReadAdapter(const std::string& name, TomlTableReader r) {
  AdapterConfig a;
  a.name = name;
  a.line = r.span().line;
  auto type = r.RequiredString("type");
  if (!type) {
    r.AcceptAnyKey();
    return;
  }
  a.type = *type;
  if (std::find(std::begin(kAdapterTypes), std::end(kAdapterTypes), a.type) ==
      std::end(kAdapterTypes)) {
    FatalAtKey("V017",
               fmt::format("unsupported adapter type '{}'. Supported types: {}", a.type,
                           JoinViews({kAdapterTypes[0], kAdapterTypes[1], kAdapterTypes[2],
                                      kAdapterTypes[3], kAdapterTypes[4], kAdapterTypes[5]},
                                     ", ")),
               r, "type");
    r.AcceptAnyKey();
    return;
  }
  if (a.type == "duckdb") {
    a.path = OptPath(r, "path");
  } else if (a.type == "databricks") {
    a.host = r.String("host", "");
    a.http_path = r.String("http_path", "");
    bool any_credential = r.Has("token") || r.Has("client_id") || r.Has("client_secret");
    a.token = SecretKey(r, "token");
    a.client_id = r.String("client_id", "");
    a.client_secret = SecretKey(r, "client_secret");
    if (any_credential) {
      a.credentials_from = CredentialOrigin(r, {"token", "client_id", "client_secret"});
    } else {
      std::vector<std::string> used;
      if (auto v = Env("DATABRICKS_TOKEN")) (a.token = Secret(*v), used.push_back("DATABRICKS_TOKEN"));
      if (auto v = Env("DATABRICKS_CLIENT_ID")) (a.client_id = *v, used.push_back("DATABRICKS_CLIENT_ID"));
      if (auto v = Env("DATABRICKS_CLIENT_SECRET"))
        (a.client_secret = Secret(*v), used.push_back("DATABRICKS_CLIENT_SECRET"));
      a.credentials_from = Join(used, ", ");
    }
    a.timeout_secs = r.Int("timeout_secs", 120, 1);
    ReadRetry(r, a.retry);
  } else if (a.type == "snowflake") {
    a.account = r.String("account", "");
    a.warehouse = r.String("warehouse", "");
    a.username = r.OptString("username");
    a.oauth_token = SecretKey(r, "oauth_token");
    a.private_key_path = OptPath(r, "private_key_path");
    a.private_key_passphrase = SecretKey(r, "private_key_passphrase");
    a.token = SecretKey(r, "token");
    // The credential used (oauth_token, then private_key_path, then token) and where it came from.
    a.credentials_from = CredentialOrigin(r, {!a.oauth_token.empty()   ? "oauth_token"
                                              : a.private_key_path      ? "private_key_path"
                                                                        : "token"});
    a.role = r.OptString("role");
    a.database = r.OptString("database");
    a.schema = r.OptString("schema");
    a.timeout_secs = r.Int("timeout_secs", 120, 1);
    a.base_url =
        r.String("base_url", a.account.empty()
                                 ? std::string()
                                 : fmt::format("https://{}.snowflakecomputing.com", a.account));
    if (r.Has("password")) {
      r.Declare("password");  // rejected below, so not "unknown" as well
      FatalAtKey("V018",
                 "snowflake password authentication is not supported by the SQL API; use "
                 "private_key_path, oauth_token or token",
                 r, "password");
    }
    ReadRetry(r, a.retry);
  } else if (a.type == "fivetran") {
    a.destination_id = r.String("destination_id", "");
    a.api_key = SecretKey(r, "api_key");
    a.api_secret = SecretKey(r, "api_secret");
    if (!a.api_key.empty()) a.credentials_from = CredentialOrigin(r, {"api_key", "api_secret"});
    a.base_url = r.String("base_url", "https://api.fivetran.com");
    ReadRetry(r, a.retry);
  } else if (a.type == "manual") {
    for (auto& s : r.TableArray("schemas")) {
      ManualSchemaConfig schema;
      schema.name = s.RequiredString("name").value_or("");
      schema.tables = s.StringList("tables");
      a.schemas.push_back(std::move(schema));
    }
  } else if (a.type == "process") {
    a.command = r.RequiredString("command").value_or("");
    a.args = r.StringList("args");
    a.env = r.StringMap("env");
    if (const TomlValue* c = r.Get("config")) {
      if (c->IsTable())
        a.config = c->ToJson();
      else
        r.TypeError("config", "a table");
    }
    a.timeout_secs = r.Int("timeout_secs", 300, 1);
  }
  config_.adapters.push_back(std::move(a));
}

void Loader::ReadRetry(TomlTableReader& r, RetryConfig& retry) {
  auto t = r.OptTable("retry");
  if (!t) return;
  retry.max_retries = t->Int("max_retries", retry.max_retries, 0);
  retry.initial_backoff_ms = t->Int("initial_backoff_ms", retry.initial_backoff_ms, 0);
  retry.max_backoff_ms = t->Int("max_backoff_ms", retry.max_backoff_ms, 0);
  retry.backoff_multiplier = t->Number("backoff_multiplier", retry.backoff_multiplier);
  retry.jitter = t->Bool("jitter", retry.jitter);
  retry.circuit_breaker_threshold =
      t->Int("circuit_breaker_threshold", retry.circuit_breaker_threshold, 0);
  retry.circuit_breaker_cooldown_secs =
      t->Int("circuit_breaker_cooldown_secs", retry.circuit_breaker_cooldown_secs, 0);
}

// ---- Pipelines -------------------------------------------------------------------------------

void Loader::ReadPipeline(const std::string& name, TomlTableReader r) {
  PipelineConfig p;
  p.name = name;
  p.line = r.span().line;
  std::string type = r.String("type", "replication");
  auto parsed = ParsePipelineType(type);
  if (!parsed) {
    FatalAtKey("V001",
               fmt::format("unsupported pipeline type: '{}'. Supported types: replication, "
                           "transformation, quality, snapshot, load",
                           type),
               r, "type");
    r.AcceptAnyKey();
    return;
  }
  p.type = *parsed;
  p.depends_on = r.StringList("depends_on");
  if (auto checks = r.OptTable("checks")) {
    p.checks_present = true;
    ReadChecks(*checks, p.checks);
  }
  if (auto execution = r.OptTable("execution")) ReadExecution(*execution, p.execution);

  switch (p.type) {
    case PipelineType::kReplication:
      ReadReplication(r, p);
      break;
    case PipelineType::kTransformation: {
      std::string models = r.String("models", "models");
      for (std::string_view suffix : {"/**", "/*"}) {
        if (EndsWith(models, suffix)) {
          models.erase(models.size() - suffix.size());
          break;
        }
      }
      while (models.size() > 1 && models.back() == '/') models.pop_back();
      if (models.empty()) models = ".";
      p.models = config_.ResolvePath(models);
      if (auto t = r.OptTable("target")) {
        p.target.adapter = t->OptString("adapter");
        ReadGovernance(*t, p.target.governance);
      }
      break;
    }
    case PipelineType::kQuality:
      if (auto t = r.OptTable("target")) p.target.adapter = t->OptString("adapter");
      for (auto& t : r.TableArray("tables")) {
        QualityTableConfig q;
        q.catalog = t.RequiredString("catalog").value_or("");
        q.schema = t.RequiredString("schema").value_or("");
        q.table = t.OptString("table");
        p.tables.push_back(std::move(q));
      }
      break;
    case PipelineType::kSnapshot:
      p.unique_key = r.StringList("unique_key");
      p.updated_at = r.RequiredString("updated_at").value_or("");
      p.invalidate_hard_deletes = r.Bool("invalidate_hard_deletes", false);
      if (auto s = r.OptTable("source")) {
        p.source.adapter = s->OptString("adapter");
        p.source.catalog = s->String("catalog", "");
        p.source.schema = s->RequiredString("schema").value_or("");
        p.source.table = s->RequiredString("table").value_or("");
      } else {
        r.Error("source", fmt::format("key 'source' in {} is required", r.Where()));
      }
      if (auto t = r.OptTable("target")) {
        p.target.adapter = t->OptString("adapter");
        p.target.catalog = t->String("catalog", "");
        p.target.schema = t->RequiredString("schema").value_or("");
        p.target.table = t->OptString("table");
        ReadGovernance(*t, p.target.governance);
      } else {
        r.Error("target", fmt::format("key 'target' in {} is required", r.Where()));
      }
      if (!p.target.table && !p.source.table.empty()) p.target.table = p.source.table;
      break;
    case PipelineType::kLoad: {
      if (auto dir = r.RequiredString("source_dir")) p.source_dir = config_.ResolvePath(*dir);
      if (auto format = r.OptString("format")) {
        bool known = false;
        for (auto f : {LoadFormat::kCsv, LoadFormat::kParquet, LoadFormat::kJsonl}) {
          if (*format == LoadFormatName(f)) {
            p.format = f;
            known = true;
          }
        }
        if (!known)
          r.Error("format", fmt::format("key 'format' in {} must be one of 'csv', 'parquet', "
                                        "'jsonl' (got '{}')",
                                        r.Where(), *format));
      }
      if (auto t = r.OptTable("target")) {
        p.target.adapter = t->OptString("adapter");
        p.target.catalog = t->String("catalog", "");
        p.target.schema = t->RequiredString("schema").value_or("");
        p.target.table = t->OptString("table");
        ReadGovernance(*t, p.target.governance);
      } else {
        r.Error("target", fmt::format("key 'target' in {} is required", r.Where()));
      }
      if (auto o = r.OptTable("options")) {
        LoadOptionsConfig& opt = p.options;
        opt.batch_size = o->Int("batch_size", opt.batch_size, 1);
        opt.create_table = o->Bool("create_table", opt.create_table);
        opt.truncate_first = o->Bool("truncate_first", opt.truncate_first);
        opt.csv_delimiter = o->String("csv_delimiter", opt.csv_delimiter);
        opt.csv_has_header = o->Bool("csv_has_header", opt.csv_has_header);
      }
      break;
    }
  }
  config_.pipelines.push_back(std::move(p));
}

void Loader::ReadReplication(TomlTableReader& r, PipelineConfig& p) {
  if (auto strategy = r.OptString("strategy")) {
    if (*strategy == "incremental") {
      p.strategy = ReplicationStrategy::kIncremental;
    } else if (*strategy == "full_refresh") {
      p.strategy = ReplicationStrategy::kFullRefresh;
    } else {
      FatalAtKey("V001",
                 fmt::format("unsupported replication strategy '{}' (expected incremental or "
                             "full_refresh)",
                             *strategy),
                 r, "strategy");
    }
  }
  p.timestamp_column = r.String("timestamp_column", p.timestamp_column);
  for (auto& m : r.TableArray("metadata_columns")) {
    MetadataColumnConfig column;
    column.name = m.RequiredString("name").value_or("");
    column.type = m.RequiredString("type").value_or("");
    column.value = m.RequiredString("value").value_or("");
    p.metadata_columns.push_back(std::move(column));
  }
  if (auto s = r.OptTable("source")) {
    p.source.adapter = s->OptString("adapter");
    p.source.catalog = s->String("catalog", "");
    if (auto sp = s->OptTable("schema_pattern")) {
      SchemaPatternConfig& pattern = p.source.schema_pattern;
      pattern.present = true;
      pattern.line = sp->span().line;
      pattern.prefix = sp->String("prefix", "");
      pattern.separator = sp->String("separator", pattern.separator);
      pattern.components = sp->StringList("components");
    }
    if (auto d = s->OptTable("discovery")) p.source.discovery_adapter = d->OptString("adapter");
  }
  if (auto t = r.OptTable("target")) {
    p.target.adapter = t->OptString("adapter");
    p.target.catalog_template = t->RequiredString("catalog_template").value_or("");
    p.target.schema_template = t->RequiredString("schema_template").value_or("");
    p.target.separator = t->OptString("separator");
    ReadGovernance(*t, p.target.governance);
  } else {
    r.Error("target", fmt::format("key 'target' in {} is required", r.Where()));
  }
}

void Loader::ReadGovernance(TomlTableReader& target, GovernanceConfig& g) {
  auto r = target.OptTable("governance");
  if (!r) return;
  g.line = r->span().line;
  if (auto v = r->OptBool("auto_create_catalogs")) {
    g.auto_create_catalogs = *v;
    g.auto_create_catalogs_written = true;
  }
  g.auto_create_schemas = r->OptBool("auto_create_schemas");
  g.tag_prefix = r->String("tag_prefix", "");
  g.tags = r->StringMap("tags");
  if (auto iso = r->OptTable("isolation")) {
    g.isolation.enabled = iso->Bool("enabled", false);
    for (auto& w : iso->TableArray("workspace_ids")) {
      WorkspaceBinding b;
      if (auto id = w.OptInt("id")) {
        if (*id < 0)
          w.TypeError("id", "a non-negative integer");
        else
          b.id = static_cast<uint64_t>(*id);
      } else if (!w.Has("id")) {
        w.Error("id", fmt::format("key 'id' in {} is required", w.Where()));
      }
      b.binding_type = Choice<std::string_view>(
          w, "binding_type", {{"READ_WRITE", "READ_WRITE"}, {"READ_ONLY", "READ_ONLY"}},
          "READ_WRITE");
      g.isolation.workspace_ids.push_back(std::move(b));
    }
  }
  g.grants = ReadGrants(*r, "grants");
  g.schema_grants = ReadGrants(*r, "schema_grants");
}

std::vector<GrantConfig> Loader::ReadGrants(TomlTableReader& r, std::string_view key) {
  std::vector<GrantConfig> out;
  for (auto& t : r.TableArray(key)) {
    GrantConfig grant;
    grant.principal = t.RequiredString("principal").value_or("");
    grant.permissions = t.StringList("permissions");
    out.push_back(std::move(grant));
  }
  return out;
}

void Loader::ReadChecks(TomlTableReader r, ChecksConfig& c) {
  c.enabled = r.Bool("enabled", c.enabled);
  c.row_count = r.Bool("row_count", c.row_count);
  c.column_match = r.Bool("column_match", c.column_match);
  if (auto f = r.OptTable("freshness")) {
    FreshnessCheckConfig fresh;
    if (!f->Has("threshold_seconds"))
      f->Error("threshold_seconds",
               fmt::format("key 'threshold_seconds' in {} is required", f->Where()));
    fresh.threshold_seconds = f->Int("threshold_seconds", 0, 0);
    fresh.column = f->OptString("column");
    for (auto& [schema, seconds] : f->IntMap("overrides")) fresh.overrides[schema] = seconds;
    c.freshness = std::move(fresh);
  }
  if (auto n = r.OptTable("null_rate")) {
    NullRateCheckConfig nr;
    nr.columns = n->StringList("columns");
    auto threshold = n->OptNumber("threshold");
    auto pct = n->OptNumber("threshold_pct");
    if (n->Has("threshold") == n->Has("threshold_pct")) {
      n->ErrorAt(n->span(),
                 fmt::format("{} needs exactly one of threshold (0..1) or threshold_pct (0..100)",
                             n->Where()),
                 n->path());
    } else if (threshold) {
      if (*threshold < 0 || *threshold > 1) n->TypeError("threshold", "between 0 and 1");
      nr.threshold = *threshold;
    } else if (pct) {
      if (*pct < 0 || *pct > 100) n->TypeError("threshold_pct", "between 0 and 100");
      nr.threshold = *pct / 100.0;
    }
    nr.sample_percent = n->Int("sample_percent", nr.sample_percent, 1);
    if (nr.sample_percent > 100) n->TypeError("sample_percent", "between 1 and 100");
    c.null_rate = std::move(nr);
  }
  for (auto& t : r.TableArray("custom")) {
    CustomCheckConfig custom;
    custom.name = t.RequiredString("name").value_or("");
    custom.sql = t.RequiredString("sql").value_or("");
    custom.threshold = t.Int("threshold", 0);
    c.custom.push_back(std::move(custom));
  }
  c.anomaly_threshold_pct = r.Number("anomaly_threshold_pct", c.anomaly_threshold_pct);
  if (c.anomaly_threshold_pct < 0) r.TypeError("anomaly_threshold_pct", "at least 0");
}

void Loader::ReadExecution(TomlTableReader r, ExecutionConfig& e) {
  e.concurrency = r.Int("concurrency", e.concurrency, 1);
  e.fail_fast = r.Bool("fail_fast", e.fail_fast);
  e.error_rate_abort_pct = r.Int("error_rate_abort_pct", e.error_rate_abort_pct, 0);
  if (e.error_rate_abort_pct > 100) r.TypeError("error_rate_abort_pct", "between 0 and 100");
  e.table_retries = r.Int("table_retries", e.table_retries, 0);
  e.adaptive_concurrency = r.Bool("adaptive_concurrency", e.adaptive_concurrency);
}

// ---- Other sections --------------------------------------------------------------------------

void Loader::ReadState(TomlTableReader r) {
  StateConfig& s = config_.state;
  s.line = r.span().line;
  if (auto p = OptPath(r, "path")) s.path = *p;
  if (auto backend = r.OptString("backend")) {
    s.backend_written = true;
    bool known = false;
    for (auto b :
         {StateBackend::kLocal, StateBackend::kS3, StateBackend::kValkey, StateBackend::kTiered}) {
      if (*backend == StateBackendName(b)) {
        s.backend = b;
        known = true;
      }
    }
    if (!known)
      FatalAtKey("V001",
                 fmt::format("unsupported state backend '{}'. Supported backends: local, s3, "
                             "valkey, tiered",
                             *backend),
                 r, "backend");
  }
  s.s3_bucket = r.OptString("s3_bucket");
  s.s3_prefix = r.String("s3_prefix", s.s3_prefix);
  s.s3_region = r.String("s3_region", s.s3_region);
  s.s3_endpoint = r.OptString("s3_endpoint");
  s.valkey_url = SecretKey(r, "valkey_url");
  s.valkey_prefix = r.String("valkey_prefix", s.valkey_prefix);
  s.sync_interval_secs = r.Int("sync_interval_secs", s.sync_interval_secs, 1);
  s.lock_ttl_secs = r.Int("lock_ttl_secs", s.lock_ttl_secs, 1);

  const bool needs_s3 = s.backend == StateBackend::kS3 || s.backend == StateBackend::kTiered;
  const bool needs_valkey =
      s.backend == StateBackend::kValkey || s.backend == StateBackend::kTiered;
  if (needs_s3 && (!s.s3_bucket || s.s3_bucket->empty()))
    FatalAtKey("V001",
               fmt::format("state backend '{}' requires state.s3_bucket to be configured",
                           StateBackendName(s.backend)),
               r, "backend");
  if (needs_valkey && s.valkey_url.empty())
    FatalAtKey("V001",
               fmt::format("state backend '{}' requires state.valkey_url to be configured",
                           StateBackendName(s.backend)),
               r, "backend");
}

std::optional<std::string> SuggestEvent(const std::string& key) {
  std::string prefixed = "on_" + key;
  if (ParseHookEvent(prefixed)) return prefixed;
  return std::nullopt;
}

void Loader::ReadHooks(TomlTableReader r) {
  for (HookEvent e : AllHookEvents()) r.Declare(HookEventKey(e));
  r.Declare("webhooks");
  r.SuggestWith(SuggestEvent);
  auto failure = [this](TomlTableReader& t) {
    return Choice<HookFailure>(t, "on_failure",
                               {{"warn", HookFailure::kWarn},
                                {"abort", HookFailure::kAbort},
                                {"ignore", HookFailure::kIgnore}},
                               HookFailure::kWarn);
  };
  for (const TomlEntry& entry : r.table().entries()) {
    auto event = ParseHookEvent(entry.key);
    if (!event) continue;
    for (auto& t : r.TableOrTableArray(entry.key, "<event>")) {
      ShellHookConfig h;
      h.event = *event;
      h.line = t.span().line;
      h.command = t.RequiredString("command").value_or("");
      h.timeout_ms = t.Int("timeout_ms", h.timeout_ms, 1);
      h.on_failure = failure(t);
      h.env = t.StringMap("env");
      config_.hooks.shell.push_back(std::move(h));
    }
  }
  auto webhooks = r.OptTable("webhooks");
  if (!webhooks) return;
  for (HookEvent e : AllHookEvents()) webhooks->Declare(HookEventKey(e));
  webhooks->SuggestWith(SuggestEvent);
  for (const TomlEntry& entry : webhooks->table().entries()) {
    auto event = ParseHookEvent(entry.key);
    if (!event) continue;
    for (auto& t : webhooks->TableOrTableArray(entry.key, "<event>")) {
      WebhookConfig w;
      w.event = *event;
      w.line = t.span().line;
      w.url = t.RequiredString("url").value_or("");
      w.method = t.String("method", w.method);
      for (auto& [name, value] : t.StringMap("headers"))
        w.headers.emplace_back(name, Secret(std::move(value)));
      w.body_template = t.OptString("body_template");
      w.secret = SecretKey(t, "secret");
      w.timeout_ms = t.Int("timeout_ms", w.timeout_ms, 1);
      w.async = t.Bool("async", w.async);
      w.on_failure = failure(t);
      w.retry_count = t.Int("retry_count", w.retry_count, 0);
      w.retry_delay_ms = t.Int("retry_delay_ms", w.retry_delay_ms, 0);
      if (t.Has("preset")) {
        w.preset = Choice<WebhookPreset>(t, "preset",
                                         {{"slack", WebhookPreset::kSlack},
                                          {"teams", WebhookPreset::kTeams},
                                          {"pagerduty", WebhookPreset::kPagerDuty},
                                          {"datadog", WebhookPreset::kDatadog},
                                          {"generic", WebhookPreset::kGeneric}},
                                         WebhookPreset::kGeneric);
      }
      w.routing_key = SecretKey(t, "routing_key");
      if (w.routing_key.empty() && w.preset == WebhookPreset::kPagerDuty) {
        if (auto v = Env("PAGERDUTY_ROUTING_KEY")) w.routing_key = Secret(*v);
      }
      config_.hooks.webhooks.push_back(std::move(w));
    }
  }
}

void Loader::ReadCost(TomlTableReader r) {
  CostConfig& c = config_.cost;
  c.storage_cost_per_gb_month = r.Number("storage_cost_per_gb_month", c.storage_cost_per_gb_month);
  c.compute_cost_per_dbu = r.Number("compute_cost_per_dbu", c.compute_cost_per_dbu);
  c.warehouse_size = r.String("warehouse_size", c.warehouse_size);
  c.min_history_runs = r.Int("min_history_runs", c.min_history_runs, 0);
}

void Loader::ReadCache(TomlTableReader r) {
  CacheConfig& c = config_.cache;
  c.memory_max_entries = r.Int("memory_max_entries", c.memory_max_entries, 0);
  c.memory_ttl_secs = r.Int("memory_ttl_secs", c.memory_ttl_secs, 0);
  c.valkey_url = SecretKey(r, "valkey_url");
  c.key_prefix = r.String("key_prefix", c.key_prefix);
  c.valkey_ttl_secs = r.Int("valkey_ttl_secs", c.valkey_ttl_secs, 0);
  c.discovery_ttl_secs = r.Int("discovery_ttl_secs", c.discovery_ttl_secs, 0);
  c.publish_events = r.Bool("publish_events", c.publish_events);
}

void Loader::ReadAi(TomlTableReader r) {
  AiConfig& a = config_.ai;
  a.provider = Choice<std::string_view>(r, "provider",
                                        {{"anthropic", "anthropic"}, {"openai", "openai"}},
                                        "anthropic");
  a.model = r.String("model", a.model);
  if (a.provider == "openai") a.api_key_env = "OPENAI_API_KEY";
  a.api_key_env = r.String("api_key_env", a.api_key_env);
  a.base_url = r.String("base_url", a.base_url);
  a.max_attempts = r.Int("max_attempts", a.max_attempts, 1);
  a.max_tokens = r.Int("max_tokens", a.max_tokens, 1);
  a.max_context_tokens = r.Int("max_context_tokens", a.max_context_tokens, 1000);
  a.timeout_secs = r.Int("timeout_secs", a.timeout_secs, 1);
  a.default_format =
      Choice<std::string_view>(r, "default_format", {{"rocky", "rocky"}, {"sql", "sql"}}, "rocky");
}

}  // namespace

ConfigLoad LoadConfigText(std::string_view text, const std::string& path, const EnvLookup& env,
                          std::vector<DeclaredKey>* declared_keys) {
  Loader loader(path, env, declared_keys);
  return loader.Load(text);
}

ConfigLoad LoadConfig(const std::string& path, const EnvLookup& env) {
  auto text = ReadFile(path);
  if (!text) {
    ConfigLoad out;
    std::string message = text.error().kind == ErrorKind::kNotFound
                              ? fmt::format("config file not found: {}", path)
                              : text.error().message;
    out.issues.push_back(ConfigIssue{"error", "V001", std::move(message), {}, {}, {}});
    return out;
  }
  return LoadConfigText(*text, path, env);
}

ConfigLoad LoadConfig(const std::string& path) { return LoadConfig(path, ProcessEnv()); }

}  // namespace rocky::config
