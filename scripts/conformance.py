#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""`make conformance`: starts a fresh standalone server and runs the black-box conformance
runners of ../shared/conformance (sqlness SQL cases, Prometheus PromQL tests) against it.

Prints each runner's summary line (`N passed, M failed, K skipped`). Exits 0 when the corpora
ran (failures are reported, not fatal: they measure how far the implementation is), 1 when the
server could not start, and 0 with a note when ../shared/conformance is absent.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402

SHARED = os.environ.get("GREPTIME_CONFORMANCE_DIR",
                        os.path.join(harness.REPO, "..", "shared", "conformance"))


def run(cmd, log_path):
    with open(log_path, "w") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=3600)
    with open(log_path) as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    return proc.returncode, lines


def main():
    if not os.path.isdir(SHARED):
        print(f"conformance corpora not found at {SHARED}; nothing to run")
        return 0
    out_dir = os.path.join(harness.REPO, "build", "conformance")
    os.makedirs(out_dir, exist_ok=True)
    server = harness.Standalone()
    server.start()
    try:
        results = {}
        for name, cmd in [
            ("sqlness", ["/usr/bin/python3", os.path.join(SHARED, "run_sqlness.py"), "--url",
                         server.url, "--exit-zero", "-v", os.path.join(SHARED, "sqlness")]),
            ("promql", ["/usr/bin/python3", os.path.join(SHARED, "run_promql.py"), "--url",
                        server.url, "--exit-zero", os.path.join(SHARED, "promql")]),
        ]:
            log = os.path.join(out_dir, f"{name}.log")
            rc, lines = run(cmd, log)
            summary = lines[-1] if lines else "(no output)"
            results[name] = summary
            print(f"{name}: {summary}   (details: {log})")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
