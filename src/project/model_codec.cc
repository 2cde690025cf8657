#include "project/model_codec.h"

#include "base/byte_codec.h"
#include "base/diagnostic_codec.h"

namespace rocky::project {

namespace {

// The files most spans of a model name: the model file and its config file.
struct SpanFiles {
  const std::string* files[2];
  SpanFiles(const std::string& model, const std::optional<std::string>& config)
      : files{&model, config ? &*config : nullptr} {}
};

void PutSpan(ByteWriter& w, const Span& span, const SpanFiles& usual) {
  EncodeSpan(w, span, usual.files);
}

bool GetSpan(ByteReader& r, Span& span, const SpanFiles& usual) {
  return DecodeSpan(r, span, usual.files);
}

void PutStrategy(ByteWriter& w, const MaterializationStrategy& s) {
  w.U8(static_cast<uint8_t>(s.type()));
  if (auto* o = s.As<IncrementalStrategy>()) {
    w.Str(o->timestamp_column);
  } else if (auto* o = s.As<MergeStrategy>()) {
    w.Strs(o->unique_key);
    w.Bool(o->update_columns.has_value());
    if (o->update_columns) w.Strs(*o->update_columns);
  } else if (auto* o = s.As<DeleteInsertStrategy>()) {
    w.Strs(o->partition_by);
  } else if (auto* o = s.As<TimeIntervalStrategy>()) {
    w.Str(o->time_column);
    w.U8(static_cast<uint8_t>(o->granularity));
    w.Int(o->lookback);
    w.Int(o->batch_size);
    w.OptStr(o->first_partition);
  } else if (auto* o = s.As<MicrobatchStrategy>()) {
    w.Str(o->timestamp_column);
    w.U8(static_cast<uint8_t>(o->granularity));
    w.Int(o->lookback);
    w.OptStr(o->first_partition);
  } else if (auto* o = s.As<DynamicTableStrategy>()) {
    w.Str(o->target_lag);
    w.OptStr(o->warehouse);
  }
}

bool GetStrategy(ByteReader& r, MaterializationStrategy& s) {
  StrategyType type{};
  if (!r.Enum(type, StrategyType::kDynamicTable)) return false;
  switch (type) {
    case StrategyType::kFullRefresh: s.options = FullRefreshStrategy{}; return true;
    case StrategyType::kEphemeral: s.options = EphemeralStrategy{}; return true;
    case StrategyType::kView: s.options = ViewStrategy{}; return true;
    case StrategyType::kMaterializedView: s.options = MaterializedViewStrategy{}; return true;
    case StrategyType::kIncremental: {
      auto& o = s.options.emplace<IncrementalStrategy>();
      return r.Str(o.timestamp_column);
    }
    case StrategyType::kMerge: {
      auto& o = s.options.emplace<MergeStrategy>();
      bool has = false;
      if (!r.Strs(o.unique_key) || !r.Bool(has)) return false;
      return !has || r.Strs(o.update_columns.emplace());
    }
    case StrategyType::kDeleteInsert:
      return r.Strs(s.options.emplace<DeleteInsertStrategy>().partition_by);
    case StrategyType::kTimeInterval: {
      auto& o = s.options.emplace<TimeIntervalStrategy>();
      return r.Str(o.time_column) && r.Enum(o.granularity, Granularity::kYear) &&
             r.Int(o.lookback) && r.Int(o.batch_size) && r.OptStr(o.first_partition);
    }
    case StrategyType::kMicrobatch: {
      auto& o = s.options.emplace<MicrobatchStrategy>();
      return r.Str(o.timestamp_column) && r.Enum(o.granularity, Granularity::kYear) &&
             r.Int(o.lookback) && r.OptStr(o.first_partition);
    }
    case StrategyType::kDynamicTable: {
      auto& o = s.options.emplace<DynamicTableStrategy>();
      return r.Str(o.target_lag) && r.OptStr(o.warehouse);
    }
  }
  return false;
}

void PutTest(ByteWriter& w, const ModelTest& t, const SpanFiles& files) {
  w.U8(static_cast<uint8_t>(t.type));
  w.OptStr(t.column);
  w.U8(static_cast<uint8_t>(t.severity));
  w.Strs(t.values);
  w.Str(t.to_table);
  w.Str(t.to_column);
  w.Str(t.expression);
  w.OptInt(t.min);
  w.OptInt(t.max);
  PutSpan(w, t.span, files);
}

bool GetTest(ByteReader& r, ModelTest& t, const SpanFiles& files) {
  return r.Enum(t.type, ModelTestType::kRowCountRange) && r.OptStr(t.column) &&
         r.Enum(t.severity, TestSeverity::kWarning) && r.Strs(t.values) && r.Str(t.to_table) &&
         r.Str(t.to_column) && r.Str(t.expression) && r.OptInt(t.min) &&
         r.OptInt(t.max) && GetSpan(r, t.span, files);
}

void PutModel(ByteWriter& w, const Model& m) {
  const SpanFiles files{m.path, m.config_path};
  w.Str(m.name);
  w.Str(m.path);
  w.Str(m.relative_path);
  w.U8(static_cast<uint8_t>(m.kind));
  w.Str(m.text);
  w.OptStr(m.config_path);
  w.Str(m.target.catalog);
  w.Str(m.target.schema);
  w.Str(m.target.table);
  PutStrategy(w, m.strategy);
  w.Strs(m.depends_on);
  w.Bool(m.depends_on_given);
  w.Varint(m.sources.size());
  for (const ModelSource& s : m.sources) {
    w.Str(s.catalog);
    w.Str(s.schema);
    w.Str(s.table);
    PutSpan(w, s.span, files);
  }
  w.OptStr(m.intent);
  w.OptInt(m.freshness ? std::optional<int64_t>(m.freshness->max_lag_seconds) : std::nullopt);
  w.Varint(m.tests.size());
  for (const ModelTest& t : m.tests) PutTest(w, t, files);
  w.U8(static_cast<uint8_t>(m.format));
  w.Strs(m.format_options.partition_by);
  w.Strs(m.format_options.cluster_by);
  w.Varint(m.format_options.table_properties.size());
  for (const auto& [key, value] : m.format_options.table_properties) {
    w.Str(key);
    w.Str(value);
  }
  w.OptStr(m.format_options.comment);
  const ModelSpans& s = m.spans;
  for (const Span* span : {&s.file, &s.body, &s.config, &s.name, &s.target_table, &s.depends_on,
                           &s.strategy})
    PutSpan(w, *span, files);
  w.Varint(s.depends_on_items.size());
  for (const Span& span : s.depends_on_items) PutSpan(w, span, files);
}

bool GetModel(ByteReader& r, Model& m) {
  if (!r.Str(m.name) || !r.Str(m.path) || !r.Str(m.relative_path) ||
      !r.Enum(m.kind, ModelKind::kRocky) || !r.Str(m.text) || !r.OptStr(m.config_path) ||
      !r.Str(m.target.catalog) || !r.Str(m.target.schema) || !r.Str(m.target.table) ||
      !GetStrategy(r, m.strategy) || !r.Strs(m.depends_on) || !r.Bool(m.depends_on_given))
    return false;
  const SpanFiles files{m.path, m.config_path};
  uint64_t n = 0;
  if (!r.Count(n)) return false;
  m.sources.resize(n);
  for (ModelSource& s : m.sources)
    if (!r.Str(s.catalog) || !r.Str(s.schema) || !r.Str(s.table) || !GetSpan(r, s.span, files))
      return false;
  std::optional<int64_t> lag;
  if (!r.OptStr(m.intent) || !r.OptInt(lag)) return false;
  if (lag) m.freshness = ModelFreshness{*lag};
  if (!r.Count(n)) return false;
  m.tests.resize(n);
  for (ModelTest& t : m.tests)
    if (!GetTest(r, t, files)) return false;
  if (!r.Enum(m.format, TableFormat::kStreamingTable) || !r.Strs(m.format_options.partition_by) ||
      !r.Strs(m.format_options.cluster_by) || !r.Count(n))
    return false;
  m.format_options.table_properties.resize(n);
  for (auto& [key, value] : m.format_options.table_properties)
    if (!r.Str(key) || !r.Str(value)) return false;
  if (!r.OptStr(m.format_options.comment)) return false;
  ModelSpans& s = m.spans;
  for (Span* span : {&s.file, &s.body, &s.config, &s.name, &s.target_table, &s.depends_on,
                     &s.strategy})
    if (!GetSpan(r, *span, files)) return false;
  if (!r.Count(n)) return false;
  s.depends_on_items.resize(n);
  for (Span& span : s.depends_on_items)
    if (!GetSpan(r, span, files)) return false;
  return true;
}

}  // namespace

std::string EncodeLoadedModel(const Model* model, const std::vector<Diagnostic>& diagnostics) {
  ByteWriter w;
  w.Bool(model != nullptr);
  if (model) PutModel(w, *model);
  EncodeDiagnostics(w, diagnostics);
  return w.Take();
}

bool DecodeLoadedModel(std::string_view bytes, Model& model, bool& present,
                       std::vector<Diagnostic>& diagnostics) {
  ByteReader r(bytes);
  if (!r.Bool(present)) return false;
  if (present && !GetModel(r, model)) return false;
  return DecodeDiagnostics(r, diagnostics) && r.done();
}

}  // namespace rocky::project
