"""Checks a saved `rocky bench` document and writes two baselines from it.

    check_bench.py SAVED SLOW FAST

Every result must have 20 iterations and min <= p50 <= p95 <= max (mean between min and max).
SLOW gets every mean multiplied by 1000 (comparing against it can never find a regression) and
FAST every mean set to 0.001 µs (comparing against it always finds one for every result)."""
import json
import sys

saved, slow, fast = sys.argv[1:4]
doc = json.load(open(saved))
assert doc["command"] == "bench" and doc["group"] == "dag", doc
assert "regressions" not in doc, doc
results = doc["results"]
assert [(r["name"], r["size"]) for r in results] == [("dag.build", 10), ("dag.build", 100)], results
for r in results:
    assert r["iterations"] == 20, r
    assert 0 <= r["min_us"] <= r["p50_us"] <= r["p95_us"] <= r["max_us"], r
    assert r["min_us"] <= r["mean_us"] <= r["max_us"], r
for path, mean in ((slow, lambda m: m * 1000), (fast, lambda m: 0.001)):
    baseline = json.loads(json.dumps(doc))
    for r in baseline["results"]:
        r["mean_us"] = mean(r["mean_us"])
    json.dump(baseline, open(path, "w"), indent=2)
print("ok", len(results), "results")
