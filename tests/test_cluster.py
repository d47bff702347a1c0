# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The cluster end to end (issue #9): etcd, a metasrv, three datanodes and a frontend on
loopback (tests/cluster_harness.py). A partitioned table is spread over the datanodes, data comes
in through the InfluxDB line protocol, and SQL, TQL and PromQL answers must equal a standalone
server's on the same data. Faults: a datanode killed with SIGKILL makes queries of its regions
fail with an error naming the region while other tables keep working, and after a restart it
serves again with every acknowledged row; a frontend restart needs only the metasrv; a
restarted metasrv keeps DDL working."""
import json
import os
import re
import signal
import time
import unittest

import requests
import snappy

from cluster_harness import ETCD, Cluster
from harness import Standalone
from test_prometheus_write import series

CREATE_CPU = ("CREATE TABLE cpu (host STRING, ts TIMESTAMP(3) TIME INDEX, usage DOUBLE, "
              "idle DOUBLE, PRIMARY KEY(host)) PARTITION ON COLUMNS (host) "
              "(host < 'host_10', host >= 'host_10' AND host < 'host_20', host >= 'host_20')")
START_MS = 1_700_000_000_000


def lines(hosts=30, steps=200, start_step=0):
    out = []
    for s in range(start_step, start_step + steps):
        for h in range(hosts):
            out.append(f"cpu,host=host_{h:02d} usage={(h * 7 + s * 3) % 100}.25,idle={s % 17} "
                       f"{START_MS + s * 10_000}")
            if h % 10 == 0:
                out.append(f"mem,host=host_{h:02d} used={s * 1.5} {START_MS + s * 10_000}")
    return "\n".join(out)


def sql(url, text):
    return requests.post(url + "/v1/sql", data={"sql": text}, timeout=120)


def rows(url, text):
    r = sql(url, text)
    if r.status_code != 200:
        raise AssertionError(f"{text} -> {r.status_code} {r.text}")
    return r.json()["output"][0]["records"]["rows"]


def write(url, body):
    return requests.post(url + "/v1/influxdb/write", params={"db": "public", "precision": "ms"},
                         data=body, timeout=120)


QUERIES = [
    "SELECT count(*), sum(usage), min(ts), max(ts) FROM cpu",
    "SELECT host, avg(usage), max(idle), count(*) FROM cpu GROUP BY host ORDER BY host",
    "SELECT * FROM cpu WHERE host IN ('host_03', 'host_17', 'host_28') AND ts >= "
    f"{START_MS + 1_000_000} ORDER BY host, ts LIMIT 50",
    "SELECT host, count(*), sum(used) FROM mem GROUP BY host ORDER BY host",
    "SELECT ts, host, avg(usage) RANGE '1m' FROM cpu ALIGN '1m' BY (host) ORDER BY host, ts "
    "LIMIT 40",
    f"TQL EVAL ({START_MS // 1000}, {START_MS // 1000 + 1990}, '60s') "
    "sum by (host) (avg_over_time(cpu{__field__=\"usage\"}[1m]))",
]

PROMQL = [
    ("/query_range", {"query": 'max by (host) (max_over_time(cpu{__field__="idle"}[2m]))',
                      "start": START_MS / 1000, "end": START_MS / 1000 + 1990, "step": 60}),
    ("/query", {"query": 'topk(3, avg_over_time(cpu{__field__="usage"}[5m]))',
                "time": START_MS / 1000 + 1990}),
    ("/query", {"query": "count(mem)", "time": START_MS / 1000 + 1990}),
]


@unittest.skipUnless(os.access(ETCD, os.X_OK), "etcd-server is not installed")
class ClusterEqualsStandaloneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(datanodes=3).start()
        cls.standalone = Standalone().start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()
        cls.standalone.cleanup()

    def test_partitioned_table_results_equal_standalone(self):
        body = lines()
        for url in (self.cluster.url, self.standalone.url):
            self.assertEqual(sql(url, CREATE_CPU).status_code, 200)
            r = write(url, body)
            self.assertEqual(r.status_code, 204, r.text)
        # The regions of cpu are led by three different datanodes.
        peers = rows(self.cluster.url, "SELECT region_id, peer_id, peer_addr, status FROM "
                     "information_schema.region_peers WHERE table_name = 'cpu' ORDER BY region_id")
        self.assertEqual(len(peers), 3)
        self.assertEqual(sorted(p[1] for p in peers), [1, 2, 3], peers)
        addrs = {d.node_id: d.grpc_addr for d in self.cluster.datanodes}
        for region_id, peer_id, addr, status in peers:
            self.assertEqual(addr, addrs[peer_id])
            self.assertEqual(status, "ALIVE")
        info = rows(self.cluster.url, "SELECT peer_id, peer_type, peer_addr, node_status FROM "
                    "information_schema.cluster_info WHERE peer_type = 'DATANODE' "
                    "ORDER BY peer_id")
        self.assertEqual([(r[0], r[1], r[3]) for r in info],
                         [(1, "DATANODE", "ACTIVE"), (2, "DATANODE", "ACTIVE"),
                          (3, "DATANODE", "ACTIVE")])
        # Every datanode holds the rows of its own partition only.
        stats = rows(self.cluster.url, "SELECT region_id, region_rows FROM "
                     "information_schema.region_statistics ORDER BY region_id")
        self.assertGreaterEqual(len(stats), 3)

        for q in QUERIES:
            expected = rows(self.standalone.url, q)
            self.assertTrue(expected, q)
            self.assertEqual(rows(self.cluster.url, q), expected, q)
        for path, params in PROMQL:
            got = [requests.get(url + "/v1/prometheus/api/v1" + path, params=params,
                                timeout=60).json() for url in (self.cluster.url,
                                                               self.standalone.url)]
            self.assertEqual(got[0]["status"], "success", got[0])
            self.assertTrue(got[1]["data"]["result"], params)
            self.assertEqual(got[0]["data"], got[1]["data"], path)

        count = rows(self.cluster.url, "SELECT count(*) FROM cpu")[0][0]
        self.assertEqual(count, 30 * 200)
        # Prometheus remote write: metric-engine logical tables on a physical table, placed on
        # the physical table's datanode; PromQL over them equals standalone.
        payload = b"".join(
            series([("__name__", f"metric_{m}"), ("job", "node"), ("instance", f"i{i}")],
                   [(float(m * 10 + i + s), START_MS + s * 15_000) for s in range(20)])
            for m in range(5) for i in range(3))
        for url in (self.cluster.url, self.standalone.url):
            r = requests.post(url + "/v1/prometheus/write", data=snappy.compress(payload),
                              headers={"Content-Encoding": "snappy",
                                       "Content-Type": "application/x-protobuf"}, timeout=60)
            self.assertEqual(r.status_code, 204, r.text)
        params = {"query": 'sum by (__name__) ({job="node"})', "time": START_MS / 1000 + 285}
        got = [requests.get(url + "/v1/prometheus/api/v1/query", params=params, timeout=60).json()
               for url in (self.cluster.url, self.standalone.url)]
        self.assertEqual(got[0]["status"], "success", got[0])
        self.assertEqual(len(got[1]["data"]["result"]), 5)
        self.assertEqual(sorted(map(json.dumps, got[0]["data"]["result"])),
                         sorted(map(json.dumps, got[1]["data"]["result"])))
        physical = rows(self.cluster.url, "SELECT DISTINCT peer_id FROM "
                        "information_schema.region_peers WHERE table_name IN "
                        "('greptime_physical_table', 'metric_0', 'metric_4')")
        self.assertEqual(len(physical), 1, physical)  # all on the physical table's datanode

        # ALTER TABLE (a metasrv procedure in the cluster) reaches every region.
        for url in (self.cluster.url, self.standalone.url):
            self.assertEqual(sql(url, "ALTER TABLE cpu ADD COLUMN note STRING").status_code, 200)
            self.assertEqual(write(url, f"cpu,host=host_25 usage=1,idle=2,note=\"x\" {START_MS}")
                             .status_code, 204)
        q = "SELECT host, note, usage FROM cpu WHERE note IS NOT NULL ORDER BY host"
        self.assertEqual(rows(self.cluster.url, q), rows(self.standalone.url, q))
        self.assertEqual(rows(self.cluster.url, q), [["host_25", "x", 1.0]])
        # Filters on the partition column read only the partitions they can match.
        for url in (self.cluster.url, self.standalone.url):
            self.assertEqual(rows(url, "SELECT count(*) FROM cpu WHERE host = 'host_17'"), [[200]])
            self.assertEqual(rows(url, "SELECT count(*) FROM cpu WHERE host IN ('host_03', "
                                       "'host_17', 'host_28', 'nope')"), [[600]])


@unittest.skipUnless(os.access(ETCD, os.X_OK), "etcd-server is not installed")
class ClusterFaultTest(unittest.TestCase):
    def setUp(self):
        self.cluster = Cluster(datanodes=3).start()

    def tearDown(self):
        self.cluster.cleanup()

    def leaders(self, table):
        return {r[0]: r[1] for r in rows(
            self.cluster.url, "SELECT region_id, peer_id FROM information_schema.region_peers "
            f"WHERE table_name = '{table}'")}

    def test_datanode_frontend_and_metasrv_failures(self):
        c = self.cluster
        self.assertEqual(sql(c.url, CREATE_CPU).status_code, 200)
        self.assertEqual(write(c.url, lines(steps=100)).status_code, 204)
        acked_cpu = 30 * 100
        cpu_leaders = self.leaders("cpu")
        mem_leader = list(self.leaders("mem").values())[0]
        victim_id = next(p for p in cpu_leaders.values() if p != mem_leader)
        victim = next(d for d in c.datanodes if d.node_id == victim_id)
        victim_regions = [r for r, p in cpu_leaders.items() if p == victim_id]

        victim.kill()  # SIGKILL: nothing flushed, everything in its WAL
        r = sql(c.url, "SELECT count(*) FROM cpu")
        self.assertEqual(r.status_code, 503, r.text)
        body = r.json()
        self.assertEqual(body["code"], 4008)
        region_names = [f"{rid}(" for rid in victim_regions]
        self.assertTrue(any(name in body["error"] for name in region_names), body)
        self.assertIn("unavailable", body["error"])
        # Tables whose regions live elsewhere keep working, reads and writes, and so do
        # queries of cpu whose filter on the partition column avoids the dead datanode.
        self.assertEqual(rows(c.url, "SELECT count(*) FROM mem")[0][0], 3 * 100)
        table_bits = min(cpu_leaders) & ~0xffffffff  # region id = table id << 32 | number
        alive_partition = next(rn for rn in range(3) if cpu_leaders[table_bits | rn] != victim_id)
        host = f"host_{alive_partition * 10 + 5:02d}"
        self.assertEqual(rows(c.url, f"SELECT count(*) FROM cpu WHERE host = '{host}'"), [[100]])
        extra_mem = "\n".join(f"mem,host=host_99 used=1 {START_MS + s}" for s in range(10))
        self.assertEqual(write(c.url, extra_mem).status_code, 204)

        victim.start()  # replays its WAL, registers again
        deadline = time.time() + 30
        while time.time() < deadline and sql(c.url, "SELECT count(*) FROM cpu").status_code != 200:
            time.sleep(0.2)
        self.assertEqual(rows(c.url, "SELECT count(*) FROM cpu")[0][0], acked_cpu)
        self.assertEqual(write(c.url, lines(steps=10, start_step=100)).status_code, 204)
        acked_cpu += 30 * 10

        # A frontend restart needs nothing but the metasrv.
        c.frontend.kill()
        c.frontend.start()
        self.assertEqual(rows(c.url, "SELECT count(*) FROM cpu")[0][0], acked_cpu)
        self.assertEqual(rows(c.url, "SELECT count(*) FROM mem")[0][0], 3 * 110 + 10)

        # DROP DATABASE removes the regions of its tables from the datanodes too.
        self.assertEqual(sql(c.url, "CREATE DATABASE d2").status_code, 200)
        r = requests.post(c.url + "/v1/sql", params={"db": "d2"}, timeout=60, data={
            "sql": "CREATE TABLE x (h STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE) "
                   "PARTITION ON COLUMNS (h) (h < 'm', h >= 'm')"})
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(requests.post(c.url + "/v1/sql", params={"db": "d2"}, timeout=60, data={
            "sql": "INSERT INTO x VALUES ('a', 1, 1.0), ('z', 2, 2.0)"}).status_code, 200)
        region_dirs = lambda: [os.path.join(root, d) for dn in c.datanodes
                               for root, dirs, _ in os.walk(dn.dir) for d in dirs
                               if os.path.join(root, d).endswith("/greptime/d2")]
        self.assertEqual(sql(c.url, "ADMIN flush_table('d2.x')").status_code, 200)
        self.assertTrue(any(os.listdir(p) for p in region_dirs()))
        self.assertEqual(sql(c.url, "DROP DATABASE d2").status_code, 200)
        leftovers = [os.path.join(root, f) for p in region_dirs()
                     for root, _, files in os.walk(p) for f in files]
        self.assertEqual(leftovers, [])

        # The metasrv restarts from etcd; DDL and placement keep working.
        meta = c.metasrvs[0]
        self.assertEqual(meta.stop(), 0)
        meta.start()
        c.wait_datanodes_alive(3)
        deadline = time.time() + 30
        created = None
        while time.time() < deadline:
            created = sql(c.url, "CREATE TABLE after_restart (h STRING PRIMARY KEY, "
                                 "ts TIMESTAMP TIME INDEX, v DOUBLE) PARTITION ON COLUMNS (h) "
                                 "(h < 'm', h >= 'm')")
            if created.status_code == 200:
                break
            time.sleep(0.5)
        self.assertEqual(created.status_code, 200, created.text)
        self.assertEqual(sql(c.url, "INSERT INTO after_restart VALUES ('a', 1, 1.0), "
                                    "('z', 2, 2.0)").status_code, 200)
        self.assertEqual(rows(c.url, "SELECT h, v FROM after_restart ORDER BY h"),
                         [["a", 1.0], ["z", 2.0]])
        self.assertEqual(rows(c.url, "SELECT count(*) FROM cpu")[0][0], acked_cpu)


@unittest.skipUnless(os.access(ETCD, os.X_OK), "etcd-server is not installed")
class MetasrvFailoverTest(unittest.TestCase):
    def setUp(self):
        self.cluster = Cluster(datanodes=2, metasrvs=2).start()

    def tearDown(self):
        self.cluster.cleanup()

    def leader(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.cluster.metasrvs:
                if m.proc and m.proc.poll() is None and \
                        f"metasrv {m.grpc_addr} is the leader" in m.output().split("stepping down")[-1]:
                    return m
            time.sleep(0.1)
        raise AssertionError("no metasrv leader:\n" + self.cluster.logs())

    def create(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            r = sql(self.cluster.url, f"CREATE TABLE {name} (h STRING PRIMARY KEY, ts TIMESTAMP "
                                      "TIME INDEX, v DOUBLE) PARTITION ON COLUMNS (h) "
                                      "(h < 'm', h >= 'm')")
            if r.status_code == 200 or time.time() > deadline:
                return r
            time.sleep(0.5)

    def test_the_other_metasrv_takes_over(self):
        c = self.cluster
        first = self.leader()
        follower = next(m for m in c.metasrvs if m is not first)
        self.assertEqual(self.create("t1").status_code, 200)
        self.assertEqual(sql(c.url, "INSERT INTO t1 VALUES ('a', 1, 1.0), ('z', 2, 2.0)")
                         .status_code, 200)

        # A graceful stop hands over at once (the lease is revoked).
        self.assertEqual(first.stop(), 0)
        self.assertIs(self.leader(), follower)
        r = self.create("t2")
        self.assertEqual(r.status_code, 200, r.text + c.logs())
        self.assertEqual(rows(c.url, "SELECT count(*) FROM t1")[0][0], 2)
        peers = rows(c.url, "SELECT DISTINCT peer_id FROM information_schema.region_peers "
                            "WHERE table_name = 't2' ORDER BY peer_id")
        self.assertEqual(peers, [[1], [2]])  # placement sees both datanodes via the new leader

        # SIGKILL of the leader: the restarted first metasrv takes over when the lease expires.
        first.start()
        follower.kill()
        self.assertIs(self.leader(timeout=30), first)
        r = self.create("t3")
        self.assertEqual(r.status_code, 200, r.text + c.logs())
        self.assertEqual(sql(c.url, "INSERT INTO t3 VALUES ('b', 3, 3.0)").status_code, 200)
        self.assertEqual(rows(c.url, "SELECT h, v FROM t3"), [["b", 3.0]])
        # DROP TABLE runs as a procedure of the new leader too: regions gone on every datanode.
        self.assertEqual(sql(c.url, "DROP TABLE t1").status_code, 200)
        r = sql(c.url, "SELECT * FROM t1")
        self.assertEqual(r.json()["code"], 4001, r.text)
        self.assertEqual(self.create("t1").status_code, 200)
        self.assertEqual(rows(c.url, "SELECT count(*) FROM t1"), [[0]])
        # TRUNCATE (a procedure too) empties every region.
        self.assertEqual(sql(c.url, "INSERT INTO t3 VALUES ('z', 4, 4.0)").status_code, 200)
        self.assertEqual(sql(c.url, "TRUNCATE TABLE t3").status_code, 200)
        self.assertEqual(rows(c.url, "SELECT count(*) FROM t3"), [[0]])


if __name__ == "__main__":
    unittest.main()
