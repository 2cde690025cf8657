// Column lineage as a graph: the traced column in the middle, the columns it comes from to the
// left (back to external sources), the columns that depend on it to the right. Columns are
// grouped in a box per model with their types; each edge is labelled with its transform.
// A model's column is its depth: -1 for the models the origin reads, +1 for its consumers
// (longest path, so every edge goes left to right).

const kBoxWidth = 220;
const kBoxHead = 28;
const kLineRow = 22;
const kBoxGap = 22;
const kDepthGap = 120;

class LineageView {
  constructor(svgElement, options) {
    this.svg = svgElement;
    this.onColumn = options.onColumn;
    this.onModel = options.onModel;
    this.viewport = svg("g", {class: "viewport"});
    this.svg.append(this.viewport);
    this.pz = new PanZoom(this.svg, {minScale: 0.1, maxScale: 2.5,
      onChange: () => this.viewport.setAttribute("transform", this.pz.transform()), bounds: () => this.bounds});
    this.bounds = null;
  }

  clear() { this.viewport.textContent = ""; }

  // origin {model, column}; backward and forward: lineage edges; info(model) -> {external,
  // columns: Map lower(column) -> {name, type, nullable}, order: [lower names]} .
  show(origin, backward, forward, info) {
    this.clear();
    const nodes = new Map();   // columnKey -> {model, column, role}
    const touch = (ref, role) => {
      const key = columnKey(ref.model, ref.column);
      if (!nodes.has(key)) nodes.set(key, {model: ref.model, column: ref.column, role, key});
      return nodes.get(key);
    };
    touch(origin, "origin");
    const fed = new Set();
    for (const e of backward) { touch(e.target, "upstream"); touch(e.source, "upstream"); fed.add(columnKey(e.target.model, e.target.column)); }
    for (const e of forward) { touch(e.source, "downstream"); touch(e.target, "downstream"); }
    for (const node of nodes.values()) {
      if (node.role === "upstream" && !fed.has(node.key)) node.role = "source";
    }

    // Depth of each model (longest path from the origin's model).
    const depth = new Map([[lower(origin.model), 0]]);
    const relax = (edges, towards) => {
      for (let pass = 0, changed = true; changed && pass <= edges.length; pass++) {
        changed = false;
        for (const e of edges) {
          const from = lower(towards < 0 ? e.target.model : e.source.model);
          const to = lower(towards < 0 ? e.source.model : e.target.model);
          if (!depth.has(from)) continue;
          const want = depth.get(from) + towards;
          const have = depth.get(to);
          if (have === undefined || (towards < 0 ? want < have : want > have)) {
            if (to !== lower(origin.model)) { depth.set(to, want); changed = true; }
          }
        }
      }
    };
    relax(backward, -1);
    relax(forward, +1);

    // Model boxes.
    const models = new Map();  // lower(model) -> {name, depth, nodes, external}
    for (const node of nodes.values()) {
      const key = lower(node.model);
      if (!models.has(key)) {
        const meta = info(node.model);
        models.set(key, {name: node.model, key, depth: depth.get(key) || 0, nodes: [], meta,
                         external: !meta || meta.external});
      }
      models.get(key).nodes.push(node);
    }
    for (const m of models.values()) {
      const order = m.meta && m.meta.order ? m.meta.order : [];
      const rank = (n) => { const r = order.indexOf(lower(n.column)); return r < 0 ? 1e9 : r; };
      m.nodes.sort((a, b) => rank(a) - rank(b) || a.column.localeCompare(b.column));
    }
    const depths = [...new Set([...models.values()].map((m) => m.depth))].sort((a, b) => a - b);
    const minDepth = depths[0] || 0;
    const rowY = new Map();    // columnKey -> y centre
    const place = (d, neighbours) => {
      const boxes = [...models.values()].filter((m) => m.depth === d);
      const key = new Map();
      for (const m of boxes) {
        const ys = [];
        for (const n of m.nodes) for (const other of neighbours(n)) if (rowY.has(other)) ys.push(rowY.get(other));
        key.set(m.key, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0);
      }
      boxes.sort((a, b) => key.get(a.key) - key.get(b.key) || a.name.localeCompare(b.name));
      let y = 0;
      const x = (d - minDepth) * (kBoxWidth + kDepthGap);
      for (const m of boxes) {
        m.x = x; m.y = y;
        m.nodes.forEach((n, r) => rowY.set(n.key, y + kBoxHead + r * kLineRow + kLineRow / 2));
        y += kBoxHead + m.nodes.length * kLineRow + kBoxGap;
      }
    };
    const sourcesOf = new Map(), targetsOf = new Map();
    for (const e of [...backward, ...forward]) {
      const s = columnKey(e.source.model, e.source.column), t = columnKey(e.target.model, e.target.column);
      if (!targetsOf.has(s)) targetsOf.set(s, []);
      targetsOf.get(s).push(t);
      if (!sourcesOf.has(t)) sourcesOf.set(t, []);
      sourcesOf.get(t).push(s);
    }
    place(0, () => []);
    for (const d of depths.filter((d) => d < 0).reverse()) place(d, (n) => targetsOf.get(n.key) || []);
    for (const d of depths.filter((d) => d > 0)) place(d, (n) => sourcesOf.get(n.key) || []);
    // Centre the rows of every depth column on the origin's row.
    const originY = rowY.get(columnKey(origin.model, origin.column)) || 0;
    for (const d of depths) {
      const boxes = [...models.values()].filter((m) => m.depth === d);
      const ys = boxes.flatMap((m) => m.nodes.map((n) => rowY.get(n.key)));
      const shift = d === 0 ? 0 : originY - (Math.min(...ys) + Math.max(...ys)) / 2;
      for (const m of boxes) {
        m.y += shift;
        for (const n of m.nodes) rowY.set(n.key, rowY.get(n.key) + shift);
      }
    }

    const edgeLayer = svg("g", {class: "edges"});
    const boxLayer = svg("g", {class: "boxes"});
    const labelLayer = svg("g", {class: "labels"});
    this.viewport.append(edgeLayer, boxLayer, labelLayer);
    const xOf = (model) => models.get(lower(model)).x;
    const drawEdge = (e, direction) => {
      const s = columnKey(e.source.model, e.source.column), t = columnKey(e.target.model, e.target.column);
      const x1 = xOf(e.source.model) + kBoxWidth, y1 = rowY.get(s);
      const x2 = xOf(e.target.model), y2 = rowY.get(t);
      const bend = Math.max(30, (x2 - x1) / 2);
      const g = svg("g", {class: "lin-edge " + direction, "data-trace-edge":
        e.source.model + "." + e.source.column + ">" + e.target.model + "." + e.target.column,
        "data-transform": e.transform},
        svg("path", {d: "M" + x1 + " " + y1 + "C" + (x1 + bend) + " " + y1 + " " + (x2 - bend) + " " + y2 + " " + x2 + " " + y2}));
      edgeLayer.append(g);
      const label = String(e.transform || "");
      const width = label.length * 5.8 + 10;
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      labelLayer.append(svg("g", {class: "lin-edge " + direction},
        svg("rect", {x: mx - width / 2, y: my - 8, width, height: 15, rx: 3}),
        svg("text", {x: mx, y: my + 3.5, "text-anchor": "middle", text: label})));
    };
    backward.forEach((e) => drawEdge(e, "backward"));
    forward.forEach((e) => drawEdge(e, "forward"));

    for (const m of models.values()) {
      const height = kBoxHead + m.nodes.length * kLineRow;
      const title = svg("text", {class: "title", x: 10, y: 18, text: ellipsis(m.name, 22)});
      if (!m.external) title.addEventListener("click", () => this.onModel(m.name));
      const g = svg("g", {class: "lin-model" + (m.external ? " external" : ""), "data-lineage-model": m.name,
                          transform: "translate(" + m.x + "," + m.y + ")"},
        svg("rect", {class: "box", width: kBoxWidth, height, rx: 5}),
        svg("rect", {class: "head", width: kBoxWidth, height: kBoxHead - 4, rx: 5}),
        title,
        svg("text", {class: "tag", x: kBoxWidth - 8, y: 17, "text-anchor": "end",
                     text: m.external ? "external source" : m.depth < 0 ? "upstream" : m.depth > 0 ? "downstream" : ""}));
      m.nodes.forEach((n, r) => {
        const known = m.meta && m.meta.columns ? m.meta.columns.get(lower(n.column)) : null;
        const type = known && known.type ? known.type + (known.nullable === false ? " not null" : "") : m.external ? "" : "?";
        const row = svg("g", {class: "lin-col", "data-trace-node": m.name + "." + n.column,
                              "data-trace-role": n.role, "data-type": known && known.type ? known.type : null,
                              transform: "translate(0," + (kBoxHead + r * kLineRow) + ")"},
          svg("rect", {x: 2, y: 0, width: kBoxWidth - 4, height: kLineRow - 2, rx: 3}),
          svg("text", {x: 10, y: 15, text: ellipsis(known ? known.name : n.column, 20)}),
          svg("text", {class: "type", x: kBoxWidth - 10, y: 15, "text-anchor": "end", text: ellipsis(type, 15)}));
        if (!m.external) row.addEventListener("click", () => this.onColumn(m.name, known ? known.name : n.column));
        g.append(row);
      });
      boxLayer.append(g);
    }

    const xs = [...models.values()];
    this.bounds = {
      x0: Math.min(...xs.map((m) => m.x)) - 20, x1: Math.max(...xs.map((m) => m.x + kBoxWidth)) + 20,
      y0: Math.min(...xs.map((m) => m.y)) - 20,
      y1: Math.max(...xs.map((m) => m.y + kBoxHead + m.nodes.length * kLineRow)) + 20};
    const om = models.get(lower(origin.model));
    this.originPoint = {x: om.x + kBoxWidth / 2, y: originY};
    this.fit();
    return {nodes: [...nodes.values()], models: [...models.values()].map((m) => m.name)};
  }

  // The whole graph when it fits at a readable scale; else the origin as near the middle as can
  // be without leaving an empty margin on one side while the graph is cut on the other.
  fit() {
    if (!this.bounds) return;
    const {width, height} = this.pz.size();
    const b = this.bounds;
    const k = clamp(Math.min(width / (b.x1 - b.x0), height / (b.y1 - b.y0)), 0.75, 1);
    const place = (size, lo, hi, at) => {
      const extent = (hi - lo) * k;
      if (extent <= size) return (size - extent) / 2 - lo * k;
      return clamp(size / 2 - at * k, size - hi * k, -lo * k);
    };
    this.pz.set(place(width, b.x0, b.x1, this.originPoint.x), place(height, b.y0, b.y1, this.originPoint.y), k);
  }
}
