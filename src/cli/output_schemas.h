#pragma once
// JSON Schemas (draft 2020-12) for every JSON document the CLI prints (cli.md §6). They are the
// typed contract that orchestrators code against: `rocky export-schemas` writes them out, and the
// golden tests validate each command's output against them with base/json_schema.h.
//
// One schema per output type, named by the output's `command` value. Three commands print two
// different shapes, so they get two schemas each, and the second one's name says which:
// `history` / `model_history` (`history --model`), `lineage` / `column_lineage` (`lineage
// model.column`) and `compact` / `compact_dedup` (`compact --measure-dedup`). The `command` value
// inside those documents is still `history`, `lineage` or `compact`.

#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"

namespace rocky::cli {

/// One exported schema: `name` is the file stem (`<name>.schema.json`) and the end of `$id`.
struct OutputSchema {
  std::string name;
  Json schema;
};

/// Every output schema, in the order cli.md describes the commands. Names are unique.
const std::vector<OutputSchema>& AllOutputSchemas();

/// The response bodies of `rocky serve`'s routes (services.md §5), named `api_<route>`
/// (`api_models`, `api_column_lineage`, …, and `api_error` for error bodies).
const std::vector<OutputSchema>& AllApiSchemas();

/// The schema named `name` (`discover`, `list_pipelines`, `model_history`, `api_dag`, …), or
/// nullptr.
const Json* FindOutputSchema(std::string_view name);

/// Validates a command's JSON output against the schemas whose `command` constant equals the
/// document's `command`. Valid when any of them accepts it (empty result); otherwise the problems
/// found by the closest schema, or one message when no schema has that command.
std::vector<std::string> ValidateOutput(const Json& document);

}  // namespace rocky::cli
