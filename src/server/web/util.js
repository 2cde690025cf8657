// Rocky's dashboard and docs catalog: one page, two data sources.
//
// The same page is served by `rocky serve` (GET / and /dashboard), where it reads the HTTP API
// of services.md §5 with the token the user enters (ApiSource), and written by `rocky docs` with
// the whole project inlined in a JSON script element with id "rocky-data" (InlineSource:
// no request at all, so it works from file://). README.md beside this file gives the inline
// shape. Every view talks to a source through one small interface (dag, compile, model, history,
// trace, edgesInto, downstream, runs, recompile, search), never to fetch directly.
//
// Staying fast on 10,000 models (DagView):
//  - layout is computed once per DAG in O(models + edges): one column per layer, rows ordered
//    by one barycenter sweep (a model sits near the mean row of its parents);
//  - only the nodes inside the viewport exist in the DOM. Columns are arrays sorted by row, so
//    the visible rows of a column are an index range, found in O(1), and each pan or zoom frame
//    (coalesced with requestAnimationFrame) adds and removes only the nodes that entered or left;
//  - edges of the visible nodes are drawn as one <path>, capped;
//  - zoomed out past the point where labels are readable, or when more than kMaxNodeElements
//    would be visible, the DAG switches to an overview: every visible model is one short stroke
//    in one <path> per strategy (errors in a red one), with no per-node elements. Clicking there
//    zooms in at that spot.
// #dag-stats exposes data-total / data-rendered / data-culled / data-mode for tests, and
// body[data-ready="1"] marks the first DAG paint (body[data-ready-ms] its performance.now()).

const kSvgNs = "http://www.w3.org/2000/svg";

function $(selector, root) { return (root || document).querySelector(selector); }
function $all(selector, root) { return Array.from((root || document).querySelectorAll(selector)); }

// el("div", {class: "x", "data-model": "m", onclick: f}, child, "text", ...)
function makeElement(ns, tag, attrs, children) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' styles allows
      // (a style attribute it would refuse).
      else if (key === "style") node.style.cssText = String(value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
function el(tag, attrs, ...children) { return makeElement(null, tag, attrs, children); }
function svg(tag, attrs, ...children) { return makeElement(kSvgNs, tag, attrs, children); }

function lower(s) { return String(s).toLowerCase(); }
function columnKey(model, column) { return lower(model) + "\u0000" + lower(column); }

function strategyType(strategy) {
  if (!strategy) return "full_refresh";
  if (typeof strategy === "string") return strategy;
  return strategy.type || "full_refresh";
}
const kStrategies = ["full_refresh", "incremental", "merge", "delete_insert", "time_interval",
                     "microbatch", "ephemeral", "view", "materialized_view", "dynamic_table"];
function strategyClass(strategy) {
  const type = strategyType(strategy);
  return "s-" + (kStrategies.includes(type) ? type : "other");
}
// "merge (unique_key: id; update_columns: a, b)"
function strategyText(strategy) {
  if (!strategy || typeof strategy === "string") return strategyType(strategy);
  const options = Object.entries(strategy).filter(([k]) => k !== "type")
    .map(([k, v]) => k + ": " + (Array.isArray(v) ? v.join(", ") : v));
  return strategy.type + (options.length ? " (" + options.join("; ") + ")" : "");
}
function targetText(target) {
  if (!target) return "";
  if (typeof target === "string") return target;
  return [target.catalog, target.schema, target.table].filter((p) => p).join(".");
}
function formatCount(n) { return Number(n || 0).toLocaleString("en-US"); }
function formatDuration(ms) {
  if (ms === undefined || ms === null) return "";
  if (ms < 1000) return ms + " ms";
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + " s";
  const minutes = Math.floor(ms / 60000);
  return minutes + " min " + Math.round((ms % 60000) / 1000) + " s";
}
function formatTime(iso) { return iso ? String(iso).replace("T", " ").replace(/Z$/, " UTC") : ""; }
function durationBetween(start, end) {
  const a = Date.parse(start), b = Date.parse(end);
  return Number.isFinite(a) && Number.isFinite(b) ? b - a : null;
}
function ellipsis(text, max) { return text.length > max ? text.slice(0, max - 1) + "…" : text; }
function clamp(x, lo, hi) { return Math.max(lo, Math.min(hi, x)); }
