#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Queries per second of a point query over each protocol (HTTP /v1/sql, MySQL, PostgreSQL)
with --connections concurrent connections, against a fresh standalone server. Figures, not
assertions.

The table `cpu` holds --hosts hosts x --points points (10 s apart); the point query is
  SELECT usage FROM cpu WHERE host = '<random host>' AND ts = <random point>
Each client thread keeps one connection (HTTP keep-alive, pymysql, psycopg2) and runs queries
for --seconds seconds. Python's GIL limits one client process: the script runs the clients in
--processes processes so the server, not the client, is measured as far as 2 cores allow.
  /usr/bin/python3 bench/protocol_qps.py [--connections 16] [--seconds 10]
"""
import argparse
import multiprocessing as mp
import os
import random
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness  # noqa: E402


def client_loop(protocol, server, hosts, points, seconds, threads, seed, out):
    import threading

    counts = [0] * threads
    errors = []

    def work(i):
        rng = random.Random(seed * 1000 + i)
        try:
            if protocol == "http":
                session = requests.Session()
                session.trust_env = False

                def query(sql):
                    r = session.post(f"http://{server['http']}/v1/sql", data={"sql": sql},
                                     timeout=30)
                    r.raise_for_status()
            elif protocol == "mysql":
                import pymysql
                conn = pymysql.connect(host="127.0.0.1", port=server["mysql"], user="root",
                                       database="public", autocommit=True)
                cur = conn.cursor()

                def query(sql):
                    cur.execute(sql)
                    cur.fetchall()
            else:
                import psycopg2
                conn = psycopg2.connect(host="127.0.0.1", port=server["postgres"],
                                        user="greptime", dbname="public")
                conn.autocommit = True
                cur = conn.cursor()

                def query(sql):
                    cur.execute(sql)
                    cur.fetchall()
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                h, p = rng.randrange(hosts), rng.randrange(points)
                query(f"SELECT usage FROM cpu WHERE host = 'host_{h}' AND ts = {p * 10000}")
                counts[i] += 1
        except Exception as e:  # reported below
            errors.append(repr(e))

    ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put((sum(counts), errors[:1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--processes", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--points", type=int, default=360)
    ap.add_argument("--protocols", default="http,mysql,postgres")
    args = ap.parse_args()
    server = harness.Standalone().start()
    try:
        endpoints = {"http": server.http_addr, "mysql": server.mysql_port,
                     "postgres": server.postgres_port}
        requests.post(server.url + "/v1/sql", data={"sql": (
            "CREATE TABLE cpu (host STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, usage DOUBLE)")},
            timeout=30).raise_for_status()
        lines = [f"cpu,host=host_{h} usage={random.random() * 100:.2f} {p * 10000}"
                 for h in range(args.hosts) for p in range(args.points)]
        for i in range(0, len(lines), 5000):
            requests.post(server.url + "/v1/influxdb/write?precision=ms",
                          data="\n".join(lines[i:i + 5000]), timeout=60).raise_for_status()
        requests.post(server.url + "/v1/sql", data={"sql": "ADMIN flush_table('cpu')"},
                      timeout=60).raise_for_status()
        print(f"{args.hosts * args.points} rows; {args.connections} connections in "
              f"{args.processes} client processes, {args.seconds:.0f} s per protocol")
        per_process = max(1, args.connections // args.processes)
        for protocol in args.protocols.split(","):
            out = mp.Queue()
            procs = [mp.Process(target=client_loop,
                                args=(protocol, endpoints, args.hosts, args.points, args.seconds,
                                      per_process, k, out))
                     for k in range(args.processes)]
            t0 = time.perf_counter()
            for p in procs:
                p.start()
            results = [out.get() for _ in procs]
            for p in procs:
                p.join()
            elapsed = time.perf_counter() - t0
            total = sum(r[0] for r in results)
            errors = [e for r in results for e in r[1]]
            note = f"  (errors: {errors[0]})" if errors else ""
            print(f"{protocol:<9} {total / elapsed:10.0f} queries/s{note}")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
