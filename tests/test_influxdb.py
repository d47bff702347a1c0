# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""InfluxDB line protocol over HTTP against the real binary (spec/ingestion.md §2)."""
import gzip
import threading
import unittest

import requests

from harness import Standalone

EXAMPLE = (
    "monitor,host=127.0.0.1,region=us cpu=0.1,memory=0.4,procs=3i 1667446797450\n"
    "monitor,host=127.0.0.2,region=us cpu=0.2,memory=0.3,online=true 1667446798450\n"
    'monitor,host=127.0.0.1,region=us cpu=0.5,memory=0.2,status="ok" 1667446798450\n')


class InfluxdbTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()
        self.url = self.server.url

    def tearDown(self):
        self.server.cleanup()

    def write(self, body, params=None, headers=None, path="/v1/influxdb/write"):
        return requests.post(self.url + path, params=params or {}, data=body,
                             headers=headers or {}, timeout=30)

    def rows(self, sql, db=None):
        params = {"sql": sql}
        if db:
            params["db"] = db
        r = requests.get(self.url + "/v1/sql", params=params, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        return r.json()["output"][0]["records"]["rows"]

    def test_spec_example_schema_and_rows(self):
        r = self.write(EXAMPLE, {"db": "public", "precision": "ms"})
        self.assertEqual(r.status_code, 204, r.text)
        self.assertEqual(r.text, "")
        desc = self.rows("DESC TABLE monitor")
        self.assertEqual([row[0] for row in desc],
                         ["host", "region", "cpu", "memory", "procs", "greptime_timestamp",
                          "online", "status"])
        self.assertEqual(desc[0], ["host", "String", "PRI", "YES", "", "TAG"])
        self.assertEqual(desc[5], ["greptime_timestamp", "TimestampNanosecond", "PRI", "NO", "",
                                   "TIMESTAMP"])
        self.assertEqual(self.rows("select * from monitor order by greptime_timestamp, host"), [
            ["127.0.0.1", "us", 0.1, 0.4, 3, 1667446797450000000, None, None],
            ["127.0.0.1", "us", 0.5, 0.2, None, 1667446798450000000, None, "ok"],
            ["127.0.0.2", "us", 0.2, 0.3, None, 1667446798450000000, True, None]])
        # last_non_null: a later partial write keeps the other fields.
        self.assertEqual(self.write("monitor,host=127.0.0.1,region=us cpu=0.9 1667446797450",
                                    {"precision": "ms"}).status_code, 204)
        self.assertEqual(self.rows("select cpu, memory, procs from monitor where "
                                   "greptime_timestamp = 1667446797450000000"), [[0.9, 0.4, 3]])
        # A new field is appended as a column.
        self.assertEqual(self.write("monitor,host=127.0.0.3,region=eu cpu=0.3,disk=12.5 "
                                    "1667446799450", {"precision": "ms"}).status_code, 204)
        self.assertEqual(self.rows("DESC TABLE monitor")[-1][0], "disk")
        # Type conflict with the table: rejected whole.
        r = self.write("monitor,host=127.0.0.1,region=us procs=1.5 1667446799450",
                       {"precision": "ms"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("procs", r.json()["error"])
        # In-request conflict and parse errors: nothing written.
        r = self.write("monitor,host=a cpu=1 1\nmonitor,host=b cpu=1i 2")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["error"],
                         "Column: cpu, datatype incompatible, expected: 10, actual: 4")
        r = self.write("monitor,host=zz cpu=0.1 1\nmonitor host=b")
        self.assertEqual(r.status_code, 400)
        self.assertIn("line 2", r.json()["error"])
        self.assertEqual(self.rows("select count(*) from monitor where host = 'zz'"), [[0]])
        r = self.write("m v=1", {"precision": "xyz"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("Failed to convert time precision, name: xyz", r.json()["error"])

    def test_v2_bucket_gzip_ping_health(self):
        requests.post(self.url + "/v1/sql", data={"sql": "CREATE DATABASE b1"}, timeout=10)
        body = gzip.compress(b"cpu,host=h1 usage=1.5 1000000000\ncpu,host=h2 usage=2.5 2000000000")
        r = self.write(body, {"bucket": "b1", "org": "x", "precision": "ns"},
                       {"Content-Encoding": "gzip"}, "/v1/influxdb/api/v2/write")
        self.assertEqual(r.status_code, 204, r.text)
        self.assertEqual(self.rows("select host, usage from cpu order by host", db="b1"),
                         [["h1", 1.5], ["h2", 2.5]])
        self.assertEqual(requests.get(self.url + "/v1/influxdb/ping", timeout=5).status_code, 204)
        self.assertEqual(requests.get(self.url + "/v1/influxdb/health", timeout=5).status_code, 200)
        r = self.write("cpu v=1", {"db": "nope"})
        self.assertEqual(r.status_code, 400)

    def test_python_influxdb_client(self):
        from influxdb import InfluxDBClient
        client = InfluxDBClient(host="127.0.0.1", port=self.server.http_port, database="public",
                                path="v1/influxdb")
        points = [{"measurement": "weather", "tags": {"city": "Paris"},
                   "time": 1700000000000000000, "fields": {"temp": 11.5, "humidity": 80}},
                  {"measurement": "weather", "tags": {"city": "Oslo"},
                   "time": 1700000001000000000, "fields": {"temp": -3.25, "humidity": 65}}]
        self.assertTrue(client.write_points(points, time_precision="n"))
        self.assertEqual(self.rows("SELECT city, temp, humidity FROM weather ORDER BY city"),
                         [["Oslo", -3.25, 65], ["Paris", 11.5, 80]])
        client.write_points([{"measurement": "weather", "tags": {"city": "Rome"},
                              "time": 1700000002, "fields": {"temp": 20.0, "humidity": 50}}],
                            time_precision="s")
        self.assertEqual(self.rows("SELECT greptime_timestamp FROM weather WHERE city = 'Rome'"),
                         [[1700000002000000000]])

    def test_hints(self):
        r = self.write("hinted,host=a v=1\nhinted,host=a v=2",
                       headers={"x-greptime-hints": "ttl=7d, append_mode=true"})
        self.assertEqual(r.status_code, 204, r.text)
        create = self.rows("SHOW CREATE TABLE hinted")[0][1]
        self.assertIn("ttl = '7days'", create)
        self.assertIn("append_mode = 'true'", create)
        # Append mode keeps both rows of the same key and time.
        self.assertEqual(self.rows("SELECT count(*) FROM hinted"), [[2]])
        r = self.write("nocreate v=1 1", headers={"x-greptime-hint-auto_create_table": "false"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("auto_create_table", r.json()["error"])
        r = self.write("nocreate v=1 1", headers={"x-greptime-hints": "auto_create_table=maybe"})
        self.assertEqual(r.status_code, 400)

    def test_concurrent_first_writes_create_table_once(self):
        errors = []

        def worker(i):
            lines = "\n".join(f"fresh,host=h{i} v={j} {j + 1}" for j in range(50))
            r = self.write(lines)
            if r.status_code != 204:
                errors.append(r.text)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(self.rows("select count(*) from fresh"), [[400]])
        tables = self.rows("select table_name from information_schema.tables "
                           "where table_name = 'fresh'")
        self.assertEqual(tables, [["fresh"]])


if __name__ == "__main__":
    unittest.main()
