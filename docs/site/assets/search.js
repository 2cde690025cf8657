// Offline search for the documentation site: works from file:// (no fetch, no worker).
// The index is window.ROCKY_SEARCH_INDEX, written by docs/offline_search.py after the build as
// assets/search-index.js: [{t: section title, p: page title, l: location from the site root,
// x: text}]. Every word of the query must occur in a section; title hits rank first.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "") : "";

  function words(text) {
    return text.toLowerCase().split(/[^a-z0-9_.@-]+/).filter(function (w) { return w.length > 0; });
  }

  function score(entry, terms) {
    var title = entry.t.toLowerCase(), page = entry.p.toLowerCase(), text = entry.x.toLowerCase();
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i], hit = 0;
      if (title.indexOf(term) >= 0) hit += 20;
      if (page.indexOf(term) >= 0) hit += 5;
      var at = text.indexOf(term);
      if (at >= 0) hit += 1 + Math.min(5, text.split(term).length - 1);
      if (hit === 0) return 0;
      total += hit;
    }
    return total;
  }

  function snippet(entry, terms) {
    var lower = entry.x.toLowerCase(), at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = lower.indexOf(terms[i]);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + entry.x.substr(start, 180) + (entry.x.length > start + 180 ? "…" : "");
  }

  function search(query) {
    var terms = words(query), index = window.ROCKY_SEARCH_INDEX || [];
    if (terms.length === 0) return [];
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms);
      if (s > 0) hits.push({ entry: index[i], score: s });
    }
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 30).map(function (h) {
      return { entry: h.entry, snippet: snippet(h.entry, terms) };
    });
  }

  function build() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("rocky-search")) return;
    var box = document.createElement("div");
    box.id = "rocky-search";
    box.className = "rocky-search";
    box.innerHTML = '<input type="search" class="rocky-search__input" placeholder="Search" ' +
      'aria-label="Search the documentation" autocomplete="off" spellcheck="false">' +
      '<div class="rocky-search__results" role="listbox" hidden></div>';
    header.appendChild(box);
    var input = box.querySelector("input"), results = box.querySelector(".rocky-search__results");

    function render() {
      var found = search(input.value);
      results.innerHTML = "";
      if (!input.value.trim()) { results.hidden = true; return; }
      var meta = document.createElement("div");
      meta.className = "rocky-search__meta";
      meta.textContent = found.length === 0 ? "No matching sections" :
        found.length + (found.length === 30 ? "+" : "") + " matching section" + (found.length === 1 ? "" : "s");
      results.appendChild(meta);
      found.forEach(function (hit) {
        var a = document.createElement("a");
        a.className = "rocky-search__hit";
        a.href = root + hit.entry.l;
        var title = document.createElement("strong");
        title.textContent = hit.entry.t;
        var page = document.createElement("span");
        page.className = "rocky-search__page";
        page.textContent = hit.entry.t === hit.entry.p ? "" : " — " + hit.entry.p;
        var text = document.createElement("p");
        text.textContent = hit.snippet;
        a.appendChild(title); a.appendChild(page); a.appendChild(text);
        results.appendChild(a);
      });
      results.hidden = false;
      results.setAttribute("data-query", input.value);  // what the list shows (for tests)
    }
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; render(); }
      if (e.key === "Enter") {
        var first = results.querySelector("a");
        if (first) window.location.href = first.href;
      }
    });
    document.addEventListener("click", function (e) {
      if (!box.contains(e.target)) results.hidden = true;
    });
    input.addEventListener("focus", render);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
