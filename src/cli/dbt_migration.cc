#include "cli/dbt_migration.h"

namespace rocky::cli {

Result<migrate::DbtImportOptions> DbtImportOptionsOf(const Context& ctx) {
  migrate::DbtImportOptions options;
  auto project = ctx.args().Get("dbt-project");
  if (!project)
    return Fail(Error{ErrorKind::kUsage,
                      "--dbt-project D is required",
                      {},
                      "pass the folder that holds dbt_project.yml"});
  options.dbt_project = *project;
  if (auto output = ctx.args().Get("output")) options.output = *output;
  options.manifest = ctx.args().Get("manifest");
  options.no_manifest = ctx.args().Has("no-manifest");
  if (options.manifest && options.no_manifest)
    return Fail(Error{ErrorKind::kUsage, "--manifest and --no-manifest exclude each other", {}});
  return options;
}

}  // namespace rocky::cli
