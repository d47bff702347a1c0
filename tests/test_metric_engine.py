# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The metric engine end to end: SQL on physical and logical tables, Prometheus remote write
into logical tables (the default), 10,000 metrics on one physical region, restarts, bad input."""
import os
import unittest

import requests
import snappy

from harness import Standalone
from test_prometheus_write import series


def post_sql(server, text, db=None):
    params = {"db": db} if db else None
    return requests.post(server.url + "/v1/sql", data={"sql": text}, params=params, timeout=120)


class MetricEngineSqlTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()

    def tearDown(self):
        self.server.cleanup()

    def sql(self, text):
        r = post_sql(self.server, text)
        self.assertEqual(r.status_code, 200, text + " -> " + r.text)
        out = r.json()["output"][0]
        return out["records"]["rows"] if "records" in out else out

    def error(self, text):
        r = post_sql(self.server, text)
        self.assertNotEqual(r.status_code, 200, text + " -> " + r.text)
        return r.json()

    def region_dirs(self):
        """Region directories on disk (a logical table must not add any)."""
        found = []
        for root, dirs, _ in os.walk(os.path.join(self.server.data_home, "data")):
            found += [d for d in dirs if "_" in d and d.split("_")[0].isdigit()]
        return sorted(found)

    def test_physical_and_logical_tables(self):
        self.sql('CREATE TABLE phy (ts TIMESTAMP TIME INDEX, val DOUBLE) ENGINE=metric '
                 'WITH ("physical_metric_table" = "")')
        self.assertEqual(self.sql("DESC TABLE phy"),
                         [["ts", "TimestampMillisecond", "PRI", "NO", "", "TIMESTAMP"],
                          ["val", "Float64", "", "YES", "", "FIELD"]])
        dirs = self.region_dirs()
        self.sql("CREATE TABLE t1 (ts TIMESTAMP TIME INDEX, val DOUBLE, host STRING PRIMARY KEY) "
                 "ENGINE=metric WITH (on_physical_table = 'phy')")
        self.sql("CREATE TABLE t2 (ts TIMESTAMP TIME INDEX, job STRING PRIMARY KEY, val DOUBLE) "
                 "ENGINE=metric WITH (on_physical_table = 'phy')")
        self.assertEqual(self.region_dirs(), dirs, "logical tables must not create regions")
        # Logical tables list their columns by name; the physical one shows the internal columns
        # and the union of the tags.
        self.assertEqual([r[0] for r in self.sql("DESC TABLE t1")], ["host", "ts", "val"])
        self.assertEqual(self.sql("DESC TABLE phy")[2:],
                         [["__table_id", "UInt32", "PRI", "NO", "", "TAG"],
                          ["__tsid", "UInt64", "PRI", "NO", "", "TAG"],
                          ["host", "String", "PRI", "YES", "", "TAG"],
                          ["job", "String", "PRI", "YES", "", "TAG"]])
        create = self.sql("SHOW CREATE TABLE phy")[0][1]
        self.assertIn('PRIMARY KEY ("host", "job")', create)
        self.assertNotIn("__tsid", create)
        self.assertIn("on_physical_table = 'phy'", self.sql("SHOW CREATE TABLE t1")[0][1])

        self.assertEqual(self.sql("INSERT INTO t1 VALUES ('host1', 0, 0), ('host2', 1, 1)"),
                         {"affectedrows": 2})
        self.sql("INSERT INTO t2 VALUES ('job1', 0, 10), ('job2', 1, 11)")
        self.assertEqual(self.sql("SELECT * FROM t1 ORDER BY host"),
                         [["host1", 0, 0.0], ["host2", 1, 1.0]])
        self.assertEqual(self.sql("SELECT job, val FROM t2 ORDER BY job"),
                         [["job1", 10.0], ["job2", 11.0]])
        self.assertEqual(self.sql("SELECT count(*) FROM phy"), [[4]])
        self.assertEqual(self.sql("SELECT host, job, val FROM phy ORDER BY val"),
                         [["host1", None, 0.0], ["host2", None, 1.0], [None, "job1", 10.0],
                          [None, "job2", 11.0]])
        # A new tag on a logical table reaches the physical table.
        self.sql("ALTER TABLE t1 ADD COLUMN k STRING PRIMARY KEY")
        self.assertEqual([r[0] for r in self.sql("DESC TABLE t1")], ["host", "k", "ts", "val"])
        self.assertEqual(self.sql("DESC TABLE phy")[-1][0], "k")
        self.sql("INSERT INTO t1 (host, k, ts, val) VALUES ('host3', 'x', 5, 5)")
        self.assertEqual(self.sql("SELECT host, k, val FROM t1 WHERE k = 'x'"),
                         [["host3", "x", 5.0]])

        # Bad input: nothing is created or written.
        err = self.error("CREATE TABLE t3 (ts TIMESTAMP TIME INDEX, val STRING, host STRING "
                         "PRIMARY KEY) ENGINE=metric WITH (on_physical_table = 'phy')")
        self.assertIn("Column type mismatch", err["error"])
        err = self.error("CREATE TABLE t4 (ts TIMESTAMP TIME INDEX, val DOUBLE, host DOUBLE, "
                         "PRIMARY KEY (host)) ENGINE=metric WITH (on_physical_table = 'phy')")
        self.assertIn("Column type mismatch", err["error"])
        err = self.error("CREATE TABLE t5 (ts TIMESTAMP TIME INDEX, val DOUBLE) ENGINE=metric "
                         "WITH (on_physical_table = 'missing')")
        self.assertIn("missing", err["error"])
        err = self.error("CREATE TABLE t6 (ts TIMESTAMP(6) TIME INDEX, val DOUBLE) ENGINE=metric "
                         "WITH (on_physical_table = 'phy')")
        self.assertIn("time unit", err["error"])
        err = self.error("INSERT INTO phy (ts, val) VALUES (1, 1)")
        self.assertIn("physical region is forbidden", err["error"])
        self.assertEqual(self.sql("SHOW TABLES"), [["numbers"], ["phy"], ["t1"], ["t2"]])
        err = self.error("DROP TABLE phy")
        self.assertIn("still some logical regions", err["error"])
        self.assertEqual(self.sql("SELECT count(*) FROM t2"), [[2]])

        # Everything survives a restart (kill -9: the WAL holds the rows).
        self.server.stop(9)
        self.server.start()
        self.assertEqual(self.sql("SELECT * FROM t1 WHERE k IS NULL ORDER BY host"),
                         [["host1", None, 0, 0.0], ["host2", None, 1, 1.0]])
        self.assertEqual(self.sql("SELECT job, val FROM t2 ORDER BY job"),
                         [["job1", 10.0], ["job2", 11.0]])
        self.sql("ADMIN flush_table('phy')")
        self.server.stop()
        self.server.start()
        self.assertEqual(self.sql("SELECT count(*) FROM phy"), [[5]])

        # Truncate and drop per logical table.
        self.sql("TRUNCATE TABLE t1")
        self.assertEqual(self.sql("SELECT count(*) FROM t1"), [[0]])
        self.assertEqual(self.sql("SELECT count(*) FROM t2"), [[2]])
        self.sql("DROP TABLE t1")
        self.sql("DROP TABLE t2")
        self.sql("DROP TABLE phy")
        self.assertEqual(self.sql("SHOW TABLES"), [["numbers"]])


class MetricEngineRemoteWriteTest(unittest.TestCase):
    def tearDown(self):
        self.server.cleanup()

    def post(self, payload, params=None):
        return requests.post(self.server.url + "/v1/prometheus/write", params=params,
                             data=snappy.compress(payload),
                             headers={"Content-Encoding": "snappy",
                                      "Content-Type": "application/x-protobuf"}, timeout=300)

    def sql(self, text):
        r = post_sql(self.server, text)
        self.assertEqual(r.status_code, 200, text + " -> " + r.text)
        return r.json()["output"][0]["records"]["rows"]

    def test_ten_thousand_metrics(self):
        self.server = Standalone().start()
        metrics, per_metric, samples = 10000, 5, 2
        for chunk in range(0, metrics, 1000):
            payload = b"".join(
                series([("__name__", f"metric_{m}"), ("instance", f"host_{s}"), ("job", "node")],
                       [(float(m * 10 + s), 1000 * (t + 1)) for t in range(samples)])
                for m in range(chunk, chunk + 1000) for s in range(per_metric))
            r = self.post(payload)
            self.assertEqual(r.status_code, 204, r.text)
        total = metrics * per_metric * samples

        def check():
            self.assertEqual(self.sql("SELECT count(*) FROM information_schema.tables WHERE "
                                      "table_schema = 'public' AND engine = 'metric'"),
                             [[metrics + 1]])
            self.assertEqual(self.sql("SELECT count(*) FROM greptime_physical_table"), [[total]])
            for m in (0, 4321, metrics - 1):
                self.assertEqual(
                    self.sql(f"SELECT instance, job, greptime_value, greptime_timestamp FROM "
                             f"metric_{m} WHERE greptime_timestamp = 2000 ORDER BY instance"),
                    [[f"host_{s}", "node", float(m * 10 + s), 2000] for s in range(per_metric)])
            self.assertEqual([r[0] for r in self.sql("DESC TABLE metric_7")],
                             ["greptime_timestamp", "greptime_value", "instance", "job"])
            # And PromQL over the logical tables.
            for m in (1, 5678, metrics - 2):
                r = requests.get(self.server.url + "/v1/prometheus/api/v1/query",
                                 params={"query": f'metric_{m}{{job="node"}}', "time": "2"},
                                 timeout=60)
                self.assertEqual(r.status_code, 200, r.text)
                got = sorted((x["metric"]["instance"], x["value"][1])
                             for x in r.json()["data"]["result"])
                self.assertEqual(got, [(f"host_{s}", f"{m * 10 + s}") for s in range(per_metric)])
            # A selector without a metric name reads all 10,000 tables (one physical scan).
            r = requests.get(self.server.url + "/v1/prometheus/api/v1/query",
                             params={"query": 'count(count by (__name__) ({job="node"}))',
                                     "time": "2"}, timeout=300)
            self.assertEqual(r.status_code, 200, r.text)
            self.assertEqual(r.json()["data"]["result"][0]["value"][1], str(metrics))

        check()
        # One physical table holds the rows: two regions (data + metadata) on disk, not 10,000.
        region_dirs = [d for root, dirs, _ in os.walk(os.path.join(self.server.data_home, "data"))
                       for d in dirs if d in ("data", "metadata")]
        self.assertEqual(sorted(region_dirs), ["data", "metadata"])
        self.server.stop(9)
        self.server.start(timeout=120)
        check()

    def test_physical_table_choice_and_bad_input(self):
        self.server = Standalone().start()
        payload = (series([("__name__", "up"), ("job", "a")], [(1.0, 1000)]) +
                   series([("__name__", "cpu"), ("x_greptime_physical_table", "other"),
                           ("core", "0")], [(2.0, 1000)]))
        self.assertEqual(self.post(payload, {"physical_table": "mine"}).status_code, 204)
        self.assertIn("on_physical_table = 'mine'",
                      self.sql("SHOW CREATE TABLE up")[0][1])
        self.assertIn("on_physical_table = 'other'",
                      self.sql("SHOW CREATE TABLE cpu")[0][1])
        self.assertEqual(self.sql("SELECT core, greptime_value FROM cpu"), [["0", 2.0]])
        # An invalid label name: 400 and nothing written.
        r = self.post(series([("__name__", "up"), ("job", "b")], [(5.0, 2000)]) +
                      series([("__name__", "up"), ("bad-label", "x")], [(6.0, 2000)]))
        self.assertEqual(r.status_code, 400)
        self.assertIn("Invalid label name", r.json()["error"])
        self.assertEqual(self.sql("SELECT count(*) FROM up"), [[1]])

    def test_metric_engine_off(self):
        self.server = Standalone(config="[prom_store]\nwith_metric_engine = false\n").start()
        self.assertEqual(self.post(series([("__name__", "up"), ("job", "a")],
                                          [(1.0, 1000)])).status_code, 204)
        self.assertEqual(self.sql("SELECT engine FROM information_schema.tables "
                                  "WHERE table_name = 'up'"), [["mito"]])
        self.assertEqual(self.sql("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_name = 'greptime_physical_table'"), [[0]])


if __name__ == "__main__":
    unittest.main()
