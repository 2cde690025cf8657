// A small harness over puppeteer-core for Rocky's browser tests: launches Debian's chromium
// headless, opens pages, waits, clicks, reads the DOM, measures the first paint, saves
// screenshots into a folder the caller names, and reports steps as "ok"/"FAIL" lines closed by
// "N passed, N failed" (exit code 1 on any failure).
//
// puppeteer-core comes from third_party/browser (scripts/setup.sh) or ROCKY_PUPPETEER; the
// browser from CHROMIUM_PATH or /usr/bin/chromium. puppeteer-core never downloads a browser.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");

const kRepo = path.resolve(__dirname, "..", "..");

function loadPuppeteer() {
  const candidates = [process.env.ROCKY_PUPPETEER,
                      path.join(kRepo, "third_party", "browser", "node_modules", "puppeteer-core")];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(path.join(candidate, "package.json"))) return require(candidate);
  }
  throw new Error("puppeteer-core is missing: run scripts/setup.sh (it installs it into third_party/browser)");
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
  throw new Error("chromium is missing: run scripts/setup.sh (it installs Debian's chromium)");
}

// --key value and --flag arguments into an object (flags are true).
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error("unexpected argument: " + arg);
    const key = arg.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

class AssertionError extends Error {}

function check(condition, message) {
  if (!condition) throw new AssertionError(message);
}
function equal(actual, expected, message) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(message + ": expected " + e + ", got " + a);
}
function sameSet(actual, expected, message) {
  equal([...new Set(actual)].sort(), [...new Set(expected)].sort(), message);
}

class Browser {
  static async launch(options) {
    const puppeteer = loadPuppeteer();
    const args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-default-apps",
                  "--hide-scrollbars", "--mute-audio", "--font-render-hinting=none"];
    if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--no-sandbox");
    const browser = await puppeteer.launch({
      executablePath: chromiumPath(), headless: true, args, protocolTimeout: 60000,
      userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), "rocky-chromium-")),
      ...(options && options.launch)});
    return new Browser(browser, options || {});
  }
  constructor(browser, options) {
    this.browser = browser;
    this.screenshots = options.screenshots || null;
    this.label = options.label || "browser";
    if (this.screenshots) fs.mkdirSync(this.screenshots, {recursive: true});
  }
  async version() { return this.browser.version(); }
  // A new tab. sessionStorage: entries set before any script of the page runs. blockNetwork:
  // every request other than file: and data: URLs is aborted and recorded.
  async newPage(options) {
    const opts = options || {};
    const page = await this.browser.newPage();
    await page.setViewport(opts.viewport || {width: 1400, height: 900});
    const helper = new Page(page, this, opts);
    await helper.init();
    return helper;
  }
  async close() {
    const dir = this.browser.process() && this.browser.process().spawnargs
      .find((a) => a.startsWith("--user-data-dir="));
    await this.browser.close();
    if (dir) fs.rmSync(dir.slice("--user-data-dir=".length), {recursive: true, force: true});
  }
}

class Page {
  constructor(page, browser, options) {
    this.page = page;
    this.browser = browser;
    this.options = options;
    this.requests = [];        // {method, url}
    this.blocked = [];         // URLs aborted by blockNetwork
    this.errors = [];          // uncaught page errors and console errors
    this.shots = 0;
  }
  async init() {
    const page = this.page;
    page.on("pageerror", (error) => this.errors.push("page error: " + error.message));
    page.on("console", (message) => {
      if (message.type() === "error") this.errors.push("console error: " + message.text());
    });
    page.on("request", (request) => {
      this.requests.push({method: request.method(), url: request.url()});
    });
    if (this.options.blockNetwork) {
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const url = request.url();
        if (url.startsWith("file:") || url.startsWith("data:")) request.continue();
        else { this.blocked.push(url); request.abort("internetdisconnected"); }
      });
      await page.emulateNetworkConditions({offline: true, download: 0, upload: 0, latency: 0});
    }
    if (this.options.sessionStorage) {
      await page.evaluateOnNewDocument((entries) => {
        for (const [key, value] of Object.entries(entries)) sessionStorage.setItem(key, value);
      }, this.options.sessionStorage);
    }
  }
  // Opens a URL; resolves when `waitFor` (a selector) is present, or on DOMContentLoaded.
  async open(url, options) {
    const opts = options || {};
    await this.page.goto(url, {waitUntil: "domcontentloaded", timeout: opts.timeout || 30000});
    if (opts.waitFor) await this.waitFor(opts.waitFor, {timeout: opts.timeout});
  }
  async waitFor(selector, options) {
    const opts = options || {};
    try {
      return await this.page.waitForSelector(selector, {visible: !!opts.visible, timeout: opts.timeout || 15000});
    } catch (e) {
      throw new AssertionError("timed out waiting for " + selector + (opts.visible ? " (visible)" : ""));
    }
  }
  async waitUntil(fn, args, description, timeout) {
    try {
      await this.page.waitForFunction(fn, {timeout: timeout || 15000, polling: 50}, ...(args || []));
    } catch (e) {
      throw new AssertionError("timed out waiting until " + (description || fn.toString()));
    }
  }
  async gone(selector, timeout) {
    await this.waitUntil((s) => !document.querySelector(s), [selector], selector + " is gone", timeout);
  }
  async click(selector) {
    const handle = await this.waitFor(selector);
    await handle.evaluate((e) => e.scrollIntoView({block: "center", inline: "center"}));
    await handle.click();
  }
  async type(selector, text, options) {
    const handle = await this.waitFor(selector);
    await handle.click({clickCount: 3});
    await handle.type(text, {delay: (options && options.delay) || 0});
    if (options && options.enter) await this.page.keyboard.press("Enter");
  }
  async press(key) { await this.page.keyboard.press(key); }
  async text(selector) {
    await this.waitFor(selector);
    return this.page.$eval(selector, (e) => e.textContent.trim());
  }
  async texts(selector) { return this.page.$$eval(selector, (list) => list.map((e) => e.textContent.trim())); }
  async count(selector) { return this.page.$$eval(selector, (list) => list.length); }
  async attr(selector, name) {
    await this.waitFor(selector);
    return this.page.$eval(selector, (e, n) => e.getAttribute(n), name);
  }
  async attrs(selector, name) {
    return this.page.$$eval(selector, (list, n) => list.map((e) => e.getAttribute(n)), name);
  }
  async visible(selector) {
    return this.page.$eval(selector, (e) => !e.hidden && e.getClientRects().length > 0).catch(() => false);
  }
  async eval(fn, ...args) { return this.page.evaluate(fn, ...args); }
  // Milliseconds from navigation start: the page's ready marker (body[data-ready-ms], set after
  // the first DAG paint), and Chromium's first-paint and first-contentful-paint entries.
  async firstPaint() {
    return this.page.evaluate(() => {
      const paint = {};
      for (const entry of performance.getEntriesByType("paint")) paint[entry.name] = Math.round(entry.startTime);
      return {ready: Number(document.body.dataset.readyMs) || null,
              firstPaint: paint["first-paint"] || null, firstContentfulPaint: paint["first-contentful-paint"] || null};
    });
  }
  async screenshot(name) {
    if (!this.browser.screenshots) return null;
    const file = path.join(this.browser.screenshots, this.browser.label + "-" + name.replace(/[^A-Za-z0-9_.-]+/g, "_") + ".png");
    await this.page.screenshot({path: file});
    return file;
  }
  async close() { await this.page.close(); }
}

// Steps run in order; a failed step is reported (with a screenshot of the page it names) and the
// run goes on unless the step is marked `critical`.
class TestRun {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
    this.stopped = false;
  }
  async step(name, fn, options) {
    if (this.stopped) return undefined;
    const started = Date.now();
    try {
      const result = await fn();
      this.passed++;
      console.log("ok   " + this.name + ": " + name + " (" + (Date.now() - started) + " ms)");
      return result;
    } catch (error) {
      this.failed++;
      const message = error instanceof AssertionError ? error.message : (error && error.stack) || String(error);
      console.log("FAIL " + this.name + ": " + name + ": " + message);
      if (options && options.page) {
        try {
          const file = await options.page.screenshot("failed-" + name);
          if (file) console.log("     screenshot: " + file);
        } catch (e) { /* the page may be gone */ }
      }
      if (options && options.critical) this.stopped = true;
      return undefined;
    }
  }
  finish() {
    console.log(this.name + ": " + this.passed + " passed, " + this.failed + " failed");
    process.exitCode = this.failed || this.stopped ? 1 : 0;
    return process.exitCode;
  }
}

// The tests talk to the API directly too, to compare the page with what the server answers.
async function apiGet(base, route, token) {
  const headers = token ? {Authorization: "Bearer " + token} : {};
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(base + route, {headers});
    if (response.status === 503 && attempt < 240) { await new Promise((r) => setTimeout(r, 250)); continue; }
    if (!response.ok) throw new AssertionError("GET " + route + " answered " + response.status);
    return response.json();
  }
}

module.exports = {Browser, Page, TestRun, AssertionError, check, equal, sameSet, parseArgs, apiGet};
