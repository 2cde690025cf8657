#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/output_schemas.h"

namespace rocky::cli {

namespace {

int RunExportSchemas(Context& ctx) {
  const std::string dir = ctx.args().positionals().empty() ? "schemas" : ctx.args().positionals()[0];
  std::vector<std::string> files;
  std::vector<OutputSchema> all = AllOutputSchemas();
  all.insert(all.end(), AllApiSchemas().begin(), AllApiSchemas().end());
  for (const auto& s : all) {
    std::string path = (std::filesystem::path(dir) / (s.name + ".schema.json")).string();
    if (auto ok = WriteFileAtomic(path, s.schema.Dump(2) + "\n"); !ok)
      return ctx.ReportError(ok.error());
    files.push_back(path);
  }
  if (ctx.json()) {
    ctx.EmitJson("export-schemas",
                 Json::Object().Set("dir", dir).Set("files", Json::ArrayOf(files)));
  } else {
    ctx.PrintText(fmt::format("Wrote {} JSON Schemas (draft 2020-12) to {}/", files.size(), dir));
  }
  return 0;
}

}  // namespace

const CommandSpec& ExportSchemasCommand() {
  static const CommandSpec kSpec{
      .name = "export-schemas",
      .summary = "Write a JSON Schema for every JSON output",
      .description =
          "Writes DIR/<command>.schema.json (draft 2020-12) for every command's JSON output, so\n"
          "orchestrators and code generators can type Rocky's results, and\n"
          "DIR/api_<route>.schema.json for every response body of `rocky serve`'s HTTP API.\n\n"
          "Example:\n"
          "  rocky export-schemas schemas/",
      .positionals = {{"DIR", "output folder (default: schemas)"}},
      .config_optional = true,
      .run = &RunExportSchemas,
  };
  return kSpec;
}

}  // namespace rocky::cli
