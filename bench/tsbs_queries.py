#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""TSBS cpu-only query set through /v1/sql.

Starts a fresh standalone server (build/release/greptime, or --url for a running one), loads
TSBS-like `cpu` data (100 hosts x 12 h at 10 s, 10 tags, 10 float fields, deterministic random
walks as bench/cpu_workload.h describes) with INSERT statements over /v1/sql, flushes, then runs
each query of the TSBS cpu-only set --runs times with varying parameters and prints the median
latency per query. Figures, not assertions: nothing here runs in `make test`.

  /usr/bin/python3 bench/tsbs_queries.py [--hosts 100] [--hours 12] [--runs 20]
"""
import argparse
import os
import random
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402

TAGS = ["hostname", "region", "datacenter", "rack", "os", "arch", "team", "service",
        "service_version", "service_environment"]
FIELDS = ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq",
          "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"]
START_MS = 1_700_000_000_000 // 3_600_000 * 3_600_000  # an hour boundary
STEP_MS = 10_000


def sql(url, text, check=True):
    r = requests.post(url + "/v1/sql", data={"sql": text}, timeout=600)
    if check and r.status_code != 200:
        raise RuntimeError(f"{r.status_code}: {r.text[:500]}\nSQL: {text[:300]}")
    return r


def load(url, hosts, steps, batch_rows=4000):
    cols = ", ".join(f"{t} STRING" for t in TAGS)
    fields = ", ".join(f"{f} DOUBLE" for f in FIELDS)
    sql(url, f"CREATE TABLE cpu ({cols}, ts TIMESTAMP(3) TIME INDEX, {fields}, "
             f"PRIMARY KEY({', '.join(TAGS)}))")
    rng = random.Random(42)
    tagvals = []
    for h in range(hosts):
        tagvals.append([f"host_{h}", f"region_{h % 3}", f"dc_{h % 6}", f"rack_{h % 50}",
                        f"os_{h % 4}", f"arch_{h % 2}", f"team_{h % 5}", f"svc_{h % 10}",
                        f"ver_{h % 3}", f"env_{h % 3}"])
    walks = [[50.0] * len(FIELDS) for _ in range(hosts)]
    rows = []
    loaded = 0
    t0 = time.time()
    for s in range(steps):
        ts = START_MS + s * STEP_MS
        for h in range(hosts):
            w = walks[h]
            for i in range(len(FIELDS)):
                w[i] = min(100.0, max(0.0, w[i] + rng.uniform(-1, 1)))
            tags = ", ".join(f"'{v}'" for v in tagvals[h])
            vals = ", ".join(f"{v:.2f}" for v in w)
            rows.append(f"({tags}, {ts}, {vals})")
            if len(rows) >= batch_rows:
                sql(url, "INSERT INTO cpu VALUES " + ", ".join(rows))
                loaded += len(rows)
                rows = []
    if rows:
        sql(url, "INSERT INTO cpu VALUES " + ", ".join(rows))
        loaded += len(rows)
    elapsed = time.time() - t0
    sql(url, "ADMIN flush_table('cpu')")
    return loaded, elapsed


def queries(hosts, hours, rng):
    end_ms = START_MS + hours * 3_600_000

    def host():
        return f"host_{rng.randrange(hosts)}"

    def window(length_ms):
        start = START_MS + rng.randrange(0, max(1, (end_ms - START_MS - length_ms) // 1000)) * 1000
        return start, start + length_ms

    def single_groupby_1_1_1():
        s, e = window(3_600_000)
        return (f"SELECT date_trunc('minute', ts) AS minute, max(usage_user) FROM cpu "
                f"WHERE hostname = '{host()}' AND ts >= {s} AND ts < {e} "
                f"GROUP BY minute ORDER BY minute")

    def single_groupby_5_8_1():
        s, e = window(3_600_000)
        hs = ", ".join(f"'{host()}'" for _ in range(8))
        ms = ", ".join(f"max({f})" for f in FIELDS[:5])
        return (f"SELECT date_trunc('minute', ts) AS minute, {ms} FROM cpu "
                f"WHERE hostname IN ({hs}) AND ts >= {s} AND ts < {e} "
                f"GROUP BY minute ORDER BY minute")

    def double_groupby_1():
        s, e = START_MS, end_ms
        return (f"SELECT date_trunc('hour', ts) AS hour, hostname, avg(usage_user) FROM cpu "
                f"WHERE ts >= {s} AND ts < {e} GROUP BY hour, hostname ORDER BY hour, hostname")

    def cpu_max_all_1():
        s, e = window(8 * 3_600_000)
        ms = ", ".join(f"max({f})" for f in FIELDS)
        return (f"SELECT date_trunc('hour', ts) AS hour, {ms} FROM cpu "
                f"WHERE hostname = '{host()}' AND ts >= {s} AND ts < {e} "
                f"GROUP BY hour ORDER BY hour")

    def high_cpu_1():
        s, e = window(12 * 3_600_000)
        return (f"SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname = '{host()}' "
                f"AND ts >= {s} AND ts < {e}")

    def lastpoint():
        return ("SELECT c.* FROM cpu c JOIN (SELECT hostname, max(ts) AS max_ts FROM cpu "
                "GROUP BY hostname) m ON c.hostname = m.hostname AND c.ts = m.max_ts")

    def groupby_orderby_limit():
        _, e = window(3_600_000)
        return (f"SELECT date_trunc('minute', ts) AS minute, max(usage_user) FROM cpu "
                f"WHERE ts < {e} GROUP BY minute ORDER BY minute DESC LIMIT 5")

    return [("single-groupby-1-1-1", single_groupby_1_1_1),
            ("single-groupby-5-8-1", single_groupby_5_8_1),
            ("double-groupby-1", double_groupby_1),
            ("cpu-max-all-1", cpu_max_all_1),
            ("high-cpu-1", high_cpu_1),
            ("lastpoint", lastpoint),
            ("groupby-orderby-limit", groupby_orderby_limit)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--hours", type=int, default=12)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    server = None
    url = args.url
    if url is None:
        server = harness.Standalone().start()
        url = server.url
    try:
        steps = args.hours * 3600 * 1000 // STEP_MS
        n, secs = load(url, args.hosts, steps)
        print(f"loaded {n} rows ({n * len(FIELDS)} values) in {secs:.1f} s "
              f"({n / secs:.0f} rows/s through INSERT over HTTP)")
        rng = random.Random(7)
        print(f"{'query':<24} {'median ms':>10} {'min ms':>8} {'max ms':>8} rows")
        for name, make in queries(args.hosts, args.hours, rng):
            times = []
            rows = 0
            for _ in range(args.runs):
                q = make()
                t = time.perf_counter()
                r = sql(url, q)
                times.append((time.perf_counter() - t) * 1000)
                out = r.json()["output"][0]["records"]
                rows = out["total_rows"]
            print(f"{name:<24} {statistics.median(times):>10.1f} {min(times):>8.1f} "
                  f"{max(times):>8.1f} {rows}")
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    main()
