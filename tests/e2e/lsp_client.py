#!/usr/bin/env python3
"""`rocky lsp` driven by a scripted client over stdio (issue 19, services.md §6).

On a `rocky playground` project: initialize advertises the capabilities; didOpen of a model with
an unknown column publishes E002 at the column's range (UTF-16, with an emoji before it) within
0.5 s; didChange fixing it clears it after the 300 ms debounce; a framing error on stdin is survived; requests
after shutdown are refused; formatting a .rocky buffer; hover on a column and on a model; definition of a model and a column; completion after `o.`; documentSymbol; a did-you-mean quick fix; exit after shutdown ends the process with code 0, and stdout carries
protocol messages only. A parent's unsaved change reaches its dependents; didClose reverts to disk.
Usage: lsp_client.py BUILD_DIR
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, out):
    while True:
        headers = {}
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        n = int(headers["content-length"])  # anything else on stdout fails the test
        out.put(json.loads(stream.read(n)))


class Client:
    def __init__(self, rocky, cwd):
        self.proc = subprocess.Popen([rocky, "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        threading.Thread(target=reader, args=(self.proc.stdout, self.messages), daemon=True).start()

    def send(self, obj):
        self.proc.stdin.write(frame(obj))
        self.proc.stdin.flush()

    def request(self, id, method, params=None):
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params or {}})
        return self.wait(lambda m: m.get("id") == id)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout=5.0):
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("timed out waiting for a message")
            msg = self.messages.get(timeout=left)
            if msg is None:
                raise AssertionError("server closed stdout")
            if pred(msg):
                return msg


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


def main():
    rocky = os.path.abspath(os.path.join(sys.argv[1], "rocky"))
    work = tempfile.mkdtemp(prefix="rocky-lsp-")
    project = os.path.join(work, "pg")
    subprocess.run([rocky, "playground", project], check=True, capture_output=True)
    model = os.path.join(project, "models", "customer_tiers.sql")
    with open(model) as f:
        good = f.read()
    uri = "file://" + model
    # é (1 UTF-16 unit, 2 bytes) and an emoji (2 units, 4 bytes) in a comment before the unknown column on its line.
    bad = good.replace("    order_count,", "    /*é😀*/ ordr_count,")
    assert bad != good
    line = bad.split("\n").index("    /*é😀*/ ordr_count,")

    c = Client(rocky, work)
    c.proc.stdin.write(b"Content-Length: nope\r\n\r\n")  # a bad header: logged, skipped
    init = c.request(1, "initialize", {"processId": None, "rootUri": "file://" + project,
                                       "capabilities": {}})
    caps = init["result"]["capabilities"]
    check(caps["textDocumentSync"]["change"] == 1 and caps["textDocumentSync"]["openClose"],
          "initialize advertises full document sync")
    c.notify("initialized", {})

    def diagnostics_for(pred_list, timeout=5.0):
        return c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and pred_list(m["params"]["diagnostics"]),
                      timeout)

    start = time.time()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "sql",
                                                       "version": 1, "text": bad}})
    msg = diagnostics_for(lambda ds: any(d.get("code") == "E002" for d in ds))
    elapsed = time.time() - start
    e002 = [d for d in msg["params"]["diagnostics"] if d.get("code") == "E002"][0]
    check(elapsed < 0.5, f"E002 published {elapsed:.2f} s after didOpen (unsaved buffer)")
    col = len("    /*é😀*/ ".encode("utf-16-le")) // 2
    want = {"start": {"line": line, "character": col},
            "end": {"line": line, "character": col + len("ordr_count")}}
    check(e002["range"] == want, f"E002 range {e002['range']} == {want}")
    check(e002["severity"] == 1 and e002["source"] == "rocky", "severity Error, source rocky")
    actions = c.request(5, "textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": e002["range"],
        "context": {"diagnostics": [e002]}})["result"]
    check(len(actions) == 1 and actions[0]["kind"] == "quickfix" and
          actions[0]["edit"]["changes"][uri] == [{"range": want, "newText": "order_count"}],
          "codeAction offers the did-you-mean fix as a quickfix edit")

    start = time.time()
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                        "contentChanges": [{"range": {
                                            "start": {"line": line, "character": 4},
                                            "end": want["end"]}, "text": "order_count"}]})
    diagnostics_for(lambda ds: not any(d["severity"] == 1 for d in ds))  # no error at all
    elapsed = time.time() - start
    check(0.25 <= elapsed < 1.5, f"didChange (a range change past the emoji) fixing the column clears E002 after the 300 ms "
          f"debounce ({elapsed:.2f} s)")
    with open(model) as f:
        check(f.read() == good, "nothing was written to the model file")

    # A change in a parent's unsaved buffer reaches its dependents; closing it reverts to disk.
    stg = os.path.join(project, "models", "stg_orders.sql")
    child_uri = "file://" + os.path.join(project, "models", "customer_orders.rocky")
    with open(stg) as f:
        stg_text = f.read()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": "file://" + stg, "languageId": "sql", "version": 1,
        "text": stg_text.replace("AS amount", "AS amt")}})
    msg = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == child_uri
                 and any(d["severity"] == 1 for d in m["params"]["diagnostics"]))
    err = [d for d in msg["params"]["diagnostics"] if d["severity"] == 1][0]
    check("amount" in err["message"] and err["range"]["start"] == {"line": 4, "character": 22},
          f"a dependent gets the error of its parent's unsaved change: {err['message']} "
          f"at {err['range']}")
    c.notify("textDocument/didClose", {"textDocument": {"uri": "file://" + stg}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
           and m["params"]["uri"] == child_uri
           and not any(d["severity"] == 1 for d in m["params"]["diagnostics"]))
    check(True, "didClose of the parent clears the dependent (the file on disk wins again)")

    check(init["result"]["capabilities"].get("documentFormattingProvider") is True,
          "initialize advertises formatting")
    with open(child_uri[len("file://"):]) as f:
        rocky_text = f.read()
    messy = rocky_text.replace("group customer_id {", "group   customer_id   {")
    assert messy != rocky_text
    c.notify("textDocument/didOpen", {"textDocument": {"uri": child_uri, "languageId": "rocky",
                                                       "version": 1, "text": messy}})
    edits = c.request(6, "textDocument/formatting",
                      {"textDocument": {"uri": child_uri},
                       "options": {"tabSize": 4, "insertSpaces": True}})["result"]
    lines = messy.split("\n")
    check(len(edits) == 1 and edits[0]["newText"] == rocky_text and edits[0]["range"] == {
        "start": {"line": 0, "character": 0},
        "end": {"line": len(lines) - 1, "character": len(lines[-1].encode("utf-16-le")) // 2}},
        "formatting a .rocky buffer gives one whole-document edit to the canonical text")

    good_lines = good.split("\n")
    col_line = good_lines.index("    order_count,")
    hover = c.request(10, "textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": col_line, "character": 6}})
    text = hover["result"]["contents"]["value"]
    print(text)
    check("customer_tiers.order_count" in text and "customer_orders.order_count" in text,
          "hover on a column shows its type and origin")
    from_line = [i for i, l in enumerate(good_lines) if l.startswith("FROM customer_orders")][0]
    hover = c.request(11, "textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": from_line, "character": 8}})
    text = hover["result"]["contents"]["value"]
    print(text)
    check("**customer_orders** — model" in text, "hover on a model reference shows the model")

    check(caps.get("definitionProvider") is True, "initialize advertises definition")
    loc = c.request(12, "textDocument/definition", {
        "textDocument": {"uri": uri}, "position": {"line": from_line, "character": 8}})["result"]
    check(loc and loc["uri"] == child_uri and loc["range"]["start"]["line"] == 0,
          f"definition on a model reference opens the parent file: {loc}")
    loc = c.request(13, "textDocument/definition", {
        "textDocument": {"uri": uri}, "position": {"line": col_line, "character": 6}})["result"]
    want = {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 15}}
    check(loc and loc["uri"] == child_uri and loc["range"] == want,
          f"definition on a column jumps to where the parent defines it: {loc}")

    check(caps["completionProvider"]["triggerCharacters"] == [".", " "],
          "initialize advertises completion on '.' and space")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                        "contentChanges": [{"text": "SELECT o.\nFROM customer_orders o\n"}]})
    items = c.request(14, "textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 9}})["result"]["items"]
    labels = [i["label"] for i in items]
    check({"customer_id", "order_count", "total_amount"} <= set(labels)
          and "customer_orders" not in labels, f"completion after o. lists o's columns: {labels}")
    items = c.request(15, "textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}})["result"]["items"]
    check(any(i["label"] == "stg_orders" and i["kind"] == 9 for i in items),
          "completion elsewhere lists model names")

    syms = c.request(16, "textDocument/documentSymbol",
                     {"textDocument": {"uri": child_uri}})["result"]
    by_name = {x["name"]: x for x in syms}
    check(set(by_name) >= {"customer_id", "order_count", "total_amount"} and
          by_name["order_count"]["kind"] == 8 and by_name["order_count"]["range"]["start"] ==
          {"line": 3, "character": 4}, f"documentSymbol lists output columns where named")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                        "contentChanges": [{"text": "WITH base AS (SELECT 1)\nSELECT * FROM base\n"}]})
    syms = c.request(17, "textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
    check(any(x["name"] == "base" and x["kind"] == 5 and x["range"]["start"] ==
              {"line": 0, "character": 5} for x in syms), f"documentSymbol lists CTEs: {syms}")

    check("error" in c.request(7, "rocky/noSuchMethod") , "unknown request -> error")
    c.request(8, "shutdown")
    after = c.request(9, "textDocument/hover", {})
    check(after["error"]["code"] == -32600, "requests after shutdown -> InvalidRequest")
    c.notify("exit", {})
    code = c.proc.wait(timeout=10)
    stderr = c.proc.stderr.read().decode()
    check(code == 0, f"exit after shutdown -> exit code 0 (got {code})")
    check("Content-Length" in stderr, "the bad header was reported on stderr")

    c2 = Client(rocky, work)
    c2.request(1, "initialize", {"rootUri": "file://" + project})
    c2.notify("exit", {})
    check(c2.proc.wait(timeout=10) == 1, "exit without shutdown -> exit code 1")
    print("lsp_client: all checks passed")


if __name__ == "__main__":
    main()
