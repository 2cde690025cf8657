#!/usr/bin/env python3
"""`rocky init-adapter foo`, the in-tree C++ scaffold, built and tested on its own.

In a temporary folder (never the source tree): the JSON output lists the written files, a second
run fails because adapters/foo exists, a name that cannot be a C++ namespace is a usage error.
Then the scaffold is configured stand-alone against this build tree (its RockyConfig.cmake) and
built, which compiles only the scaffold's few files (with ccache when present) and links the SDK
libraries already built: Rocky is not rebuilt. Its conformance target runs Rocky's suite on the
stub: connect passes, the 17 other ungated tests fail saying what to write, the 8 gated ones are
skipped, and the target exits 0 (connect is the only test its kImplemented claims).

usage: init_adapter_inrepo.py BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FILES = ["CMakeLists.txt", "README.md", "foo_manifest.h", "foo_manifest.cc", "foo_warehouse.h",
         "foo_warehouse.cc", "foo_dialect.h", "foo_dialect.cc", "foo_type_mapper.h",
         "foo_type_mapper.cc", "foo_conformance_test.cc"]


def fail(message, proc=None):
    if proc is not None:
        message += f"\n--- exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    sys.exit("FAIL: " + message)


def run(cmd, cwd, env=None, expect=0):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if expect is not None and proc.returncode != expect:
        fail(f"{' '.join(cmd)}: expected exit {expect}", proc)
    return proc


def cache_value(build, key):
    """A variable of the Rocky build's CMakeCache.txt ('' when absent)."""
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            m = re.match(rf"{key}:[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                return m.group(1)
    return ""


def main():
    build = os.path.abspath(sys.argv[1])
    rocky = os.path.join(build, "rocky")
    with tempfile.TemporaryDirectory(prefix="rocky-init-adapter-") as tmp:
        out = run([rocky, "-o", "json", "init-adapter", "foo"], tmp)
        doc = json.loads(out.stdout)
        if doc.get("command") != "init-adapter" or doc.get("path") != "adapters/foo":
            fail("unexpected JSON", out)
        if doc.get("files") != ["adapters/foo/" + f for f in FILES]:
            fail(f"files are {doc.get('files')}")
        for f in doc["files"]:
            if not os.path.isfile(os.path.join(tmp, f)):
                fail(f"{f} is listed but not written")

        again = run([rocky, "-o", "json", "init-adapter", "foo"], tmp, expect=1)
        if "adapters/foo already exists" not in again.stderr or again.stdout:
            fail("a second run should fail on the existing folder", again)
        bad = run([rocky, "init-adapter", "Foo"], tmp, expect=2)
        if "lower-case" not in bad.stderr or os.path.exists(os.path.join(tmp, "adapters", "Foo")):
            fail("an upper-case name should be refused before writing", bad)

        # The scaffold compiled as Rocky was (build type, flags, compiler), relative paths for
        # ccache so a second run of this test hits the cache.
        env = dict(os.environ, CCACHE_BASEDIR=tmp, CCACHE_NOHASHDIR="1")
        configure = ["cmake", "-S", "adapters/foo", "-B", "b", f"-DROCKY_BUILD_DIR={build}"]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        for key in ("CMAKE_BUILD_TYPE", "CMAKE_CXX_COMPILER", "CMAKE_CXX_FLAGS",
                    "CMAKE_EXE_LINKER_FLAGS"):
            if value := cache_value(build, key):
                configure.append(f"-D{key}={value}")
        run(configure, tmp, env)
        run(["cmake", "--build", "b", "-j", "2"], tmp, env)

        test = run([os.path.join("b", "foo_conformance_test")], tmp, expect=0)
        report = test.stdout
        for needed in ("Adapter Conformance: foo (SDK 1.0.0)", "Result: 1 passed, 17 failed, 8 skipped",
                       "[  PASSED  ] 1 test.", "[  SKIPPED ] 25 tests"):
            if needed not in report:
                fail(f"the conformance target does not say {needed!r}", test)
        if not re.search(r"^  \+ connect \(\d+ ms\)$", report, re.M):
            fail("connect did not pass", test)
        failed = re.findall(r"^  X (\w+) FAILED: (.*)$", report, re.M)
        skipped = re.findall(r"^  - (\w+) SKIPPED \((.*)\)$", report, re.M)
        for name, reason in failed:
            if not re.search(r"adapter foo: \w+ is not implemented yet \(write FooWarehouse::\w+ "
                             r"in adapters/foo/foo_warehouse\.cc\)", reason):
                fail(f"{name} failed without naming what to write: {reason}", test)
        if len(failed) != 17 or len(skipped) != 8 or any(r != "not supported" for _, r in skipped):
            fail("expected 17 failed with a reason and 8 skipped (not supported)", test)

        listed = run(["ctest", "--test-dir", "b", "--output-on-failure"], tmp)
        if "100% tests passed" not in listed.stdout or "foo_conformance_test" not in listed.stdout:
            fail("the scaffold's ctest does not run its conformance target", listed)
    print("init-adapter scaffold: built stand-alone; connect passed, 17 failed with reasons, 8 skipped")


if __name__ == "__main__":
    main()
