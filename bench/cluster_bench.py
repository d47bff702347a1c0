#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The cluster (etcd, a metasrv, three datanodes, a frontend; tests/cluster_harness.py) against
standalone on the same machine: ingest rows/s through the InfluxDB line protocol and the TSBS
cpu-only query latencies of tsbs_queries.py. Figures, not assertions.

Both get the same `cpu` table (10 tags, 10 float fields) partitioned into three regions by
hostname, so the only difference is where the regions live: in process (standalone) or on three
datanodes reached over the region service (cluster). Every process shares the same cores.
  /usr/bin/python3 bench/cluster_bench.py [--hosts 100] [--hours 6] [--runs 10]
"""
import argparse
import os
import random
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402
import ingest_load  # noqa: E402
import tsbs_queries  # noqa: E402
from cluster_harness import Cluster  # noqa: E402

CREATE = ("CREATE TABLE cpu ({tags}, ts TIMESTAMP(3) TIME INDEX, {fields}, PRIMARY KEY({pk})) "
          "PARTITION ON COLUMNS (hostname) (hostname < 'host_4', "
          "hostname >= 'host_4' AND hostname < 'host_7', hostname >= 'host_7')")


def run(url, bodies, rows, args):
    tsbs_queries.sql(url, CREATE.format(
        tags=", ".join(f"{t} STRING" for t in tsbs_queries.TAGS),
        fields=", ".join(f"{f} DOUBLE" for f in tsbs_queries.FIELDS),
        pk=", ".join(tsbs_queries.TAGS)))
    t0 = time.perf_counter()
    ingest_load.post_all(url + "/v1/influxdb/write?precision=ms", bodies, 4, 204)
    ingest_s = time.perf_counter() - t0
    tsbs_queries.sql(url, "ADMIN flush_table('cpu')")
    count = tsbs_queries.sql(url, "SELECT count(*) FROM cpu").json()["output"][0]["records"]
    assert count["rows"][0][0] == rows, count
    latencies = {}
    rng = random.Random(7)
    for name, make in tsbs_queries.queries(args.hosts, args.hours, rng):
        times = []
        for _ in range(args.runs):
            q = make()
            t = time.perf_counter()
            tsbs_queries.sql(url, q)
            times.append((time.perf_counter() - t) * 1000)
        latencies[name] = statistics.median(times)
    return rows / ingest_s, latencies


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--hours", type=int, default=6)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    steps = args.hours * 360
    ingest_load.START_MS = tsbs_queries.START_MS  # the query windows' time base
    bodies = ingest_load.make_bodies(args.hosts, steps, 5000, 42)
    rows = args.hosts * steps
    results = {}
    standalone = harness.Standalone().start()
    try:
        results["standalone"] = run(standalone.url, bodies, rows, args)
    finally:
        standalone.cleanup()
    cluster = Cluster(datanodes=3).start()
    try:
        results["cluster (3 datanodes)"] = run(cluster.url, bodies, rows, args)
    finally:
        cluster.cleanup()
    print(f"{rows} rows ({args.hosts} hosts x {args.hours} h, 10 fields) per target")
    names = list(results)
    print(f"{'':<24}" + "".join(f"{n:>24}" for n in names))
    print(f"{'ingest rows/s':<24}" + "".join(f"{results[n][0]:>24,.0f}" for n in names))
    for q in results[names[0]][1]:
        print(f"{q + ' ms':<24}" + "".join(f"{results[n][1][q]:>24.1f}" for n in names))


if __name__ == "__main__":
    main()
