#!/usr/bin/env python3
"""`rocky lsp` driven by a scripted client over stdio (issue 19, services.md §6).

On a `rocky playground` project: initialize advertises the capabilities; didOpen of a model with
an unknown column publishes E002 at the column's range (UTF-16, with an emoji before it) within
0.5 s; didChange fixing it clears it after the 300 ms debounce; a framing error on stdin is survived; requests
after shutdown are refused; formatting a .rocky buffer; hover on a column and on a model; definition of a model and a column; completion after `o.`, after the alias of a CTE and of a .rocky `let` (functions, DSL keywords); documentSymbol (a `let` binding); hover and definition of a CTE and a `let` name; a did-you-mean quick fix; references and rename of a model (the WorkspaceEdit
applied to a copy of the project compiles clean) and of a column alias, past é and an emoji;
signatureHelp; inlay type hints; semantic tokens; the CAST quick fix of E001; the depends_on
quick fix of D011 on an unsaved sidecar; exit after shutdown ends the process with code 0, and stdout carries
protocol messages only. A parent's unsaved change reaches its dependents; didClose reverts to disk.
A model file opened before it exists on disk is a model (diagnostics, references) until closed.
Usage: lsp_client.py BUILD_DIR
"""
import json
import os
import queue
import shutil
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

def units(s):
    return len(s.encode("utf-16-le")) // 2


def apply_edit(edit, root, buffers):
    """Applies a WorkspaceEdit's documentChanges to the files under `root` (a copy of the project)
    as a client would: text edits on the open buffer (or the file), then the file renames."""
    def path_of(u):
        return u[len("file://"):]
    for change in edit["documentChanges"]:
        if change.get("kind") == "rename":
            os.rename(path_of(change["oldUri"]), path_of(change["newUri"]))
            continue
        path = path_of(change["textDocument"]["uri"])
        text = buffers.get(path)
        if text is None:
            with open(path) as f:
                text = f.read()
        lines = text.split("\n")

        def offset(pos):
            line = lines[pos["line"]]
            prefix = line.encode("utf-16-le")[:2 * pos["character"]].decode("utf-16-le")
            return sum(len(l) + 1 for l in lines[:pos["line"]]) + len(prefix)
        for e in sorted(change["edits"], key=lambda e: offset(e["range"]["start"]), reverse=True):
            a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
            text = text[:a] + e["newText"] + text[b:]
        with open(path, "w") as f:
            f.write(text)


def references_and_rename(c, caps, project, work, uri, child_uri, good, messy):
    check(caps.get("referencesProvider") is True and caps["renameProvider"] == {"prepareProvider": True},
          "initialize advertises references and rename with prepareRename")
    # é and an emoji in a comment before the model reference on its line.
    src = good.replace("FROM customer_orders", "FROM /*é😀*/ customer_orders")
    assert src != good
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 20},
                                        "contentChanges": [{"text": src}]})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    lines = src.split("\n")
    line = [i for i, l in enumerate(lines) if l.startswith("FROM ")][0]
    col = units("FROM /*é😀*/ ")
    at = {"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 3}}
    refs = c.request(30, "textDocument/references",
                     dict(at, context={"includeDeclaration": True}))["result"]
    want = {"start": {"line": line, "character": col},
            "end": {"line": line, "character": col + len("customer_orders")}}
    check({"uri": uri, "range": want} in refs and any(r["uri"] == child_uri for r in refs),
          f"references of a model: its own file and the reference past é😀 at {want}")
    prep = c.request(31, "textDocument/prepareRename", at)["result"]
    check(prep == {"range": want, "placeholder": "customer_orders"},
          f"prepareRename gives the identifier's range and placeholder: {prep}")
    keyword = c.request(32, "textDocument/prepareRename", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": 1}})["result"]
    check(keyword is None, "prepareRename on a keyword -> null")
    edit = c.request(33, "textDocument/rename", dict(at, newName="cust_orders"))["result"]
    changes = edit["documentChanges"]
    renames = [(x["oldUri"].rsplit("/", 1)[1], x["newUri"].rsplit("/", 1)[1])
               for x in changes if x.get("kind") == "rename"]
    edits = [x for x in changes if "textDocument" in x]
    check(("customer_orders.rocky", "cust_orders.rocky") in renames and
          ("customer_orders.toml", "cust_orders.toml") in renames,
          f"rename of a model renames its file and its sidecar: {renames}")
    check(any(x["textDocument"]["uri"] == uri and
              {"range": want, "newText": "cust_orders"} in x["edits"] for x in edits) and
          changes.index(edits[-1]) < min(i for i, x in enumerate(changes) if x.get("kind")),
          "rename of a model edits every reference (UTF-16 range past é😀) before the file renames")
    copy = os.path.join(work, "renamed")
    shutil.copytree(project, copy)
    apply_edit(json.loads(json.dumps(edit).replace("file://" + project, "file://" + copy)), copy,
               {os.path.join(copy, "models", "customer_tiers.sql"): src,
                os.path.join(copy, "models", "customer_orders.rocky"): messy})
    out = subprocess.run([os.path.abspath(os.path.join(sys.argv[1], "rocky")), "compile"],
                         cwd=copy, capture_output=True, text=True)
    result = json.loads(out.stdout)
    errors = [d for d in result["diagnostics"] if d["severity"] == "Error"]
    check(out.returncode == 0 and not errors and
          os.path.exists(os.path.join(copy, "models", "cust_orders.toml")),
          f"the rename WorkspaceEdit applied to a copy compiles clean ({result['models']} models)")

    # A column alias of the parent: renamed in the parent and in this model.
    col_line = [i for i, l in enumerate(lines) if l == "    total_amount,"][0]
    edit = c.request(34, "textDocument/rename", {
        "textDocument": {"uri": uri}, "position": {"line": col_line, "character": 6},
        "newName": "revenue"})["result"]
    by_uri = {x["textDocument"]["uri"]: x["edits"] for x in edit["documentChanges"]}
    check(set(by_uri) == {uri, child_uri} and len(by_uri[uri]) == 3 and
          all(e["newText"] == "revenue" for e in by_uri[uri]),
          "rename of a column alias edits the defining model and the model reading it")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 21},
                                        "contentChanges": [{"text": good}]})


def quick_fixes(c, id, uri, code):
    """Waits for a diagnostic `code` published for `uri`; the code actions offered for it."""
    msg = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == uri
                 and any(d.get("code") == code for d in m["params"]["diagnostics"]))
    diag = [d for d in msg["params"]["diagnostics"] if d.get("code") == code][0]
    return c.request(id, "textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diag["range"],
        "context": {"diagnostics": [diag]}})["result"]


def signatures_hints_tokens(c, caps, uri, child_uri, good):
    check(caps["signatureHelpProvider"]["triggerCharacters"] == ["(", ","] and
          caps.get("inlayHintProvider") is True and
          caps["semanticTokensProvider"]["full"] is True,
          "initialize advertises signatureHelp, inlayHint and semanticTokens")
    lines = good.split("\n")
    col_line = lines.index("    order_count,")
    hints = c.request(40, "textDocument/inlayHint", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": len(lines), "character": 0}}})["result"]
    check({"position": {"line": col_line, "character": units("    order_count")},
           "label": ": BIGINT", "kind": 1} in hints, f"inlay hint of order_count's type: {hints}")
    legend = caps["semanticTokensProvider"]["legend"]["tokenTypes"]
    data = c.request(41, "textDocument/semanticTokens/full",
                     {"textDocument": {"uri": uri}})["result"]["data"]
    tokens, line, char = {}, 0, 0
    for i in range(0, len(data), 5):
        char = char + data[i + 1] if data[i] == 0 else data[i + 1]
        line += data[i]
        tokens[(line, char)] = (data[i + 2], legend[data[i + 3]])
    from_line = [i for i, l in enumerate(lines) if l.startswith("FROM customer_orders")][0]
    check(tokens.get((from_line, 5)) == (len("customer_orders"), "namespace") and
          tokens.get((0, 0), (0, ""))[1] == "comment" and
          tokens.get((from_line, 0)) == (4, "keyword") and
          tokens.get((col_line, 4)) == (len("order_count"), "variable"),
          "semantic tokens: the model reference, a comment, a keyword and a column")
    # .rocky: count( in the open child buffer.
    with open(child_uri[len("file://"):]) as f:
        rocky_lines = f.read().split("\n")
    count_line = [i for i, l in enumerate(rocky_lines) if "count(order_id)" in l][0]
    sig = c.request(42, "textDocument/signatureHelp", {
        "textDocument": {"uri": child_uri},
        "position": {"line": count_line, "character": rocky_lines[count_line].index("order_id")}})["result"]
    check(sig and sig["signatures"][0]["label"].startswith("COUNT(expr)") and sig["activeParameter"] == 0,
          f"signatureHelp inside count( in a .rocky model: {sig}")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 22},
                                        "contentChanges": [{"text": "SELECT round(total_amount, \nFROM customer_orders\n"}]})
    sig = c.request(43, "textDocument/signatureHelp", {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 27}})["result"]
    check(sig and sig["signatures"][0]["label"].startswith("ROUND(number, digits)") and
          sig["activeParameter"] == 1, f"signatureHelp after the comma: the second parameter: {sig}")

    # A join key type mismatch (E001) and its CAST quick fix.
    bad = ("SELECT c.customer_id\nFROM customer_orders c JOIN stg_orders s "
           "ON c.order_count = s.status\n")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 23},
                                        "contentChanges": [{"text": bad}]})
    actions = quick_fixes(c, 44, uri, "E001")
    at = bad.split("\n")[1].index("s.status")
    check(len(actions) == 1 and actions[0]["edit"]["changes"][uri] == [{
        "range": {"start": {"line": 1, "character": at}, "end": {"line": 1, "character": at + 8}},
        "newText": "CAST(s.status AS BIGINT)"}],
        f"E001 gets a quick fix wrapping the key in CAST: {actions}")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 24},
                                        "contentChanges": [{"text": good}]})


def unsaved_new_file(c, project):
    """A model file opened before it exists on disk is compiled as a model until closed."""
    path = os.path.join(project, "models", "new_tiers.sql")
    new_uri = "file://" + path
    text = "SELECT customer_id, ordr_count\nFROM customer_orders\n"
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": new_uri, "languageId": "sql", "version": 1, "text": text}})
    msg = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == new_uri and m["params"]["diagnostics"])
    e002 = [d for d in msg["params"]["diagnostics"] if d.get("code") == "E002"]
    check(e002 and e002[0]["range"]["start"] == {"line": 0, "character": units("SELECT customer_id, ")},
          f"an unsaved new model file gets its diagnostics: {msg['params']['diagnostics']}")
    refs = c.request(50, "textDocument/references", {
        "textDocument": {"uri": new_uri}, "position": {"line": 1, "character": 7},
        "context": {"includeDeclaration": False}})["result"]
    check(any(r["uri"] == new_uri for r in refs),
          "the unsaved new file is a model of the project (a reference to its parent)")
    c.notify("textDocument/didClose", {"textDocument": {"uri": new_uri}})
    msg = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == new_uri)
    check(msg["params"]["diagnostics"] == [] and not os.path.exists(path),
          "didClose of the unsaved new file clears its diagnostics; nothing was written")


def depends_on_quick_fix(c, project, uri, good):
    """D011 on an unsaved sidecar whose depends_on leaves out the model the SQL reads, and its
    quick fix appending it; applied, the D011 is gone."""
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 60},
                                        "contentChanges": [{"text": good}]})
    path = os.path.join(project, "models", "customer_tiers.toml")
    toml_uri = "file://" + path
    with open(path) as f:
        text = "depends_on = []\n" + f.read()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": toml_uri, "languageId": "toml", "version": 1, "text": text}})
    actions = quick_fixes(c, 51, toml_uri, "D011")
    at = {"line": 0, "character": len("depends_on = [")}
    check(len(actions) == 1 and actions[0]["edit"]["changes"][toml_uri] == [{
        "range": {"start": at, "end": at}, "newText": '"customer_orders"'}],
        f"D011 gets a quick fix adding the model to depends_on: {actions}")
    fixed = text.replace("depends_on = []", 'depends_on = ["customer_orders"]')
    c.notify("textDocument/didChange", {"textDocument": {"uri": toml_uri, "version": 2},
                                        "contentChanges": [{"text": fixed}]})
    msg = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == toml_uri)
    check(not any(d.get("code") == "D011" for d in msg["params"]["diagnostics"]),
          "with the quick fix applied the D011 is gone")
    c.notify("textDocument/didClose", {"textDocument": {"uri": toml_uri}})


def local_scopes(c, uri, child_uri, messy):
    """Completion after the alias of a CTE, hover and definition of a CTE; a .rocky `let`
    binding in documentSymbol, its columns after an alias, definition of its name."""
    sql = "WITH base AS (SELECT 1 AS one, 'é😀' AS two)\nSELECT /*é😀*/ b. FROM base AS b\n"
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 5},
                                        "contentChanges": [{"text": sql}]})
    at = units("SELECT /*é😀*/ b.")
    items = c.request(40, "textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": at}})["result"]["items"]
    check([(i["label"], i["kind"]) for i in items] == [("one", 5), ("two", 5)],
          f"completion after the alias of a CTE lists the CTE's columns: {items}")
    items = c.request(41, "textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 7}})["result"]["items"]
    check(any(i["label"] == "SUM" and i["kind"] == 3 and "aggregate" in i.get("detail", "")
              for i in items), "completion elsewhere lists SQL functions (kind Function)")
    base_at = units("SELECT /*é😀*/ b. FROM ") + 1
    hover = c.request(42, "textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": base_at}})["result"]
    text = hover["contents"]["value"]
    check("**base** — CTE" in text and "`one`: `Int32`" in text and "`two`: `String`" in text,
          f"hover on a CTE shows its typed columns: {text}")
    loc = c.request(43, "textDocument/definition", {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": base_at}})["result"]
    check(loc and loc["uri"] == uri and loc["range"] == {
        "start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 9}},
        f"definition on a CTE reference jumps to its name: {loc}")

    first = 'let big = from stg_orders | where status != "é😀"'
    rocky = f"-- é😀\n{first}\nfrom big as b\nderive {{ x: b. }}\n"
    c.notify("textDocument/didChange", {"textDocument": {"uri": child_uri, "version": 2},
                                        "contentChanges": [{"text": rocky}]})
    syms = c.request(44, "textDocument/documentSymbol",
                     {"textDocument": {"uri": child_uri}})["result"]
    lets = [x for x in syms if x["kind"] == 13]
    check(len(lets) == 1 and lets[0]["name"] == "big" and
          lets[0]["selectionRange"] == {"start": {"line": 1, "character": 4},
                                        "end": {"line": 1, "character": 7}} and
          lets[0]["range"]["start"] == {"line": 1, "character": 0} and
          lets[0]["range"]["end"] in ({"line": 1, "character": units(first)},
                                      {"line": 2, "character": 0}),
          f"documentSymbol lists the let binding (Variable, its range, its name): {lets}")
    items = c.request(45, "textDocument/completion", {
        "textDocument": {"uri": child_uri},
        "position": {"line": 3, "character": units("derive { x: b.")}})["result"]["items"]
    labels = [i["label"] for i in items]
    check({"order_id", "customer_id", "amount", "status"} <= set(labels) and "from" not in labels,
          f"completion after the alias of a let lists its columns: {labels}")
    items = c.request(46, "textDocument/completion", {
        "textDocument": {"uri": child_uri}, "position": {"line": 4, "character": 0}})["result"]
    keywords = {i["label"] for i in items["items"] if i["kind"] == 14}
    check({"from", "derive", "let", "match"} <= keywords and "SELECT" not in keywords,
          "completion in a .rocky file offers the DSL keywords")
    loc = c.request(47, "textDocument/definition", {
        "textDocument": {"uri": child_uri}, "position": {"line": 2, "character": 6}})["result"]
    check(loc and loc["range"]["start"] == {"line": 1, "character": 4},
          f"definition on a let name jumps to its binding: {loc}")
    c.notify("textDocument/didChange", {"textDocument": {"uri": child_uri, "version": 3},
                                        "contentChanges": [{"text": messy}]})


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
    check("**customer_orders** — model" in text and "Order count and revenue per customer." in text,
          "hover on a model reference shows the model and its sidecar description (intent)")

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

    references_and_rename(c, caps, project, work, uri, child_uri, good, messy)
    signatures_hints_tokens(c, caps, uri, child_uri, good)

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
    local_scopes(c, uri, child_uri, messy)

    unsaved_new_file(c, project)
    depends_on_quick_fix(c, project, uri, good)

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
