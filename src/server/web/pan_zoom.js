// Pan (drag, wheel) and zoom (ctrl/alt + wheel, pinch, buttons) of an <svg>: keeps a translation
// (x, y) and a scale k, screen = world * k + (x, y), and calls onChange after each change. A drag
// starts after the pointer moved 4 px, so a plain click still reaches the element under it; the
// click that ends a drag is swallowed. onBackgroundClick sees every other click first.
class PanZoom {
  constructor(svgElement, options) {
    this.svg = svgElement;
    this.minScale = options.minScale || 0.02;
    this.maxScale = options.maxScale || 3;
    this.onChange = options.onChange;
    this.onBackgroundClick = options.onBackgroundClick || null;
    this.bounds = options.bounds || null;  // () -> world rectangle of the content, or null
    this.x = 0; this.y = 0; this.k = 1;
    let down = null;
    let dragged = false;
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      down = {sx: event.clientX, sy: event.clientY, x: this.x, y: this.y, id: event.pointerId};
      dragged = false;
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!down) return;
      const dx = event.clientX - down.sx, dy = event.clientY - down.sy;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!dragged) {
        dragged = true;
        this.svg.setPointerCapture(down.id);
        this.svg.classList.add("dragging");
      }
      this.x = down.x + dx;
      this.y = down.y + dy;
      this.changed();
    });
    const end = () => {
      if (down && dragged) {
        try { this.svg.releasePointerCapture(down.id); } catch (e) { /* already released */ }
      }
      this.svg.classList.remove("dragging");
      down = null;
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
    this.svg.addEventListener("click", (event) => {
      if (dragged) { dragged = false; event.stopPropagation(); event.preventDefault(); return; }
      if (this.onBackgroundClick) this.onBackgroundClick(event);
    }, true);
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const rect = this.svg.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey || event.altKey) {
        // ctrl + wheel is also what a trackpad pinch sends.
        this.zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-event.deltaY * 0.002));
      } else {
        // A plain wheel scrolls (long layer columns are read by scrolling); shift scrolls sideways.
        const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? rect.height : 1;
        this.x -= (event.shiftKey ? event.deltaY : event.deltaX) * unit;
        this.y -= (event.shiftKey ? 0 : event.deltaY) * unit;
        this.changed();
      }
    }, {passive: false});
  }
  // Keeps part of the content in view (a margin of it on every side), then tells the owner.
  changed() {
    const b = this.bounds && this.bounds();
    if (b) {
      const {width, height} = this.size();
      const margin = 80;
      this.x = clamp(this.x, margin - b.x1 * this.k, width - margin - b.x0 * this.k);
      this.y = clamp(this.y, margin - b.y1 * this.k, height - margin - b.y0 * this.k);
    }
    this.onChange();
  }
  size() { return {width: this.svg.clientWidth || 800, height: this.svg.clientHeight || 600}; }
  zoomAt(sx, sy, factor) {
    const k = clamp(this.k * factor, this.minScale, this.maxScale);
    this.x = sx - (sx - this.x) * (k / this.k);
    this.y = sy - (sy - this.y) * (k / this.k);
    this.k = k;
    this.changed();
  }
  zoomCenter(factor) {
    const {width, height} = this.size();
    this.zoomAt(width / 2, height / 2, factor);
  }
  set(x, y, k) { this.x = x; this.y = y; this.k = k; this.changed(); }
  // Puts world point (wx, wy) at the centre of the view, at scale k.
  center(wx, wy, k) {
    const {width, height} = this.size();
    this.k = clamp(k, this.minScale, this.maxScale);
    this.x = width / 2 - wx * this.k;
    this.y = height / 2 - wy * this.k;
    this.changed();
  }
  // The world rectangle the view shows.
  visible() {
    const {width, height} = this.size();
    return {x0: -this.x / this.k, y0: -this.y / this.k,
            x1: (width - this.x) / this.k, y1: (height - this.y) / this.k};
  }
  transform() { return "translate(" + this.x + "," + this.y + ") scale(" + this.k + ")"; }
}
