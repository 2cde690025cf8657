#!/usr/bin/env node
// The dashboard in a real browser, against any server that speaks services.md §5: the fixture
// server (tests/browser/fixture_server.py) today, `rocky serve` as well. Every expectation is
// read from the API itself, so the same script checks any project:
//
//   node tests/browser/dashboard_test.js --base-url http://127.0.0.1:8080 [--token T]
//        --screenshots build/browser [--label NAME] [--first-paint-budget-ms 1500]
//        [--before-recompile "shell command that edits a model"] [--expect-recompile-change]
//        [--lineage MODEL.COLUMN] [--page-path /dashboard]
//
// Steps: unauthorized state with a bad token (when --token), then token entry; first paint and
// node counts (rendered + culled = models); search finds a far-away model and draws it; the
// model panel shows its typed columns; a column's lineage shows the trace to the right sources
// and the dependent columns; the diagnostics list and recompile (a POST, then the new result);
// the runs view; no page errors.
"use strict";

const {execSync} = require("child_process");
const {Browser, TestRun, check, equal, sameSet, parseArgs, apiGet} = require("./harness");

function key(ref) { return ref.model + "." + ref.column; }

// The dependent columns of model.column, breadth first, from the model lineage routes (what the
// page computes; bounded the same way).
async function forwardEdges(base, token, model, column, detail) {
  const out = [];
  const seen = new Set([(model + "." + column).toLowerCase()]);
  const queue = [{model, column}];
  const details = new Map();
  const downstreamOf = async (m) => {
    if (!details.has(m)) details.set(m, await detail(m).catch(() => ({downstream: []})));
    return details.get(m).downstream || [];
  };
  let models = 0;
  for (let i = 0; i < queue.length && out.length < 400; i++) {
    const from = queue[i];
    for (const child of await downstreamOf(from.model)) {
      if (++models > 150) return null;  // the page cuts such traces short: no exact expectation
      const lineage = await apiGet(base, "/api/v1/models/" + encodeURIComponent(child) + "/lineage", token);
      for (const e of lineage.edges) {
        if (e.target.model.toLowerCase() !== child.toLowerCase()) continue;
        if (key(e.source).toLowerCase() !== key(from).toLowerCase()) continue;
        out.push(e);
        const k = key(e.target).toLowerCase();
        if (!seen.has(k)) { seen.add(k); queue.push(e.target); }
      }
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const base = String(args["base-url"] || "").replace(/\/$/, "");
  if (!base) throw new Error("--base-url is required");
  const token = typeof args.token === "string" ? args.token : "";
  const label = args.label || "dashboard";
  const run = new TestRun(label);
  const browser = await Browser.launch({screenshots: args.screenshots, label});
  console.log("browser: " + await browser.version());
  const api = (route) => apiGet(base, route, token);
  const detail = (name) => api("/api/v1/models/" + encodeURIComponent(name));

  try {
    const health = await run.step("health answers without a token", async () => {
      const body = await apiGet(base, "/api/v1/health", "");
      equal(body.status, "ok", "health status");
      return body;
    });
    if (!health) return;

    if (token) {
      await run.step("a bad token shows the unauthorized state; entering the token loads the DAG", async () => {
        const page = await browser.newPage({sessionStorage: {"rocky.token": "not-the-token"}});
        try {
          await page.open(base + "/");
          await page.waitFor("#unauthorized", {visible: true});
          check((await page.text("#unauthorized")).toLowerCase().includes("unauthorized"), "the banner says unauthorized");
          equal(await page.eval(() => document.body.dataset.state), "unauthorized", "body state");
          equal(await page.count("#dag [data-model]"), 0, "nodes drawn without a valid token");
          await page.screenshot("unauthorized");
          await page.type("#token", token, {enter: true});
          await page.waitFor("body[data-ready='1']", {timeout: 30000});
          check(!(await page.visible("#unauthorized")), "the banner is gone after the right token");
          equal(await page.eval(() => sessionStorage.getItem("rocky.token")), token, "token kept in sessionStorage");
        } finally {
          await page.close();
        }
      });
    }

    const dag = await api("/api/v1/dag");
    const compile = await api("/api/v1/compile");
    const names = dag.nodes.map((n) => n.name);
    const byName = new Map(dag.nodes.map((n) => [n.name, n]));
    const errorModels = new Set(compile.diagnostics.filter((d) => d.severity === "Error").map((d) => d.model));
    console.log("project: " + names.length + " models, " + compile.diagnostics.length + " diagnostics");

    const page = await browser.newPage({sessionStorage: token ? {"rocky.token": token} : {}});
    const pagePath = typeof args["page-path"] === "string" ? args["page-path"] : "/";
    const opened = await run.step("first paint of the DAG at " + pagePath, async () => {
      await page.open(base + pagePath);
      await page.waitFor("body[data-ready='1']", {timeout: 30000});
      const paint = await page.firstPaint();
      equal(Number(await page.attr("#dag-stats", "data-total")), names.length, "models drawn when the page says ready");
      console.log("     first paint (" + names.length + " models): ready marker " + paint.ready + " ms, " +
                  "first-contentful-paint " + paint.firstContentfulPaint + " ms");
      const budget = Number(args["first-paint-budget-ms"] || 0);
      if (budget) check(paint.ready <= budget, "first DAG paint took " + paint.ready + " ms, budget " + budget + " ms");
      await page.screenshot("dag");
      return true;
    }, {page, critical: true});
    if (!opened) return;

    await run.step("DAG nodes: rendered + culled = model count, each drawn node as the API says", async () => {
      const stats = await page.eval(() => ({...document.getElementById("dag-stats").dataset}));
      equal(Number(stats.total), names.length, "models in the page");
      const drawn = await page.attrs("#dag [data-model]", "data-model");
      equal(Number(stats.rendered), drawn.length, "rendered count = nodes in the DOM");
      equal(Number(stats.rendered) + Number(stats.culled), names.length, "rendered + culled");
      if (names.length <= 200) equal(drawn.length, names.length, "every model drawn on a small project");
      check(drawn.length > 0, "some nodes drawn");
      const nodes = await page.eval(() => Array.from(document.querySelectorAll("#dag [data-model]")).map((e) => ({
        name: e.dataset.model, layer: Number(e.dataset.layer), strategy: e.dataset.strategy, error: e.dataset.error === "1"})));
      for (const n of nodes) {
        const want = byName.get(n.name);
        check(want, "drawn node " + n.name + " is a model");
        equal(n.layer, want.layer, "layer of " + n.name);
        equal(n.strategy, typeof want.strategy === "string" ? want.strategy : want.strategy.type, "strategy of " + n.name);
        equal(n.error, errorModels.has(n.name), "error mark of " + n.name);
      }
      const layers = new Set(dag.nodes.map((n) => n.layer));
      equal(await page.count("#dag .layer-head"), layers.size, "one column head per layer");
    }, {page});

    await run.step("zoomed out, the DAG becomes an overview without node elements; a click zooms back in", async () => {
      for (let i = 0; i < 12 && await page.attr("#dag-stats", "data-mode") !== "overview"; i++) await page.click("#zoom-out");
      equal(await page.attr("#dag-stats", "data-mode"), "overview", "mode after zooming out");
      equal(await page.count("#dag [data-model]"), 0, "node elements in the overview");
      equal(Number(await page.attr("#dag-stats", "data-culled")), names.length, "culled in the overview");
      check(await page.count("#dag .overview path") > 0, "the overview draws the models");
      await page.screenshot("overview");
      // Click on the first model's stroke: its start point, mapped to the screen.
      const point = await page.eval(() => {
        const path = document.querySelector("#dag .overview path");
        const [, x, y] = path.getAttribute("d").match(/^M(-?[\d.]+) (-?[\d.]+)/);
        const p = new DOMPoint(Number(x) + 20, Number(y)).matrixTransform(path.getScreenCTM());
        return {x: p.x, y: p.y};
      });
      await page.page.mouse.click(point.x, point.y);
      await page.waitUntil(() => document.getElementById("dag-stats").dataset.mode === "nodes", [], "back to nodes");
      check(await page.count("#dag [data-model]") > 0, "nodes drawn after zooming in");
      await page.click("#zoom-reset");
    }, {page});

    await run.step("scrolling the DAG stays fast (only the visible models are drawn)", async () => {
      const box = await (await page.waitFor("#dag")).boundingBox();
      await page.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const times = [];
      for (let i = 0; i < 30; i++) {
        await page.page.mouse.wheel({deltaY: 400});
        await page.eval(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        times.push(Number(await page.attr("#dag-stats", "data-render-ms")));
      }
      times.sort((a, b) => a - b);
      const median = times[times.length >> 1];
      console.log("     frame work while scrolling: median " + median + " ms, max " + times[times.length - 1] + " ms, " +
                  (await page.attr("#dag-stats", "data-rendered")) + " nodes drawn");
      check(median < 50, "median frame work " + median + " ms");
      equal(Number(await page.attr("#dag-stats", "data-rendered")), await page.count("#dag [data-model]"), "rendered count");
      await page.click("#zoom-reset");
    }, {page});

    // The model the search must find: the last one of the deepest layer, far from the first view.
    const deepest = Math.max(...dag.nodes.map((n) => n.layer));
    const far = dag.nodes.filter((n) => n.layer === deepest).map((n) => n.name).sort().pop();
    await run.step("search finds a far-away model, draws and selects it", async () => {
      const before = await page.count("#dag [data-model='" + far + "']");
      if (names.length > 1500) equal(before, 0, far + " is culled before the search");
      await page.type("#search", far);
      await page.waitFor("#search-results[data-query='" + far + "'] li[data-result-model='" + far + "']", {visible: true});
      await page.press("Enter");
      await page.waitFor("#dag [data-model='" + far + "'].selected");
      equal(await page.text("#model-name"), far, "model panel title");
      const stats = await page.eval(() => ({...document.getElementById("dag-stats").dataset}));
      equal(Number(stats.rendered) + Number(stats.culled), names.length, "rendered + culled after the search");
      equal(Number(stats.rendered), await page.count("#dag [data-model]"), "rendered count after the search");
      await page.screenshot("search");
    }, {page});

    await run.step("the model panel shows the typed columns, strategy, target and neighbours", async () => {
      const want = await detail(far);
      await page.waitUntil((m) => document.getElementById("model-panel").dataset.model === m &&
                                  !document.getElementById("model-panel").dataset.loading, [far], "the panel shows " + far);
      const rows = await page.eval(() => Array.from(document.querySelectorAll("#model-columns tr[data-column]"))
        .map((r) => [r.dataset.column, r.dataset.type]));
      equal(rows, want.typed_columns.map((c) => [c.name, c.type || ""]), "columns and types of " + far);
      const strategy = typeof want.strategy === "string" ? want.strategy : want.strategy.type;
      check((await page.text("#model-strategy")).startsWith(strategy), "strategy badge shows " + strategy);
      sameSet(await page.attrs("#model-panel .links [data-link-model]", "data-link-model"),
              [...want.upstream, ...want.downstream], "upstream and downstream links");
      await page.screenshot("model");
    }, {page});

    // Lineage: a column with a trace, of a model with consumers when there is one.
    const target = await run.step("pick a column to trace", async () => {
      if (typeof args.lineage === "string") {
        const dot = args.lineage.indexOf(".");
        return {model: args.lineage.slice(0, dot), column: args.lineage.slice(dot + 1)};
      }
      const middle = dag.nodes.filter((n) => n.layer > 0).sort((a, b) => a.layer - b.layer || (a.name < b.name ? -1 : 1));
      for (const n of middle.slice(0, 20)) {
        const d = await detail(n.name);
        if (!d.downstream.length) continue;
        for (const c of d.typed_columns.slice(0, 8)) {
          const t = await api("/api/v1/models/" + encodeURIComponent(n.name) + "/lineage/" + encodeURIComponent(c.name));
          if (t.trace.length && (await forwardEdges(base, token, n.name, c.name, detail) || []).length) {
            return {model: n.name, column: c.name};
          }
        }
      }
      throw new Error("no column with a trace and dependents in the first models");
    });
    if (target) {
      await run.step("clicking " + target.model + "." + target.column + " draws its trace to the right sources", async () => {
        const trace = (await api("/api/v1/models/" + encodeURIComponent(target.model) + "/lineage/" +
                                 encodeURIComponent(target.column))).trace;
        const forward = await forwardEdges(base, token, target.model, target.column, detail);
        await page.type("#search", target.model, {enter: true});
        await page.waitUntil((m) => document.getElementById("model-panel").dataset.model === m &&
                                    !document.getElementById("model-panel").dataset.loading, [target.model], "the panel shows " + target.model);
        await page.click("#model-columns tr[data-column='" + target.column + "']");
        await page.waitUntil((o) => document.getElementById("view-lineage").dataset.ready === "1" &&
                                    document.getElementById("view-lineage").dataset.origin === o,
                             [target.model + "." + target.column], "the lineage graph is drawn");
        const nodes = await page.eval(() => Array.from(document.querySelectorAll("#lineage [data-trace-node]"))
          .map((e) => ({node: e.dataset.traceNode, role: e.dataset.traceRole, type: e.dataset.type || null})));
        const roles = (r) => nodes.filter((n) => n.role === r).map((n) => n.node);
        equal(roles("origin"), [key(target)], "origin node");
        const targets = new Set(trace.map((e) => key(e.target)));
        const sources = [...new Set(trace.map((e) => key(e.source)).filter((s) => !targets.has(s)))];
        sameSet(roles("source"), sources, "trace sources (the columns the trace ends at)");
        sameSet([...roles("upstream"), ...roles("source")],
                [...new Set(trace.flatMap((e) => [key(e.source), key(e.target)]))].filter((k) => k !== key(target)),
                "every column of the trace");
        const edges = await page.eval(() => Array.from(document.querySelectorAll("#lineage .lin-edge.backward[data-trace-edge]"))
          .map((e) => e.dataset.traceEdge + " " + e.dataset.transform));
        sameSet(edges, trace.map((e) => key(e.source) + ">" + key(e.target) + " " + e.transform), "edges and their transforms");
        if (forward) {
          sameSet(roles("downstream"), [...new Set(forward.map((e) => key(e.target)))], "dependent columns");
          equal(await page.count("#lineage .lin-edge.forward[data-trace-edge]"), forward.length, "forward edges");
        }
        // Columns are shown with their types.
        const origin = nodes.find((n) => n.role === "origin");
        const originType = (await detail(target.model)).typed_columns.find((c) => c.name === target.column).type;
        equal(origin.type, originType || null, "type of the origin column");
        // The models of the trace are marked in the DAG.
        const traced = await page.eval(() => Array.from(document.querySelectorAll("#dag .node.traced")).map((e) => e.dataset.model));
        for (const m of traced) check(nodes.some((n) => n.node.startsWith(m + ".")), m + " is marked traced but not in the trace");
        await page.screenshot("lineage");
      }, {page});
    }

    await run.step("diagnostics list; recompile posts and shows the new result", async () => {
      await page.click("#tabs [data-tab='diagnostics']");
      await page.waitFor("#diagnostics", {visible: true});
      equal(await page.count("#diagnostics [data-diagnostic]"), compile.diagnostics.length, "diagnostics listed");
      equal(Number(await page.text("#diagnostics-count")), compile.diagnostics.length, "diagnostics count in the tab");
      await page.screenshot("diagnostics");
      if (typeof args["before-recompile"] === "string") execSync(args["before-recompile"], {stdio: "inherit"});
      const posted = page.requests.length;
      await page.click("#recompile");
      await page.waitFor("#diagnostics[data-recompiled='1']", {timeout: 60000});
      check(page.requests.slice(posted).some((r) => r.method === "POST" && r.url.endsWith("/api/v1/compile")),
            "a POST /api/v1/compile was sent");
      const after = await api("/api/v1/compile");
      equal(await page.count("#diagnostics [data-diagnostic]"), after.diagnostics.length, "diagnostics after recompile");
      if (args["expect-recompile-change"]) {
        check(after.diagnostics.length !== compile.diagnostics.length, "the recompile changed the diagnostics");
        const codes = await page.attrs("#diagnostics [data-diagnostic]", "data-code");
        for (const d of after.diagnostics) check(codes.includes(d.code), "diagnostic " + d.code + " listed");
      }
      const errorsAfter = new Set(after.diagnostics.filter((d) => d.severity === "Error").map((d) => d.model));
      await page.click("#tabs [data-tab='dag']");
      await page.waitUntil(() => document.getElementById("dag-stats").dataset.rendered !== "0" ||
                                 document.getElementById("dag-stats").dataset.mode === "overview", [], "the DAG is drawn again");
      const marks = await page.eval(() => Array.from(document.querySelectorAll("#dag [data-model]"))
        .map((e) => [e.dataset.model, e.dataset.error === "1"]));
      for (const [m, marked] of marks) equal(marked, errorsAfter.has(m), "error mark of " + m + " after recompile");
      await page.click("#tabs [data-tab='diagnostics']");
      await page.screenshot("recompiled");
    }, {page});

    await run.step("runs view", async () => {
      const runs = await api("/api/v1/runs");
      await page.click("#tabs [data-tab='runs']");
      await page.waitFor("#runs[data-count]");
      equal(Number(await page.attr("#runs", "data-count")), runs.runs.length, "runs listed");
      sameSet(await page.attrs("#runs tr[data-run-id]", "data-run-id"), runs.runs.map((r) => r.run_id), "run ids");
      await page.screenshot("runs");
    }, {page});

    await run.step("no page errors", async () => {
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
