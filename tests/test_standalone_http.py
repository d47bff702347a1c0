# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Integration: the standalone server's HTTP admin endpoints, limits and graceful shutdown."""
import json
import os
import signal
import socket
import time
import unittest

import requests

from harness import Standalone


class StandaloneHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Standalone(env={"GREPTIMEDB_STANDALONE__HTTP__BODY_LIMIT": "1MB"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def get(self, path, **kw):
        return requests.get(self.server.url + path, timeout=10, **kw)

    def test_health_answers_empty_object(self):
        for path in ("/health", "/ready", "/v1/health"):
            r = self.get(path)
            self.assertEqual(r.status_code, 200, path)
            self.assertEqual(r.text, "{}")
        r = requests.post(self.server.url + "/health", timeout=10)
        self.assertEqual(r.status_code, 200)

    def test_status_has_build_info_in_order(self):
        r = self.get("/status")
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual(list(body.keys()),
                         ["commit", "branch", "rustc_version", "hostname", "version"])
        self.assertRegex(body["version"], r"^\d+\.\d+\.\d+$")
        self.assertEqual(body["hostname"], socket.gethostname())

    def test_metrics_is_prometheus_text(self):
        self.get("/health")
        r = self.get("/metrics?ignored=1")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.headers["Content-Type"].startswith("text/plain"))
        text = r.text
        self.assertIn("# TYPE greptime_app_version gauge", text)
        self.assertIn("# TYPE greptime_servers_http_requests_total counter", text)
        self.assertRegex(text, r'greptime_servers_http_requests_total\{method="GET",'
                               r'path="/health",code="200"\} \d+')
        self.assertIn("greptime_servers_http_requests_elapsed_bucket", text)
        rss = [l for l in text.splitlines() if l.startswith("process_resident_memory_bytes ")]
        self.assertEqual(len(rss), 1)
        self.assertGreater(float(rss[0].split()[1]), 1e6)

    def test_config_shows_effective_toml(self):
        r = self.get("/config")
        self.assertEqual(r.status_code, 200)
        self.assertIn(f"addr = '{self.server.http_addr}'", r.text)
        self.assertIn("body_limit = '1MB'", r.text)  # from the environment
        self.assertIn(f"data_home = '{self.server.data_home}'", r.text)

    def test_unknown_path_is_404_and_wrong_method_405(self):
        r = self.get("/no/such/path")
        self.assertEqual(r.status_code, 404)
        r = requests.put(self.server.url + "/status", timeout=10)
        self.assertEqual(r.status_code, 405)

    def test_oversized_body_is_413_json_and_server_keeps_serving(self):
        r = requests.post(self.server.url + "/health", data=b"x" * (2 << 20), timeout=10)
        self.assertEqual(r.status_code, 413)
        body = r.json()
        self.assertEqual(body["code"], 1004)
        self.assertIn("http.body_limit", body["error"])
        self.assertEqual(r.headers["x-greptime-err-code"], "1004")
        self.assertEqual(self.get("/health").status_code, 200)

    def test_garbage_request_is_400_json_and_server_keeps_serving(self):
        with socket.create_connection(("127.0.0.1", self.server.http_port), timeout=10) as s:
            s.sendall(b"\x16\x03\x01\x02\x00garbage that is not http\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 400"), data)
        self.assertIn(b'"code":1004', data)
        self.assertEqual(self.get("/health").status_code, 200)

    def test_log_level_changes_at_runtime(self):
        r = requests.post(self.server.url + "/debug/log_level", data="debug", timeout=10)
        self.assertEqual(r.status_code, 200)
        r = requests.post(self.server.url + "/debug/log_level", data="chatty", timeout=10)
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["code"], 1004)
        requests.post(self.server.url + "/debug/log_level", data="info", timeout=10)

    def test_data_home_and_log_files_are_created(self):
        logs = os.path.join(self.server.data_home, "logs")
        self.assertTrue(os.path.isdir(logs))
        names = os.listdir(logs)
        self.assertTrue(any(n.startswith("greptimedb.") for n in names), names)
        self.assertTrue(any(n.startswith("greptimedb-err.") for n in names), names)


class GracefulShutdownTest(unittest.TestCase):
    def test_sigterm_finishes_in_flight_request_then_exits_zero(self):
        with Standalone() as server:
            busy = socket.create_connection(("127.0.0.1", server.http_port), timeout=10)
            busy.sendall(b"POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234")
            time.sleep(0.3)
            server.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            self.assertIsNone(server.proc.poll(), "exited before the in-flight request finished")
            busy.sendall(b"56789")
            data = b""
            while True:
                chunk = busy.recv(4096)
                if not chunk:
                    break
                data += chunk
            busy.close()
            self.assertTrue(data.startswith(b"HTTP/1.1 200"), data)
            self.assertIn(b"Connection: close", data)
            self.assertEqual(server.proc.wait(timeout=30), 0)
            self.assertIn("Goodbye!", server.output())
            # The port is released.
            with self.assertRaises(requests.ConnectionError):
                requests.get(server.url + "/health", timeout=2)

    def test_sigint_exits_zero(self):
        with Standalone() as server:
            self.assertEqual(server.stop(signal.SIGINT), 0)
            self.assertIn("Goodbye!", server.output())


if __name__ == "__main__":
    unittest.main()
