// The lineage webview's HTML (no `vscode` import). The page is the one `rocky docs` writes: the
// dashboard's page (src/server/web) with the project inlined, so the webview shows the very
// lineage view of `rocky serve` and needs no network. Here it only gains a Content-Security-Policy
// (its inline <style> and <script> allowed by a nonce, nothing else loaded) and the model and
// column to open (body[data-open], the page's stand-in for its #model=…&column=… URL fragment).
import { randomBytes } from "crypto";

/** `rocky docs --output FILE -o json`: writes the docs catalog page to FILE. */
export function docsArgs(outputFile: string): string[] {
  return ["docs", "--output", outputFile, "-o", "json"];
}

/** A fresh nonce for the page's inline <style> and <script>. */
export function makeNonce(): string {
  return randomBytes(18).toString("base64");
}

/** The Content-Security-Policy of the webview: inline code carrying `nonce` only, no loads. */
export function lineageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    "img-src data:",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * The webview HTML from the page `rocky docs` wrote: the CSP `<meta>` first in `<head>`, the
 * nonce on the one `<style>` and the one executable `<script>`, and `data-open` on `<body>` so the
 * page opens `model` (and traces `column` when given). The inline data is left as it is (every `<`
 * in it is escaped, so it cannot hold a tag). Throws when the page is not the expected one, e.g. a
 * rocky binary too old to have `docs`; the caller then falls back to the text view.
 */
export function lineageWebviewHtml(page: string, open: { model: string; column?: string }, nonce: string): string {
  if (!page.includes('id="rocky-data"')) throw new Error("the docs page has no inline project data");
  for (const tag of ["<head>", "<body", "<style>", "<script>"]) {
    if (countOf(page, tag) !== 1) throw new Error(`the docs page has not exactly one ${tag}`);
  }
  const fragment = new URLSearchParams({ model: open.model });
  if (open.column) fragment.set("column", open.column);
  const csp = `<meta http-equiv="Content-Security-Policy" content="${lineageCsp(nonce)}">`;
  // Replacement functions, so that no `$` pattern of a replacement string is interpreted.
  return page
    .replace("<head>", () => `<head>\n${csp}`)
    .replace("<style>", () => `<style nonce="${nonce}">`)
    .replace("<script>", () => `<script nonce="${nonce}">`)
    .replace("<body", () => `<body data-open="${escapeAttribute(fragment.toString())}"`);
}
