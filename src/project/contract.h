#pragma once
// Data contracts (models.md §3): `<model>.contract.toml` files with typed columns and rules.
// This file parses them and names their models; checking a contract against a model's inferred
// output (E010–E013, W010) belongs to the compiler. W011 (a contract file whose model does not
// exist) is decided here, from the file name alone.

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/json.h"
#include "config/env_substitution.h"

namespace rocky::config {
struct DeclaredKey;  // config/toml_document.h
}  // namespace rocky::config

namespace rocky::project {

enum class ContractTypeKind {
  kBoolean,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal,
  kString,
  kBinary,
  kDate,
  kTimestamp,
  kTimestampNtz,
  kArray,
  kMap,
  kStruct,
  kVariant,
};

/// A contract type name: `Int64`, `Decimal` / `Decimal(p,s)`, `Array` / `Array<T>`, `Map` /
/// `Map<K,V>`, …. Unparameterized `Decimal`, `Array` and `Map` match any of their kind.
struct ContractType {
  ContractTypeKind kind = ContractTypeKind::kString;
  std::optional<int> precision;    // Decimal(p,s): 1..38
  std::optional<int> scale;        // 0..p
  std::vector<ContractType> args;  // Array<T>: {T}; Map<K,V>: {K, V}; empty: any

  /// Canonical text: `Decimal(10,2)`, `Map<String,Array<Int64>>`.
  std::string ToString() const;
  bool operator==(const ContractType& other) const;
};

/// The canonical name of a kind ("Int64", "TimestampNtz", …).
const char* ContractTypeKindName(ContractTypeKind kind);

/// Parses a type name of §3. Names are matched case-insensitively and spaces around `(`, `,`,
/// `<`, `>` are allowed. The error is a sentence such as `unknown type 'Integer'; expected one of
/// Boolean, Int32, …` or `Decimal precision must be between 1 and 38 (got 40)`; a close type name
/// is returned as `suggestion`.
struct ContractTypeError {
  std::string message;
  std::optional<std::string> suggestion;
};
std::expected<ContractType, ContractTypeError> ParseContractType(std::string_view text);

struct ContractColumn {
  std::string name;
  std::optional<ContractType> type;  // nullopt: any type
  std::optional<bool> nullable;      // nullopt: not constrained
  std::optional<std::string> description;
  Span span;  // the [[columns]] entry
};

struct ContractRules {
  std::vector<std::string> required;
  std::vector<std::string> protected_columns;  // `protected`
  bool no_new_nullable = false;                // reserved; parsed, not enforced
};

struct Contract {
  std::string path;  // the file, as loaded
  std::vector<ContractColumn> columns;
  ContractRules rules;

  /// Column by name, case-insensitively; nullptr when absent.
  const ContractColumn* FindColumn(std::string_view name) const;
  /// `{path, columns: [{name, type?, nullable?, description?}], rules: {required, protected,
  /// no_new_nullable}}`.
  Json ToJson() const;
};

/// A contract and the problems found in its file (errors V030, unknown keys V002).
struct ContractLoad {
  std::optional<Contract> contract;  // nullopt when the file has errors
  std::vector<Diagnostic> diagnostics;
};

/// Parses contract text (env substitution first). `path` names the file in spans.
/// With `declared_keys`, the keys the reader declares are appended there (tests of the reference).
ContractLoad ParseContract(std::string_view text, const std::string& path,
                           const config::EnvLookup& env,
                           std::vector<config::DeclaredKey>* declared_keys = nullptr);
/// Reads and parses a contract file.
ContractLoad LoadContractFile(const std::string& path, const config::EnvLookup& env);

/// `x.contract.toml` → "x"; nullopt for other file names.
std::optional<std::string> ContractModelName(std::string_view file_name);

/// W011 for every contract file whose model does not exist (`has_model` decides, by name).
/// Message: `contract file for unknown model 'x'`.
std::vector<Diagnostic> CheckContractModels(const std::vector<std::string>& contract_paths,
                                            const std::function<bool(std::string_view)>& has_model);

}  // namespace rocky::project
