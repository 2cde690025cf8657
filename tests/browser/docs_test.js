#!/usr/bin/env node
// The docs catalog (`rocky docs`: the dashboard page with the project inlined) opened from
// file:// with the network off: no request at all, the DAG, full-text search over models,
// columns and descriptions, a model's typed columns, description, tests and contract, a column's
// trace back to its sources, the diagnostics, the runs and a model's recent runs (when the data
// has runs). Every expectation is read from the file's own inline data.
//
//   node tests/browser/docs_test.js --file catalog.html --screenshots build/browser [--label NAME]
"use strict";

const path = require("path");
const {pathToFileURL} = require("url");
const {Browser, TestRun, check, equal, sameSet, parseArgs} = require("./harness");

function key(ref) { return ref.model + "." + ref.column; }

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.file !== "string") throw new Error("--file is required");
  const url = pathToFileURL(path.resolve(args.file)).href;
  const label = args.label || "docs";
  const run = new TestRun(label);
  const browser = await Browser.launch({screenshots: args.screenshots, label});
  const page = await browser.newPage({blockNetwork: true});
  try {
    const data = await run.step("opens from file:// with the network off", async () => {
      await page.open(url);
      await page.waitFor("body[data-ready='1']", {timeout: 30000});
      const paint = await page.firstPaint();
      console.log("     first paint: ready marker " + paint.ready + " ms");
      equal(await page.eval(() => document.body.dataset.mode), "docs", "page mode");
      check(!(await page.visible("#token-form")), "no token box in the catalog");
      check(!(await page.visible("#recompile")), "no recompile button in the catalog");
      await page.screenshot("dag");
      return page.eval(() => JSON.parse(document.getElementById("rocky-data").textContent));
    }, {page, critical: true});
    if (!data) return;
    const models = new Map(data.models.map((m) => [m.name, m]));

    await run.step("every model in the DAG", async () => {
      const stats = await page.eval(() => ({...document.getElementById("dag-stats").dataset}));
      equal(Number(stats.total), data.models.length, "models in the page");
      equal(Number(stats.rendered) + Number(stats.culled), data.models.length, "rendered + culled");
      if (data.models.length <= 200) sameSet(await page.attrs("#dag [data-model]", "data-model"), [...models.keys()], "nodes");
    }, {page});

    // A word of a column description and a word of a model description.
    const described = data.models.flatMap((m) => (m.columns || []).filter((c) => c.description)
      .map((c) => ({model: m.name, column: c.name, description: c.description})));
    await run.step("full-text search finds a column by a word of its description", async () => {
      check(described.length > 0, "the project has a described column");
      const want = described[0];
      const word = want.description.split(/\W+/).sort((a, b) => b.length - a.length)[0];
      await page.type("#search", word);
      await page.waitFor("#search-results[data-query='" + word + "'] li[data-result-column='" + want.column + "'][data-result-model='" + want.model + "']",
                         {visible: true});
      await page.screenshot("search-column");
    }, {page});
    const modelWithDescription = data.models.find((m) => m.description);
    await run.step("full-text search finds a model by its description; the panel shows it", async () => {
      const m = modelWithDescription;
      const words = m.description.split(/\W+/).filter((w) => w.length > 3).slice(0, 2).join(" ");
      await page.type("#search", words);
      await page.waitFor("#search-results[data-query='" + words + "'] li[data-result-model='" + m.name + "']:not([data-result-column])", {visible: true});
      await page.click("#search-results li[data-result-model='" + m.name + "']:not([data-result-column])");
      await page.waitUntil((n) => document.getElementById("model-panel").dataset.model === n &&
                                  !document.getElementById("model-panel").dataset.loading, [m.name], "the panel shows " + m.name);
      equal(await page.text("#model-description"), m.description, "description");
      const rows = await page.eval(() => Array.from(document.querySelectorAll("#model-columns tr[data-column]"))
        .map((r) => [r.dataset.column, r.dataset.type]));
      equal(rows, m.columns.map((c) => [c.name, c.type]), "typed columns");
      equal(await page.count("#model-tests [data-test]"), (m.tests || []).length, "tests listed");
      sameSet(await page.attrs("#model-panel .links [data-link-model]", "data-link-model"),
              [...m.depends_on, ...data.models.filter((d) => (d.depends_on || []).includes(m.name)).map((d) => d.name)],
              "dependencies and dependents");
      await page.screenshot("model");
    }, {page});

    await run.step("a contract is shown with its columns and rules", async () => {
      const m = data.models.find((x) => x.contract);
      check(m, "the project has a contract");
      await page.type("#search", m.name, {enter: true});
      await page.waitFor("#model-contract");
      sameSet(await page.attrs("#model-contract [data-contract-column]", "data-contract-column"),
              m.contract.columns.map((c) => c.name), "contract columns");
      check((await page.text("#model-contract")).includes("required"), "required columns shown");
    }, {page});

    await run.step("a column's lineage: the trace back to the sources, computed from the inline edges", async () => {
      // The deepest model's first column with a trace; expected trace computed here.
      const into = new Map();
      for (const e of data.lineage) {
        const k = key(e.target).toLowerCase();
        if (!into.has(k)) into.set(k, []);
        into.get(k).push(e);
      }
      const traceOf = (ref) => {
        const out = [], seen = new Set(), queue = [...(into.get(key(ref).toLowerCase()) || [])];
        while (queue.length) {
          const e = queue.shift();
          const k = (key(e.source) + ">" + key(e.target)).toLowerCase();
          if (seen.has(k)) continue;
          seen.add(k);
          out.push(e);
          if (models.has(e.source.model)) queue.push(...(into.get(key(e.source).toLowerCase()) || []));
        }
        return out;
      };
      const deepest = [...data.models].sort((a, b) => b.layer - a.layer)[0];
      const column = deepest.columns.find((c) => traceOf({model: deepest.name, column: c.name}).length);
      const trace = traceOf({model: deepest.name, column: column.name});
      await page.type("#search", deepest.name, {enter: true});
      await page.waitUntil((n) => document.getElementById("model-panel").dataset.model === n &&
                                  !document.getElementById("model-panel").dataset.loading, [deepest.name], "the panel shows " + deepest.name);
      await page.click("#model-columns tr[data-column='" + column.name + "']");
      await page.waitUntil((o) => document.getElementById("view-lineage").dataset.origin === o,
                           [deepest.name + "." + column.name], "the lineage graph is drawn");
      const nodes = await page.eval(() => Array.from(document.querySelectorAll("#lineage [data-trace-node]"))
        .map((e) => ({node: e.dataset.traceNode, role: e.dataset.traceRole, type: e.dataset.type || null})));
      const targets = new Set(trace.map((e) => key(e.target)));
      sameSet(nodes.filter((n) => n.role === "source").map((n) => n.node),
              trace.map((e) => key(e.source)).filter((s) => !targets.has(s)), "trace sources");
      sameSet(await page.eval(() => Array.from(document.querySelectorAll("#lineage .lin-edge.backward[data-trace-edge]"))
                .map((e) => e.dataset.traceEdge + " " + e.dataset.transform)),
              trace.map((e) => key(e.source) + ">" + key(e.target) + " " + e.transform), "edges and transforms");
      for (const n of nodes) {
        const [m, c] = [n.node.slice(0, n.node.lastIndexOf(".")), n.node.slice(n.node.lastIndexOf(".") + 1)];
        const typed = models.has(m) ? models.get(m).columns.find((x) => x.name === c) : null;
        equal(n.type, typed ? typed.type : null, "type shown for " + n.node);
      }
      await page.screenshot("lineage");
    }, {page});

    await run.step("diagnostics from the data", async () => {
      await page.click("#tabs [data-tab='diagnostics']");
      equal(await page.count("#diagnostics [data-diagnostic]"), data.diagnostics.length, "diagnostics listed");
      await page.screenshot("diagnostics");
    }, {page});

    // The recent runs and a model's executions, when the catalog has any (else the tab is hidden).
    await run.step("runs and a model's recent runs from the data", async () => {
      const runs = data.runs || [];
      equal(await page.visible("#runs-tab"), runs.length > 0, "runs tab shown only with runs");
      if (!runs.length) return;
      await page.click("#tabs [data-tab='runs']");
      await page.waitFor("#runs[data-count]");
      equal(Number(await page.attr("#runs", "data-count")), runs.length, "runs listed");
      sameSet(await page.attrs("#runs tr[data-run-id]", "data-run-id"), runs.map((r) => r.run_id), "run ids");
      await page.screenshot("runs");
      const name = Object.keys(data.history || {}).find((n) => models.has(n) && data.history[n].length);
      if (!name) return;
      await page.type("#search", name, {enter: true});
      await page.waitUntil((n) => document.getElementById("model-panel").dataset.model === n &&
                                  !document.getElementById("model-panel").dataset.loading, [name], "the panel shows " + name);
      await page.waitFor("#model-history");
      equal(await page.attrs("#model-history tr[data-run-id]", "data-run-id"),
            data.history[name].slice(0, 20).map((h) => h.run_id), "the model's recent runs");
    }, {page});

    await run.step("a link with #model=…&column=… opens the model and traces the column", async () => {
      const m = data.models.find((x) => x.depends_on.length && x.columns.length);
      const other = await browser.newPage({blockNetwork: true});
      try {
        await other.open(url + "#model=" + encodeURIComponent(m.name) + "&column=" + encodeURIComponent(m.columns[0].name));
        await other.waitUntil((o) => document.getElementById("view-lineage").dataset.origin === o,
                              [m.name + "." + m.columns[0].name], "the lineage of the linked column");
        equal(await other.text("#model-name"), m.name, "model panel");
        equal(other.blocked, [], "requests aborted");
        equal(other.errors, [], "errors on the page");
      } finally {
        await other.close();
      }
    }, {page});

    await run.step("no request left the page, no page errors", async () => {
      equal(page.blocked, [], "requests aborted by the offline guard");
      equal(page.requests.filter((r) => r.url !== url && !r.url.startsWith(url + "#")).map((r) => r.url), [], "requests other than the file");
      equal(page.errors, [], "errors on the page");
    });
  } finally {
    await browser.close();
    run.finish();
  }
}

main().catch((error) => {
  console.error(error && error.stack || String(error));
  process.exitCode = 1;
});
