#!/usr/bin/env python3
"""`make docs`, last step: the site's search index as a script, so search works from file://.

mkdocs-material's own search loads its index with fetch() in a web worker, which browsers refuse
for pages opened from the file system; the site has to work offline from the build folder. This
reads the built HTML pages, splits each at its h1–h3 headings, and writes
SITE/assets/search-index.js (`window.ROCKY_SEARCH_INDEX = [...]`), which docs/site/assets/search.js
(loaded by every page) searches.

usage: offline_search.py SITE_DIR
"""
import html.parser
import json
import os
import sys


class Sections(html.parser.HTMLParser):
    """Sections of the page's article: [{title, anchor, text}] split at h1–h3."""

    SKIP = {"script", "style", "nav", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []
        self.in_article = 0
        self.skip = 0
        self.heading = None  # [anchor, text] while inside a heading

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag in self.SKIP:
            self.skip += 1
        elif tag in ("h1", "h2", "h3"):
            self.heading = [attrs.get("id", ""), []]
        elif tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if not self.in_article:
            return
        if tag in self.SKIP or (tag == "a" and self.skip and self.heading):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3") and self.heading:
            anchor, words = self.heading
            self.sections.append({"title": " ".join("".join(words).split()), "anchor": anchor,
                                  "text": []})
            self.heading = None

    def handle_data(self, data):
        if not self.in_article or self.skip:
            return
        if self.heading is not None:
            self.heading[1].append(data)
        elif self.sections:
            self.sections[-1]["text"].append(data)


def main():
    site = os.path.abspath(sys.argv[1])
    entries = []
    for folder, _, files in os.walk(site):
        for name in sorted(files):
            if not name.endswith(".html") or name == "404.html":
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            parser = Sections()
            with open(path, encoding="utf-8") as f:
                parser.feed(f.read())
            if not parser.sections:
                continue
            page_title = parser.sections[0]["title"]
            for s in parser.sections:
                text = " ".join(" ".join(s["text"]).split())
                location = rel if s is parser.sections[0] or not s["anchor"] else \
                    f"{rel}#{s['anchor']}"
                entries.append({"t": s["title"], "p": page_title, "l": location,
                                "x": text[:3000]})
    out = os.path.join(site, "assets", "search-index.js")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("window.ROCKY_SEARCH_INDEX = ")
        json.dump(entries, f, separators=(",", ":"), ensure_ascii=False)
        f.write(";\n")
    print(f"search: {len(entries)} sections indexed in {out}")


if __name__ == "__main__":
    main()
