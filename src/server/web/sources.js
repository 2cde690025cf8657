// Data sources. Both answer in the shapes of services.md §5; every method returns a promise.

class Unauthorized extends Error {
  constructor() { super("unauthorized"); }
}
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

// The HTTP API of `rocky serve`, on the page's own origin.
class ApiSource {
  constructor(tokens) {
    this.kind = "api";
    this.canRecompile = true;
    this.tokens = tokens;       // {get(), set(t)}
    this.cache = new Map();     // GET path -> promise of body (cleared on recompile)
    this.onCompiling = null;    // called with true while the server answers 503 "compiling"
  }
  async request(method, path) {
    const headers = {Accept: "application/json"};
    const token = this.tokens.get();
    if (token) headers.Authorization = "Bearer " + token;
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(path, {method, headers, cache: "no-store"});
      if (response.status === 401) throw new Unauthorized();
      if (response.status === 503 && attempt < 600) {
        if (this.onCompiling) this.onCompiling(true);
        await sleep(250);
        continue;
      }
      if (attempt > 0 && this.onCompiling) this.onCompiling(false);
      let body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      if (!response.ok) {
        throw new ApiError(response.status, (body && body.error) || response.status + " " + response.statusText);
      }
      return body;
    }
  }
  cached(path) {
    let promise = this.cache.get(path);
    if (!promise) {
      promise = this.request("GET", path);
      promise.catch(() => this.cache.delete(path));
      this.cache.set(path, promise);
    }
    return promise;
  }
  static modelPath(name) { return "/api/v1/models/" + encodeURIComponent(name); }

  dag() { return this.request("GET", "/api/v1/dag"); }
  compile() { return this.request("GET", "/api/v1/compile"); }
  async recompile() {
    const body = await this.request("POST", "/api/v1/compile");
    this.cache.clear();
    return body;
  }
  model(name) { return this.cached(ApiSource.modelPath(name)); }
  history(name) { return this.request("GET", ApiSource.modelPath(name) + "/history"); }
  async trace(model, column) {
    const body = await this.cached(ApiSource.modelPath(model) + "/lineage/" + encodeURIComponent(column));
    return body.trace || [];
  }
  // Edges into the columns of `model` (the model lineage route answers the edges touching it).
  async edgesInto(model) {
    const body = await this.cached(ApiSource.modelPath(model) + "/lineage");
    return (body.edges || []).filter((e) => lower(e.target.model) === lower(model));
  }
  async downstream(model) {
    try {
      return (await this.model(model)).downstream || [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];  // an external relation
      throw e;
    }
  }
  runs() { return this.request("GET", "/api/v1/runs"); }
}

// The project inlined by `rocky docs` (README.md: "Inline data"). Nothing is fetched.
class InlineSource {
  constructor(data) {
    this.kind = "inline";
    this.canRecompile = false;
    this.data = data;
    this.models = data.models || [];
    this.byName = new Map();
    for (const m of this.models) this.byName.set(lower(m.name), m);
    this.children = new Map();
    for (const m of this.models) {
      for (const parent of m.depends_on || []) {
        const key = lower(parent);
        if (!this.children.has(key)) this.children.set(key, []);
        this.children.get(key).push(m.name);
      }
    }
    this.layers = this.computeLayers();
    this.into = new Map();      // columnKey(target) -> edges
    this.intoModel = new Map(); // lower(target model) -> edges
    for (const e of data.lineage || []) {
      const key = columnKey(e.target.model, e.target.column);
      if (!this.into.has(key)) this.into.set(key, []);
      this.into.get(key).push(e);
      const mkey = lower(e.target.model);
      if (!this.intoModel.has(mkey)) this.intoModel.set(mkey, []);
      this.intoModel.get(mkey).push(e);
    }
    this.diagnostics = data.diagnostics || [];
    this.index = null;
  }
  // Layer = 1 + the largest layer of the dependencies; taken from the data when it has one.
  computeLayers() {
    const layers = new Map();
    for (const m of this.models) if (Number.isInteger(m.layer)) layers.set(lower(m.name), m.layer);
    if (layers.size === this.models.length) return layers;
    const state = new Map();  // 1 = on the stack, 2 = done
    for (const root of this.models) {
      const stack = [[root, 0]];
      while (stack.length) {
        const top = stack[stack.length - 1];
        const [m, i] = top;
        const key = lower(m.name);
        if (state.get(key) === 2) { stack.pop(); continue; }
        state.set(key, 1);
        const deps = (m.depends_on || []).map((d) => this.byName.get(lower(d))).filter((d) => d);
        if (i < deps.length) {
          top[1] = i + 1;
          if (!state.has(lower(deps[i].name))) stack.push([deps[i], 0]);
          continue;
        }
        let layer = 0;
        for (const d of deps) layer = Math.max(layer, (layers.get(lower(d.name)) ?? -1) + 1);
        layers.set(key, layer);
        state.set(key, 2);
        stack.pop();
      }
    }
    return layers;
  }
  dag() {
    const nodes = this.models.map((m) => ({
      name: m.name, depends_on: m.depends_on || [], layer: this.layers.get(lower(m.name)) || 0,
      strategy: strategyType(m.strategy)}));
    return Promise.resolve({nodes});
  }
  compile() {
    return Promise.resolve({
      models: this.models.length, diagnostics: this.diagnostics,
      has_errors: this.diagnostics.some((d) => d.severity === "Error"),
      layers: new Set(this.layers.values()).size});
  }
  recompile() { return Promise.reject(new Error("the docs catalog cannot recompile")); }
  model(name) {
    const m = this.byName.get(lower(name));
    if (!m) return Promise.reject(new ApiError(404, "model '" + name + "' not found"));
    return Promise.resolve({
      name: m.name, sql: m.sql, file_path: m.file_path,
      columns: (m.columns || []).map((c) => c.name),
      typed_columns: m.columns || [], has_star: !!m.has_star,
      upstream: m.depends_on || [], downstream: this.children.get(lower(m.name)) || [],
      strategy: m.strategy, target: m.target, contract: m.contract,
      description: m.description, tests: m.tests || [], freshness: m.freshness});
  }
  history(name) {
    const all = this.data.history || {};
    return Promise.resolve({model: name, history: all[name] || []});
  }
  // Breadth first through upstream models to external sources, nearest first (`rocky lineage`).
  trace(model, column) {
    const out = [];
    const seen = new Set();
    const queue = [...(this.into.get(columnKey(model, column)) || [])];
    for (let i = 0; i < queue.length; i++) {
      const e = queue[i];
      const key = columnKey(e.source.model, e.source.column) + ">" + columnKey(e.target.model, e.target.column);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
      if (this.byName.has(lower(e.source.model))) {
        queue.push(...(this.into.get(columnKey(e.source.model, e.source.column)) || []));
      }
    }
    return Promise.resolve(out);
  }
  edgesInto(model) { return Promise.resolve(this.intoModel.get(lower(model)) || []); }
  downstream(model) { return Promise.resolve(this.children.get(lower(model)) || []); }
  runs() { return Promise.resolve({runs: this.data.runs || []}); }

  // Full-text search over model names, descriptions, SQL file paths, columns, column types and
  // descriptions. Every word of the query must occur; names rank before descriptions.
  search(query, limit) {
    if (!this.index) {
      this.index = [];
      for (const m of this.models) {
        this.index.push({kind: "model", model: m.name, name: lower(m.name),
                         text: lower([m.name, m.description, m.file_path, targetText(m.target)].join(" ")),
                         snippet: m.description || targetText(m.target)});
        for (const c of m.columns || []) {
          this.index.push({kind: "column", model: m.name, column: c.name, name: lower(c.name),
                           text: lower([c.name, c.type, c.description].join(" ")),
                           snippet: m.name + "." + c.name + (c.type ? " " + c.type : "") +
                                    (c.description ? " — " + c.description : "")});
        }
      }
    }
    const words = lower(query).split(/\s+/).filter((w) => w);
    if (!words.length) return [];
    const scored = [];
    for (const entry of this.index) {
      if (!words.every((w) => entry.text.includes(w))) continue;
      const q = words.join(" ");
      let score = entry.name === q ? 0 : entry.name.startsWith(q) ? 1 : entry.name.includes(q) ? 2 : 3;
      if (entry.kind === "column") score += 0.5;
      scored.push([score, entry]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
    return scored.slice(0, limit).map(([, entry]) => entry);
  }
}

// The columns that depend on (model, column), breadth first through downstream models: every
// edge whose source is a column already reached. Bounded so a hub column cannot stall the page.
async function forwardTrace(source, model, column, limits) {
  const maxEdges = (limits && limits.maxEdges) || 400;
  const maxModels = (limits && limits.maxModels) || 150;
  const out = [];
  const seen = new Set([columnKey(model, column)]);
  const queue = [{model, column}];
  let modelsRead = 0;
  let truncated = false;
  for (let i = 0; i < queue.length && !truncated; i++) {
    const from = queue[i];
    const children = await source.downstream(from.model);
    const allowed = children.slice(0, Math.max(0, maxModels - modelsRead));
    modelsRead += allowed.length;
    if (allowed.length < children.length) truncated = true;
    const lists = await Promise.all(allowed.map((child) => source.edgesInto(child)));
    const fromKey = columnKey(from.model, from.column);
    for (const e of lists.flat()) {
      if (columnKey(e.source.model, e.source.column) !== fromKey) continue;
      if (out.length >= maxEdges) { truncated = true; break; }
      out.push(e);
      const key = columnKey(e.target.model, e.target.column);
      if (!seen.has(key)) { seen.add(key); queue.push(e.target); }
    }
  }
  return {edges: out, truncated};
}
