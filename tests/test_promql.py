# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The Prometheus HTTP query API over remote-written data (spec/promql.md §2): instant and range
queries as Grafana sends them, metadata endpoints, errors, and metric-engine tables."""
import unittest

import requests

from harness import Standalone
from test_prometheus_write import series
import snappy

API = "/v1/prometheus/api/v1"


class PromqlApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Standalone().start()
        # http_requests_total{job, instance}: counters every 15 s for 10 minutes.
        payload = b""
        for job, instance, slope in (("api", "a:9100", 1.0), ("api", "b:9100", 2.0),
                                     ("web", "c:9100", 3.0)):
            payload += series([("__name__", "http_requests_total"), ("job", job),
                               ("instance", instance)],
                              [(slope * i, i * 15_000) for i in range(41)])
        payload += series([("__name__", "up"), ("job", "api")], [(1.0, i * 15_000)
                                                                  for i in range(41)])
        r = requests.post(cls.server.url + "/v1/prometheus/write", data=snappy.compress(payload),
                          headers={"Content-Encoding": "snappy"}, timeout=30)
        assert r.status_code == 204, r.text

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def get(self, path, **params):
        r = requests.get(self.server.url + API + path, params=params, timeout=30)
        return r.status_code, r.json()

    def test_instant_query(self):
        code, body = self.get("/query", query="http_requests_total{job=\"api\"}", time="600")
        self.assertEqual(code, 200, body)
        self.assertEqual(body["status"], "success")
        data = body["data"]
        self.assertEqual(data["resultType"], "vector")
        got = {r["metric"]["instance"]: r["value"] for r in data["result"]}
        self.assertEqual(got, {"a:9100": [600.0, "40"], "b:9100": [600.0, "80"]})
        self.assertEqual(data["result"][0]["metric"]["__name__"], "http_requests_total")
        code, body = self.get("/query", query="1 + 1", time="5")
        self.assertEqual(body["data"], {"resultType": "scalar", "result": [5.0, "2"]})

    def test_grafana_range_query(self):
        # What Grafana's Prometheus data source sends for a rate panel.
        code, body = self.get("/query_range", query="sum by (job) (rate(http_requests_total[1m]))",
                              start="300", end="600", step="60")
        self.assertEqual(code, 200, body)
        data = body["data"]
        self.assertEqual(data["resultType"], "matrix")
        by_job = {r["metric"]["job"]: r["values"] for r in data["result"]}
        self.assertEqual(sorted(by_job), ["api", "web"])
        self.assertEqual([v[0] for v in by_job["api"]], [300.0, 360.0, 420.0, 480.0, 540.0, 600.0])
        for _, v in by_job["api"]:
            self.assertAlmostEqual(float(v), 3.0 / 15, places=6)  # (1 + 2) per 15 s
        for _, v in by_job["web"]:
            self.assertAlmostEqual(float(v), 3.0 / 15, places=6)

    def test_metadata_endpoints(self):
        code, body = self.get("/labels")
        self.assertEqual(code, 200, body)
        self.assertEqual(body["data"], ["__name__", "instance", "job"])
        code, body = self.get("/label/__name__/values")
        self.assertEqual(body["data"], ["http_requests_total", "up"])
        code, body = self.get("/label/instance/values", **{"match[]": "http_requests_total",
                                                           "start": "0", "end": "600"})
        self.assertEqual(body["data"], ["a:9100", "b:9100", "c:9100"])
        code, body = self.get("/series", **{"match[]": "up", "start": "0", "end": "600"})
        self.assertEqual(body["data"], [{"__name__": "up", "job": "api"}])
        code, body = self.get("/format_query", query="sum(rate(x[5m]))by(job)")
        self.assertEqual(body["data"], "sum by (job) (rate(x[5m]))")
        code, body = self.get("/parse_query", query="http_requests")
        self.assertEqual(body["data"], {"type": "vectorSelector", "name": "http_requests",
                                        "matchers": [], "offset": 0, "startOrEnd": None,
                                        "timestamp": None})
        code, body = self.get("/parse_query", query="sum by (job) (rate(x{a=\"b\"}[5m]))")
        self.assertEqual(body["data"]["type"], "aggregation")
        self.assertEqual(body["data"]["grouping"], ["job"])
        self.assertEqual(body["data"]["expr"]["func"]["name"], "rate")
        self.assertEqual(body["data"]["expr"]["args"][0]["range"], 300000)
        code, body = self.get("/parse_query", query="foo{")
        self.assertEqual((code, body["error"]), (400, "invalid promql query"))
        code, body = self.get("/status/buildinfo")
        self.assertEqual(code, 200)
        self.assertIn("version", body["data"])

    def test_field_matcher_picks_the_value_column(self):
        # In a database of its own, so that the other tests' label lists stay the same.
        requests.post(self.server.url + "/v1/sql", data={"sql": "CREATE DATABASE fields"},
                      timeout=10).raise_for_status()
        r = requests.post(self.server.url + "/v1/influxdb/write?precision=ms&db=fields",
                          data="cpu,host=h1 user=1.5,system=7 1000\ncpu,host=h1 user=2.5,system=8 2000",
                          timeout=10)
        self.assertEqual(r.status_code, 204, r.text)
        for query, value in (('cpu{__field__="user"}', "2.5"), ('cpu{__field__="system"}', "8"),
                             ("cpu", "2.5")):
            code, body = self.get("/query", query=query, time="2", db="fields")
            self.assertEqual(code, 200, body)
            self.assertEqual([x["value"][1] for x in body["data"]["result"]], [value], query)

    def test_v1_promql_and_metadata(self):
        r = requests.get(self.server.url + "/v1/promql",
                         params={"query": 'sum(up{job="api"})', "start": "0", "end": "60",
                                 "step": "30s"}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        records = r.json()["output"][0]["records"]
        self.assertEqual(records["rows"], [[0, 1.0], [30000, 1.0], [60000, 1.0]])
        r = requests.get(self.server.url + "/v1/promql",
                         params={"query": "1", "start": "0", "end": "10", "step": "5s",
                                 "format": "csv"}, timeout=30)
        self.assertEqual(r.text, "0,1.0\r\n5000,1.0\r\n10000,1.0\r\n")
        code, body = self.get("/metadata")
        self.assertEqual(code, 200, body)
        self.assertEqual(sorted(body["data"]), ["http_requests_total", "up"])
        code, body = self.get("/metadata", limit="0")
        self.assertEqual(body["data"], {})

    def test_errors(self):
        code, body = self.get("/query", query="foo{", time="1")
        self.assertEqual(code, 400)
        self.assertEqual(body["status"], "error")
        self.assertEqual(body["errorType"], "InvalidArguments")
        code, body = self.get("/query_range", query="up", start="1")
        self.assertEqual(code, 400)
        code, body = self.get("/query", query="rate(up)", time="1")
        self.assertEqual(code, 400)
        self.assertIn("range vector", body["error"])
        # An unknown metric is an empty result, not an error.
        code, body = self.get("/query", query="nothing_here", time="600")
        self.assertEqual((code, body["data"]["result"]), (200, []))


if __name__ == "__main__":
    unittest.main()
