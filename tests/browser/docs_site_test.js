#!/usr/bin/env node
// The documentation site (`make docs`) opened from the build folder with file:// and the network
// off, as someone reading it offline would: every page loads with no request leaving the machine
// and no script error, the navigation reaches the generated reference, and the search box finds
// sections (a diagnostic code, a config key, a tutorial step) and its first hit opens the page.
//
//   node tests/browser/docs_site_test.js --site build/site --screenshots build/browser/screenshots
"use strict";

const fs = require("fs");
const path = require("path");
const {pathToFileURL} = require("url");
const {Browser, TestRun, check, equal, parseArgs} = require("./harness");

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.site !== "string") throw new Error("--site is required");
  const site = path.resolve(args.site);
  const url = (rel) => pathToFileURL(path.join(site, rel)).href;
  const run = new TestRun("docs_site");
  // A heading's text without its permalink anchor (¶).
  const heading = () => page.eval(() => document.querySelector("article h1").firstChild.textContent.trim());
  const browser = await Browser.launch({screenshots: args.screenshots, label: "docs_site"});
  const page = await browser.newPage({blockNetwork: true});
  try {
    await run.step("the home page opens from file:// with the network off", async () => {
      await page.open(url("index.html"), {waitFor: "#rocky-search input"});
      equal(await heading(), "Rocky", "home page title");
      await page.screenshot("home");
    }, {page, critical: true});

    await run.step("the navigation reaches the generated reference", async () => {
      const links = await page.attrs("nav.md-nav--primary a.md-nav__link", "href");
      for (const wanted of ["reference/config.html", "reference/diagnostics/index.html",
                            "reference/commands/index.html", "reference/outputs/index.html",
                            "tutorial.html"]) {
        check(links.some((h) => h && h.endsWith(wanted)), "a navigation link to " + wanted);
      }
      await page.open(url("reference/config.html"), {waitFor: "article table"});
      const keys = await page.texts("article table td:first-child code");
      check(keys.includes("backend") && keys.includes("schema_template"),
            "the config reference lists backend and schema_template");
    }, {page});

    const search = async (query) => {
      await page.type("#rocky-search input", query);
      await page.waitUntil((q) => {
        const r = document.querySelector(".rocky-search__results");
        return r && !r.hidden && r.getAttribute("data-query") === q &&
               r.querySelector(".rocky-search__meta");
      }, [query], "search results for " + query);
      return page.eval(() => Array.from(document.querySelectorAll(".rocky-search__hit")).map(
          (a) => ({title: a.querySelector("strong").textContent, href: a.getAttribute("href")})));
    };

    await run.step("search finds a diagnostic code and opens its page", async () => {
      await page.open(url("index.html"), {waitFor: "#rocky-search input"});
      const hits = await search("E002");
      check(hits.length > 0, "hits for E002");
      check(hits[0].title.startsWith("E002"), "the first hit is the E002 page, got " + hits[0].title);
      await page.screenshot("search-E002");
      await page.press("Enter");
      await page.waitUntil(() => location.href.endsWith("reference/diagnostics/E002.html"), [],
                           "the E002 page opened");
      check((await heading()).startsWith("E002"), "E002 page heading");
    }, {page});

    await run.step("search from a nested page finds a config key, links resolve", async () => {
      const hits = await search("lock_ttl_secs");
      check(hits.length > 0, "hits for lock_ttl_secs");
      for (const hit of hits) {
        const file = decodeURI(new URL(hit.href).pathname);
        check(fs.existsSync(file), "the hit's page exists: " + hit.href);
      }
    }, {page});

    await run.step("a search with no match says so", async () => {
      await search("zzqqxxnothing");
      equal(await page.text(".rocky-search__meta"), "No matching sections", "no-match message");
    }, {page});

    await run.step("no request left the machine, no script error", async () => {
      equal(page.blocked, [], "blocked requests");
      equal(page.errors, [], "page errors");
    }, {page});
  } finally {
    await browser.close();
  }
  return run.finish();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
