# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Prometheus remote write (snappy + protobuf WriteRequest) against the real binary."""
import struct
import unittest

import requests
import snappy

from harness import Standalone


def _varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _field(num, payload):
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def series(labels, samples):
    body = b""
    for k, v in labels:
        body += _field(1, _field(1, k.encode()) + _field(2, v.encode()))
    for value, ts in samples:
        body += _field(2, _varint(1 << 3 | 1) + struct.pack("<d", value) + _varint(2 << 3) +
                       _varint(ts))
    return _field(1, body)


def read_request(start, end, matchers):
    """matchers: (type, name, value) with type 0 EQ, 1 NEQ, 2 RE, 3 NRE."""
    q = _varint(1 << 3) + _varint(start) + _varint(2 << 3) + _varint(end)
    for t, n, v in matchers:
        q += _field(3, _varint(1 << 3) + _varint(t) + _field(2, n.encode()) + _field(3, v.encode()))
    return _field(1, q)


def _read_varint(b, i):
    shift = v = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return v, i


def _fields(b):
    i = 0
    while i < len(b):
        key, i = _read_varint(b, i)
        f, w = key >> 3, key & 7
        if w == 2:
            n, i = _read_varint(b, i)
            yield f, b[i:i + n]
            i += n
        elif w == 1:
            yield f, b[i:i + 8]
            i += 8
        else:
            v, i = _read_varint(b, i)
            yield f, v


def decode_read_response(b):
    """[[(labels dict, [(ts, value)...]) per series] per query]"""
    results = []
    for f, qr in _fields(b):
        series = []
        for _, ts in _fields(qr):
            labels, samples = {}, []
            for tf, tv in _fields(ts):
                if tf == 1:
                    kv = dict(_fields(tv))
                    labels[kv[1].decode()] = kv[2].decode()
                elif tf == 2:
                    sv = dict(_fields(tv))
                    samples.append((sv.get(2, 0), struct.unpack("<d", sv[1])[0]))
            series.append((labels, samples))
        results.append(series)
    return results


class PrometheusWriteTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()

    def tearDown(self):
        self.server.cleanup()

    def post(self, payload, headers=None):
        h = {"Content-Encoding": "snappy", "Content-Type": "application/x-protobuf",
             "X-Prometheus-Remote-Write-Version": "0.1.0"}
        h.update(headers or {})
        return requests.post(self.server.url + "/v1/prometheus/write",
                             data=snappy.compress(payload), headers=h, timeout=30)

    def sql(self, text):
        r = requests.post(self.server.url + "/v1/sql", data={"sql": text}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        return r.json()["output"][0]["records"]["rows"]

    def test_write_and_query(self):
        payload = (series([("__name__", "http_requests_total"), ("job", "api"), ("code", "200")],
                          [(10.0, 1000), (12.0, 2000)]) +
                   series([("__name__", "http_requests_total"), ("job", "web")], [(3.5, 1000)]))
        r = self.post(payload)
        self.assertEqual(r.status_code, 204, r.text)
        rows = self.sql("SELECT job, code, greptime_value, greptime_timestamp FROM "
                        "http_requests_total ORDER BY job, greptime_timestamp")
        self.assertEqual(rows, [["api", "200", 10.0, 1000], ["api", "200", 12.0, 2000],
                                ["web", None, 3.5, 1000]])
        # A new label adds a tag column.
        self.assertEqual(self.post(series([("__name__", "http_requests_total"), ("job", "api"),
                                           ("region", "eu")], [(1.0, 3000)])).status_code, 204)
        desc = self.sql("DESC TABLE http_requests_total")
        self.assertEqual(desc[-1][0], "region")
        self.assertEqual(desc[-1][5], "TAG")

    def test_remote_read(self):
        payload = (series([("__name__", "temp"), ("room", "a"), ("floor", "1")],
                          [(20.5, 1000), (21.0, 2000), (22.0, 9000)]) +
                   series([("__name__", "temp"), ("room", "b")], [(18.0, 1500)]))
        self.assertEqual(self.post(payload).status_code, 204)
        body = read_request(0, 5000, [(0, "__name__", "temp")]) + \
            read_request(0, 5000, [(0, "__name__", "temp"), (2, "room", "a|c")]) + \
            read_request(0, 5000, [(0, "__name__", "temp"), (1, "floor", "1")])
        r = requests.post(self.server.url + "/v1/prometheus/read", data=snappy.compress(body),
                          headers={"Content-Encoding": "snappy"}, timeout=10)
        self.assertEqual(r.status_code, 200, r.text)
        results = decode_read_response(snappy.uncompress(r.content))
        self.assertEqual(len(results), 3)
        self.assertEqual(results[0], [({"__name__": "temp", "room": "b"}, [(1500, 18.0)]),
                                      ({"__name__": "temp", "floor": "1", "room": "a"},
                                       [(1000, 20.5), (2000, 21.0)])])
        self.assertEqual([s[0]["room"] for s in results[1]], ["a"])
        self.assertEqual([s[0]["room"] for s in results[2]], ["b"])
        r = requests.post(self.server.url + "/v1/prometheus/read",
                          data=snappy.compress(read_request(0, 1, [(1, "__name__", "x")])),
                          timeout=10)
        self.assertEqual(r.status_code, 400)
        self.assertIn("__name__", r.json()["error"])

    def test_errors(self):
        r = requests.post(self.server.url + "/v1/prometheus/write", data=b"x", timeout=10)
        self.assertEqual(r.status_code, 400)
        r = self.post(series([("__name__", "m"), ("bad-name", "x")], [(1.0, 1)]))
        self.assertEqual(r.status_code, 400)
        self.assertIn("Invalid label name", r.json()["error"])
        r = requests.post(self.server.url + "/v1/prometheus/write", data=b"garbage",
                          headers={"Content-Encoding": "snappy"}, timeout=10)
        self.assertEqual(r.status_code, 400)
        r = self.post(b"", {"Content-Type": "text/plain"})
        self.assertEqual(r.status_code, 415)
        r = requests.post(self.server.url + "/v1/prometheus/write?get_vm_proto_version=1",
                          timeout=10)
        self.assertEqual(r.text, "1")


class OpentsdbTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()

    def tearDown(self):
        self.server.cleanup()

    def test_put_and_query(self):
        url = self.server.url + "/v1/opentsdb/api/put"
        body = ('[{"metric":"sys.cpu.nice","timestamp":1667898896,"value":1,'
                '"tags":{"host":"web02","dc":"hz"}},'
                '{"metric":"sys.cpu.nice","timestamp":1667898897,"value":9,'
                '"tags":{"host":"web03","dc":"sh"}}]')
        r = requests.post(url, data=body, timeout=10)
        self.assertEqual(r.status_code, 204, r.text)
        r = requests.post(self.server.url + "/v1/sql", data={
            "sql": 'SELECT host, dc, greptime_value, greptime_timestamp FROM "sys.cpu.nice" '
                   'ORDER BY host'}, timeout=10)
        self.assertEqual(r.json()["output"][0]["records"]["rows"],
                         [["web02", "hz", 1.0, 1667898896000], ["web03", "sh", 9.0, 1667898897000]])
        r = requests.post(url, data="{", timeout=10)
        self.assertEqual(r.status_code, 400)
        self.assertIn("Invalid OpenTSDB Json request", r.json()["error"])


class OtlpMetricsTest(unittest.TestCase):
    """An OTLP body produced by the real OpenTelemetry JS exporter (tests/fixtures/otlp)."""

    def setUp(self):
        self.server = Standalone().start()

    def tearDown(self):
        self.server.cleanup()

    def test_fixture_lands_as_documented(self):
        import os
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "otlp",
                            "metrics.pb")
        with open(path, "rb") as f:
            body = f.read()
        r = requests.post(self.server.url + "/v1/otlp/v1/metrics", data=body,
                          headers={"Content-Type": "application/x-protobuf"}, timeout=10)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.content, b"")
        rows = requests.post(self.server.url + "/v1/sql", data={
            "sql": "SELECT job, instance, http_method, http_status_code, greptime_value "
                   "FROM http_server_requests_total ORDER BY http_method"}, timeout=10)
        self.assertEqual(rows.json()["output"][0]["records"]["rows"],
                         [["checkout", "pod-1", "GET", "200", 3.0],
                          ["checkout", "pod-1", "POST", "500", 1.0]])
        rows = requests.post(self.server.url + "/v1/sql", data={
            "sql": "SELECT le, greptime_value FROM http_server_duration_milliseconds_bucket "
                   "ORDER BY greptime_value"}, timeout=10)
        self.assertEqual(rows.json()["output"][0]["records"]["rows"],
                         [["10", 1.0], ["100", 3.0], ["1000", 4.0], ["inf", 5.0]])
        r = requests.post(self.server.url + "/v1/otlp/v1/metrics", data=b"{}",
                          headers={"Content-Type": "application/json"}, timeout=10)
        self.assertEqual(r.status_code, 400)


if __name__ == "__main__":
    unittest.main()
