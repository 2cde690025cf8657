#!/usr/bin/env python3
"""Whole-process compile benchmarks (issues 7 and 13) on two generated project shapes: `rocky
bench generate` and bench/gen_layered_project.py (another shape, so a gain that fits only one
shows). Both at 10,000 models; the `layered` rows are the second shape.

Each scenario runs the real binary several times and reports the mean wall time and the peak
resident set size (the largest run's ru_maxrss, from wait4), against its target:
  compile 10k cold   `rocky compile` with no compile cache (it is deleted before every run, so each
                     run also writes a fresh cache, as a first compile does)
  compile 10k --no-cache   the compile alone, neither reading nor writing the cache
  compile 50k cold   the same at 50,000 models
  warm compile 10k   `rocky compile` after editing the first staging .sql file (a comment appended before
                     each run): the cache is used and only the edited model is checked again
  lineage 10k        `rocky lineage MART.COLUMN` of one mart column (cache present)
Usage: compile_bench.py BUILD_DIR WORK_DIR [--quick]   (exit 1 when a target is missed)
"""
import os
import subprocess
import sys
import time

build, work = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
quick = "--quick" in sys.argv
rocky = os.path.join(build, "rocky")
COLD_S = 0.25  # issue 13: no loss of speed while memory shrinks


def run_once(argv, prepare=None):
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} failed with exit {code}:\n{err}")
    return elapsed, usage.ru_maxrss  # seconds, KB


def measure(argv, runs, prepare=None, warmup=1):
    for _ in range(warmup):
        run_once(argv, prepare)
    times, peak = [], 0
    for _ in range(runs):
        t, rss = run_once(argv, prepare)
        times.append(t)
        peak = max(peak, rss)
    return sum(times) / len(times), min(times), peak


def generate(n):
    path = os.path.join(work, f"gen{n}")
    if not os.path.exists(os.path.join(path, "rocky.toml")):
        subprocess.run([rocky, "bench", "generate", str(n), path], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def generate_layered(n):
    path = os.path.join(work, f"layered{n}")
    if not os.path.exists(os.path.join(path, "rocky.toml")):
        subprocess.run([sys.executable, os.path.join(here, "gen_layered_project.py"), path,
                        "--models", str(n)], check=True, stdout=subprocess.DEVNULL)
    return path


def drop_cache(project):
    def prepare():
        try:
            os.remove(os.path.join(project, ".rocky", "compile_cache.bin"))
        except FileNotFoundError:
            pass
    return prepare


def first(folder, suffix):
    """The first file with `suffix` under `folder` (subfolders included), by path."""
    return sorted(os.path.join(root, f) for root, _, files in os.walk(folder)
                  for f in files if f.endswith(suffix))[0]


def editor(path):
    counter = [0]

    def edit():
        counter[0] += 1
        with open(path, "a") as f:
            f.write(f"\n-- edit {counter[0]}\n")
    return edit


results = []  # (label, mean_s, min_s, peak_kb, limit_s, limit_mb)

# Issue 13 targets on both project shapes: cold (a first compile that writes the cache, and
# --no-cache) <= 90 MB, warm <= 100 MB and <= 0.1 s.
shapes = [("", generate(10_000)), ("layered ", generate_layered(10_000))]
for name, project in shapes:
    compile10 = [rocky, "-c", os.path.join(project, "rocky.toml"), "-o", "json", "compile"]
    mean, best, peak = measure(compile10, 3 if quick else 10, drop_cache(project))
    results.append((f"{name}compile 10k cold", mean, best, peak, COLD_S, 90))
    mean, best, peak = measure(compile10 + ["--no-cache"], 3 if quick else 10)
    results.append((f"{name}compile 10k --no-cache", mean, best, peak, COLD_S, 90))
    run_once(compile10)  # a complete cache
    edit = editor(first(os.path.join(project, "models", "staging"), ".sql"))
    mean, best, peak = measure(compile10, 5 if quick else 20, edit)
    results.append((f"{name}warm compile 10k, 1 edit", mean, best, peak, 0.1, 100))

p10 = shapes[0][1]
mart = os.path.basename(first(os.path.join(p10, "models", "marts"), ".sql"))[:-4]
lineage = [rocky, "-c", os.path.join(p10, "rocky.toml"), "-o", "json", "lineage",
           f"{mart}.running_amount"]
mean, best, peak = measure(lineage, 3 if quick else 10)
results.append(("lineage 10k, 1 column", mean, best, peak, 0.3, None))

if not quick:
    p50 = generate(50_000)
    compile50 = [rocky, "-c", os.path.join(p50, "rocky.toml"), "-o", "json", "compile"]
    mean, best, peak = measure(compile50, 3, drop_cache(p50))
    results.append(("compile 50k cold", mean, best, peak, 2.5, 500))

failed = False
print()
for label, mean, best, peak, limit_s, limit_mb in results:
    ok = mean <= limit_s and (limit_mb is None or peak / 1024 <= limit_mb)
    failed |= not ok
    mem_target = f"<= {limit_mb} MB" if limit_mb else ""
    print(f"{label:<34} mean {mean * 1000:7.1f} ms (min {best * 1000:6.1f})  target <= "
          f"{limit_s * 1000:5.0f} ms   peak {peak / 1024:6.1f} MB {mem_target:<10} "
          f"{'ok' if ok else 'OVER'}")
sys.exit(1 if failed else 0)
