# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Authentication on the HTTP API with the static user provider (spec/http-api.md §2.4,
spec/cli-and-config.md §3): credentials, error codes, permissions, bad provider specs."""
import base64
import os
import tempfile
import unittest

import requests

from harness import Standalone


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


class HttpAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.users_file = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
        cls.users_file.write("# users\ngreptime_user=greptime_pwd\nreader:ro=rpw\n"
                             "writer:wo=plain:wpw\n")
        cls.users_file.close()
        cls.server = Standalone(extra_args=[
            "--user-provider", f"static_user_provider:file:{cls.users_file.name}"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        os.unlink(cls.users_file.name)

    def sql(self, text, headers=None):
        return requests.post(self.server.url + "/v1/sql", data={"sql": text},
                             headers=headers or {}, timeout=30)

    def test_sql_needs_credentials(self):
        r = self.sql("SELECT 1")
        self.assertEqual(r.status_code, 401)
        self.assertEqual(r.json()["code"], 7003)
        self.assertEqual(r.json()["error"], "Not found http or grpc authorization header")
        r = self.sql("SELECT 1", basic("greptime_user", "greptime_pwd"))
        self.assertEqual(r.status_code, 200, r.text)
        r = self.sql("SELECT 1", basic("greptime_user", "nope"))
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7002))
        self.assertEqual(r.json()["error"],
                         "Username and password does not match, username: greptime_user")
        r = self.sql("SELECT 1", basic("bob", "x"))
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7000))
        r = self.sql("SELECT 1", {"Authorization": "Basic !!!"})
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7004))
        r = self.sql("SELECT 1", {"Authorization": "Digest abc"})
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7004))
        # The same credentials in x-greptime-auth.
        r = self.sql("SELECT 1", {"x-greptime-auth": basic("greptime_user", "greptime_pwd")[
            "Authorization"]})
        self.assertEqual(r.status_code, 200, r.text)

    def test_public_paths_stay_open(self):
        for path in ("/health", "/metrics", "/v1/health", "/v1/influxdb/ping"):
            r = requests.get(self.server.url + path, timeout=10)
            self.assertIn(r.status_code, (200, 204), path)

    def test_influxdb_credentials(self):
        url = self.server.url + "/v1/influxdb/write"
        line = "auth_m,host=a v=1 1000"
        r = requests.post(url, data=line, timeout=10)
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7003))
        self.assertEqual(r.json()["error"], "Not found influx http authorization info")
        r = requests.post(url, params={"u": "greptime_user"}, data=line, timeout=10)
        self.assertEqual((r.status_code, r.json()["code"]), (401, 1004))
        r = requests.post(url, params={"u": "greptime_user", "p": "bad"}, data=line, timeout=10)
        self.assertEqual((r.status_code, r.json()["code"]), (401, 7002))
        r = requests.post(url, params={"u": "greptime_user", "p": "greptime_pwd"}, data=line,
                          timeout=10)
        self.assertEqual(r.status_code, 204, r.text)
        r = requests.post(url, headers={"Authorization": "Token greptime_user:greptime_pwd"},
                          data="auth_m,host=b v=2 2000", timeout=10)
        self.assertEqual(r.status_code, 204, r.text)
        rows = self.sql("SELECT host, v FROM auth_m ORDER BY host",
                        basic("greptime_user", "greptime_pwd")).json()
        self.assertEqual(rows["output"][0]["records"]["rows"], [["a", 1.0], ["b", 2.0]])

    def test_permissions(self):
        reader, writer = basic("reader", "rpw"), basic("writer", "wpw")
        self.assertEqual(self.sql("CREATE TABLE perm_t (ts TIMESTAMP TIME INDEX, v DOUBLE)",
                                  basic("greptime_user", "greptime_pwd")).status_code, 200)
        r = self.sql("INSERT INTO perm_t VALUES (1, 1)", reader)
        self.assertEqual((r.status_code, r.json()["code"]), (403, 7006))
        self.assertEqual(self.sql("SELECT count(*) FROM perm_t", reader).status_code, 200)
        self.assertEqual(self.sql("INSERT INTO perm_t VALUES (2, 2)", writer).status_code, 200)
        r = self.sql("SELECT count(*) FROM perm_t", writer)
        self.assertEqual((r.status_code, r.json()["code"]), (403, 7006))
        r = requests.post(self.server.url + "/v1/influxdb/write", data="perm_m v=1 1",
                          headers={"Authorization": "Token reader:rpw"}, timeout=10)
        self.assertEqual(r.status_code, 403, r.text)


class UserProviderConfigTest(unittest.TestCase):
    def test_bad_specs_fail_start_up(self):
        for spec in ("nocolon", "static_user_provider:ldap:x",
                     "static_user_provider:file:/no/such/file"):
            server = Standalone(extra_args=["--user-provider", spec])
            try:
                with self.assertRaises(RuntimeError) as cm:
                    server.start(timeout=15)
                self.assertIn("Invalid config value", str(cm.exception))
            finally:
                server.cleanup()


if __name__ == "__main__":
    unittest.main()
