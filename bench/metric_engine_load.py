#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Prometheus remote write of node-exporter-like data into the metric engine (one physical
table) versus one mito table per metric, side by side. Figures, not assertions.

Data: --metrics metrics x --series series each (labels instance, job, plus a `cpu` / `device`
style label), one sample every 15 s for --steps steps, values are random walks rounded to 2
decimals (seeded). Requests hold --batch samples, sent over --connections connections.

For each engine, on a fresh standalone server:
  - create: the time of the first request pass (one sample per series: creates every table);
  - ingest: rows/s of the remaining steps;
  - bytes/value: SST bytes under the data directory after ADMIN flush_table of every table
    (the metric engine flushes its one physical table), divided by the number of samples.
  /usr/bin/python3 bench/metric_engine_load.py [--metrics 1000] [--series 100] [--steps 20]
"""
import argparse
import os
import random
import struct
import sys

import requests
import snappy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_load  # noqa: E402


def _varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _field(num, payload):
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def series_bytes(labels, samples):
    body = b"".join(_field(1, _field(1, k.encode()) + _field(2, v.encode())) for k, v in labels)
    for value, ts in samples:
        body += _field(2, _varint(1 << 3 | 1) + struct.pack("<d", value) + _varint(2 << 3) +
                       _varint(ts))
    return _field(1, body)


def make_requests(metrics, series, steps, batch, seed):
    """[requests of step 0], [requests of the other steps]; each request is snappy bytes."""
    rng = random.Random(seed)
    labels = []
    for m in range(metrics):
        name = f"node_metric_{m}"
        extra = "cpu" if m % 2 == 0 else "device"
        for s in range(series):
            labels.append([("__name__", name), ("instance", f"host-{s % 50}:9100"),
                           ("job", "node"), (extra, f"{extra}{s // 50}")])
    walks = [50.0] * len(labels)
    per_step = []
    start = 1_700_000_000_000
    for step in range(steps):
        ts = start + step * 15_000
        chunks, current, count = [], [], 0
        for i, lb in enumerate(labels):
            walks[i] = min(100.0, max(0.0, walks[i] + rng.uniform(-1, 1)))
            current.append(series_bytes(lb, [(round(walks[i], 2), ts)]))
            count += 1
            if count == batch:
                chunks.append(snappy.compress(b"".join(current)))
                current, count = [], 0
        if current:
            chunks.append(snappy.compress(b"".join(current)))
        per_step.append(chunks)
    return per_step[0], [c for step in per_step[1:] for c in step]


def post_all(url, bodies, connections):
    return ingest_load.post_all(url, bodies, connections, 204, headers={
        "Content-Encoding": "snappy", "Content-Type": "application/x-protobuf"})


def sql(server, text):
    r = requests.post(server.url + "/v1/sql", data={"sql": text}, timeout=600)
    r.raise_for_status()
    return r.json()["output"][0]


def sst_bytes(data_home):
    total = 0
    for root, _, files in os.walk(os.path.join(data_home, "data")):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".sst"))
    return total


def run(engine, first, rest, args):
    config = "" if engine == "metric" else "[prom_store]\nwith_metric_engine = false\n"
    server = harness.Standalone(config=config).start()
    try:
        url = server.url + "/v1/prometheus/write"
        create = post_all(url, first, args.connections)
        ingest = post_all(url, rest, args.connections)
        rows = args.metrics * args.series * (args.steps - 1)
        tables = [r[0] for r in sql(server, "SHOW TABLES")["records"]["rows"]]
        flush = [t for t in tables if t != "numbers"]
        if engine == "metric":
            flush = ["greptime_physical_table"]
        for t in flush:
            sql(server, f"ADMIN flush_table('{t}')")
        samples = args.metrics * args.series * args.steps
        stored = sql(server, "SELECT count(*) FROM node_metric_0")["records"]["rows"][0][0]
        assert stored == args.series * args.steps, stored
        return {"create_s": create, "rows_per_s": rows / ingest,
                "bytes_per_value": sst_bytes(server.data_home) / samples,
                "tables": len(tables) - 1}
    finally:
        server.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--metrics", type=int, default=1000)
    ap.add_argument("--series", type=int, default=100)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    first, rest = make_requests(args.metrics, args.series, args.steps, args.batch, args.seed)
    print(f"{args.metrics} metrics x {args.series} series x {args.steps} steps "
          f"({args.metrics * args.series * args.steps} samples, {len(first) + len(rest)} requests)")
    print(f"{'engine':<8} {'tables':>7} {'create s':>9} {'rows/s':>10} {'bytes/value':>12}")
    for engine in ("metric", "mito"):
        r = run(engine, first, rest, args)
        print(f"{engine:<8} {r['tables']:>7} {r['create_s']:>9.2f} {r['rows_per_s']:>10.0f} "
              f"{r['bytes_per_value']:>12.2f}")


if __name__ == "__main__":
    main()
