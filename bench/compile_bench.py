#!/usr/bin/env python3
"""Whole-process compile benchmarks of issue 7 on generated projects (`rocky bench generate`).

Each scenario runs the real binary several times and reports the mean wall time and the peak
resident set size (the largest run's ru_maxrss, from wait4), against its target:
  compile 10k cold   `rocky compile` with no compile cache (it is deleted before every run, so each
                     run also writes a fresh cache, as a first compile does)
  compile 10k --no-cache   the compile alone, neither reading nor writing the cache
  compile 50k cold   the same at 50,000 models
  warm compile 10k   `rocky compile` after editing one staging file (a comment appended before
                     each run): the cache is used and only the edited model is checked again
  lineage 10k        `rocky lineage MART.COLUMN` of one mart column (cache present)
Usage: compile_bench.py BUILD_DIR WORK_DIR [--quick]   (exit 1 when a target is missed)
"""
import os
import subprocess
import sys
import time

build, work = sys.argv[1], sys.argv[2]
quick = "--quick" in sys.argv
rocky = os.path.join(build, "rocky")


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


def drop_cache(project):
    def prepare():
        try:
            os.remove(os.path.join(project, ".rocky", "compile_cache.bin"))
        except FileNotFoundError:
            pass
    return prepare


def first(folder, suffix):
    return sorted(f for f in os.listdir(folder) if f.endswith(suffix))[0]


results = []  # (label, mean_s, min_s, peak_kb, limit_s, limit_mb)

p10 = generate(10_000)
compile10 = [rocky, "-c", os.path.join(p10, "rocky.toml"), "-o", "json", "compile"]
mean, best, peak = measure(compile10, 3 if quick else 10, drop_cache(p10))
results.append(("compile 10k cold", mean, best, peak, 0.5, 100))
mean, best, peak = measure(compile10 + ["--no-cache"], 3 if quick else 10)
results.append(("compile 10k --no-cache", mean, best, peak, 0.5, 100))

staging = os.path.join(p10, "models", "staging")
edited = os.path.join(staging, first(staging, ".sql"))
counter = [0]


def edit_one_staging_file():
    counter[0] += 1
    with open(edited, "a") as f:
        f.write(f"\n-- edit {counter[0]}\n")


run_once(compile10)  # a complete cache
mean, best, peak = measure(compile10, 5 if quick else 20, edit_one_staging_file)
results.append(("warm compile 10k, 1 edit", mean, best, peak, 0.1, None))

marts = os.path.join(p10, "models", "marts")
mart = first(marts, ".sql")[:-4]
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
    print(f"{label:<26} mean {mean * 1000:7.1f} ms (min {best * 1000:6.1f})  target <= "
          f"{limit_s * 1000:5.0f} ms   peak {peak / 1024:6.1f} MB {mem_target:<10} "
          f"{'ok' if ok else 'OVER'}")
sys.exit(1 if failed else 0)
