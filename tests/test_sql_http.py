# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""/v1/sql end to end against the real binary: DDL, writes, queries, output formats, errors,
restart and kill -9 durability of acknowledged INSERTs."""
import signal
import unittest

import requests

from harness import Standalone


def sql(server, text, db=None, fmt=None, headers=None):
    params = {}
    if db:
        params["db"] = db
    if fmt:
        params["format"] = fmt
    return requests.post(server.url + "/v1/sql", params=params, data={"sql": text},
                         headers=headers or {}, timeout=30)


class SqlHttpTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()

    def tearDown(self):
        self.server.cleanup()

    def ok(self, text, **kw):
        r = sql(self.server, text, **kw)
        self.assertEqual(r.status_code, 200, r.text)
        return r.json()

    def test_create_insert_select_json_shape(self):
        self.ok("CREATE TABLE monitor (host STRING, ts TIMESTAMP TIME INDEX, cpu DOUBLE, "
                "memory DOUBLE, PRIMARY KEY(host))")
        body = self.ok("INSERT INTO monitor VALUES ('h1', 1667446797450, 0.1, 0.4), "
                       "('h2', 1667446798450, 0.2, 0.5)")
        self.assertEqual(body["output"], [{"affectedrows": 2}])
        self.assertIn("execution_time_ms", body)
        body = self.ok("SELECT host, cpu, ts FROM monitor ORDER BY ts")
        records = body["output"][0]["records"]
        self.assertEqual(records["schema"]["column_schemas"],
                         [{"name": "host", "data_type": "String"},
                          {"name": "cpu", "data_type": "Float64"},
                          {"name": "ts", "data_type": "TimestampMillisecond"}])
        self.assertEqual(records["rows"], [["h1", 0.1, 1667446797450], ["h2", 0.2, 1667446798450]])
        self.assertEqual(records["total_rows"], 2)
        # Two statements, two outputs.
        body = self.ok("SELECT count(*) FROM monitor; SELECT max(cpu) FROM monitor")
        self.assertEqual(len(body["output"]), 2)
        self.assertEqual(body["output"][0]["records"]["rows"], [[2]])
        self.assertEqual(body["output"][1]["records"]["rows"], [[0.2]])
        # GET works too.
        r = requests.get(self.server.url + "/v1/sql",
                         params={"sql": "SELECT host FROM monitor WHERE host = 'h2'"}, timeout=10)
        self.assertEqual(r.json()["output"][0]["records"]["rows"], [["h2"]])

    def test_csv_format_and_databases(self):
        self.ok("CREATE DATABASE mydb")
        self.ok("CREATE TABLE t (ts TIMESTAMP TIME INDEX, s STRING)", db="mydb")
        self.ok("INSERT INTO t VALUES (0, 'host, \"name')", db="mydb")
        r = sql(self.server, "SELECT s, ts FROM t", db="mydb", fmt="csv")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.text, '"host, ""name",0\r\n')
        # The table lives only in mydb.
        r = sql(self.server, "SELECT * FROM t")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["code"], 4001)

    def test_errors(self):
        r = requests.post(self.server.url + "/v1/sql", data={}, timeout=10)
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["code"], 1004)
        self.assertEqual(r.json()["error"], "sql parameter is required.")
        r = sql(self.server, "SELECT 1", db="notfound")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["code"], 4004)
        r = sql(self.server, "SELEC 1")
        self.assertEqual(r.json()["code"], 1001)  # as GreptimeDB: unknown statement keyword
        r = sql(self.server, "SELECT 1 +")
        self.assertEqual(r.json()["code"], 2000)
        # TQL over a metric that does not exist: an empty result, not an error (spec/promql.md).
        r = sql(self.server, "TQL EVAL (0, 10, '5s') up")
        self.assertEqual(r.status_code, 200, r.text)
        records = r.json()["output"][0]["records"]
        self.assertEqual([c["name"] for c in records["schema"]["column_schemas"]],
                         ["time", "value"])
        self.assertEqual(records["rows"], [])
        r = sql(self.server, "TQL EVAL (0, 10, '5s') {__name__=~\"u.*\"}")
        self.assertEqual(r.json()["code"], 1004)
        r = sql(self.server, "TQL EXPLAIN sum by (job) (rate(up[5m]))")
        self.assertEqual(r.status_code, 200, r.text)
        rows = r.json()["output"][0]["records"]["rows"]
        self.assertEqual([row[0] for row in rows], ["logical_plan", "physical_plan"])
        self.assertIn("sum by (job) (rate(up[5m]))", rows[0][1])
        r = requests.post(self.server.url + "/v1/sql", data="sql=select 1",
                          headers={"Content-Type": "text/plain"}, timeout=10)
        self.assertEqual(r.status_code, 415)

    def test_acknowledged_rows_survive_restart_and_kill(self):
        self.ok("CREATE TABLE d (h STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v BIGINT)")
        for i in range(20):
            self.ok(f"INSERT INTO d VALUES ('h{i % 3}', {i}, {i})")
        self.server.stop(signal.SIGKILL)
        self.server.start()
        body = self.ok("SELECT count(*), sum(v) FROM d")
        self.assertEqual(body["output"][0]["records"]["rows"], [[20, 190]])
        self.ok("ADMIN flush_table('d')")
        self.server.stop()
        self.server.start()
        body = self.ok("SELECT h, count(*) FROM d GROUP BY h ORDER BY h")
        self.assertEqual(body["output"][0]["records"]["rows"], [["h0", 7], ["h1", 7], ["h2", 6]])


if __name__ == "__main__":
    unittest.main()
