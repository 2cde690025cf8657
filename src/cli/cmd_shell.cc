// `rocky shell`: a SQL REPL on a pipeline's warehouse adapter (cli.md §4). Each input line is a
// statement or a dot command; a line ending in `\` continues on the next line. Results print as
// an aligned table (one JSON object per input with an explicit `-o json`).

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "adapter_sdk/cell_text.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/registry.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/line_reader.h"
#include "cli/table.h"
#include "config/config.h"

namespace rocky::cli {

namespace {

constexpr std::string_view kPrompt = "rocky> ";
constexpr std::string_view kContinuePrompt = "   ...> ";

constexpr std::string_view kHelp =
    ".tables          list the tables and views\n"
    ".schema TABLE    the columns of a table (schema.table, catalog.schema.table, or a table\n"
    "                 name found in one schema)\n"
    ".history         the statements entered so far\n"
    ".help            this text\n"
    ".quit, .exit     leave (Ctrl-D too)\n"
    "Any other line is SQL for the warehouse; end a line with \\ to continue on the next.\n";

// The pipeline's target adapter: --pipeline P, else the only pipeline; a project with no
// pipeline uses its default adapter.
Result<const config::AdapterConfig*> ShellAdapter(const Context& ctx, const config::Config& cfg) {
  const std::optional<std::string> name = ctx.args().Get("pipeline");
  if (!name && cfg.pipelines.empty()) {
    const config::AdapterConfig* adapter = config::DefaultAdapter(cfg);
    if (adapter && adapter->CanBeWarehouse()) return adapter;
    return std::unexpected(Error{ErrorKind::kConfig,
                                 "no pipeline and no default warehouse adapter to open",
                                 {},
                                 "define [adapter] with type = \"duckdb\" in " + cfg.path});
  }
  auto pipeline = config::SelectPipelineFor(cfg, name, "shell", {});
  if (!pipeline) return std::unexpected(pipeline.error());
  return config::ResolveAdapter(cfg, **pipeline, config::AdapterRole::kTarget);
}

// A result set as the shell shows it.
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<sdk::Value>> rows;
};

std::string Cell(const sdk::Value& v) { return sdk::IsNull(v) ? "NULL" : sdk::ValueToString(v); }

// `"x"` or `` `x` `` as x.
std::string Unquote(std::string_view part) {
  part = Trim(part);
  if (part.size() >= 2 && (part.front() == '"' || part.front() == '`') &&
      part.back() == part.front())
    part = part.substr(1, part.size() - 2);
  return std::string(part);
}

class Shell {
 public:
  Shell(sdk::WarehouseAdapter& warehouse, LineReader& reader, bool json_lines,
        std::string history_file)
      : warehouse_(warehouse),
        reader_(reader),
        json_lines_(json_lines),
        history_file_(std::move(history_file)) {}

  int Run() {
    std::string statement;
    for (;;) {
      auto line = reader_.ReadLine(statement.empty() ? kPrompt : kContinuePrompt);
      if (!line) break;
      if (reader_.interrupted()) {
        statement.clear();
        continue;
      }
      std::string_view text = *line;
      auto trim_end = [&text] {
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
      };
      trim_end();
      const bool more = !text.empty() && text.back() == '\\';
      if (more) {
        text.remove_suffix(1);
        trim_end();
      }
      if (!statement.empty()) statement += '\n';
      statement += text;
      if (more) continue;
      std::string input(Trim(statement));
      statement.clear();
      if (!input.empty() && !Handle(input)) return 0;
    }
    // The end of the input ends a statement still waiting for its next line.
    if (std::string input(Trim(statement)); !input.empty()) Handle(input);
    return 0;
  }

 private:
  // Runs one input; false when it asks to leave.
  bool Handle(const std::string& input) {
    Remember(input);
    if (input.front() != '.') {
      Query(input);
      return true;
    }
    const std::vector<std::string> words = SplitWords(input);
    const std::string& command = words[0];
    if (command == ".quit" || command == ".exit") return false;
    if (command == ".help") {
      Text(std::string(kHelp));
    } else if (command == ".tables") {
      Tables(input);
    } else if (command == ".schema") {
      if (words.size() != 2) {
        Failure(input, Error{ErrorKind::kUsage, "usage: .schema TABLE", {}});
      } else {
        Schema(input, words[1]);
      }
    } else if (command == ".history") {
      const auto& entries = reader_.history().entries();
      if (json_lines_) {
        Rows rows{{"entry"}, {}};
        for (const std::string& e : entries) rows.rows.push_back({e});
        Show(input, std::move(rows), 0);
        return true;
      }
      std::string text;
      for (size_t i = 0; i < entries.size(); ++i)
        text += fmt::format("{:>4}  {}\n", i + 1, entries[i]);
      Text(text);
    } else {
      Failure(input, Error{ErrorKind::kUsage,
                           fmt::format("unknown command '{}' (.help lists them)", command),
                           {}});
    }
    return true;
  }

  static std::vector<std::string> SplitWords(std::string_view input) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < input.size()) {
      while (i < input.size() && std::isspace(static_cast<unsigned char>(input[i]))) ++i;
      size_t start = i;
      while (i < input.size() && !std::isspace(static_cast<unsigned char>(input[i]))) ++i;
      if (i > start) words.emplace_back(input.substr(start, i - start));
    }
    return words;
  }

  // The history holds each input on one line (continued lines joined by a space); interactive
  // sessions also append it to the history file.
  void Remember(const std::string& input) {
    std::string entry = input;
    for (char& c : entry)
      if (c == '\n') c = ' ';
    const bool repeat =
        !reader_.history().entries().empty() && reader_.history().entries().back() == entry;
    reader_.history().Add(entry);
    if (history_file_.empty() || repeat) return;
    if (auto saved = LineHistory::Append(history_file_, entry); !saved) {
      LogWarn("{}; history is kept in memory only", saved.error().message);
      history_file_.clear();
    }
  }

  void Query(const std::string& input) {
    std::string_view sql = input;
    while (!sql.empty() &&
           (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back()))))
      sql.remove_suffix(1);
    const auto start = std::chrono::steady_clock::now();
    auto result = warehouse_.ExecuteQuery(sql);
    const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
    if (!result) return Failure(input, result.error());
    Show(input, Rows{std::move(result->columns), std::move(result->rows)}, ms);
  }

  // Tables and views of the warehouse, from information_schema (schema.table; with the catalog
  // when they live in more than one).
  Result<std::vector<sdk::TableRef>> ListTables() {
    auto result = warehouse_.ExecuteQuery(
        "SELECT table_catalog, table_schema, table_name FROM information_schema.tables\n"
        "WHERE lower(table_schema) NOT IN ('information_schema', 'pg_catalog')\n"
        "ORDER BY table_catalog, table_schema, table_name");
    if (!result) return std::unexpected(Error(result.error()).With("while listing tables"));
    std::vector<sdk::TableRef> tables;
    for (const auto& row : result->rows) {
      if (row.size() < 3) continue;
      tables.push_back(
          {sdk::ValueToString(row[0]), sdk::ValueToString(row[1]), sdk::ValueToString(row[2])});
    }
    return tables;
  }

  void Tables(const std::string& input) {
    auto tables = ListTables();
    if (!tables) return Failure(input, tables.error());
    bool one_catalog = true;
    for (const auto& t : *tables) one_catalog = one_catalog && t.catalog == tables->front().catalog;
    Rows rows{{"table"}, {}};
    for (const auto& t : *tables)
      rows.rows.push_back({one_catalog ? t.schema + "." + t.table : t.FullName()});
    if (json_lines_) return Show(input, std::move(rows), 0);
    std::string text;
    for (const auto& row : rows.rows) text += std::get<std::string>(row[0]) + "\n";
    Text(text);
  }

  void Schema(const std::string& input, std::string_view name) {
    std::vector<std::string> parts;
    for (const std::string& part : Split(name, ".")) parts.push_back(Unquote(part));
    sdk::TableRef ref;
    if (parts.size() == 3) {
      ref = {parts[0], parts[1], parts[2]};
    } else if (parts.size() == 2) {
      ref = {"", parts[0], parts[1]};
    } else if (parts.size() == 1) {
      auto tables = ListTables();
      if (!tables) return Failure(input, tables.error());
      std::vector<sdk::TableRef> found;
      for (const auto& t : *tables)
        if (EqualsIgnoreCase(t.table, parts[0])) found.push_back(t);
      if (found.size() > 1) {
        std::vector<std::string> names;
        for (const auto& t : found) names.push_back(t.schema + "." + t.table);
        return Failure(input, Error{ErrorKind::kUsage,
                                    fmt::format("table '{}' is in several schemas ({}); write "
                                                "schema.table",
                                                parts[0], Join(names, ", ")),
                                    {}});
      }
      if (found.empty())
        return Failure(
            input, Error{ErrorKind::kNotFound, fmt::format("table '{}' not found", parts[0]), {}});
      ref = found[0];
    } else {
      return Failure(input, Error{ErrorKind::kUsage, "usage: .schema TABLE", {}});
    }
    auto columns = warehouse_.DescribeTable(ref);
    if (!columns) return Failure(input, columns.error());
    if (columns->empty())
      return Failure(
          input,
          Error{ErrorKind::kNotFound, fmt::format("table '{}' not found", std::string(name)), {}});
    Rows rows{{"column", "type", "nullable"}, {}};
    for (const auto& c : *columns) rows.rows.push_back({c.name, c.data_type, c.nullable});
    Show(input, std::move(rows), 0);
  }

  void Show(const std::string& input, Rows rows, int64_t ms) {
    if (json_lines_) {
      Json columns = Json::Array();
      for (const auto& c : rows.columns) columns.Push(c);
      Json list = Json::Array();
      for (const auto& row : rows.rows) {
        Json cells = Json::Array();
        for (const auto& v : row) cells.Push(sdk::ValueJson(v));
        list.Push(std::move(cells));
      }
      return Line(input, Json::Object()
                             .Set("columns", std::move(columns))
                             .Set("rows", std::move(list))
                             .Set("row_count", static_cast<int64_t>(rows.rows.size()))
                             .Set("duration_ms", ms));
    }
    if (rows.columns.empty()) return Text("OK\n");
    TextTable table(rows.columns);
    for (const auto& row : rows.rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(Cell(v));
      table.AddRow(std::move(cells));
    }
    std::string text = table.Render();
    text += fmt::format("({} row{}", rows.rows.size(), rows.rows.size() == 1 ? "" : "s");
    if (reader_.interactive() && ms > 0) text += fmt::format(", {} ms", ms);
    text += ")\n";
    Text(text);
  }

  // An error: printed (stderr on a terminal-style session) and the shell goes on.
  void Failure(const std::string& input, const Error& error) {
    if (json_lines_) {
      return Line(input, Json::Object()
                             .Set("columns", Json::Array())
                             .Set("rows", Json::Array())
                             .Set("row_count", 0)
                             .Set("duration_ms", 0)
                             .Set("error", error.message));
    }
    std::string text = "error: " + error.message + "\n";
    for (const auto& c : error.context) text += "  caused by: " + c + "\n";
    if (!error.hint.empty()) text += "  hint: " + error.hint + "\n";
    std::fflush(stdout);
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  }

  void Text(const std::string& text) {
    if (json_lines_) return;
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  void Line(const std::string& input, Json body) {
    Json line = Json::Object().Set("version", "1.0.0").Set("command", "shell").Set("input", input);
    for (size_t i = 0; i < body.keys().size(); ++i)
      line.Set(body.keys()[i], std::move(body.items()[i]));
    std::string text = line.Dump();
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  sdk::WarehouseAdapter& warehouse_;
  LineReader& reader_;
  bool json_lines_;
  std::string history_file_;
};

int RunShell(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;
  auto adapter = ShellAdapter(ctx, cfg);
  if (!adapter) return ctx.ReportError(adapter.error());
  adapters::AdapterRegistry registry(cfg, ctx.ProcessCache(cfg));
  auto warehouse = registry.Warehouse(**adapter);
  if (!warehouse) return ctx.ReportError(warehouse.error());

  LineReader reader;
  // Only sessions typed at a terminal keep a history file; piped scripts leave none.
  std::string history_file;
  if (reader.interactive()) {
    history_file =
        (std::filesystem::path(ctx.StatePath(cfg)).parent_path() / "shell_history").string();
    if (auto loaded = reader.history().Load(history_file); !loaded)
      LogWarn("{}; starting with an empty history", loaded.error().message);
    std::fputs(fmt::format("rocky shell on adapter '{}' ({}). .help lists the commands, .quit "
                           "leaves.\n",
                           (*adapter)->name, (*warehouse)->Dialect().Name())
                   .c_str(),
               stdout);
  }
  // JSON Lines only when asked with -o json: a piped shell still prints tables.
  const bool json_lines = ctx.args().Get("output") == std::optional<std::string>("json");
  Shell shell(**warehouse, reader, json_lines, history_file);
  return shell.Run();
}

}  // namespace

const CommandSpec& ShellCommand() {
  static const CommandSpec kSpec{
      .name = "shell",
      .summary = "An interactive SQL prompt on a pipeline's warehouse",
      .description =
          "Opens the target adapter of --pipeline P (else of the only pipeline; a project with\n"
          "no pipeline uses its default adapter) and runs each line typed as SQL, printing the\n"
          "result as an aligned table followed by `(N rows)`. A line ending in \\ continues on\n"
          "the next; a trailing ; is optional. An error prints `error: …` on stderr and the\n"
          "shell goes on. Dot commands:\n"
          "  .tables          list the tables and views (schema.table)\n"
          "  .schema TABLE    the columns of a table: name, type, nullable\n"
          "  .history         the statements entered so far\n"
          "  .help            the commands\n"
          "  .quit, .exit     leave (so does Ctrl-D, or the end of the input)\n\n"
          "At a terminal the prompt is `rocky> ` (`   ...> ` while a statement continues),\n"
          "with line editing: arrows, Home/End, Ctrl-A/E/U/K, Up/Down through the history,\n"
          "Ctrl-C drops the line (while a statement runs, it ends the shell). The history is\n"
          "kept in <state dir>/shell_history (beside the state store: .rocky/shell_history by\n"
          "default), the last 1000 entries.\n\n"
          "Piped input (stdin not a terminal) is read line by line with no prompt, no banner\n"
          "and no history file, so scripts get only results on stdout and errors on stderr.\n"
          "With an explicit -o json each input prints one JSON line instead: {\"version\",\n"
          "\"command\": \"shell\", \"input\", \"columns\", \"rows\", \"row_count\",\n"
          "\"duration_ms\", \"error\"?} (shell.schema.json; .tables, .schema and .history are\n"
          "rows too, .help prints nothing). The shell exits 0 when the input ends or on .quit.\n\n"
          "Examples:\n"
          "  rocky shell\n"
          "  rocky shell --pipeline silver\n"
          "  printf '.tables\\nSELECT count(*) FROM raw__orders.orders;\\n' | rocky shell",
      .flags = {{"pipeline", 0, "P", "the pipeline whose target warehouse to open"}},
      .run = &RunShell,
  };
  return kSpec;
}

}  // namespace rocky::cli
