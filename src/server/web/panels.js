// The model panel, the diagnostics list, the runs table and the search box.

function severityRank(severity) { return severity === "Error" ? 0 : severity === "Warning" ? 1 : 2; }
function sortDiagnostics(list) {
  return [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) ||
    String(a.model).localeCompare(String(b.model)) || String(a.code).localeCompare(String(b.code)));
}
function spanText(span) { return span ? span.file + ":" + span.line + ":" + span.col : ""; }
function modelLink(name, onModel) {
  return el("a", {class: "model-link", "data-link-model": name, onclick: () => onModel(name)}, name);
}
function diagnosticItem(d, onModel) {
  return el("li", {"data-diagnostic": "", "data-severity": d.severity, "data-code": d.code, "data-model": d.model},
    el("span", {class: "sev sev-" + d.severity}, d.severity), " ",
    el("code", null, d.code), " ", d.model ? modelLink(d.model, onModel) : null, " ",
    el("span", {class: "message"}, d.message), " ",
    d.span ? el("span", {class: "muted mono"}, spanText(d.span)) : null,
    d.suggestion ? el("div", {class: "suggestion"}, "suggestion: " + d.suggestion) : null);
}

class ModelPanel {
  constructor(element, options) {
    this.element = element;
    this.onColumn = options.onColumn;
    this.onModel = options.onModel;
    this.model = null;
  }
  loading(name) {
    this.element.dataset.loading = "1";
    if (!this.model || lower(this.model) !== lower(name)) {
      this.element.className = "";
      this.element.replaceChildren(el("h2", {id: "model-name"}, name), el("p", {class: "muted"}, "Loading…"));
    }
  }
  error(name, message) {
    delete this.element.dataset.loading;
    this.element.replaceChildren(el("h2", {id: "model-name"}, name), el("p", {class: "sev-Error"}, message));
  }
  // detail: the model route's answer; diagnostics: this model's; history: its runs, or null.
  render(detail, diagnostics, history) {
    const e = this.element;
    this.model = detail.name;
    e.className = "";
    e.dataset.model = detail.name;
    delete e.dataset.loading;
    const columns = detail.typed_columns && detail.typed_columns.length
      ? detail.typed_columns : (detail.columns || []).map((c) => (typeof c === "string" ? {name: c} : c));
    const described = columns.some((c) => c.description);
    const parts = [
      el("h2", {id: "model-name"}, detail.name),
      el("div", null, el("span", {class: "badge " + strategyClass(detail.strategy), id: "model-strategy"}, strategyText(detail.strategy))),
      detail.target ? el("div", {class: "meta", id: "model-target"}, "target ", el("code", null, targetText(detail.target))) : null,
      detail.file_path ? el("div", {class: "meta"}, "file ", el("code", null, detail.file_path)) : null,
      detail.description ? el("p", {class: "desc", id: "model-description"}, detail.description) : null,
      detail.freshness && detail.freshness.max_lag_seconds !== undefined
        ? el("div", {class: "meta"}, "freshness: at most " + formatCount(detail.freshness.max_lag_seconds) + " s behind") : null,
      el("h3", null, "Columns (" + columns.length + ")", detail.has_star ? " · SELECT *" : ""),
      el("table", {class: "grid", id: "model-columns"},
        el("thead", null, el("tr", null, el("th", null, "column"), el("th", null, "type"), el("th", null, "null"),
                             described ? el("th", null, "description") : null)),
        el("tbody", null, ...columns.map((c) => el("tr", {
            "data-column": c.name, "data-type": c.type || "", title: "Click to trace this column's lineage",
            onclick: () => this.onColumn(detail.name, c.name)},
          el("td", {class: "mono"}, c.name), el("td", {class: "type mono"}, c.type || "Unknown"),
          el("td", {class: "muted"}, c.nullable === false ? "not null" : c.nullable === true ? "null" : ""),
          described ? el("td", null, c.description || "") : null)))),
      columns.length ? el("p", {class: "muted"}, "Click a column to trace its lineage.") : null,
    ];
    if (detail.contract) parts.push(el("h3", null, "Contract"), this.contract(detail.contract));
    if (detail.tests && detail.tests.length) {
      parts.push(el("h3", null, "Tests (" + detail.tests.length + ")"),
        el("ul", {id: "model-tests"}, ...detail.tests.map((t) => el("li", {"data-test": t.type},
          el("code", null, t.type), t.column ? " on " + t.column : "",
          t.values ? " in (" + t.values.join(", ") + ")" : "",
          t.expression ? " " + t.expression : "",
          t.to_table ? " → " + t.to_table + "." + (t.to_column || "") : "",
          t.min !== undefined || t.max !== undefined ? " between " + (t.min ?? "…") + " and " + (t.max ?? "…") : "",
          t.severity && t.severity !== "error" ? " (" + t.severity + ")" : ""))));
    }
    parts.push(el("h3", null, "Upstream"), this.links(detail.upstream),
               el("h3", null, "Downstream"), this.links(detail.downstream));
    parts.push(el("h3", null, "Diagnostics (" + diagnostics.length + ")"),
      diagnostics.length
        ? el("ul", {class: "list", id: "model-diagnostics"}, ...sortDiagnostics(diagnostics).map((d) => diagnosticItem(d, this.onModel)))
        : el("p", {class: "muted", id: "model-diagnostics"}, "None."));
    if (history) {
      parts.push(el("h3", null, "Recent runs"),
        history.length
          ? el("table", {class: "grid", id: "model-history"},
              el("thead", null, el("tr", null, el("th", null, "started"), el("th", null, "duration"),
                                   el("th", null, "rows"), el("th", null, "status"))),
              el("tbody", null, ...history.slice(0, 20).map((h) => el("tr", {"data-run-id": h.run_id},
                el("td", {title: h.run_id}, formatTime(h.started_at)),
                el("td", null, formatDuration(h.duration_ms)),
                el("td", null, h.rows_affected === null || h.rows_affected === undefined ? "" : formatCount(h.rows_affected)),
                el("td", {class: "status-" + lower(h.status || "")}, h.status || "")))))
          : el("p", {class: "muted", id: "model-history"}, "No runs recorded."));
    }
    if (detail.sql) parts.push(el("details", null, el("summary", null, "SQL"), el("pre", {class: "sql"}, detail.sql)));
    e.replaceChildren(...parts.filter((p) => p));
  }
  links(names) {
    if (!names || !names.length) return el("div", {class: "muted"}, "none");
    return el("div", {class: "links"}, ...names.map((n) => modelLink(n, this.onModel)));
  }
  contract(contract) {
    if (typeof contract !== "object") return el("div", {class: "mono", id: "model-contract"}, String(contract));
    const parts = [];
    if (Array.isArray(contract.columns)) {
      parts.push(el("table", {class: "grid"},
        el("thead", null, el("tr", null, el("th", null, "column"), el("th", null, "type"), el("th", null, "nullable"), el("th", null, "description"))),
        el("tbody", null, ...contract.columns.map((c) => el("tr", {"data-contract-column": c.name},
          el("td", {class: "mono"}, c.name), el("td", {class: "type mono"}, c.type || "any"),
          el("td", null, c.nullable === false ? "no" : c.nullable === true ? "yes" : ""),
          el("td", null, c.description || ""))))));
    }
    const rules = contract.rules || {};
    for (const key of ["required", "protected"]) {
      const list = rules[key] || contract[key];
      if (list && list.length) parts.push(el("div", null, key + ": ", el("code", null, list.join(", "))));
    }
    const shown = new Set(["columns", "rules", "required", "protected"]);
    for (const [key, value] of Object.entries(contract)) {
      if (shown.has(key)) continue;
      parts.push(el("div", {class: "meta"}, key + ": ", el("code", null, typeof value === "object" ? JSON.stringify(value) : String(value))));
    }
    return el("div", {id: "model-contract"}, ...parts);
  }
  markColumn(column) {
    for (const row of $all("tr[data-column]", this.element)) {
      row.classList.toggle("active", column !== null && lower(row.dataset.column) === lower(column));
    }
  }
}

class DiagnosticsView {
  constructor(list, count, status, onModel) {
    this.list = list; this.count = count; this.status = status; this.onModel = onModel;
  }
  render(compile) {
    const diagnostics = compile.diagnostics || [];
    const errors = diagnostics.filter((d) => d.severity === "Error").length;
    const warnings = diagnostics.filter((d) => d.severity === "Warning").length;
    this.count.textContent = diagnostics.length;
    this.count.classList.toggle("has-errors", errors > 0);
    this.list.dataset.count = diagnostics.length;
    this.list.replaceChildren(...(diagnostics.length
      ? sortDiagnostics(diagnostics).map((d) => diagnosticItem(d, this.onModel))
      : [el("li", {class: "empty"}, "No diagnostics.")]));
    const models = typeof compile.models === "number" ? compile.models : null;
    this.status.textContent = (models !== null ? formatCount(models) + " models" : "") +
      (compile.layers !== undefined ? ", " + compile.layers + " layers" : "") +
      " · " + errors + " errors, " + warnings + " warnings, " + (diagnostics.length - errors - warnings) + " info";
  }
}

class RunsView {
  constructor(table, summary) { this.body = $("tbody", table); this.table = table; this.summary = summary; }
  render(runs) {
    this.table.dataset.count = runs.length;
    this.summary.textContent = runs.length ? runs.length + " most recent runs, newest first" : "";
    this.body.replaceChildren(...(runs.length ? runs.map((r) => el("tr", {"data-run-id": r.run_id},
        el("td", {class: "mono"}, r.run_id), el("td", null, r.pipeline || ""),
        el("td", {class: "status-" + lower(r.status || "")}, r.status || ""),
        el("td", null, formatTime(r.started_at)),
        el("td", null, formatDuration(durationBetween(r.started_at, r.finished_at))),
        el("td", null, formatCount(r.models_executed)), el("td", null, r.trigger || "")))
      : [el("tr", null, el("td", {colspan: 7, class: "muted"}, "No runs recorded yet."))]));
  }
}

// The search box: results as you type, arrows to move, Enter to open, Escape to close.
class SearchBox {
  constructor(input, list, options) {
    this.input = input; this.list = list;
    this.search = options.search; this.choose = options.choose;
    this.results = []; this.active = 0; this.timer = 0;
    input.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update(), 40);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!this.results.length) return;
        this.active = (this.active + (event.key === "ArrowDown" ? 1 : this.results.length - 1)) % this.results.length;
        this.paint();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(this.timer);
        this.update();
        if (this.results.length) this.pick(this.results[this.active]);
      } else if (event.key === "Escape") {
        this.close();
      }
    });
    input.addEventListener("blur", () => setTimeout(() => this.close(), 200));
    input.addEventListener("focus", () => { if (input.value) this.update(); });
  }
  update() {
    this.results = this.input.value.trim() ? this.search(this.input.value.trim()) : [];
    this.active = 0;
    this.paint();
  }
  paint() {
    this.list.hidden = !this.input.value.trim();
    this.list.dataset.count = this.results.length;
    this.list.dataset.query = this.input.value.trim();  // what the shown results answer
    this.list.replaceChildren(...(this.results.length ? this.results.map((r, i) => {
      const item = el("li", {"data-result-model": r.model, "data-result-column": r.column || null,
                             class: i === this.active ? "active" : null, role: "option"},
        r.column ? r.model + "." + r.column : r.model,
        el("span", {class: "kind"}, r.kind),
        r.snippet ? el("span", {class: "snippet"}, r.snippet) : null);
      item.addEventListener("mousedown", (event) => { event.preventDefault(); this.pick(r); });
      return item;
    }) : [el("li", {class: "muted"}, "No match.")]));
  }
  pick(result) { this.close(); this.choose(result); }
  close() { this.list.hidden = true; }
}
