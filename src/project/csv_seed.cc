#include "project/csv_seed.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include "base/file.h"
#include "base/strings.h"
#include "config/toml_document.h"
#include "project/model_toml.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

// ---- CSV reader ----

struct CsvRecord {
  std::vector<std::optional<std::string>> fields;
  int line = 0;
};

class CsvReader {
 public:
  CsvReader(std::string_view text, std::string_view file) : text_(text), file_(file) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
  }

  // The next record; nullopt at the end of the text.
  Result<std::optional<CsvRecord>> Next() {
    while (pos_ < text_.size()) {
      CsvRecord record;
      record.line = line_;
      for (;;) {
        auto field = Field();
        if (!field) return std::unexpected(field.error());
        record.fields.push_back(std::move(*field));
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        EndOfLine();
        break;
      }
      bool blank = record.fields.size() == 1 && !record.fields[0];
      if (!blank) return std::optional<CsvRecord>(std::move(record));
    }
    return std::optional<CsvRecord>();
  }

 private:
  Result<std::optional<std::string>> Field() {
    if (pos_ < text_.size() && text_[pos_] == '"') return Quoted();
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      ++pos_;
    if (pos_ == start) return std::optional<std::string>();
    return std::optional<std::string>(std::string(text_.substr(start, pos_ - start)));
  }

  Result<std::optional<std::string>> Quoted() {
    const int opened = line_;
    ++pos_;
    std::string value;
    for (;;) {
      if (pos_ >= text_.size())
        return Fail(ErrorKind::kConfig,
                    "{}:{}: unterminated quoted field (opened on line {}); close it with '\"'",
                    file_, line_, opened);
      char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          value.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n' || (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n')))
        ++line_;
      value.push_back(c);
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      return Fail(ErrorKind::kConfig,
                  "{}:{}: unexpected '{}' after a closing quote; a quote inside a quoted field "
                  "must be doubled (\"\")",
                  file_, line_, text_[pos_]);
    return std::optional<std::string>(std::move(value));
  }

  // Consumes CRLF, LF or a lone CR (or nothing at the end of the text).
  void EndOfLine() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else if (text_[pos_] == '\n') {
      ++pos_;
    }
    ++line_;
  }

  std::string_view text_;
  std::string_view file_;
  size_t pos_ = 0;
  int line_ = 1;
};

// ---- Value recognition ----

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

std::string_view WithoutSign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

// `007` and `-01.5` keep their zeros as text; `0`, `0.5` and `-0` are numbers.
bool RedundantLeadingZero(std::string_view unsigned_digits) {
  return unsigned_digits.size() > 1 && unsigned_digits[0] == '0' && IsDigit(unsigned_digits[1]);
}

std::optional<int64_t> ParseBigint(std::string_view s) {
  std::string_view digits = WithoutSign(s);
  if (!AllDigits(digits) || RedundantLeadingZero(digits)) return std::nullopt;
  std::string text = s[0] == '+' ? std::string(digits) : std::string(s);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseDouble(std::string_view s) {
  std::string_view rest = WithoutSign(s);
  size_t i = 0;
  while (i < rest.size() && IsDigit(rest[i])) ++i;
  size_t int_digits = i;
  size_t frac_digits = 0;
  if (i < rest.size() && rest[i] == '.') {
    ++i;
    while (i < rest.size() && IsDigit(rest[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (RedundantLeadingZero(rest.substr(0, int_digits))) return std::nullopt;
  if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
    ++i;
    if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) ++i;
    if (!AllDigits(rest.substr(i))) return std::nullopt;
    i = rest.size();
  }
  if (i != rest.size()) return std::nullopt;
  std::string text = s[0] == '+' ? std::string(rest) : std::string(s);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

int Number(std::string_view s, size_t at, size_t len) {
  int n = 0;
  for (size_t i = at; i < at + len; ++i) n = n * 10 + (s[i] - '0');
  return n;
}

bool DigitsAt(std::string_view s, std::initializer_list<size_t> positions) {
  for (size_t p : positions)
    if (p >= s.size() || !IsDigit(s[p])) return false;
  return true;
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !DigitsAt(s, {0, 1, 2, 3, 5, 6, 8, 9}))
    return false;
  int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsTimestamp(std::string_view s) {
  if (s.size() < 19 || !IsDate(s.substr(0, 10)) || (s[10] != ' ' && s[10] != 'T')) return false;
  if (s[13] != ':' || s[16] != ':' || !DigitsAt(s, {11, 12, 14, 15, 17, 18})) return false;
  if (Number(s, 11, 2) > 23 || Number(s, 14, 2) > 59 || Number(s, 17, 2) > 59) return false;
  std::string_view rest = s.substr(19);
  if (rest.ends_with('Z')) rest.remove_suffix(1);
  if (rest.empty()) return true;
  return rest[0] == '.' && rest.size() >= 2 && rest.size() <= 10 && AllDigits(rest.substr(1));
}

// `2026-04-07T10:00:00Z` → `2026-04-07 10:00:00`: the form every dialect's literal accepts.
std::string TimestampText(std::string_view s) {
  std::string out(s);
  out[10] = ' ';
  if (out.ends_with('Z')) out.pop_back();
  return out;
}

std::string Literal(const SeedColumn& column, const std::optional<std::string>& cell,
                    const sdk::SqlDialect& dialect) {
  if (!cell) return "NULL";
  const std::string& v = *cell;
  if (column.declared_type)
    return fmt::format("CAST({} AS {})", dialect.Literal(sdk::LiteralKind::kString, v),
                       *column.declared_type);
  switch (column.type) {
    case SeedType::kBigint:
      return fmt::format("{}", *ParseBigint(v));
    case SeedType::kDouble:
      return fmt::format("{}", *ParseDouble(v));
    case SeedType::kBoolean:
      return EqualsIgnoreCase(v, "true") ? "TRUE" : "FALSE";
    case SeedType::kDate:
      return dialect.Literal(sdk::LiteralKind::kDate, v);
    case SeedType::kTimestamp:
      return dialect.Literal(sdk::LiteralKind::kTimestamp, TimestampText(v));
    case SeedType::kString:
      break;
  }
  return dialect.Literal(sdk::LiteralKind::kString, v);
}

std::string ColumnType(const SeedColumn& column, const sdk::SqlDialect& dialect) {
  if (column.declared_type) return *column.declared_type;
  if (column.type == SeedType::kString) return std::string(SeedStringType(dialect));
  return SeedTypeName(column.type);
}

// ---- Sidecar ----

std::optional<std::string> SidecarName(config::TomlTableReader& t, std::string_view key,
                                       bool allow_empty) {
  auto value = t.OptString(key);
  if (!value || (allow_empty && value->empty())) return value;
  if (!CheckIdentifier(t, key, *value, t.Get(key)->span())) return std::nullopt;
  return value;
}

std::string Joined(const std::vector<config::TomlIssue>& issues) {
  std::vector<std::string> parts;
  for (const config::TomlIssue& i : issues) parts.push_back(i.Located());
  return Join(parts, "; ");
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text, std::string_view file) {
  CsvReader reader(text, file);
  auto first = reader.Next();
  if (!first) return std::unexpected(first.error());
  if (!*first)
    return Fail(ErrorKind::kConfig, "{}: the file is empty; a seed needs a header row", file);
  CsvTable table;
  for (size_t i = 0; i < (*first)->fields.size(); ++i) {
    const auto& cell = (*first)->fields[i];
    std::string name(cell ? Trim(*cell) : std::string_view());
    if (name.empty())
      return Fail(ErrorKind::kConfig, "{}:{}: column {} has an empty name in the header row", file,
                  (*first)->line, i + 1);
    table.header.push_back(std::move(name));
  }
  for (;;) {
    auto record = reader.Next();
    if (!record) return std::unexpected(record.error());
    if (!*record) break;
    if ((*record)->fields.size() != table.header.size())
      return Fail(ErrorKind::kConfig, "{}:{}: row has {} field(s) but the header has {}", file,
                  (*record)->line, (*record)->fields.size(), table.header.size());
    table.rows.push_back(std::move((*record)->fields));
  }
  return table;
}

const char* SeedTypeName(SeedType type) {
  switch (type) {
    case SeedType::kBigint:
      return "BIGINT";
    case SeedType::kDouble:
      return "DOUBLE";
    case SeedType::kBoolean:
      return "BOOLEAN";
    case SeedType::kDate:
      return "DATE";
    case SeedType::kTimestamp:
      return "TIMESTAMP";
    case SeedType::kString:
      return "STRING";
  }
  return "STRING";
}

bool SeedValueHasType(std::string_view value, SeedType type) {
  switch (type) {
    case SeedType::kBigint:
      return ParseBigint(value).has_value();
    case SeedType::kDouble:
      return ParseDouble(value).has_value();
    case SeedType::kBoolean:
      return EqualsIgnoreCase(value, "true") || EqualsIgnoreCase(value, "false");
    case SeedType::kDate:
      return IsDate(value);
    case SeedType::kTimestamp:
      return IsTimestamp(value);
    case SeedType::kString:
      return true;
  }
  return true;
}

SeedType InferSeedType(const CsvTable& table, size_t column) {
  bool any = false;
  for (SeedType type : {SeedType::kBigint, SeedType::kDouble, SeedType::kBoolean, SeedType::kDate,
                        SeedType::kTimestamp}) {
    bool all = true;
    for (const auto& row : table.rows) {
      const auto& cell = row[column];
      if (!cell) continue;
      any = true;
      if (!SeedValueHasType(*cell, type)) {
        all = false;
        break;
      }
    }
    if (!any) return SeedType::kString;
    if (all) return type;
  }
  return SeedType::kString;
}

std::string_view SeedStringType(const sdk::SqlDialect& dialect) {
  // SqlDialect has no type names yet; the dialects whose text type is not VARCHAR are listed.
  static constexpr std::pair<std::string_view, std::string_view> kStringTypes[] = {
      {"databricks", "STRING"}};
  for (const auto& [name, type] : kStringTypes)
    if (dialect.Name() == name) return type;
  return "VARCHAR";
}

Result<SeedSidecar> ParseSeedSidecar(std::string_view text, const std::string& file,
                                     std::vector<config::DeclaredKey>* declared_keys) {
  auto root = config::ParseToml(text, file);
  if (!root) return std::unexpected(root.error());
  config::TomlDocumentReader doc(*root, file);
  doc.RecordDeclaredKeys(declared_keys);
  config::TomlTableReader top = doc.Root();
  SeedSidecar out;
  out.options.name = SidecarName(top, "name", false);
  if (auto target = top.OptTable("target")) {
    out.options.catalog = SidecarName(*target, "catalog", true);
    out.options.schema = SidecarName(*target, "schema", false);
    out.options.table = SidecarName(*target, "table", false);
  }
  out.options.column_types = top.StringMap("column_types");
  if (const config::TomlValue* types = top.Get("column_types"); types && types->IsTable()) {
    for (const auto& [column, type] : out.options.column_types) {
      const config::TomlEntry* entry = types->FindEntry(column);
      if (auto ok = sql::ValidateTypeString(type); !ok)
        doc.AddError(entry->value.span(),
                     fmt::format("{} (column_types.{})", ok.error().message, column),
                     "column_types." + column);
    }
  }
  if (!doc.ok()) return Fail(ErrorKind::kConfig, "{}", Joined(doc.errors()));
  for (const config::TomlIssue& u : doc.UnknownKeys()) out.warnings.push_back(u.Located());
  return out;
}

Result<SeedSidecar> ReadSeedSidecar(const std::string& path) {
  auto text = ReadFile(path);
  if (!text) return std::unexpected(text.error());
  return ParseSeedSidecar(*text, path);
}

sdk::TableRef SeedTable::Target(std::string_view default_catalog) const {
  return {catalog.value_or(std::string(default_catalog)),
          schema.value_or(std::string(kDefaultSeedSchema)), table};
}

Result<SeedTable> MakeSeedTable(CsvTable csv, const SeedOptions& options, std::string_view stem,
                                const std::string& path) {
  SeedTable seed;
  seed.path = path;
  seed.name = options.name.value_or(std::string(stem));
  seed.catalog = options.catalog;
  seed.schema = options.schema;
  seed.table = options.table.value_or(seed.name);
  if (auto ok = sql::ValidateIdentifier(seed.table); !ok) {
    if (options.table || options.name)
      return Fail(ErrorKind::kConfig, "{}: table name: {}", path, ok.error().message);
    return Fail(ErrorKind::kConfig,
                "{}: the table name comes from the file name: {}; rename the file or set "
                "target.table in {}.toml",
                path, ok.error().message, stem);
  }

  std::set<std::string> seen;
  for (const std::string& name : csv.header) {
    if (auto ok = sql::ValidateIdentifier(name); !ok)
      return Fail(ErrorKind::kConfig, "{}: column '{}' in the header row: {}; rename the column",
                  path, name, ok.error().message);
    if (!seen.insert(ToLower(name)).second)
      return Fail(ErrorKind::kConfig,
                  "{}: column '{}' appears twice in the header row; column names must be unique "
                  "(case-insensitively)",
                  path, name);
  }
  for (const auto& [column, type] : options.column_types) {
    if (!seen.count(ToLower(column)))
      return Fail(ErrorKind::kConfig,
                  "{}.toml: column_types names column '{}', which {} does not have (columns: {})",
                  stem, column, path, Join(csv.header, ", "));
    if (auto ok = sql::ValidateTypeString(type); !ok)
      return Fail(ErrorKind::kConfig, "{}.toml: column_types.{}: {}", stem, column,
                  ok.error().message);
  }

  for (size_t i = 0; i < csv.header.size(); ++i) {
    SeedColumn column;
    column.name = csv.header[i];
    column.type = InferSeedType(csv, i);
    for (const auto& [name, type] : options.column_types)
      if (EqualsIgnoreCase(name, column.name)) column.declared_type = type;
    seed.columns.push_back(std::move(column));
  }
  seed.rows = std::move(csv.rows);
  return seed;
}

Result<SeedTable> ReadSeedCsv(const std::string& path, const SeedOptions& options) {
  auto text = ReadFile(path);
  if (!text) return std::unexpected(text.error());
  auto csv = ParseCsv(*text, path);
  if (!csv) return std::unexpected(csv.error());
  return MakeSeedTable(std::move(*csv), options, std::filesystem::path(path).stem().string(), path);
}

Result<std::vector<sdk::Statement>> SeedStatements(const SeedTable& seed,
                                                   const sdk::SqlDialect& dialect,
                                                   const sdk::TableRef& target, size_t batch) {
  if (batch == 0) batch = kSeedInsertBatch;
  auto table = dialect.FormatTableRef(target);
  if (!table) return std::unexpected(table.error());
  std::vector<std::string> names;
  std::vector<std::string> definitions;
  for (const SeedColumn& column : seed.columns) {
    if (auto ok = sql::ValidateIdentifier(column.name); !ok) return std::unexpected(ok.error());
    std::string type = ColumnType(column, dialect);
    if (auto ok = sql::ValidateTypeString(type); !ok) return std::unexpected(ok.error());
    names.push_back(column.name);
    definitions.push_back(column.name + " " + type);
  }
  if (names.empty()) return Fail(ErrorKind::kConfig, "{}: the seed has no columns", seed.path);

  std::vector<sdk::Statement> out;
  auto schema_sql = dialect.CreateSchemaSql(target.catalog, target.schema);
  if (!schema_sql) return std::unexpected(schema_sql.error());
  if (*schema_sql) out.push_back({"create_schema", *table, **schema_sql, true});
  out.push_back({"seed_table", *table,
                 fmt::format("CREATE OR REPLACE TABLE {} ({})", *table, Join(definitions, ", ")),
                 true});
  const std::string head = fmt::format("INSERT INTO {} ({}) VALUES\n", *table, Join(names, ", "));
  for (size_t start = 0; start < seed.rows.size(); start += batch) {
    std::string sql = head;
    size_t end = std::min(seed.rows.size(), start + batch);
    for (size_t r = start; r < end; ++r) {
      if (r > start) sql += ",\n";
      sql += '(';
      const auto& row = seed.rows[r];
      for (size_t c = 0; c < seed.columns.size(); ++c) {
        if (c) sql += ", ";
        sql += Literal(seed.columns[c], row[c], dialect);
      }
      sql += ')';
    }
    out.push_back({"seed_rows", *table, std::move(sql), false});
  }
  return out;
}

}  // namespace rocky::project
