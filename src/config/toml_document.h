#pragma once
// A neutral TOML tree and a schema reader on top of it.
//
// `ParseToml` turns TOML text into `TomlValue`s that keep the file order of keys and a Span for
// every key and value; no header outside toml_document.cc sees the TOML library. The schema
// reader (`TomlDocumentReader` + `TomlTableReader`) is how every Rocky TOML file is read
// (`rocky.toml`, model sidecars, `_defaults.toml`, contracts): a reader asks a table for the keys
// it knows with typed getters, which record type errors (`key 'concurrency' in
// [pipeline.p.execution] must be an integer`), and every key nobody asked for becomes an
// unknown-key issue with a did-you-mean suggestion (config.md §1.6). Unknown keys are computed
// at the end (`UnknownKeys`), once each table has declared all its keys, so a key that is valid
// one level up can be pointed there.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/error.h"
#include "base/json.h"

namespace rocky::config {

enum class TomlKind { kString, kInteger, kFloat, kBool, kDateTime, kArray, kTable };

/// "string", "integer", "float", "boolean", "datetime", "array", "table".
const char* TomlKindName(TomlKind kind);

struct TomlEntry;

/// One TOML value. Tables keep their keys in file order (the order in which each key was first
/// defined); dates and times are kept as their TOML text.
class TomlValue {
 public:
  TomlValue();  // an empty table
  static TomlValue String(std::string value, Span span = {});
  static TomlValue Integer(int64_t value, Span span = {});
  static TomlValue Float(double value, Span span = {});
  static TomlValue Bool(bool value, Span span = {});
  static TomlValue DateTime(std::string text, Span span = {});
  static TomlValue Array(Span span = {});
  static TomlValue Table(Span span = {});

  TomlKind kind() const { return kind_; }
  const Span& span() const { return span_; }
  bool IsString() const { return kind_ == TomlKind::kString; }
  bool IsInteger() const { return kind_ == TomlKind::kInteger; }
  bool IsNumber() const { return kind_ == TomlKind::kInteger || kind_ == TomlKind::kFloat; }
  bool IsBool() const { return kind_ == TomlKind::kBool; }
  bool IsArray() const { return kind_ == TomlKind::kArray; }
  bool IsTable() const { return kind_ == TomlKind::kTable; }

  /// String value, or the text of a date/time.
  const std::string& AsString() const { return text_; }
  int64_t AsInteger() const { return int_; }
  /// Floats, and integers converted.
  double AsDouble() const { return kind_ == TomlKind::kFloat ? float_ : static_cast<double>(int_); }
  bool AsBool() const { return bool_; }

  /// Array elements.
  const std::vector<TomlValue>& items() const { return items_; }
  std::vector<TomlValue>& items() { return items_; }
  /// Table entries in file order.
  const std::vector<TomlEntry>& entries() const { return entries_; }
  std::vector<TomlEntry>& entries() { return entries_; }

  /// Table member or nullptr.
  const TomlValue* Find(std::string_view key) const;
  TomlValue* Find(std::string_view key);
  const TomlEntry* FindEntry(std::string_view key) const;
  /// Appends to a table (no duplicate check). Returns the new value.
  TomlValue& Add(std::string key, TomlValue value, Span key_span = {});
  /// Removes a table member; false when absent.
  bool Remove(std::string_view key);

  /// JSON image: tables become ordered objects, dates strings.
  Json ToJson() const;

  TomlValue(const TomlValue& other);
  TomlValue& operator=(const TomlValue& other);
  TomlValue(TomlValue&& other) noexcept;
  TomlValue& operator=(TomlValue&& other) noexcept;
  ~TomlValue();

 private:
  TomlKind kind_ = TomlKind::kTable;
  Span span_;
  std::string text_;
  int64_t int_ = 0;
  double float_ = 0;
  bool bool_ = false;
  std::vector<TomlValue> items_;
  std::vector<TomlEntry> entries_;  // TomlEntry is complete in the .cc
};

struct TomlEntry {
  std::string key;
  Span key_span;
  TomlValue value;
};

/// Parses TOML 1.0. The error message is `FILE:LINE:COL: <parser message>` (ErrorKind::kConfig).
Result<TomlValue> ParseToml(std::string_view text, const std::string& file_name);

/// A problem found by the schema reader.
struct TomlIssue {
  enum class Kind { kError, kUnknownKey };
  Kind kind = Kind::kError;
  /// Without location: `key 'x' in [a.b] must be an integer`, `unknown key 'y' in [a]; did you
  /// mean 'z'?`.
  std::string message;
  Span span;
  /// Dotted key path as written (`pipeline.p.checks.row_counts`; array elements as `a[0]`).
  std::string field;
  std::optional<std::string> suggestion;

  /// `FILE:LINE: message` (or just the message when there is no file).
  std::string Located() const;
};

class TomlTableReader;

/// A key a reader declared, as the configuration reference lists it (config_keys.h): `table` is
/// the table's pattern (`adapter.<name>.retry`, `hook.<event>[]`; "" for the top level), `type`
/// what the getter accepts ("string", "integer", "boolean", "table"…; "" when only declared) and
/// `default_value` the default the getter was given, as TOML (`"local"`, `120`, `true`).
struct DeclaredKey {
  std::string table;
  std::string key;
  std::string type;
  std::optional<std::string> default_value;
};

/// Owns the bookkeeping of one document read: errors, and each table's known keys for the
/// unknown-key pass. Must outlive its table readers.
class TomlDocumentReader {
 public:
  TomlDocumentReader(const TomlValue& root, std::string file);
  TomlDocumentReader(const TomlDocumentReader&) = delete;
  TomlDocumentReader& operator=(const TomlDocumentReader&) = delete;

  /// A reader over the root table (path "", shown as "top level").
  TomlTableReader Root();
  const std::string& file() const { return file_; }

  /// Records an error (a type mismatch, a missing required key, a bad value).
  void AddError(const Span& span, std::string message, std::string field = {});
  const std::vector<TomlIssue>& errors() const { return errors_; }
  bool ok() const { return errors_.empty(); }

  /// Unknown keys of every table read so far, in file order. Call once reading is finished.
  std::vector<TomlIssue> UnknownKeys() const;

  /// Call before reading: appends every key a reader declares to `out` (once per table pattern
  /// and key; a later typed getter fills in the type). For the configuration reference's tests.
  void RecordDeclaredKeys(std::vector<DeclaredKey>* out) { declared_ = out; }

 private:
  friend class TomlTableReader;
  struct Node {
    const TomlValue* table = nullptr;
    std::string path;    // dotted, as written; "" for the root
    std::string header;  // "[a.b]", "[[a.b]]" or "" for the root
    std::string pattern;  // path with names as <name> and array indexes as [] (DeclaredKey)
    int parent = -1;
    std::vector<std::string> known;
    std::function<std::optional<std::string>(const std::string&)> suggest;
    bool free_form = false;
    bool name_map = false;  // keys are names (adapters, pipelines), not schema keys
  };
  int AddNode(const TomlValue* table, std::string path, std::string header, int parent);
  void Record(int node, std::string_view key, std::string_view type,
              std::optional<std::string> default_value = std::nullopt);

  const TomlValue* root_;
  std::string file_;
  std::vector<Node> nodes_;
  std::vector<TomlIssue> errors_;
  std::vector<DeclaredKey>* declared_ = nullptr;
};

/// Typed access to one table. Every getter declares its key as known, whether present or not;
/// a wrong type records an error and returns nullopt / the default.
class TomlTableReader {
 public:
  const TomlValue& table() const;
  const Span& span() const { return table().span(); }
  /// Dotted path as written ("pipeline.p.execution"; "" for the root).
  const std::string& path() const;
  /// How messages name the table: "[pipeline.p.execution]", "[[hook.on_x]]" or "top level".
  std::string Where() const;
  /// Dotted path of a key in this table.
  std::string Field(std::string_view key) const;
  TomlDocumentReader& document() const { return *doc_; }

  /// True when the key is present (does not declare it).
  bool Has(std::string_view key) const;
  /// Declares keys as valid here without reading them.
  void Declare(std::initializer_list<std::string_view> keys);
  void Declare(std::string_view key);
  /// Accepts any key (free-form maps such as `tags`).
  void AcceptAnyKey();
  /// Replaces the did-you-mean rule for unknown keys of this table (it runs first; when it gives
  /// nullopt the default rule runs).
  void SuggestWith(std::function<std::optional<std::string>(const std::string&)> suggest);

  /// Declares `key` and returns its raw value or nullptr.
  const TomlValue* Get(std::string_view key);
  const Span* KeySpan(std::string_view key) const;

  std::optional<std::string> OptString(std::string_view key);
  std::string String(std::string_view key, std::string default_value);
  /// Records `key 'x' in [t] is required` when absent.
  std::optional<std::string> RequiredString(std::string_view key);
  std::optional<int64_t> OptInt(std::string_view key);
  /// With `min`, a smaller value records `key 'x' in [t] must be at least MIN`.
  int64_t Int(std::string_view key, int64_t default_value,
              std::optional<int64_t> min = std::nullopt);
  /// Integers or floats.
  std::optional<double> OptNumber(std::string_view key);
  double Number(std::string_view key, double default_value);
  std::optional<bool> OptBool(std::string_view key);
  bool Bool(std::string_view key, bool default_value);
  std::optional<std::vector<std::string>> OptStringList(std::string_view key);
  std::vector<std::string> StringList(std::string_view key);
  /// A table of strings with free-form keys, in file order.
  std::vector<std::pair<std::string, std::string>> StringMap(std::string_view key);
  /// A table of integers with free-form keys, in file order.
  std::vector<std::pair<std::string, int64_t>> IntMap(std::string_view key);

  /// A sub-table reader, or nullopt when absent or not a table (an error).
  std::optional<TomlTableReader> OptTable(std::string_view key);
  /// An array of tables (`[[x]]` or `x = [{...}]`).
  std::vector<TomlTableReader> TableArray(std::string_view key);
  /// One table or an array of tables. `pattern_as` names the key in DeclaredKey patterns when
  /// the key is itself a choice (hook events: "<event>").
  std::vector<TomlTableReader> TableOrTableArray(std::string_view key,
                                                 std::string_view pattern_as = {});
  /// Every entry of this table as a sub-table (declaring each key); non-tables are errors.
  std::vector<std::pair<std::string, TomlTableReader>> SubTables();

  /// Records an error at `span` (or at the key when present, else at the table).
  void Error(std::string_view key, std::string message);
  void ErrorAt(const Span& span, std::string message, std::string field = {});
  /// Records `key 'x' in [t] must be <what>`.
  void TypeError(std::string_view key, std::string_view what);

 private:
  friend class TomlDocumentReader;
  TomlTableReader(TomlDocumentReader* doc, int node) : doc_(doc), node_(node) {}
  TomlTableReader Child(const TomlValue& table, std::string_view segment, std::string path,
                        std::string header, bool array_element);
  // A child table `[<path>.<key>]` (pattern segment `segment`).
  TomlTableReader TableChild(const TomlValue& table, std::string_view key,
                             std::string_view segment, bool array_element);
  std::optional<TomlTableReader> TableAs(std::string_view key, std::string_view segment);
  std::vector<TomlTableReader> TableArrayAs(std::string_view key, std::string_view segment);
  void Record(std::string_view key, std::string_view type,
              std::optional<std::string> default_value = std::nullopt);
  const Span& LocationOf(std::string_view key) const;

  TomlDocumentReader* doc_;
  int node_;
};

}  // namespace rocky::config
