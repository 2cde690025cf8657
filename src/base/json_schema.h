#pragma once
// A validator for the subset of JSON Schema (draft 2020-12) that Rocky's exported output schemas
// use (cli/output_schemas.h). Golden tests check every command's JSON output with it, so its
// messages name the exact place of each problem as a JSON path: `$.sources[0].tables[1].name`.
//
// Supported keywords: `type` (a name or a list; "integer" accepts any number with no fractional
// part), `properties`, `required`, `additionalProperties` (false or a schema), `items` (one schema
// for every element), `enum`, `const`, `$ref` (a JSON pointer into the root schema, such as
// `#/$defs/Name`), `anyOf`, `oneOf`, `minimum`, `maximum`, `minItems`, and the boolean schemas
// `true` / `false`. Other keywords (`$schema`, `$id`, `title`, `description`, `$defs`, …) are
// annotations and are ignored.

#include <string>
#include <vector>

#include "base/json.h"

namespace rocky {

/// Validates `document` against `schema`. Returns one message per violation, each of the form
/// `<json path>: <problem>` (`$.runs[2].status: expected one of "success", "failure"; got "ok"`),
/// in a stable order (an object's missing members first, then its members in document order). An
/// empty vector means the document is valid. A malformed schema (say, an unresolvable `$ref`) is
/// reported the same way, at the path where it was needed.
std::vector<std::string> ValidateJson(const Json& document, const Json& schema);

}  // namespace rocky
