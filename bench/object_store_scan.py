#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Scan latency with regions on local disk vs on S3 (s3rver on loopback), with a cold and a warm
local cache. Figures, not assertions.

Loads --hosts hosts x --hours hours of 10-second TSBS-like cpu rows (ingest_load.py's
generator) into two fresh standalone servers, one with `[storage] type = "File"`, one with
`type = "S3"` against s3rver (scripts/install-test-services.sh), flushes, then times two SQL
queries over HTTP:
  full-scan   SELECT hostname, avg(usage_user) FROM cpu GROUP BY hostname
  one-host    SELECT max(usage_user) FROM cpu WHERE hostname = 'host_<r>'
Modes: local; local restarted (the first query after a restart: region and file metadata are
loaded again, the OS page cache is warm); S3 cold (each run restarts the server with an empty
cache: the first query after start); S3 warm (cache filled); S3 without read cache (enable_read_cache = false, empty cache:
every file read is a ranged GET). s3rver is a Node.js emulator on the same 2 cores, so its
latency is loopback + its own CPU, not a real S3 round trip.
  /usr/bin/python3 bench/object_store_scan.py [--hosts 100] [--hours 6] [--runs 5]
"""
import argparse
import os
import random
import shutil
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402
import object_services  # noqa: E402
from ingest_load import make_bodies, post_all  # noqa: E402


def run_sql(server, text):
    t = time.perf_counter()
    r = requests.post(server.url + "/v1/sql", data={"sql": text}, timeout=600)
    elapsed = (time.perf_counter() - t) * 1000
    r.raise_for_status()
    return elapsed, r.json()


def load(server, bodies):
    post_all(server.url + "/v1/influxdb/write?precision=ms", bodies, 4, 204)
    run_sql(server, "ADMIN flush_table('cpu')")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--hours", type=int, default=6)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not object_services.available():
        sys.exit("run scripts/install-test-services.sh first")
    bodies = make_bodies(args.hosts, args.hours * 360, 5000, 42)
    rng = random.Random(7)
    queries = {
        "full-scan": lambda: "SELECT hostname, avg(usage_user) FROM cpu GROUP BY hostname",
        "one-host": lambda: ("SELECT max(usage_user) FROM cpu WHERE hostname = "
                             f"'host_{rng.randrange(args.hosts)}'"),
    }
    results = {}  # (mode, query) -> [ms]

    local = harness.Standalone().start()
    s3 = object_services.S3rver().start()
    remote = harness.Standalone(config=s3.storage_config())
    cold = None
    try:
        load(local, bodies)
        remote.start()
        load(remote, bodies)
        print(f"loaded {args.hosts * args.hours * 360} rows ({args.hosts} hosts x "
              f"{args.hours} h) into each server")
        for name, make in queries.items():
            for server, mode in ((local, "local disk"), (remote, "S3 warm cache")):
                run_sql(server, make())  # warm up
                results[(mode, name)] = [run_sql(server, make())[0] for _ in range(args.runs)]
        cache = os.path.join(remote.data_home, "object_cache")
        for name, make in queries.items():
            times = []
            for _ in range(args.runs):
                local.stop()
                local.start()
                times.append(run_sql(local, make())[0])
            results[("local restarted", name)] = times
            times = []
            for _ in range(args.runs):
                remote.stop()
                shutil.rmtree(cache, ignore_errors=True)
                remote.start()
                times.append(run_sql(remote, make())[0])
            results[("S3 cold cache", name)] = times
        remote.stop()
        # The same data without a read cache: a second server over the same bucket and root.
        cold = harness.Standalone(config=s3.storage_config() +
                                  "enable_read_cache = false\n")
        shutil.copytree(os.path.join(remote.data_home, "wal"),
                        os.path.join(cold.data_home, "wal"))
        shutil.copytree(os.path.join(remote.data_home, "metadata"),
                        os.path.join(cold.data_home, "metadata"))
        cold.start()
        for name, make in queries.items():
            results[("S3 no read cache", name)] = [run_sql(cold, make())[0]
                                                   for _ in range(args.runs)]
    finally:
        local.cleanup()
        remote.cleanup()
        if cold is not None:
            cold.cleanup()
        s3.cleanup()
    print(f"{'mode':<18} {'query':<10} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for (mode, name), times in results.items():
        print(f"{mode:<18} {name:<10} {statistics.median(times):10.1f} {min(times):8.1f} "
              f"{max(times):8.1f}")


if __name__ == "__main__":
    main()
