#include "project/contract.h"

#include <fmt/format.h>

#include <unordered_set>

#include "base/file.h"
#include "base/strings.h"
#include "config/toml_document.h"
#include "project/model_toml.h"

namespace rocky::project {

namespace {

constexpr std::string_view kKindNames[] = {
    "Boolean", "Int32",     "Int64",        "Float32", "Float64", "Decimal", "String", "Binary",
    "Date",    "Timestamp", "TimestampNtz", "Array",   "Map",     "Struct",  "Variant"};
constexpr std::string_view kContractSuffix = ".contract.toml";

// Recursive-descent parser over one type name.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  std::expected<ContractType, ContractTypeError> ParseAll() {
    auto type = Parse();
    if (!type) return type;
    SkipSpaces();
    if (pos_ != text_.size())
      return Fail(
          fmt::format("unexpected '{}' after '{}'", text_.substr(pos_), text_.substr(0, pos_)));
    return type;
  }

 private:
  static std::unexpected<ContractTypeError> Fail(std::string message,
                                                 std::optional<std::string> suggestion = {}) {
    return std::unexpected(ContractTypeError{std::move(message), std::move(suggestion)});
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Eat(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string_view Word() {
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool word =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!word) break;
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  std::optional<int> Number() {
    std::string_view digits = Word();
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    int value = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  std::expected<ContractType, ContractTypeError> Parse() {
    std::string_view word = Word();
    if (word.empty()) {
      if (pos_ >= text_.size()) return Fail("empty type name");
      return Fail(fmt::format("unexpected '{}' in type name", text_.substr(pos_, 1)));
    }
    std::optional<size_t> kind;
    for (size_t i = 0; i < std::size(kKindNames); ++i)
      if (EqualsIgnoreCase(word, kKindNames[i])) kind = i;
    if (!kind) {
      std::vector<std::string> lower;
      for (auto name : kKindNames) lower.push_back(ToLower(name));
      std::optional<std::string> suggestion;
      if (auto hit = DidYouMean(ToLower(word), lower)) {
        for (size_t i = 0; i < lower.size(); ++i)
          if (lower[i] == *hit) suggestion = std::string(kKindNames[i]);
      }
      std::vector<std::string> names(std::begin(kKindNames), std::end(kKindNames));
      std::string message =
          fmt::format("unknown type '{}'; expected one of {}", word, Join(names, ", "));
      if (suggestion) message += fmt::format(" (did you mean '{}'?)", *suggestion);
      return Fail(std::move(message), std::move(suggestion));
    }
    ContractType type;
    type.kind = static_cast<ContractTypeKind>(*kind);
    switch (type.kind) {
      case ContractTypeKind::kDecimal:
        if (Eat('(')) {
          auto p = Number();
          if (!p || !Eat(',')) return Fail("Decimal needs a precision and a scale: Decimal(p,s)");
          auto s = Number();
          if (!s || !Eat(')')) return Fail("Decimal needs a precision and a scale: Decimal(p,s)");
          if (*p < 1 || *p > 38)
            return Fail(fmt::format("Decimal precision must be between 1 and 38 (got {})", *p));
          if (*s > *p)
            return Fail(fmt::format("Decimal scale must be between 0 and the precision {} (got {})",
                                    *p, *s));
          type.precision = *p;
          type.scale = *s;
        }
        break;
      case ContractTypeKind::kArray:
      case ContractTypeKind::kMap:
        if (Eat('<')) {
          size_t want = type.kind == ContractTypeKind::kArray ? 1 : 2;
          for (size_t i = 0; i < want; ++i) {
            if (i > 0 && !Eat(',')) return Fail("Map needs a key and a value type: Map<K,V>");
            auto arg = Parse();
            if (!arg) return arg;
            type.args.push_back(std::move(*arg));
          }
          if (!Eat('>'))
            return Fail(type.kind == ContractTypeKind::kArray
                            ? "Array takes one element type: Array<T>"
                            : "Map needs a key and a value type: Map<K,V>");
        }
        break;
      default:
        break;
    }
    return type;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const char* ContractTypeKindName(ContractTypeKind kind) {
  return kKindNames[static_cast<size_t>(kind)].data();
}

std::string ContractType::ToString() const {
  std::string out(ContractTypeKindName(kind));
  if (precision) out += fmt::format("({},{})", *precision, scale.value_or(0));
  if (!args.empty()) {
    out += '<';
    for (size_t i = 0; i < args.size(); ++i) {
      if (i > 0) out += ',';
      out += args[i].ToString();
    }
    out += '>';
  }
  return out;
}

bool ContractType::operator==(const ContractType& other) const {
  return kind == other.kind && precision == other.precision && scale == other.scale &&
         args == other.args;
}

std::expected<ContractType, ContractTypeError> ParseContractType(std::string_view text) {
  return TypeParser(text).ParseAll();
}

const ContractColumn* Contract::FindColumn(std::string_view name) const {
  for (const auto& c : columns)
    if (EqualsIgnoreCase(c.name, name)) return &c;
  return nullptr;
}

Json Contract::ToJson() const {
  Json cols = Json::Array();
  for (const auto& c : columns) {
    Json col = Json::Object().Set("name", c.name);
    if (c.type) col.Set("type", c.type->ToString());
    if (c.nullable) col.Set("nullable", *c.nullable);
    if (c.description) col.Set("description", *c.description);
    cols.Push(std::move(col));
  }
  return Json::Object()
      .Set("path", path)
      .Set("columns", std::move(cols))
      .Set("rules", Json::Object()
                        .Set("required", Json::ArrayOf(rules.required))
                        .Set("protected", Json::ArrayOf(rules.protected_columns))
                        .Set("no_new_nullable", rules.no_new_nullable));
}

ContractLoad ParseContract(std::string_view text, const std::string& path,
                           const config::EnvLookup& env,
                           std::vector<config::DeclaredKey>* declared_keys) {
  ContractLoad out;
  auto root = ParseConfigText(text, path, env, out.diagnostics);
  if (!root) return out;

  config::TomlDocumentReader doc(*root, path);
  doc.RecordDeclaredKeys(declared_keys);
  config::TomlTableReader top = doc.Root();
  Contract contract;
  contract.path = path;
  std::unordered_set<std::string> seen;
  for (config::TomlTableReader col : top.TableArray("columns")) {
    ContractColumn c;
    c.span = col.span();
    auto name = col.RequiredString("name");
    if (name && name->empty()) col.Error("name", "key 'name' in [[columns]] must not be empty");
    if (name && !name->empty()) {
      if (!seen.insert(ToLower(*name)).second)
        col.Error("name", fmt::format("duplicate contract column '{}'", *name));
      c.name = *name;
    }
    if (auto type = col.OptString("type")) {
      auto parsed = ParseContractType(*type);
      if (parsed) {
        c.type = std::move(*parsed);
      } else {
        col.Error("type", fmt::format("column '{}': {}", c.name, parsed.error().message));
      }
    }
    c.nullable = col.OptBool("nullable");
    c.description = col.OptString("description");
    contract.columns.push_back(std::move(c));
  }
  if (auto rules = top.OptTable("rules")) {
    contract.rules.required = rules->StringList("required");
    contract.rules.protected_columns = rules->StringList("protected");
    contract.rules.no_new_nullable = rules->Bool("no_new_nullable", false);
  }
  for (const config::TomlIssue& e : doc.errors()) out.diagnostics.push_back(IssueDiagnostic(e));
  bool ok = doc.ok();
  for (const config::TomlIssue& u : doc.UnknownKeys())
    out.diagnostics.push_back(IssueDiagnostic(u));
  if (ok) out.contract = std::move(contract);
  return out;
}

ContractLoad LoadContractFile(const std::string& path, const config::EnvLookup& env) {
  auto text = ReadFile(path);
  if (!text) {
    ContractLoad out;
    out.diagnostics.push_back(LoadError(text.error().message, Span{path, 1, 0, 0}));
    return out;
  }
  return ParseContract(*text, path, env);
}

std::optional<std::string> ContractModelName(std::string_view file_name) {
  if (!EndsWith(file_name, kContractSuffix) || file_name.size() == kContractSuffix.size())
    return std::nullopt;
  return std::string(file_name.substr(0, file_name.size() - kContractSuffix.size()));
}

std::vector<Diagnostic> CheckContractModels(
    const std::vector<std::string>& contract_paths,
    const std::function<bool(std::string_view)>& has_model) {
  std::vector<Diagnostic> out;
  for (const auto& path : contract_paths) {
    std::string_view file = path;
    if (size_t slash = file.find_last_of('/'); slash != std::string_view::npos)
      file.remove_prefix(slash + 1);
    auto name = ContractModelName(file);
    if (!name || has_model(*name)) continue;
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = "W011";
    d.message = fmt::format("contract file for unknown model '{}'", *name);
    d.span = Span{path, 1, 0, 0};
    d.model = *name;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace rocky::project
