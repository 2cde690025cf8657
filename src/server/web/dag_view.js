// The layered DAG: one column per layer, viewport culling, an overview when zoomed out (see the
// paragraph at the top of util.js).

const kNodeWidth = 180;
const kNodeHeight = 22;
const kRowHeight = 30;
const kColumnWidth = 240;
const kPad = 40;
const kMaxNodeElements = 1500;   // above this many visible models, draw the overview
const kOverviewScale = 0.35;     // below this scale labels are unreadable: overview
const kMaxEdgeSegments = 4000;

class DagView {
  constructor(svgElement, statsElement, options) {
    this.svg = svgElement;
    this.statsElement = statsElement;
    this.onSelect = options.onSelect;
    this.viewport = svg("g", {class: "viewport"});
    this.edgePath = svg("path", {class: "edges"});
    this.overview = svg("g", {class: "overview"});
    this.hotPath = svg("path", {class: "edges hot"});
    this.nodeLayer = svg("g", {class: "nodes"});
    this.heads = svg("g", {class: "heads"});
    this.viewport.append(this.edgePath, this.overview, this.hotPath, this.nodeLayer);
    this.svg.append(this.viewport, this.heads);
    this.pz = new PanZoom(this.svg, {
      minScale: 0.02, maxScale: 2.5, onChange: () => this.schedule(),
      onBackgroundClick: (event) => this.backgroundClick(event), bounds: () => this.bounds()});
    this.elements = new Map();  // node index -> <g>
    this.nodes = [];
    this.columns = [];          // layer -> node indices, top to bottom
    this.selected = -1;
    this.traced = new Set();
    this.mode = "nodes";
    this.frame = 0;
    this.rendered = false;
    this.afterRender = null;
    if (window.ResizeObserver) new ResizeObserver(() => this.schedule()).observe(this.svg);
  }

  setData(nodes, errorModels) {
    const selectedName = this.selected >= 0 ? this.nodes[this.selected].name : null;
    this.nodes = nodes;
    const n = nodes.length;
    this.indexOf = new Map();
    nodes.forEach((node, i) => this.indexOf.set(lower(node.name), i));
    this.parents = nodes.map((node) => (node.depends_on || [])
      .map((d) => this.indexOf.get(lower(d))).filter((p) => p !== undefined));
    this.children = nodes.map(() => []);
    this.parents.forEach((ps, i) => ps.forEach((p) => this.children[p].push(i)));
    this.layer = new Int32Array(n);
    let maxLayer = 0;
    nodes.forEach((node, i) => {
      this.layer[i] = Number.isInteger(node.layer) && node.layer >= 0 ? node.layer : 0;
      maxLayer = Math.max(maxLayer, this.layer[i]);
    });
    this.columns = Array.from({length: n ? maxLayer + 1 : 0}, () => []);
    for (let i = 0; i < n; i++) this.columns[this.layer[i]].push(i);
    // One barycenter sweep: a model sits near the mean relative row of its parents.
    this.row = new Int32Array(n);
    const byName = (a, b) => (nodes[a].name < nodes[b].name ? -1 : nodes[a].name > nodes[b].name ? 1 : 0);
    this.columns.forEach((column, layer) => {
      if (layer === 0) {
        column.sort(byName);
      } else {
        const key = new Float64Array(n);
        for (const i of column) {
          let sum = 0, count = 0;
          for (const p of this.parents[i]) {
            sum += this.row[p] / Math.max(1, this.columns[this.layer[p]].length);
            count++;
          }
          key[i] = count ? sum / count : 2;
        }
        column.sort((a, b) => key[a] - key[b] || byName(a, b));
      }
      column.forEach((i, r) => { this.row[i] = r; });
    });
    this.setErrors(errorModels, false);
    this.selected = selectedName && this.indexOf.has(lower(selectedName)) ? this.indexOf.get(lower(selectedName)) : -1;
    this.traced = new Set();
    this.clearElements();
    this.schedule();
  }
  setErrors(errorModels, redraw) {
    this.errors = new Uint8Array(this.nodes.length);
    for (const name of errorModels || []) {
      const i = this.indexOf.get(lower(name));
      if (i !== undefined) this.errors[i] = 1;
    }
    if (redraw !== false) { this.clearElements(); this.schedule(); }
  }
  clearElements() {
    this.elements.clear();
    this.nodeLayer.textContent = "";
  }
  bounds() {
    if (!this.nodes.length) return null;
    const rows = Math.max(...this.columns.map((c) => c.length));
    return {x0: 0, y0: 0, x1: 2 * kPad + (this.columns.length - 1) * kColumnWidth + kNodeWidth,
            y1: 2 * kPad + rows * kRowHeight};
  }
  nodeX(i) { return kPad + this.layer[i] * kColumnWidth; }
  nodeY(i) { return kPad + this.row[i] * kRowHeight; }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  // The visible row range of every column intersecting the view.
  visibleRanges() {
    const v = this.pz.visible();
    const ranges = [];
    let count = 0;
    this.columns.forEach((column, layer) => {
      const x = kPad + layer * kColumnWidth;
      if (!column.length || x + kNodeWidth < v.x0 || x > v.x1) return;
      const r0 = Math.max(0, Math.ceil((v.y0 - kPad - kNodeHeight) / kRowHeight));
      const r1 = Math.min(column.length - 1, Math.floor((v.y1 - kPad) / kRowHeight));
      if (r1 < r0) return;
      ranges.push({layer, r0, r1});
      count += r1 - r0 + 1;
    });
    return {ranges, count};
  }

  render() {
    const started = performance.now();
    this.viewport.setAttribute("transform", this.pz.transform());
    const {ranges, count} = this.visibleRanges();
    const overview = this.pz.k < kOverviewScale || count > kMaxNodeElements;
    this.mode = overview ? "overview" : "nodes";
    if (overview) this.renderOverview(ranges); else this.renderNodes(ranges);
    this.renderHeads();
    const rendered = this.elements.size;
    const total = this.nodes.length;
    this.statsElement.dataset.total = total;
    this.statsElement.dataset.rendered = rendered;
    this.statsElement.dataset.culled = total - rendered;
    this.statsElement.dataset.mode = this.mode;
    this.statsElement.textContent = overview
      ? formatCount(total) + " models · overview of " + formatCount(count) + " (zoom in or click to see names)"
      : formatCount(total) + " models · " + formatCount(rendered) + " drawn, " +
        formatCount(total - rendered) + " outside the view";
    this.statsElement.dataset.renderMs = (performance.now() - started).toFixed(1);
    this.rendered = true;
    if (this.afterRender) this.afterRender();
  }

  renderOverview(ranges) {
    this.clearElements();
    this.edgePath.setAttribute("d", "");
    this.hotPath.setAttribute("d", "");
    const paths = new Map();
    let errors = "";
    for (const {layer, r0, r1} of ranges) {
      const column = this.columns[layer];
      for (let r = r0; r <= r1; r++) {
        const i = column[r];
        const segment = "M" + this.nodeX(i) + " " + (this.nodeY(i) + kNodeHeight / 2) + "h" + kNodeWidth;
        const cls = strategyClass(this.nodes[i].strategy);
        paths.set(cls, (paths.get(cls) || "") + segment);
        if (this.errors[i]) errors += segment;
      }
    }
    this.overview.textContent = "";
    for (const [cls, d] of paths) {
      this.overview.append(svg("path", {class: cls, d, "stroke-width": kNodeHeight, style: "stroke: var(--c); fill: none"}));
    }
    if (errors) this.overview.append(svg("path", {d: errors, "stroke-width": 8, style: "stroke: var(--error); fill: none"}));
    if (this.selected >= 0) {
      const i = this.selected;
      this.overview.append(svg("rect", {x: this.nodeX(i) - 6, y: this.nodeY(i) - 6, width: kNodeWidth + 12,
        height: kNodeHeight + 12, style: "fill: none; stroke: var(--select); stroke-width: " + 4 / this.pz.k}));
    }
  }

  renderNodes(ranges) {
    this.overview.textContent = "";
    const wanted = new Set();
    for (const {layer, r0, r1} of ranges) {
      const column = this.columns[layer];
      for (let r = r0; r <= r1; r++) wanted.add(column[r]);
    }
    for (const [i, element] of this.elements) {
      if (!wanted.has(i)) { element.remove(); this.elements.delete(i); }
    }
    const fragment = document.createDocumentFragment();
    for (const i of wanted) {
      if (!this.elements.has(i)) {
        const element = this.nodeElement(i);
        this.elements.set(i, element);
        fragment.append(element);
      }
    }
    this.nodeLayer.append(fragment);
    // Edges of the visible models: into each from its parents, and out to children not visible.
    let d = "";
    let segments = 0;
    for (const i of wanted) {
      if (segments > kMaxEdgeSegments) break;
      for (const p of this.parents[i]) { d += this.edge(p, i); segments++; }
      for (const c of this.children[i]) if (!wanted.has(c)) { d += this.edge(i, c); segments++; }
    }
    this.edgePath.setAttribute("d", d);
    let hot = "";
    if (this.selected >= 0) {
      const s = this.selected;
      for (const p of this.parents[s]) hot += this.edge(p, s);
      for (const c of this.children[s]) hot += this.edge(s, c);
    }
    this.hotPath.setAttribute("d", hot);
  }
  edge(from, to) {
    const x1 = this.nodeX(from) + kNodeWidth, y1 = this.nodeY(from) + kNodeHeight / 2;
    const x2 = this.nodeX(to), y2 = this.nodeY(to) + kNodeHeight / 2;
    const bend = Math.min(80, (x2 - x1) / 2);
    return "M" + x1 + " " + y1 + "C" + (x1 + bend) + " " + y1 + " " + (x2 - bend) + " " + y2 + " " + x2 + " " + y2;
  }

  nodeElement(i) {
    const node = this.nodes[i];
    const type = strategyType(node.strategy);
    let cls = "node " + strategyClass(node.strategy);
    if (this.errors[i]) cls += " has-error";
    if (i === this.selected) cls += " selected";
    if (this.traced.has(i)) cls += " traced";
    const g = svg("g", {
      class: cls, "data-model": node.name, "data-layer": this.layer[i], "data-strategy": type,
      "data-error": this.errors[i] ? "1" : null,
      transform: "translate(" + this.nodeX(i) + "," + this.nodeY(i) + ")"},
      svg("title", {text: node.name + "\n" + type + " · layer " + this.layer[i] + (this.errors[i] ? "\nhas errors" : "")}),
      svg("rect", {width: kNodeWidth, height: kNodeHeight, rx: 4}),
      svg("text", {x: 8, y: 15, text: ellipsis(node.name, this.errors[i] ? 22 : 25)}));
    if (this.errors[i]) {
      g.append(svg("circle", {class: "error-badge", cx: kNodeWidth - 11, cy: kNodeHeight / 2, r: 7}),
               svg("text", {class: "error-mark", x: kNodeWidth - 13.5, y: 15, text: "!"}));
    }
    g.addEventListener("click", () => this.onSelect(node.name));
    return g;
  }

  renderHeads() {
    this.heads.textContent = "";
    const {width} = this.pz.size();
    this.heads.append(svg("rect", {x: 0, y: 0, width, height: 24}));
    const room = kColumnWidth * this.pz.k;  // pixels between two column heads
    this.columns.forEach((column, layer) => {
      const sx = this.pz.x + (kPad + layer * kColumnWidth) * this.pz.k;
      if (sx > width || sx + room < 0) return;
      const text = room >= 130 ? "layer " + layer + " · " + formatCount(column.length)
                 : room >= 80 ? "L" + layer + " · " + formatCount(column.length) : room >= 24 ? "L" + layer : "";
      if (text) this.heads.append(svg("text", {class: "layer-head", x: sx, y: 16, text}));
    });
  }

  has(name) { return this.indexOf && this.indexOf.has(lower(name)); }

  // Selects a model and, unless it is already in view at a readable scale, centers the view on it.
  focus(name) {
    const i = this.indexOf.get(lower(name));
    if (i === undefined) return false;
    this.selectIndex(i);
    const v = this.pz.visible();
    const inView = this.nodeX(i) >= v.x0 && this.nodeX(i) + kNodeWidth <= v.x1 &&
                   this.nodeY(i) >= v.y0 + 24 / this.pz.k && this.nodeY(i) + kNodeHeight <= v.y1;
    if (inView && this.mode === "nodes") return true;
    const k = Math.max(this.pz.k, 1);
    this.pz.center(this.nodeX(i) + kNodeWidth / 2, this.nodeY(i) + kNodeHeight / 2, k);
    return true;
  }
  select(name) {
    const i = this.indexOf ? this.indexOf.get(lower(name)) : undefined;
    this.selectIndex(i === undefined ? -1 : i);
  }
  selectIndex(i) {
    if (this.selected >= 0 && this.elements.has(this.selected)) this.elements.get(this.selected).classList.remove("selected");
    this.selected = i;
    if (i >= 0 && this.elements.has(i)) this.elements.get(i).classList.add("selected");
    this.schedule();
  }
  // Marks the models of a column trace.
  setTraced(names) {
    for (const i of this.traced) if (this.elements.has(i)) this.elements.get(i).classList.remove("traced");
    this.traced = new Set();
    for (const name of names) {
      const i = this.indexOf.get(lower(name));
      if (i === undefined) continue;
      this.traced.add(i);
      if (this.elements.has(i)) this.elements.get(i).classList.add("traced");
    }
  }
  isVisible(name) {
    const i = this.indexOf.get(lower(name));
    return i !== undefined && this.elements.has(i);
  }
  backgroundClick(event) {
    if (this.mode !== "overview") return;
    const rect = this.svg.getBoundingClientRect();
    const wx = (event.clientX - rect.left - this.pz.x) / this.pz.k;
    const wy = (event.clientY - rect.top - this.pz.y) / this.pz.k;
    this.pz.center(wx, wy, 1);
  }
  resetView() { this.pz.set(0, 0, 1); }
}
