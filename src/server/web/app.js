// Wiring: picks the source, loads the DAG and the compile result, and connects the views.

const tokenStore = {
  get() { try { return sessionStorage.getItem("rocky.token") || ""; } catch (e) { return ""; } },
  set(token) {
    try {
      if (token) sessionStorage.setItem("rocky.token", token); else sessionStorage.removeItem("rocky.token");
    } catch (e) { /* storage disabled: the token lives only as long as the page */ }
  },
};

class App {
  constructor() {
    const inline = document.getElementById("rocky-data");
    this.data = inline ? JSON.parse(inline.textContent) : null;
    this.source = this.data ? new InlineSource(this.data) : new ApiSource(tokenStore);
    this.docs = this.source.kind === "inline";
    document.body.dataset.mode = this.docs ? "docs" : "api";
    this.compileResult = {diagnostics: []};
    this.nodes = [];
    this.names = [];
    this.known = new Set();
    this.ready = false;
    this.loaded = false;
    this.traceRequest = 0;
    this.modelRequest = 0;

    this.dag = new DagView($("#dag"), $("#dag-stats"), {onSelect: (name) => this.openModel(name)});
    // Ready once a DAG with the project's data has been painted (not the empty first frame).
    this.dag.afterRender = () => { if (this.loaded) this.markReady(); };
    this.lineage = new LineageView($("#lineage"), {
      onColumn: (model, column) => this.traceColumn(model, column),
      onModel: (model) => this.openModel(model, {focus: true})});
    const openModel = (name) => this.openModel(name, {focus: true});
    this.panel = new ModelPanel($("#model-panel"), {
      onColumn: (model, column) => this.traceColumn(model, column), onModel: openModel});
    this.diagnostics = new DiagnosticsView($("#diagnostics"), $("#diagnostics-count"), $("#compile-status"), openModel);
    this.runs = new RunsView($("#runs"), $("#runs-summary"));
    this.search = new SearchBox($("#search"), $("#search-results"), {
      search: (query) => this.searchEntries(query),
      choose: (result) => {
        this.openModel(result.model, {focus: true, tab: "dag"});
        if (result.column) this.traceColumn(result.model, result.column);
      }});
    if (this.source.onCompiling !== undefined) {
      this.source.onCompiling = (on) => this.setStatus(on ? "The server is compiling the project…" : "");
    }

    for (const button of $all("#tabs [data-tab]")) button.addEventListener("click", () => this.showTab(button.dataset.tab));
    $("#zoom-in").addEventListener("click", () => this.dag.pz.zoomCenter(1.25));
    $("#zoom-out").addEventListener("click", () => this.dag.pz.zoomCenter(0.8));
    $("#zoom-reset").addEventListener("click", () => this.dag.resetView());
    $("#recompile").addEventListener("click", () => this.recompile());
    $("#token").value = tokenStore.get();
    $("#token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      tokenStore.set($("#token").value.trim());
      this.load();
    });
    this.buildLegend();
    if (this.docs) {
      $("#mode-label").textContent = "docs catalog" + (this.data.generated_at ? " · " + formatTime(this.data.generated_at) : "");
      $("#search").placeholder = "Search models, columns, descriptions";
      $("#runs-tab").hidden = !(this.data.runs && this.data.runs.length);
      document.title = (this.data.project && this.data.project.name ? this.data.project.name + " · " : "") + "Rocky docs";
    }
  }

  buildLegend() {
    $("#legend").replaceChildren(...kStrategies.map((s) => el("span", {class: "s-" + s, "data-legend": s},
      el("span", {class: "swatch"}), s)),
      el("span", null, el("span", {class: "swatch", style: "background: var(--error)"}), "errors"));
  }

  setStatus(text, isError) {
    const status = $("#status");
    status.hidden = !text;
    status.textContent = text || "";
    status.classList.toggle("error", !!isError);
  }
  showTab(name) {
    for (const button of $all("#tabs [data-tab]")) button.classList.toggle("active", button.dataset.tab === name);
    for (const view of $all(".view")) view.classList.toggle("active", view.id === "view-" + name);
    document.body.dataset.tab = name;
    if (name === "runs") this.loadRuns();
    if (name === "dag") this.dag.schedule();
  }
  fail(error) {
    if (error instanceof Unauthorized) {
      $("#unauthorized").hidden = false;
      document.body.dataset.state = "unauthorized";
      $("#token").focus();
      return;
    }
    this.setStatus("Error: " + error.message, true);
    console.error(error);
  }

  async load() {
    try {
      const [dag, compile] = await Promise.all([this.source.dag(), this.source.compile()]);
      $("#unauthorized").hidden = true;
      document.body.dataset.state = "loaded";
      this.setStatus("");
      this.applyDag(dag, compile);
      // What to open: the URL fragment, else body[data-open] (same syntax) for an embedder that
      // cannot set the URL (the VS Code extension's webview).
      const wanted = new URLSearchParams(location.hash.slice(1) || document.body.dataset.open || "");
      if (wanted.get("model")) {
        await this.openModel(wanted.get("model"), {focus: true});
        if (wanted.get("column")) await this.traceColumn(wanted.get("model"), wanted.get("column"));
      }
    } catch (error) {
      this.fail(error);
    }
  }
  applyDag(dag, compile) {
    this.compileResult = compile;
    this.nodes = dag.nodes || [];
    this.names = this.nodes.map((n) => lower(n.name));
    this.known = new Set(this.names);  // models; any other name in a lineage edge is external
    this.dag.setData(this.nodes, this.errorModels());
    this.loaded = true;
    this.diagnostics.render(compile);
  }
  errorModels() {
    return new Set((this.compileResult.diagnostics || []).filter((d) => d.severity === "Error").map((d) => d.model));
  }
  markReady() {
    if (this.ready) return;
    this.ready = true;
    document.body.dataset.readyMs = Math.round(performance.now());
    if (performance.mark) performance.mark("rocky-ready");
    document.body.dataset.ready = "1";
  }

  searchEntries(query) {
    if (this.source.search) return this.source.search(query, 30);
    const q = lower(query);
    const hits = [];
    for (let i = 0; i < this.names.length; i++) {
      const at = this.names[i].indexOf(q);
      if (at >= 0) hits.push([this.names[i] === q ? 0 : at === 0 ? 1 : 2, i]);
    }
    hits.sort((a, b) => a[0] - b[0] || this.names[a[1]].length - this.names[b[1]].length ||
                        (this.names[a[1]] < this.names[b[1]] ? -1 : 1));
    return hits.slice(0, 30).map(([, i]) => ({kind: "model", model: this.nodes[i].name,
      snippet: strategyType(this.nodes[i].strategy) + " · layer " + this.nodes[i].layer}));
  }

  async openModel(name, options) {
    const opts = options || {};
    if (opts.tab) this.showTab(opts.tab);
    if (opts.focus) this.dag.focus(name); else this.dag.select(name);
    const request = ++this.modelRequest;
    this.panel.loading(name);
    try {
      const [detail, history] = await Promise.all([
        this.source.model(name),
        this.source.history(name).then((h) => h.history || [], () => null)]);
      if (request !== this.modelRequest) return;
      const diagnostics = (this.compileResult.diagnostics || []).filter((d) => lower(d.model || "") === lower(detail.name));
      this.panel.render(detail, diagnostics, this.docs && !(this.data.history) ? null : history);
      if (this.traced && lower(this.traced.model) === lower(detail.name)) this.panel.markColumn(this.traced.column);
      replaceHash("model=" + encodeURIComponent(detail.name));
    } catch (error) {
      if (error instanceof Unauthorized) return this.fail(error);
      if (request === this.modelRequest) this.panel.error(name, error.message);
    }
  }

  // The trace back to external sources and forward to dependent columns, drawn as a graph.
  async traceColumn(model, column) {
    const request = ++this.traceRequest;
    this.showTab("lineage");
    const summary = $("#lineage-summary");
    summary.textContent = "Tracing " + model + "." + column + "…";
    delete $("#view-lineage").dataset.ready;
    this.traced = {model, column};
    this.panel.markColumn(column);
    try {
      const [backward, forward] = await Promise.all([
        this.source.trace(model, column), forwardTrace(this.source, model, column)]);
      const names = new Set([lower(model)]);
      const display = new Map([[lower(model), model]]);
      for (const e of [...backward, ...forward.edges]) {
        for (const ref of [e.source, e.target]) { names.add(lower(ref.model)); display.set(lower(ref.model), ref.model); }
      }
      const infos = new Map();
      await Promise.all([...names].map(async (key) => {
        const name = display.get(key);
        let detail = null;
        if (this.known.has(key)) {
          try { detail = await this.source.model(name); } catch (e) { if (e instanceof Unauthorized) throw e; }
        }
        const columns = new Map();
        const cols = detail ? (detail.typed_columns && detail.typed_columns.length ? detail.typed_columns
                                : (detail.columns || []).map((c) => (typeof c === "string" ? {name: c} : c))) : [];
        for (const c of cols) columns.set(lower(c.name), c);
        infos.set(key, {external: !detail, columns, order: cols.map((c) => lower(c.name))});
      }));
      if (request !== this.traceRequest) return;
      const shown = this.lineage.show({model, column}, backward, forward.edges, (m) => infos.get(lower(m)));
      this.dag.setTraced(shown.models);
      const sources = shown.nodes.filter((n) => n.role === "source").map((n) => n.model + "." + n.column);
      const dependents = shown.nodes.filter((n) => n.role === "downstream").length;
      summary.textContent = model + "." + column + ": " + backward.length + " edges back to " +
        (sources.length ? sources.length + " source column" + (sources.length > 1 ? "s" : "") + " (" + sources.join(", ") + ")" : "no source") +
        "; " + dependents + " dependent column" + (dependents === 1 ? "" : "s") +
        (forward.truncated ? " (forward trace cut short)" : "") + ". Click a column to trace it.";
      $("#view-lineage").dataset.ready = "1";
      $("#view-lineage").dataset.origin = model + "." + column;
      replaceHash("model=" + encodeURIComponent(model) + "&column=" + encodeURIComponent(column));
    } catch (error) {
      if (error instanceof Unauthorized) return this.fail(error);
      if (request === this.traceRequest) summary.textContent = "Cannot trace " + model + "." + column + ": " + error.message;
    }
  }

  async recompile() {
    const button = $("#recompile");
    button.disabled = true;
    $("#compile-status").textContent = "Recompiling…";
    try {
      const result = await this.source.recompile();
      const [dag, compile] = await Promise.all([this.source.dag(), this.source.compile()]);
      const view = {x: this.dag.pz.x, y: this.dag.pz.y, k: this.dag.pz.k};
      this.applyDag(dag, compile);
      this.dag.pz.set(view.x, view.y, view.k);
      $("#diagnostics").dataset.recompiled = String((Number($("#diagnostics").dataset.recompiled) || 0) + 1);
      $("#compile-status").textContent = "Recompiled " + formatCount(result.models) + " models" +
        (result.has_errors ? " with errors" : "") + " · " + $("#compile-status").textContent;
      if (this.panel.model) this.openModel(this.panel.model);
    } catch (error) {
      if (error instanceof Unauthorized) this.fail(error);
      else $("#compile-status").textContent = "Recompile failed: " + error.message;
    } finally {
      button.disabled = false;
    }
  }

  async loadRuns() {
    try {
      const body = await this.source.runs();
      this.runs.render(body.runs || []);
    } catch (error) {
      if (error instanceof Unauthorized) this.fail(error);
      else $("#runs-summary").textContent = "Cannot load runs: " + error.message;
    }
  }
}

function replaceHash(fragment) {
  try { history.replaceState(null, "", "#" + fragment); } catch (e) { /* file:// in some browsers */ }
}

const app = new App();
window.rocky = app;  // for people poking at the page from the console, and for tests
app.load();
