#include <fmt/format.h>

#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

int RunState(Context& ctx) {
  auto path = ctx.StatePath();
  if (!path) return ctx.ReportError(path.error());
  auto store = state::StateStore::Open(*path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());
  auto watermarks = store->ListWatermarks();
  if (!watermarks) return ctx.ReportError(watermarks.error());
  if (ctx.json()) {
    Json list = Json::Array();
    for (const auto& w : *watermarks)
      list.Push(Json::Object()
                    .Set("table", w.table_key)
                    .Set("last_value", w.last_value)
                    .Set("updated_at", FormatRfc3339(w.updated_at)));
    ctx.EmitJson("state", Json::Object().Set("watermarks", std::move(list)));
    return 0;
  }
  if (watermarks->empty()) {
    ctx.PrintText(fmt::format("No watermarks in {} yet: an incremental run stores one per table.",
                              *path));
    return 0;
  }
  TextTable table({"TABLE", "LAST VALUE", "UPDATED AT"});
  for (const auto& w : *watermarks)
    table.AddRow({w.table_key, w.last_value, FormatRfc3339(w.updated_at)});
  ctx.PrintText(table.Render());
  return 0;
}

}  // namespace

const CommandSpec& StateCommand() {
  static const CommandSpec kSpec{
      .name = "state",
      .summary = "Show the stored watermarks",
      .description =
          "Lists the incremental watermark of every replicated table: the largest timestamp already\n"
          "loaded, which the next incremental copy starts after. Reads the state store read-only.\n\n"
          "Examples:\n"
          "  rocky state\n"
          "  rocky state --state-path /data/rocky/state.db -o json",
      .run = &RunState,
  };
  return kSpec;
}

}  // namespace rocky::cli
