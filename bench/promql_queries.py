#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""PromQL latencies over the HTTP API on TSBS-like cpu data. Figures, not assertions.

Loads --hosts hosts x --hours hours of 10-second rows (10 tags, 10 float fields; the generator of
ingest_load.py) through line protocol into a fresh standalone server, flushes, then runs each
query --runs times and prints the median, min and max latency seen by the HTTP client:
  single-series   max_over_time(cpu{__field__="usage_user",hostname="host_<r>"}[1m]), range
                  query over 1 h at 60 s step, random host
  rate-by-host    avg by (hostname) (rate(cpu{__field__="usage_user"}[5m])), all hosts, 12 h at
                  60 s step
  topk            topk(5, avg_over_time(cpu{__field__="usage_user"}[5m])), instant, at the end
  /usr/bin/python3 bench/promql_queries.py [--hosts 100] [--hours 12] [--runs 10]
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
from ingest_load import START_MS, make_bodies, post_all  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--hours", type=int, default=12)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    steps = args.hours * 360
    bodies = make_bodies(args.hosts, steps, 5000, 42)
    server = harness.Standalone().start()
    try:
        t0 = time.perf_counter()
        post_all(server.url + "/v1/influxdb/write?precision=ms", bodies, 4, 204)
        requests.post(server.url + "/v1/sql", data={"sql": "ADMIN flush_table('cpu')"},
                      timeout=600).raise_for_status()
        print(f"loaded {args.hosts * steps} rows ({args.hosts} hosts x {args.hours} h) in "
              f"{time.perf_counter() - t0:.1f} s")
        end_s = (START_MS + (steps - 1) * 10_000) / 1000
        start_s = START_MS / 1000
        rng = random.Random(7)
        api = server.url + "/v1/prometheus/api/v1"
        queries = {
            "single-series": lambda: ("/query_range", {
                "query": f'max_over_time(cpu{{__field__="usage_user",hostname="host_{rng.randrange(args.hosts)}"}}[1m])',
                "start": end_s - 3600, "end": end_s, "step": 60}),
            "rate-by-host": lambda: ("/query_range", {
                "query": 'avg by (hostname) (rate(cpu{__field__="usage_user"}[5m]))',
                "start": start_s, "end": end_s, "step": 60}),
            "topk": lambda: ("/query", {
                "query": 'topk(5, avg_over_time(cpu{__field__="usage_user"}[5m]))',
                "time": end_s}),
        }
        print(f"{'query':<15} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'series':>7}")
        for name, make in queries.items():
            times, series = [], 0
            for _ in range(args.runs):
                path, params = make()
                t = time.perf_counter()
                r = requests.get(api + path, params=params, timeout=600)
                times.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
                series = len(r.json()["data"]["result"])
            print(f"{name:<15} {statistics.median(times):10.1f} {min(times):8.1f} "
                  f"{max(times):8.1f} {series:7d}")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
