#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""InfluxDB line-protocol ingestion load: ours vs VictoriaMetrics, side by side in one run.

Generates TSBS-like cpu data (N hosts, 10 string tags, 10 float fields, 10 s interval, seeded
random walks rounded to 2 decimals) as line-protocol bodies of --batch lines, then posts the same
bodies over --connections concurrent HTTP connections to
  - a fresh `greptime standalone` (POST /v1/influxdb/write?precision=ms), and
  - a fresh VictoriaMetrics (Debian package, POST /write?precision=ms),
and prints rows/s and values/s end to end for each plus the ratio. Figures, not assertions.

  /usr/bin/python3 bench/ingest_load.py [--hosts 1000] [--steps 360] [--connections 4]
"""
import argparse
import os
import queue
import random
import shutil
import sys
import tempfile
import threading
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402
from compare_victoriametrics import VictoriaMetrics  # noqa: E402

FIELDS = ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq",
          "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"]
START_MS = 1_700_000_000_000


def make_bodies(hosts, steps, batch, seed):
    rng = random.Random(seed)
    tags = [f"hostname=host_{h},region=region_{h % 3},datacenter=dc_{h % 6},rack=rack_{h % 50},"
            f"os=os_{h % 4},arch=arch_{h % 2},team=team_{h % 5},service=svc_{h % 10},"
            f"service_version=ver_{h % 3},service_environment=env_{h % 3}" for h in range(hosts)]
    walks = [[50.0] * len(FIELDS) for _ in range(hosts)]
    bodies, lines = [], []
    for s in range(steps):
        ts = START_MS + s * 10_000
        for h in range(hosts):
            w = walks[h]
            parts = []
            for i, f in enumerate(FIELDS):
                w[i] = min(100.0, max(0.0, w[i] + rng.uniform(-1, 1)))
                parts.append(f"{f}={round(w[i], 2)}")
            lines.append(f"cpu,{tags[h]} {','.join(parts)} {ts}")
            if len(lines) == batch:
                bodies.append(("\n".join(lines) + "\n").encode())
                lines = []
    if lines:
        bodies.append(("\n".join(lines) + "\n").encode())
    return bodies


def post_all(url, bodies, connections, expect, headers=None):
    q = queue.Queue()
    for b in bodies:
        q.put(b)
    errors = []

    def worker():
        s = requests.Session()
        s.trust_env = False
        while True:
            try:
                b = q.get_nowait()
            except queue.Empty:
                return
            r = s.post(url, data=b, timeout=600, headers=headers)
            if r.status_code != expect:
                errors.append(f"{r.status_code}: {r.text[:200]}")

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(errors[0])
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=360)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    bodies = make_bodies(args.hosts, args.steps, args.batch, args.seed)
    rows = args.hosts * args.steps
    mb = sum(len(b) for b in bodies) / 1e6
    print(f"dataset: {rows} rows, {rows * len(FIELDS)} values, {len(bodies)} bodies, {mb:.1f} MB")
    results = {}
    server = harness.Standalone().start()
    try:
        secs = post_all(server.url + "/v1/influxdb/write?precision=ms", bodies, args.connections, 204)
        results["greptime"] = secs
        # Every acknowledged row is queryable (the timing above ends with the last 204).
        r = requests.post(server.url + "/v1/sql", data={"sql": "SELECT count(*) FROM cpu"},
                          timeout=120)
        stored = r.json()["output"][0]["records"]["rows"][0][0]
        if stored != rows:
            raise RuntimeError(f"greptime holds {stored} rows, {rows} were written")
    finally:
        server.cleanup()
    if os.path.exists("/usr/bin/victoria-metrics"):
        work = tempfile.mkdtemp(prefix="vm_ingest_")
        vm = VictoriaMetrics(work, 3650)
        try:
            vm.start()
            secs = post_all(vm.url + "/write?precision=ms", bodies, args.connections, 204)
            results["victoria-metrics"] = secs
        finally:
            vm.stop()
            shutil.rmtree(work, ignore_errors=True)
    for name, secs in results.items():
        print(f"{name:<18} {secs:8.2f} s  {rows / secs:12.0f} rows/s  "
              f"{rows * len(FIELDS) / secs:12.0f} values/s")
    if len(results) == 2:
        print(f"ratio greptime/victoria-metrics (rows/s): "
              f"{results['victoria-metrics'] / results['greptime']:.2f}x")


if __name__ == "__main__":
    main()
