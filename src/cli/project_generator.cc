#include "cli/project_generator.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <set>
#include <unordered_set>

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

using Type = GeneratedType;
using Layer = GeneratedLayer;

// splitmix64: tiny, fast and the same on every platform (std distributions are not).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  size_t Between(size_t lo, size_t hi) { return lo + Below(hi - lo + 1); }
  bool Percent(unsigned p) { return Below(100) < p; }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  uint64_t state_;
};

constexpr uint64_t kSeed = 0x526F636B7942656Eull;  // "RockyBen"

constexpr std::array<std::string_view, 20> kEntities = {
    "orders",  "customers", "payments",  "invoices", "shipments", "products",  "sessions",
    "events",  "refunds",   "accounts",  "tickets",  "leads",     "campaigns", "inventory",
    "returns", "reviews",   "transfers", "visits",   "contracts", "deliveries"};

// How a raw text column is filled in data/seed.sql (i = 1..6).
enum class Fill {
  kId,
  kCustomer,
  kForeignKey,
  kName,
  kStatus,
  kText,
  kAmount,
  kNumber,
  kDate,
  kTimestamp,
  kFlag
};

struct PoolColumn {
  std::string_view name;
  Type type;
  Fill fill;
};

// Optional source columns; each source takes 1–9 of them (after the 6 fixed ones).
constexpr std::array<PoolColumn, 23> kPool = {{
    {"email", Type::kVarchar, Fill::kText},
    {"region", Type::kVarchar, Fill::kText},
    {"country", Type::kVarchar, Fill::kText},
    {"category", Type::kVarchar, Fill::kText},
    {"channel", Type::kVarchar, Fill::kText},
    {"currency", Type::kVarchar, Fill::kText},
    {"city", Type::kVarchar, Fill::kText},
    {"quantity", Type::kInteger, Fill::kNumber},
    {"priority", Type::kInteger, Fill::kNumber},
    {"unit_price", Type::kDouble, Fill::kNumber},
    {"score", Type::kDouble, Fill::kNumber},
    {"weight", Type::kDouble, Fill::kNumber},
    {"rating", Type::kDouble, Fill::kNumber},
    {"discount", Type::kDecimal, Fill::kAmount},
    {"tax", Type::kDecimal, Fill::kAmount},
    {"fee", Type::kDecimal, Fill::kAmount},
    {"is_active", Type::kBoolean, Fill::kFlag},
    {"is_test", Type::kBoolean, Fill::kFlag},
    {"created_date", Type::kDate, Fill::kDate},
    {"closed_date", Type::kDate, Fill::kDate},
    {"account_id", Type::kBigInt, Fill::kForeignKey},
    {"product_id", Type::kBigInt, Fill::kForeignKey},
    {"notes", Type::kVarchar, Fill::kText},
}};

// A staging column and how it is computed from its source column.
enum class Op { kPass, kTrim, kLower, kUpper, kCoalesce };

struct StagingColumn {
  std::string source;  // input column
  std::string name;    // output column
  Op op = Op::kPass;
};

// Generation state beside the public GeneratedModel.
struct Draft {
  GeneratedModel model;
  std::string entity;
  std::string suffix;                  // the zero-padded number in the name
  std::vector<PoolColumn> raw;         // sources: the raw columns, in order
  std::vector<StagingColumn> staging;  // staging: the projection
  bool date_filter = false;            // staging: created_date exists
  std::string total_column;            // intermediate: the SUM column marts tier on
};

bool IsMeasure(Type t) { return t == Type::kInteger || t == Type::kDouble || t == Type::kDecimal; }

const GeneratedColumn* FindColumn(const GeneratedModel& m, std::string_view name) {
  for (const auto& c : m.columns)
    if (c.name == name) return &c;
  return nullptr;
}

template <typename... Args>
void Put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// Picks `count` distinct indexes below `n` (all of them when n <= count), in draw order.
std::vector<size_t> Distinct(SplitMix64& rng, size_t n, size_t count) {
  std::vector<size_t> out;
  if (n <= count) {
    for (size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  while (out.size() < count) {
    size_t k = rng.Below(n);
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

// `count` slots with exactly round(pct% · count) true, scattered.
std::vector<bool> Scatter(SplitMix64& rng, size_t count, unsigned pct) {
  size_t chosen = (count * pct + 50) / 100;
  std::vector<char> slots(count, 0);
  std::fill(slots.begin(), slots.begin() + static_cast<std::ptrdiff_t>(chosen), 1);
  rng.Shuffle(slots);
  return std::vector<bool>(slots.begin(), slots.end());
}

// ---- sources --------------------------------------------------------------------------------

void DraftSource(SplitMix64& rng, Draft& d) {
  d.raw = {{"id", Type::kBigInt, Fill::kId},
           {"customer_id", Type::kBigInt, Fill::kCustomer},
           {"name", Type::kVarchar, Fill::kName},
           {"status", Type::kVarchar, Fill::kStatus},
           {"amount", Type::kDecimal, Fill::kAmount}};
  std::vector<size_t> extras = Distinct(rng, kPool.size(), rng.Between(1, 9));
  std::sort(extras.begin(), extras.end());
  for (size_t k : extras) d.raw.push_back(kPool[k]);
  d.raw.push_back({"updated_at", Type::kTimestamp, Fill::kTimestamp});
  d.model.raw_table = fmt::format("raw.{}_{}", d.entity, d.suffix);
  for (const auto& c : d.raw) d.model.columns.push_back({std::string(c.name), c.type});
}

std::string SourceSql(const Draft& d) {
  std::string out;
  Put(out, "-- Source: {} (landed as text), typed.\nSELECT\n", d.model.raw_table);
  for (size_t i = 0; i < d.raw.size(); ++i)
    Put(out, "    CAST({0} AS {1}) AS {0}{2}\n", d.raw[i].name, GeneratedTypeSql(d.raw[i].type),
        i + 1 < d.raw.size() ? "," : "");
  Put(out, "FROM {}\n", d.model.raw_table);
  return out;
}

std::string_view SeedExpression(Fill fill) {
  switch (fill) {
    case Fill::kId:
      return "CAST(i AS VARCHAR)";
    case Fill::kCustomer:
      return "CAST(1 + i % 3 AS VARCHAR)";
    case Fill::kForeignKey:
      return "CAST(100 + i % 4 AS VARCHAR)";
    case Fill::kName:
      return "'  Name ' || CAST(i AS VARCHAR) || '  '";
    case Fill::kStatus:
      return "CASE i % 4 WHEN 0 THEN 'Active' WHEN 1 THEN 'PENDING' WHEN 2 THEN 'closed' "
             "ELSE 'deleted' END";
    case Fill::kText:
      return "'Value ' || CAST(i % 3 AS VARCHAR)";
    case Fill::kAmount:
      return "CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i * 12.25 AS VARCHAR) END";
    case Fill::kNumber:
      return "CAST(i * 3 % 7 AS VARCHAR)";
    case Fill::kDate:
      return "CAST(DATE '2024-01-01' + CAST(i AS INTEGER) AS VARCHAR)";
    case Fill::kTimestamp:
      return "CAST(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR AS VARCHAR)";
    case Fill::kFlag:
      return "CAST(i % 2 = 0 AS VARCHAR)";
  }
  return "NULL";
}

void AppendSeedTable(std::string& out, const Draft& d) {
  Put(out, "\nCREATE OR REPLACE TABLE {} AS\nSELECT\n", d.model.raw_table);
  for (size_t i = 0; i < d.raw.size(); ++i)
    Put(out, "    {} AS {}{}\n", SeedExpression(d.raw[i].fill), d.raw[i].name,
        i + 1 < d.raw.size() ? "," : "");
  out += "FROM range(1, 7) AS t(i);\n";
}

// ---- staging --------------------------------------------------------------------------------

void DraftStaging(SplitMix64& rng, Draft& d, const Draft& source) {
  d.model.inputs = {source.model.name};
  for (const auto& c : source.raw) {
    StagingColumn s{std::string(c.name), std::string(c.name), Op::kPass};
    if (c.fill == Fill::kName) {
      s = {s.source, s.source + "_clean", Op::kTrim};
    } else if (c.fill == Fill::kStatus) {
      s = {s.source, s.source + "_lower", Op::kLower};
    } else if (c.fill == Fill::kAmount && c.name == "amount") {
      s = {s.source, s.source + "_filled", Op::kCoalesce};
    } else if (c.fill == Fill::kText && rng.Percent(50)) {
      s = {s.source, s.source + "_upper", Op::kUpper};
    } else if (IsMeasure(c.type) && rng.Percent(50)) {
      s = {s.source, s.source + "_filled", Op::kCoalesce};
    }
    if (c.name == "created_date") d.date_filter = true;
    d.model.columns.push_back({s.name, c.type});
    d.staging.push_back(std::move(s));
  }
  d.model.columns.push_back({"row_num", Type::kBigInt});
}

std::string_view SqlFunction(Op op) {
  switch (op) {
    case Op::kTrim:
      return "TRIM";
    case Op::kLower:
      return "LOWER";
    case Op::kUpper:
      return "UPPER";
    case Op::kCoalesce:
      return "COALESCE";
    case Op::kPass:
      break;
  }
  return "";
}

std::string StagingSql(const Draft& d) {
  std::string out;
  Put(out, "-- Staging: {} cleaned, one row number per customer.\nSELECT\n", d.model.inputs[0]);
  for (const auto& s : d.staging) {
    if (s.op == Op::kPass)
      Put(out, "    {},\n", s.name);
    else if (s.op == Op::kCoalesce)
      Put(out, "    COALESCE({}, 0) AS {},\n", s.source, s.name);
    else
      Put(out, "    {}({}) AS {},\n", SqlFunction(s.op), s.source, s.name);
  }
  out += "    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) AS row_num\n";
  Put(out, "FROM {}\nWHERE id IS NOT NULL AND status <> 'deleted'", d.model.inputs[0]);
  if (d.date_filter) out += " AND created_date >= DATE '2020-01-01'";
  out += "\n";
  return out;
}

std::string StagingRocky(const Draft& d) {
  std::string out;
  Put(out, "-- Staging: {} cleaned, one row number per customer.\nfrom {}\n", d.model.inputs[0],
      d.model.inputs[0]);
  out += "where id is not null and status != \"deleted\"";
  if (d.date_filter) out += " and created_date >= @2020-01-01";
  out += "\nderive {\n";
  for (const auto& s : d.staging) {
    if (s.op == Op::kPass) continue;
    if (s.op == Op::kCoalesce)
      Put(out, "    {}: coalesce({}, 0),\n", s.name, s.source);
    else
      Put(out, "    {}: {}({}),\n", s.name,
          s.op == Op::kTrim    ? "trim"
          : s.op == Op::kLower ? "lower"
                               : "upper",
          s.source);
  }
  out += "    row_num: row_number() over (partition customer_id, sort -updated_at)\n}\n";
  out += "select {\n";
  for (const auto& c : d.model.columns)
    Put(out, "    {}{}\n", c.name, c.name == "row_num" ? "" : ",");
  out += "}\n";
  return out;
}

// ---- intermediate ---------------------------------------------------------------------------

struct Aggregate {
  std::string function;  // SQL name: COUNT, SUM, …
  std::string argument;  // a CTE column; empty for COUNT(*)
  std::string name;
};

struct IntermediatePlan {
  std::vector<std::pair<char, std::string>> picks;  // (alias, staging column) → <alias>_<col>
  std::vector<std::string> joined;  // the staging model of each pick (a self join repeats one)
  std::vector<Aggregate> aggregates;
};

// The measure columns of a staging model (numbers that are not keys).
std::vector<const GeneratedColumn*> Measures(const GeneratedModel& m) {
  std::vector<const GeneratedColumn*> out;
  for (const auto& c : m.columns)
    if (IsMeasure(c.type)) out.push_back(&c);
  return out;
}

IntermediatePlan DraftIntermediate(SplitMix64& rng, Draft& d, const std::vector<Draft*>& staging) {
  IntermediatePlan plan;
  const size_t joined = rng.Between(2, 3);
  std::vector<size_t> picks = Distinct(rng, staging.size(), joined);
  while (picks.size() < 2) picks.push_back(picks.back());  // a single staging model joins itself
  std::unordered_set<std::string> seen_inputs;
  for (size_t k : picks) {
    plan.joined.push_back(staging[k]->model.name);
    if (seen_inputs.insert(staging[k]->model.name).second)
      d.model.inputs.push_back(staging[k]->model.name);
  }
  // Named after the entity of the first joined model.
  d.entity = staging[picks[0]]->entity;
  d.model.name = fmt::format("int_{}_{}", d.entity, d.suffix);

  d.model.columns = {{"customer_id", Type::kBigInt}, {"row_count", Type::kBigInt}};
  plan.aggregates.push_back({"COUNT", "", "row_count"});
  for (size_t p = 0; p < picks.size(); ++p) {
    const char alias = static_cast<char>('a' + p);
    const GeneratedModel& input = staging[picks[p]]->model;
    const GeneratedColumn* column = FindColumn(input, "amount_filled");
    if (p > 0) {
      auto measures = Measures(input);
      column = measures[rng.Below(measures.size())];
    }
    std::string cte = fmt::format("{}_{}", alias, column->name);
    plan.picks.push_back({alias, column->name});
    if (p == 0) {
      d.total_column = "total_" + cte;
      plan.aggregates.push_back({"SUM", cte, d.total_column});
      d.model.columns.push_back({d.total_column, Type::kWideDecimal});
    } else if (p == 1) {
      plan.aggregates.push_back({"AVG", cte, "avg_" + cte});
      d.model.columns.push_back({"avg_" + cte, Type::kDouble});
    } else {
      const bool max = rng.Percent(50);
      std::string name = (max ? "max_" : "min_") + cte;
      plan.aggregates.push_back({max ? "MAX" : "MIN", cte, name});
      d.model.columns.push_back({name, column->type});
    }
  }
  plan.aggregates.push_back({"MIN", "updated_at", "first_updated_at"});
  plan.aggregates.push_back({"MAX", "updated_at", "last_updated_at"});
  d.model.columns.push_back({"first_updated_at", Type::kTimestamp});
  d.model.columns.push_back({"last_updated_at", Type::kTimestamp});
  return plan;
}

std::string IntermediateSql(const Draft& d, const IntermediatePlan& plan) {
  std::string out;
  Put(out, "-- Intermediate: per customer over {}.\nWITH joined AS (\n    SELECT\n",
      fmt::join(d.model.inputs, ", "));
  out += "        a.customer_id,\n        a.updated_at";
  for (const auto& [alias, column] : plan.picks)
    Put(out, ",\n        {0}.{1} AS {0}_{1}", alias, column);
  Put(out, "\n    FROM {} AS a\n", plan.joined[0]);
  for (size_t j = 1; j < plan.joined.size(); ++j)
    Put(out, "    {0} {1} AS {2} ON a.customer_id = {2}.customer_id\n",
        j == 1 ? "JOIN" : "LEFT JOIN", plan.joined[j], plan.picks[j].first);
  out += ")\nSELECT\n    customer_id";
  for (const auto& a : plan.aggregates)
    Put(out, ",\n    {}({}) AS {}", a.function, a.argument.empty() ? "*" : a.argument, a.name);
  out += "\nFROM joined\nGROUP BY customer_id\n";
  return out;
}

std::string IntermediateRocky(const Draft& d, const IntermediatePlan& plan) {
  std::string out;
  Put(out, "-- Intermediate: per customer over {}.\nlet joined =\n",
      fmt::join(d.model.inputs, ", "));
  Put(out, "    from {} as a\n", plan.joined[0]);
  for (size_t j = 1; j < plan.joined.size(); ++j)
    Put(out, "    {}join {} as {} on customer_id\n", j == 1 ? "" : "left ", plan.joined[j],
        plan.picks[j].first);
  out += "    derive {\n";
  for (size_t p = 0; p < plan.picks.size(); ++p)
    Put(out, "        {0}_{1}: {0}.{1}{2}\n", plan.picks[p].first, plan.picks[p].second,
        p + 1 < plan.picks.size() ? "," : "");
  out += "    }\n    select {\n        a.customer_id,\n        a.updated_at";
  for (const auto& [alias, column] : plan.picks) Put(out, ",\n        {}_{}", alias, column);
  out += "\n    }\n\nfrom joined\ngroup customer_id {\n";
  for (size_t k = 0; k < plan.aggregates.size(); ++k) {
    const Aggregate& a = plan.aggregates[k];
    std::string function = a.function;
    std::transform(function.begin(), function.end(), function.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    Put(out, "    {}: {}({}){}\n", a.name, function, a.argument,
        k + 1 < plan.aggregates.size() ? "," : "");
  }
  out += "}\n";
  return out;
}

// ---- marts ----------------------------------------------------------------------------------

std::string DraftMartSql(SplitMix64& rng, Draft& d, const Draft& inter, const Draft& stg) {
  d.model.inputs = {inter.model.name, stg.model.name};
  std::set<std::string, std::less<>> names;
  std::vector<std::string> items;
  auto add = [&](char alias, const GeneratedColumn& c) {
    if (!names.insert(c.name).second) return;
    items.push_back(fmt::format("{}.{}", alias, c.name));
    d.model.columns.push_back(c);
  };
  // Always: the key, the count, the total and the newest change of the intermediate; the row
  // key, timestamp and amount of the staging model. Then a few more columns of either.
  for (std::string_view n : {"customer_id", "row_count"}) add('i', *FindColumn(inter.model, n));
  add('i', *FindColumn(inter.model, inter.total_column));
  add('i', *FindColumn(inter.model, "last_updated_at"));
  for (std::string_view n : {"id", "updated_at", "amount_filled"})
    add('s', *FindColumn(stg.model, n));
  for (size_t k = rng.Below(3); k > 0; --k)
    add('i', inter.model.columns[rng.Below(inter.model.columns.size())]);
  for (size_t k = rng.Below(4); k > 0; --k) {
    const GeneratedColumn& c = stg.model.columns[rng.Below(stg.model.columns.size())];
    if (c.name != "customer_id") add('s', c);
  }
  const size_t gold = 100 + rng.Below(5) * 50;
  const size_t silver = 20 + rng.Below(4) * 10;

  std::string out;
  Put(out, "-- Mart: {} with the rows of {}, tiered, running total and rank.\nSELECT\n",
      inter.model.name, stg.model.name);
  for (const auto& item : items) Put(out, "    {},\n", item);
  Put(out,
      "    CASE\n"
      "        WHEN i.{0} >= {1} THEN 'gold'\n"
      "        WHEN i.{0} >= {2} THEN 'silver'\n"
      "        ELSE 'bronze'\n"
      "    END AS tier,\n"
      "    SUM(s.amount_filled) OVER (\n"
      "        PARTITION BY i.customer_id\n"
      "        ORDER BY s.updated_at\n"
      "        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\n"
      "    ) AS running_amount,\n"
      "    RANK() OVER (ORDER BY i.{0} DESC) AS amount_rank\n"
      "FROM {3} AS i\n"
      "JOIN {4} AS s ON i.customer_id = s.customer_id\n",
      inter.total_column, gold, silver, inter.model.name, stg.model.name);
  d.model.columns.push_back({"tier", Type::kVarchar});
  d.model.columns.push_back({"running_amount", Type::kWideDecimal});
  d.model.columns.push_back({"amount_rank", Type::kBigInt});
  return out;
}

// ---- sidecars and project files --------------------------------------------------------------

void AssignStrategy(GeneratedModel& m, size_t draw) {
  // draw: 0 full_refresh, 1 incremental, 2 merge.
  if (draw == 0) {
    m.strategy = "full_refresh";
    return;
  }
  const bool inter = m.layer == Layer::kIntermediate;
  m.strategy = draw == 1 ? "incremental" : "merge";
  m.strategy_key =
      draw == 1 ? (inter ? "last_updated_at" : "updated_at") : (inter ? "customer_id" : "id");
}

std::string Sidecar(const GeneratedModel& m, std::string_view intent) {
  std::string out;
  Put(out, "intent = \"{}\"\n\n[strategy]\ntype = \"{}\"\n", intent, m.strategy);
  if (m.strategy == "incremental") Put(out, "timestamp_column = \"{}\"\n", m.strategy_key);
  if (m.strategy == "merge") Put(out, "unique_key = [\"{}\"]\n", m.strategy_key);
  if (m.layer == Layer::kSource) {
    const std::string_view table = std::string_view(m.raw_table).substr(4);  // after "raw."
    Put(out, "\n[[sources]]\nschema = \"raw\"\ntable = \"{}\"\n", table);
  }
  return out;
}

std::string RockyToml(size_t n) {
  return fmt::format(
      "# Synthetic project from `rocky bench generate {}`: {} models in four layers\n"
      "# (models/sources, staging, intermediate, marts) on embedded DuckDB.\n"
      "#\n"
      "#   rocky test         build every model in an in-memory DuckDB from data/seed.sql\n"
      "#   rocky compile      the compile benchmark this project exists for\n"
      "\n"
      "[adapter]\n"
      "type = \"duckdb\"\n"
      "path = \"bench.duckdb\"\n"
      "\n"
      "[pipeline.transform]\n"
      "type = \"transformation\"\n"
      "models = \"models\"\n",
      n, n);
}

std::string Defaults(Layer layer) {
  return fmt::format(
      "# Folder defaults for the {0} models (a sidecar wins).\n"
      "[target]\n"
      "catalog = \"bench\"\n"
      "schema = \"{0}\"\n",
      GeneratedLayerName(layer));
}

struct LayerSizes {
  size_t sources, staging, intermediate, marts;
};

LayerSizes SplitLayers(size_t n) {
  auto share = [n](size_t pct) { return std::max<size_t>(1, (n * pct + 50) / 100); };
  std::array<size_t, 3> s = {share(30), share(30), share(25)};
  while (s[0] + s[1] + s[2] + 1 > n) {
    auto largest = std::max_element(s.begin(), s.end());
    --*largest;
  }
  return {s[0], s[1], s[2], n - s[0] - s[1] - s[2]};
}

}  // namespace

std::string_view GeneratedLayerName(GeneratedLayer layer) {
  switch (layer) {
    case Layer::kSource:
      return "sources";
    case Layer::kStaging:
      return "staging";
    case Layer::kIntermediate:
      return "intermediate";
    case Layer::kMart:
      return "marts";
  }
  return "";
}

std::string_view GeneratedTypeSql(GeneratedType type) {
  switch (type) {
    case Type::kBigInt:
      return "BIGINT";
    case Type::kInteger:
      return "INTEGER";
    case Type::kDouble:
      return "DOUBLE";
    case Type::kDecimal:
      return "DECIMAL(12,2)";
    case Type::kWideDecimal:
      return "DECIMAL(38,2)";
    case Type::kVarchar:
      return "VARCHAR";
    case Type::kDate:
      return "DATE";
    case Type::kTimestamp:
      return "TIMESTAMP";
    case Type::kBoolean:
      return "BOOLEAN";
  }
  return "VARCHAR";
}

size_t GeneratedProject::LayerCount(GeneratedLayer layer) const {
  return static_cast<size_t>(
      std::count_if(models.begin(), models.end(), [&](const auto& m) { return m.layer == layer; }));
}

size_t GeneratedProject::RockyCount() const {
  return static_cast<size_t>(
      std::count_if(models.begin(), models.end(), [](const auto& m) { return m.rocky; }));
}

size_t GeneratedProject::StrategyCount(std::string_view strategy) const {
  return static_cast<size_t>(std::count_if(models.begin(), models.end(),
                                           [&](const auto& m) { return m.strategy == strategy; }));
}

GeneratedProject GenerateProject(size_t model_count) {
  const size_t n = std::max(model_count, kMinGeneratedModels);
  const LayerSizes sizes = SplitLayers(n);
  SplitMix64 rng(kSeed);
  const size_t width = std::max<size_t>(4, fmt::formatted_size("{}", n));

  // Which staging + intermediate models are .rocky, and each model's strategy, in exact shares.
  const std::vector<bool> rocky = Scatter(rng, sizes.staging + sizes.intermediate, 11);
  std::vector<uint8_t> strategies(n, 0);
  const size_t incremental = (n * 15 + 50) / 100, merge = (n * 5 + 50) / 100;
  std::fill_n(strategies.begin(), incremental, 1);
  std::fill_n(strategies.begin() + static_cast<std::ptrdiff_t>(incremental), merge, 2);
  rng.Shuffle(strategies);

  std::vector<Draft> drafts(n);
  auto start = [&](size_t k, Layer layer, std::string_view prefix, std::string entity,
                   size_t number) {
    Draft& d = drafts[k];
    d.entity = std::move(entity);
    d.suffix = fmt::format("{:0{}}", number, width);
    d.model.name = fmt::format("{}_{}_{}", prefix, d.entity, d.suffix);
    d.model.layer = layer;
    return &d;
  };

  GeneratedProject project;
  project.files.reserve(2 * n + 8);
  project.files.push_back({"rocky.toml", RockyToml(n)});
  project.files.push_back({".gitignore", "*.duckdb\n*.duckdb.wal\n.rocky/\n"});
  project.files.push_back({"data/seed.sql", ""});
  for (Layer l : {Layer::kSource, Layer::kStaging, Layer::kIntermediate, Layer::kMart})
    project.files.push_back(
        {fmt::format("models/{}/_defaults.toml", GeneratedLayerName(l)), Defaults(l)});

  std::string seed;
  seed.reserve(sizes.sources * 900 + 512);
  seed +=
      "-- External raw tables for the generated models: text columns, as landed. `rocky "
      "test` runs\n-- this file in an in-memory DuckDB before building the models.\n"
      "CREATE SCHEMA IF NOT EXISTS raw;\n";

  auto emit = [&](Draft& d, std::string body, std::string_view intent) {
    GeneratedModel& m = d.model;
    const std::string base = fmt::format("models/{}/{}", GeneratedLayerName(m.layer), m.name);
    project.files.push_back({base + (m.rocky ? ".rocky" : ".sql"), std::move(body)});
    project.files.push_back({base + ".toml", Sidecar(m, intent)});
  };

  size_t k = 0, rocky_slot = 0;
  std::vector<Draft*> sources, staging, intermediates;
  for (size_t i = 0; i < sizes.sources; ++i, ++k) {
    Draft* d =
        start(k, Layer::kSource, "src", std::string(kEntities[rng.Below(kEntities.size())]), i + 1);
    DraftSource(rng, *d);
    AssignStrategy(d->model, strategies[k]);
    AppendSeedTable(seed, *d);
    emit(*d, SourceSql(*d), fmt::format("Typed copy of {}.", d->model.raw_table));
    sources.push_back(d);
  }
  for (size_t i = 0; i < sizes.staging; ++i, ++k) {
    const Draft& source = *sources[i % sources.size()];
    Draft* d = start(k, Layer::kStaging, "stg", source.entity, i + 1);
    d->model.rocky = rocky[rocky_slot++];
    DraftStaging(rng, *d, source);
    AssignStrategy(d->model, strategies[k]);
    emit(*d, d->model.rocky ? StagingRocky(*d) : StagingSql(*d),
         fmt::format("Cleaned {}: trimmed, case-folded, filled, numbered per customer.",
                     source.model.name));
    staging.push_back(d);
  }
  for (size_t i = 0; i < sizes.intermediate; ++i, ++k) {
    Draft* d = start(k, Layer::kIntermediate, "int", "", i + 1);
    d->model.rocky = rocky[rocky_slot++];
    IntermediatePlan plan = DraftIntermediate(rng, *d, staging);
    AssignStrategy(d->model, strategies[k]);
    emit(*d, d->model.rocky ? IntermediateRocky(*d, plan) : IntermediateSql(*d, plan),
         fmt::format("Per-customer aggregates over {}.", fmt::join(d->model.inputs, ", ")));
    intermediates.push_back(d);
  }
  for (size_t i = 0; i < sizes.marts; ++i, ++k) {
    const Draft& inter = *intermediates[rng.Below(intermediates.size())];
    const Draft& stg = *staging[rng.Below(staging.size())];
    Draft* d = start(k, Layer::kMart, "mart", inter.entity, i + 1);
    std::string sql = DraftMartSql(rng, *d, inter, stg);
    AssignStrategy(d->model, strategies[k]);
    emit(*d, std::move(sql),
         fmt::format("{} per customer, tiered and ranked, with {} rows.", inter.model.name,
                     stg.model.name));
  }
  project.files[2].content = std::move(seed);
  project.models.reserve(n);
  for (auto& d : drafts) project.models.push_back(std::move(d.model));
  return project;
}

Result<size_t> WriteGeneratedProject(const std::string& dir,
                                     const std::vector<TemplateFile>& files) {
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    return Fail(ErrorKind::kConfig, "{} already exists and is not an empty folder", dir);
  std::set<fs::path> folders;
  for (const auto& f : files) folders.insert((fs::path(dir) / f.path).parent_path());
  for (const auto& folder : folders) {
    fs::create_directories(folder, ec);
    if (ec) return Fail(ErrorKind::kIo, "cannot create {}: {}", folder.string(), ec.message());
  }
  size_t bytes = 0;
  std::string path;
  for (const auto& f : files) {
    path.assign(dir).append("/").append(f.path);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Fail(ErrorKind::kIo, "cannot write {}: {}", path, std::strerror(errno));
    const char* data = f.content.data();
    size_t left = f.content.size();
    while (left > 0) {
      ssize_t done = ::write(fd, data, left);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) {
        const int err = errno;
        ::close(fd);
        return Fail(ErrorKind::kIo, "cannot write {}: {}", path, std::strerror(err));
      }
      data += done;
      left -= static_cast<size_t>(done);
    }
    if (::close(fd) != 0)
      return Fail(ErrorKind::kIo, "cannot write {}: {}", path, std::strerror(errno));
    bytes += f.content.size();
  }
  return bytes;
}

}  // namespace rocky::cli
