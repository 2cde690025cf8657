#include "cli/storage_setup.h"

#include <fmt/format.h>

#include "cli/facade_options.h"
#include "facade/storage_target.h"

namespace rocky::cli {

Result<StorageSetup> LoadStorageSetup(Context& ctx, std::string_view command, bool load_models) {
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  auto adapter = facade::TargetAdapter(**config, ctx.args().Get("pipeline"), command);
  if (!adapter) return std::unexpected(adapter.error());
  StorageSetup setup;
  setup.config = *config;
  setup.adapter = *adapter;
  setup.storage = &facade::AdapterStorageDialect((*adapter)->type);
  if (load_models)
    setup.project = facade::LoadProjectModels(**config, ProjectOptionsOf(ctx.args()));
  return setup;
}

Json StatementsJson(const std::vector<sdk::Statement>& statements) {
  Json list = Json::Array();
  for (const auto& s : statements)
    list.Push(Json::Object().Set("purpose", s.purpose).Set("sql", s.sql));
  return list;
}

std::string StatementsText(const std::vector<sdk::Statement>& statements) {
  std::string text;
  for (const auto& s : statements) text += fmt::format("-- {}\n{};\n", s.purpose, s.sql);
  return text;
}

}  // namespace rocky::cli
