// The lineage webview's page in a real browser (ctest `browser_vscode_webview`): `rocky docs` on
// the playground, made into the webview HTML by src/webview.ts, then opened in headless chromium
// with the network off through the harness of tests/browser. The page runs under its CSP with no
// violation (and the CSP is live: an injected inline script is refused), traces the column it was
// opened on back to the sources and forward, and opened on a model alone shows that model, whose
// columns trace.
//
//   node webview_browser.js REPO_DIR BUILD_DIR      (scripts/test.sh webview BUILD_DIR)
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { docsArgs, lineageWebviewHtml, makeNonce } from "../src/webview";

interface Edge {
  source: { model: string; column: string };
  target: { model: string; column: string };
}

async function main(): Promise<number> {
  const [repo, build] = process.argv.slice(2).map((p) => path.resolve(p));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Browser, TestRun, check, equal } = require(path.join(repo, "tests", "browser", "harness.js"));
  const rocky = path.join(build, "rocky");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rocky-webview-"));
  const run = new TestRun("vscode_webview");
  const browser = await Browser.launch({ screenshots: path.join(build, "browser", "screenshots"), label: "vscode_webview" });
  try {
    execFileSync(rocky, ["playground"], { cwd: tmp, stdio: "ignore" });
    const project = path.join(tmp, "rocky-playground");
    const catalog = path.join(tmp, "catalog.html");
    execFileSync(rocky, docsArgs(catalog), { cwd: project, stdio: "ignore" });
    const docs = fs.readFileSync(catalog, "utf8");
    const data = JSON.parse(/<script type="application\/json" id="rocky-data">([^]*?)<\/script>/.exec(docs)![1]);
    // A column with lineage both ways: made from another column and used by a dependent model.
    const edges = data.lineage as Edge[];
    const key = (r: { model: string; column: string }) => `${r.model}.${r.column}`;
    const used = new Set(edges.map((e) => key(e.source)));
    const edge = edges.find((e) => used.has(key(e.target)))!;
    const { model, column } = edge.target;

    const open = async (name: string, html: string) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, html);
      const page = await browser.newPage({ blockNetwork: true });
      // The code run in the page is a string: this file is typechecked without the DOM library.
      await page.page.evaluateOnNewDocument(`window.cspViolations = [];
        document.addEventListener("securitypolicyviolation",
          (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));`);
      await page.open(pathToFileURL(file).href);
      return page;
    };
    type Page = { eval(code: string): Promise<unknown>; waitUntil(code: string, args: unknown[], what: string): Promise<void> };
    const clean = async (page: Page & { errors: string[]; blocked: string[] }) => {
      equal(await page.eval("window.cspViolations"), [], "CSP violations");
      equal(page.errors, [], "page and console errors");
      equal(page.blocked, [], "requests other than the file");
      // The CSP is live: an inline script without the nonce is refused (and reported).
      await page.eval(`(() => { const s = document.createElement("script");
        s.textContent = "window.injected = 1"; document.body.append(s); })()`);
      await page.waitUntil("window.cspViolations.length > 0", [], "the injected script is reported");
      equal(await page.eval("[window.injected, window.cspViolations]"), [null, ["script-src-elem inline"]],
        "the injected script refused");
    };

    const traced = await open("webview-column.html", lineageWebviewHtml(docs, { model, column }, makeNonce()));
    await run.step(`opened on ${model}.${column}: the lineage traced under the CSP`, async () => {
      await traced.waitFor(`#view-lineage[data-ready='1'][data-origin='${model}.${column}']`, { timeout: 30000 });
      equal(await traced.eval("document.body.dataset.tab"), "lineage", "the tab shown");
      equal(await traced.attr("#lineage [data-trace-role='origin']", "data-trace-node"), `${model}.${column}`, "origin");
      check((await traced.count("#lineage [data-trace-role='source']")) > 0, "a source column");
      check((await traced.count("#lineage .lin-edge.backward[data-transform]")) > 0, "edges back, with transforms");
      check((await traced.count("#lineage [data-trace-role='downstream']")) > 0, "a dependent column");
      check((await traced.count("#lineage .lin-edge.forward")) > 0, "edges forward");
      check(await traced.eval(`document.querySelector("#legend > span:last-child .swatch").style.background !== ""`),
        "inline styles set through the CSSOM");
      await traced.screenshot("column");
      await clean(traced);
    }, { page: traced });

    const whole = await open("webview-model.html", lineageWebviewHtml(docs, { model }, makeNonce()));
    await run.step(`opened on ${model}: its panel, and a column of it traces`, async () => {
      await whole.waitFor(`#model-panel[data-model='${model}']:not([data-loading])`, { timeout: 30000 });
      await whole.waitFor(`#dag [data-model='${model}'].selected`);
      await whole.click(`#model-columns tr[data-column='${column}']`);
      await whole.waitFor(`#view-lineage[data-ready='1'][data-origin='${model}.${column}']`);
      await whole.screenshot("model");
      await clean(whole);
    }, { page: whole });
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return run.finish();
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
