#include "config/toml_document.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

#include "base/strings.h"
#include "base/toml_string.h"

namespace rocky::config {

const char* TomlKindName(TomlKind kind) {
  switch (kind) {
    case TomlKind::kString:
      return "string";
    case TomlKind::kInteger:
      return "integer";
    case TomlKind::kFloat:
      return "float";
    case TomlKind::kBool:
      return "boolean";
    case TomlKind::kDateTime:
      return "datetime";
    case TomlKind::kArray:
      return "array";
    case TomlKind::kTable:
      return "table";
  }
  return "value";
}

// ---- TomlValue -------------------------------------------------------------------------------

TomlValue::TomlValue() = default;
TomlValue::TomlValue(const TomlValue& other) = default;
TomlValue& TomlValue::operator=(const TomlValue& other) = default;
TomlValue::TomlValue(TomlValue&& other) noexcept = default;
TomlValue& TomlValue::operator=(TomlValue&& other) noexcept = default;
TomlValue::~TomlValue() = default;

TomlValue TomlValue::String(std::string value, Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kString;
  v.text_ = std::move(value);
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::Integer(int64_t value, Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kInteger;
  v.int_ = value;
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::Float(double value, Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kFloat;
  v.float_ = value;
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::Bool(bool value, Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kBool;
  v.bool_ = value;
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::DateTime(std::string text, Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kDateTime;
  v.text_ = std::move(text);
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::Array(Span span) {
  TomlValue v;
  v.kind_ = TomlKind::kArray;
  v.span_ = std::move(span);
  return v;
}

TomlValue TomlValue::Table(Span span) {
  TomlValue v;
  v.span_ = std::move(span);
  return v;
}

const TomlEntry* TomlValue::FindEntry(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

const TomlValue* TomlValue::Find(std::string_view key) const {
  const TomlEntry* e = FindEntry(key);
  return e ? &e->value : nullptr;
}

TomlValue* TomlValue::Find(std::string_view key) {
  for (auto& e : entries_)
    if (e.key == key) return &e.value;
  return nullptr;
}

TomlValue& TomlValue::Add(std::string key, TomlValue value, Span key_span) {
  entries_.push_back(TomlEntry{std::move(key), std::move(key_span), std::move(value)});
  return entries_.back().value;
}

bool TomlValue::Remove(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

Json TomlValue::ToJson() const {
  switch (kind_) {
    case TomlKind::kString:
    case TomlKind::kDateTime:
      return Json(text_);
    case TomlKind::kInteger:
      return Json(static_cast<long long>(int_));
    case TomlKind::kFloat:
      return Json(float_);
    case TomlKind::kBool:
      return Json(bool_);
    case TomlKind::kArray: {
      Json a = Json::Array();
      for (const auto& item : items_) a.Push(item.ToJson());
      return a;
    }
    case TomlKind::kTable: {
      Json o = Json::Object();
      for (const auto& e : entries_) o.Set(e.key, e.value.ToJson());
      return o;
    }
  }
  return Json();
}

// ---- Parsing ---------------------------------------------------------------------------------

namespace {

Span SpanOf(const toml::source_region& region, const std::string& file) {
  return Span{file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), 0};
}

template <typename T>
std::string Text(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

TomlValue Convert(const toml::node& node, const std::string& file) {
  Span span = SpanOf(node.source(), file);
  switch (node.type()) {
    case toml::node_type::table: {
      const toml::table& table = *node.as_table();
      struct Item {
        const toml::key* key;
        const toml::node* value;
      };
      std::vector<Item> items;
      items.reserve(table.size());
      for (auto&& [key, value] : table) items.push_back(Item{&key, &value});
      // toml++ sorts keys by name; put them back in the order they were first written.
      std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        const auto& pa = a.key->source().begin;
        const auto& pb = b.key->source().begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
      });
      TomlValue out = TomlValue::Table(std::move(span));
      for (const Item& item : items)
        out.Add(std::string(item.key->str()), Convert(*item.value, file),
                SpanOf(item.key->source(), file));
      return out;
    }
    case toml::node_type::array: {
      TomlValue out = TomlValue::Array(std::move(span));
      for (const toml::node& element : *node.as_array())
        out.items().push_back(Convert(element, file));
      return out;
    }
    case toml::node_type::string:
      return TomlValue::String(node.as_string()->get(), std::move(span));
    case toml::node_type::integer:
      return TomlValue::Integer(node.as_integer()->get(), std::move(span));
    case toml::node_type::floating_point:
      return TomlValue::Float(node.as_floating_point()->get(), std::move(span));
    case toml::node_type::boolean:
      return TomlValue::Bool(node.as_boolean()->get(), std::move(span));
    case toml::node_type::date:
      return TomlValue::DateTime(Text(node.as_date()->get()), std::move(span));
    case toml::node_type::time:
      return TomlValue::DateTime(Text(node.as_time()->get()), std::move(span));
    case toml::node_type::date_time:
      return TomlValue::DateTime(Text(node.as_date_time()->get()), std::move(span));
    case toml::node_type::none:
      break;
  }
  return TomlValue::Table(std::move(span));
}

}  // namespace

Result<TomlValue> ParseToml(std::string_view text, const std::string& file_name) {
  try {
    toml::table table = toml::parse(text, std::string_view(file_name));
    TomlValue root = Convert(table, file_name);
    return root;
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return Fail(ErrorKind::kConfig, "{}:{}:{}: {}", file_name, at.line, at.column, e.description());
  }
}

// ---- Schema reader ---------------------------------------------------------------------------

namespace {

bool IsBareKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string KeyText(std::string_view key) {
  if (IsBareKey(key)) return std::string(key);
  std::string out = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string JoinPath(std::string_view base, std::string_view key) {
  if (base.empty()) return KeyText(key);
  return fmt::format("{}.{}", base, KeyText(key));
}

// "pipeline.p[0].x" -> "pipeline.p.x": the TOML header name of a table inside arrays.
std::string HeaderName(std::string_view path) {
  std::string out;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) out.push_back(c);
    if (c == ']') in_index = false;
  }
  return out;
}

}  // namespace

std::string TomlIssue::Located() const {
  if (span.file.empty()) return message;
  return FormatLocated(Span{span.file, span.line, 0, 0}, message);
}

TomlDocumentReader::TomlDocumentReader(const TomlValue& root, std::string file)
    : root_(&root), file_(std::move(file)) {
  AddNode(root_, "", "", -1);
}

int TomlDocumentReader::AddNode(const TomlValue* table, std::string path, std::string header,
                                int parent) {
  Node node;
  node.table = table;
  node.path = std::move(path);
  node.header = std::move(header);
  node.parent = parent;
  nodes_.push_back(std::move(node));
  return static_cast<int>(nodes_.size()) - 1;
}

TomlTableReader TomlDocumentReader::Root() { return TomlTableReader(this, 0); }

void TomlDocumentReader::Record(int node, std::string_view key, std::string_view type,
                                std::optional<std::string> default_value) {
  if (declared_ == nullptr || nodes_[node].name_map) return;  // a name map's keys are names
  const std::string& table = nodes_[node].pattern;
  for (DeclaredKey& k : *declared_) {
    if (k.table != table || k.key != key) continue;
    if (k.type.empty()) k.type = type;
    if (!k.default_value) k.default_value = std::move(default_value);
    return;
  }
  declared_->push_back(DeclaredKey{table, std::string(key), std::string(type),
                                   std::move(default_value)});
}

void TomlDocumentReader::AddError(const Span& span, std::string message, std::string field) {
  TomlIssue issue;
  issue.kind = TomlIssue::Kind::kError;
  issue.message = std::move(message);
  issue.span = span;
  if (issue.span.file.empty()) issue.span.file = file_;
  issue.field = std::move(field);
  errors_.push_back(std::move(issue));
}

std::vector<TomlIssue> TomlDocumentReader::UnknownKeys() const {
  std::vector<TomlIssue> out;
  for (const Node& node : nodes_) {
    if (node.free_form) continue;
    for (const TomlEntry& entry : node.table->entries()) {
      const auto& known = node.known;
      if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
      TomlIssue issue;
      issue.kind = TomlIssue::Kind::kUnknownKey;
      issue.span = entry.key_span;
      if (issue.span.file.empty()) issue.span.file = file_;
      issue.field = JoinPath(node.path, entry.key);
      issue.message = node.header.empty()
                          ? fmt::format("unknown top-level key '{}'", entry.key)
                          : fmt::format("unknown key '{}' in {}", entry.key, node.header);
      std::optional<std::string> hint;
      if (node.suggest) {
        if (auto s = node.suggest(entry.key)) {
          issue.suggestion = *s;
          hint = fmt::format("did you mean '{}'?", *s);
        }
      }
      if (!hint && node.parent >= 0) {
        const Node& parent = nodes_[node.parent];
        bool in_parent =
            !parent.free_form && !parent.name_map &&
            std::find(parent.known.begin(), parent.known.end(), entry.key) != parent.known.end() &&
            parent.table->Find(entry.key) != node.table;
        if (in_parent) {
          issue.suggestion = entry.key;
          hint = parent.header.empty()
                     ? fmt::format("did you mean top-level '{}'? (move it above {})", entry.key,
                                   node.header)
                     : fmt::format("did you mean '{}' in {}? (move it above {})", entry.key,
                                   parent.header, node.header);
        }
      }
      if (!hint) {
        if (auto s = DidYouMean(entry.key, known)) {
          issue.suggestion = *s;
          hint = fmt::format("did you mean '{}'?", *s);
        }
      }
      if (hint) issue.message += "; " + *hint;
      out.push_back(std::move(issue));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const TomlIssue& a, const TomlIssue& b) {
    return a.span.line != b.span.line ? a.span.line < b.span.line : a.span.col < b.span.col;
  });
  return out;
}

const TomlValue& TomlTableReader::table() const { return *doc_->nodes_[node_].table; }
const std::string& TomlTableReader::path() const { return doc_->nodes_[node_].path; }

std::string TomlTableReader::Where() const {
  const auto& header = doc_->nodes_[node_].header;
  return header.empty() ? "top level" : header;
}

std::string TomlTableReader::Field(std::string_view key) const { return JoinPath(path(), key); }

bool TomlTableReader::Has(std::string_view key) const { return table().Find(key) != nullptr; }

void TomlTableReader::Record(std::string_view key, std::string_view type,
                             std::optional<std::string> default_value) {
  doc_->Record(node_, key, type, std::move(default_value));
}

void TomlTableReader::Declare(std::string_view key) {
  Record(key, "");
  auto& known = doc_->nodes_[node_].known;
  if (std::find(known.begin(), known.end(), key) == known.end()) known.emplace_back(key);
}

void TomlTableReader::Declare(std::initializer_list<std::string_view> keys) {
  for (auto key : keys) Declare(key);
}

void TomlTableReader::AcceptAnyKey() { doc_->nodes_[node_].free_form = true; }

void TomlTableReader::SuggestWith(
    std::function<std::optional<std::string>(const std::string&)> suggest) {
  doc_->nodes_[node_].suggest = std::move(suggest);
}

const TomlValue* TomlTableReader::Get(std::string_view key) {
  Declare(key);
  return table().Find(key);
}

const Span* TomlTableReader::KeySpan(std::string_view key) const {
  const TomlEntry* e = table().FindEntry(key);
  return e ? &e->key_span : nullptr;
}

const Span& TomlTableReader::LocationOf(std::string_view key) const {
  if (const Span* s = KeySpan(key)) return *s;
  return table().span();
}

void TomlTableReader::ErrorAt(const Span& span, std::string message, std::string field) {
  doc_->AddError(span, std::move(message), std::move(field));
}

void TomlTableReader::Error(std::string_view key, std::string message) {
  doc_->AddError(LocationOf(key), std::move(message), Field(key));
}

void TomlTableReader::TypeError(std::string_view key, std::string_view what) {
  const auto& header = doc_->nodes_[node_].header;
  std::string message = header.empty()
                            ? fmt::format("top-level key '{}' must be {}", key, what)
                            : fmt::format("key '{}' in {} must be {}", key, header, what);
  Error(key, std::move(message));
}

std::optional<std::string> TomlTableReader::OptString(std::string_view key) {
  Record(key, "string");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    TypeError(key, "a string");
    return std::nullopt;
  }
  return v->AsString();
}

std::string TomlTableReader::String(std::string_view key, std::string default_value) {
  if (doc_->declared_) Record(key, "string", TomlBasicString(default_value));
  auto v = OptString(key);
  return v ? std::move(*v) : std::move(default_value);
}

std::optional<std::string> TomlTableReader::RequiredString(std::string_view key) {
  if (!Has(key)) {
    Declare(key);
    const auto& header = doc_->nodes_[node_].header;
    Error(key, header.empty() ? fmt::format("top-level key '{}' is required", key)
                              : fmt::format("key '{}' in {} is required", key, header));
    return std::nullopt;
  }
  return OptString(key);
}

std::optional<int64_t> TomlTableReader::OptInt(std::string_view key) {
  Record(key, "integer");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInteger()) {
    TypeError(key, "an integer");
    return std::nullopt;
  }
  return v->AsInteger();
}

int64_t TomlTableReader::Int(std::string_view key, int64_t default_value,
                             std::optional<int64_t> min) {
  if (doc_->declared_) Record(key, "integer", std::to_string(default_value));
  auto v = OptInt(key);
  if (!v) return default_value;
  if (min && *v < *min) {
    TypeError(key, fmt::format("at least {}", *min));
    return default_value;
  }
  return *v;
}

std::optional<double> TomlTableReader::OptNumber(std::string_view key) {
  Record(key, "number");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsNumber()) {
    TypeError(key, "a number");
    return std::nullopt;
  }
  return v->AsDouble();
}

double TomlTableReader::Number(std::string_view key, double default_value) {
  if (doc_->declared_) Record(key, "number", fmt::format("{}", default_value));
  auto v = OptNumber(key);
  return v ? *v : default_value;
}

std::optional<bool> TomlTableReader::OptBool(std::string_view key) {
  Record(key, "boolean");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    TypeError(key, "a boolean");
    return std::nullopt;
  }
  return v->AsBool();
}

bool TomlTableReader::Bool(std::string_view key, bool default_value) {
  if (doc_->declared_) Record(key, "boolean", default_value ? "true" : "false");
  auto v = OptBool(key);
  return v ? *v : default_value;
}

std::optional<std::vector<std::string>> TomlTableReader::OptStringList(std::string_view key) {
  Record(key, "array of strings");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  bool ok = v->IsArray();
  if (ok) {
    for (const auto& item : v->items()) ok = ok && item.IsString();
  }
  if (!ok) {
    TypeError(key, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v->items().size());
  for (const auto& item : v->items()) out.push_back(item.AsString());
  return out;
}

std::vector<std::string> TomlTableReader::StringList(std::string_view key) {
  auto v = OptStringList(key);
  return v ? std::move(*v) : std::vector<std::string>{};
}

std::vector<std::pair<std::string, std::string>> TomlTableReader::StringMap(std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  Record(key, "table of strings");
  const TomlValue* v = Get(key);
  if (v == nullptr) return out;
  bool ok = v->IsTable();
  if (ok) {
    for (const auto& e : v->entries()) ok = ok && e.value.IsString();
  }
  if (!ok) {
    TypeError(key, "a table of strings");
    return out;
  }
  for (const auto& e : v->entries()) out.emplace_back(e.key, e.value.AsString());
  return out;
}

std::vector<std::pair<std::string, int64_t>> TomlTableReader::IntMap(std::string_view key) {
  std::vector<std::pair<std::string, int64_t>> out;
  Record(key, "table of integers");
  const TomlValue* v = Get(key);
  if (v == nullptr) return out;
  bool ok = v->IsTable();
  if (ok) {
    for (const auto& e : v->entries()) ok = ok && e.value.IsInteger();
  }
  if (!ok) {
    TypeError(key, "a table of integers");
    return out;
  }
  for (const auto& e : v->entries()) out.emplace_back(e.key, e.value.AsInteger());
  return out;
}

TomlTableReader TomlTableReader::Child(const TomlValue& table, std::string_view segment,
                                       std::string path, std::string header, bool array_element) {
  int id = doc_->AddNode(&table, std::move(path), std::move(header), node_);
  if (doc_->declared_) {  // patterns serve only the recording; reading stays as it was
    const auto& parent = doc_->nodes_[node_];
    std::string pattern = parent.pattern.empty() ? std::string(segment)
                                                 : fmt::format("{}.{}", parent.pattern, segment);
    if (array_element) pattern += "[]";
    doc_->nodes_[id].pattern = std::move(pattern);
  }
  return TomlTableReader(doc_, id);
}

TomlTableReader TomlTableReader::TableChild(const TomlValue& table, std::string_view key,
                                            std::string_view segment, bool array_element) {
  std::string p = Field(key);
  std::string header = fmt::format("[{}]", HeaderName(p));
  return Child(table, segment, std::move(p), std::move(header), array_element);
}

std::optional<TomlTableReader> TomlTableReader::OptTable(std::string_view key) {
  return TableAs(key, key);
}

std::optional<TomlTableReader> TomlTableReader::TableAs(std::string_view key,
                                                        std::string_view segment) {
  Record(key, "table");
  const TomlValue* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsTable()) {
    TypeError(key, "a table");
    return std::nullopt;
  }
  return TableChild(*v, key, segment, false);
}

std::vector<TomlTableReader> TomlTableReader::TableArray(std::string_view key) {
  return TableArrayAs(key, key);
}

std::vector<TomlTableReader> TomlTableReader::TableArrayAs(std::string_view key,
                                                           std::string_view segment) {
  std::vector<TomlTableReader> out;
  Record(key, "array of tables");
  const TomlValue* v = Get(key);
  if (v == nullptr) return out;
  bool ok = v->IsArray();
  if (ok) {
    for (const auto& item : v->items()) ok = ok && item.IsTable();
  }
  if (!ok) {
    TypeError(key, "an array of tables");
    return out;
  }
  std::string base = Field(key);
  std::string header = fmt::format("[[{}]]", HeaderName(base));
  for (size_t i = 0; i < v->items().size(); ++i)
    out.push_back(Child(v->items()[i], segment, fmt::format("{}[{}]", base, i), header, true));
  return out;
}

std::vector<TomlTableReader> TomlTableReader::TableOrTableArray(std::string_view key,
                                                                std::string_view pattern_as) {
  std::string_view segment = pattern_as.empty() ? key : pattern_as;
  Record(key, "table or array of tables");
  const TomlValue* v = Get(key);
  if (v == nullptr) return {};
  if (v->IsTable()) return {TableChild(*v, key, segment, true)};
  bool ok = v->IsArray();
  if (ok) {
    for (const auto& item : v->items()) ok = ok && item.IsTable();
  }
  if (!ok) {
    TypeError(key, "a table or an array of tables");
    return {};
  }
  return TableArrayAs(key, segment);
}

std::vector<std::pair<std::string, TomlTableReader>> TomlTableReader::SubTables() {
  std::vector<std::pair<std::string, TomlTableReader>> out;
  doc_->nodes_[node_].name_map = true;
  for (const auto& entry : table().entries()) {
    if (!entry.value.IsTable()) {
      Declare(entry.key);
      TypeError(entry.key, "a table");
      continue;
    }
    auto child = TableAs(entry.key, "<name>");
    out.emplace_back(entry.key, *child);
  }
  return out;
}

}  // namespace rocky::config
