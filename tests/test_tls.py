# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""TLS on the MySQL and PostgreSQL servers (`[mysql.tls]`, `[postgres.tls]`,
spec/wire-protocols.md "TLS") with real clients: `mysql` (MariaDB) with --ssl, pymysql with a
CA file, `psql` with sslmode=require / verify-full, and psycopg2. The certificate is made by the
`openssl` program for 127.0.0.1 and localhost, so verify-full checks that the server really
serves it; `watch = true` reloads a renewed certificate for new connections."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import psycopg2
import pymysql

from harness import Standalone

MYSQL_CLI = shutil.which("mysql")
PSQL = shutil.which("psql")
USERS = "static_user_provider:cmd:alice=secret"


def make_certificate(directory, name, common_name):
    cert = os.path.join(directory, f"{name}.crt")
    key = os.path.join(directory, f"{name}.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj",
                    f"/CN={common_name}", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def tls_config(mode, cert, key, watch=False):
    return "".join(f"""
[{section}.tls]
mode = "{mode}"
cert_path = "{cert}"
key_path = "{key}"
watch = {str(watch).lower()}
""" for section in ("mysql", "postgres"))


def psql(port, sql, sslmode, rootcert=None, password="secret"):
    env = dict(os.environ, PGPASSWORD=password, PGSSLMODE=sslmode)
    env.pop("PGSSLROOTCERT", None)
    if rootcert:
        env["PGSSLROOTCERT"] = rootcert
    args = [PSQL, "-h", "127.0.0.1", "-p", str(port), "-U", "alice", "-d", "public", "-X", "-A",
            "-t", "-w", "-c", sql]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)


def mysql_cli(port, sql, ssl):
    args = [MYSQL_CLI, "-h127.0.0.1", f"-P{port}", "-ualice", "-psecret", "--batch",
            "--ssl" if ssl else "--skip-ssl", "-e", sql]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


class TlsRequiredTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="greptime_tls_")
        cls.cert, cls.key = make_certificate(cls.dir, "server", "first")
        cls.server = Standalone(extra_args=["--user-provider", USERS],
                                config=tls_config("require", cls.cert, cls.key, watch=True))
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_psql_over_tls_and_plaintext_refused(self):
        port = self.server.postgres_port
        r = psql(port, "CREATE TABLE IF NOT EXISTS pg_tls (h STRING PRIMARY KEY, ts TIMESTAMP "
                 "TIME INDEX, v DOUBLE); INSERT INTO pg_tls VALUES ('a', 1000, 1.5)", "require")
        self.assertEqual(r.returncode, 0, r.stderr)
        # verify-full: the certificate is checked against the CA file and the host name.
        r = psql(port, "SELECT h, v FROM pg_tls", "verify-full", rootcert=self.cert)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "a|1.5")
        r = psql(port, "SELECT 1", "disable")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("No encryption", r.stderr)
        r = psql(port, "SELECT 1", "require", password="wrong")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("password authentication failed", r.stderr)

    def test_psycopg2_over_tls(self):
        conn = psycopg2.connect(host="127.0.0.1", port=self.server.postgres_port, user="alice",
                                password="secret", dbname="public", sslmode="verify-full",
                                sslrootcert=self.cert)
        try:
            self.assertTrue(conn.info.ssl_in_use)
            self.assertTrue(conn.info.ssl_attribute("protocol").startswith("TLSv1."))
            cur = conn.cursor()
            cur.execute("SELECT %s + 1, %s", (41, "x" * 100000))
            n, text = cur.fetchone()
            self.assertEqual(n, 42)
            self.assertEqual(text, "x" * 100000)  # a reply larger than one TLS record
        finally:
            conn.close()

    def test_mysql_cli_over_tls_and_plaintext_refused(self):
        port = self.server.mysql_port
        r = mysql_cli(port, "SELECT 1 + 1 AS two", ssl=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["two", "2"])
        r = mysql_cli(port, "SELECT 1", ssl=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("TlsRequired", r.stderr)

    def test_pymysql_over_tls_with_parameters(self):
        conn = pymysql.connect(host="127.0.0.1", port=self.server.mysql_port, user="alice",
                               password="secret", database="public",
                               ssl={"ca": self.cert, "check_hostname": True})
        try:
            self.assertTrue(conn._sock.version().startswith("TLSv1."))
            cur = conn.cursor()
            cur.execute("CREATE TABLE IF NOT EXISTS my_tls (h STRING PRIMARY KEY, ts TIMESTAMP "
                        "TIME INDEX, v DOUBLE)")
            cur.execute("INSERT INTO my_tls VALUES (%s, %s, %s), (%s, %s, %s)",
                        ("a", 1000, 1.5, "b", 2000, None))
            cur.execute("SELECT h, v FROM my_tls ORDER BY h")
            # Strings arrive as bytes: the spec's column charset is binary (63).
            self.assertEqual(cur.fetchall(), ((b"a", 1.5), (b"b", None)))
            cur.execute("SELECT REPEAT('y', 70000) AS big")
            self.assertEqual(len(cur.fetchone()[0]), 70000)
        finally:
            conn.close()
        with self.assertRaises(pymysql.err.OperationalError):
            pymysql.connect(host="127.0.0.1", port=self.server.mysql_port, user="alice",
                            password="wrong", ssl={"ca": self.cert})

    def test_watch_reloads_a_renewed_certificate(self):
        # Renew into new files, then move them over the watched paths.
        new_cert, new_key = make_certificate(self.dir, "renewed", "second")
        time.sleep(0.05)
        os.replace(new_key, self.key)
        os.replace(new_cert, self.cert + ".new")
        shutil.copy(self.cert + ".new", self.cert)
        r = psql(self.server.postgres_port, "SELECT 7", "verify-full", rootcert=self.cert)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "7")
        out = subprocess.run(["openssl", "s_client", "-connect",
                              f"127.0.0.1:{self.server.postgres_port}", "-starttls", "postgres"],
                             input="", capture_output=True, text=True, timeout=30).stdout
        self.assertIn("CN = second", out)
        self.assertIn("reloaded", self.server.output())


class TlsPreferAndErrorsTest(unittest.TestCase):
    def test_prefer_serves_both(self):
        with tempfile.TemporaryDirectory() as d:
            cert, key = make_certificate(d, "server", "localhost")
            server = Standalone(config=tls_config("prefer", cert, key))
            try:
                server.start()
                for mode in ("disable", "require"):
                    env = dict(os.environ, PGSSLMODE=mode)
                    r = subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(server.postgres_port),
                                        "-U", "greptime", "-d", "public", "-X", "-A", "-t", "-c",
                                        "SELECT 3"], capture_output=True, text=True, env=env,
                                       timeout=60)
                    self.assertEqual((r.returncode, r.stdout.strip()), (0, "3"), r.stderr)
                for ssl in (True, False):
                    r = subprocess.run([MYSQL_CLI, "-h127.0.0.1", f"-P{server.mysql_port}",
                                        "-uroot", "--batch", "--ssl" if ssl else "--skip-ssl",
                                        "-e", "SELECT 4"], capture_output=True, text=True,
                                       timeout=60)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(r.stdout.split()[-1], "4")
            finally:
                server.cleanup()

    def test_bad_tls_settings_stop_startup(self):
        with tempfile.TemporaryDirectory() as d:
            cases = [
                ('[mysql.tls]\nmode = "require"\n', "needs both cert_path and key_path"),
                (f'[postgres.tls]\nmode = "require"\ncert_path = "{d}/no.crt"\n'
                 f'key_path = "{d}/no.key"\n', "cannot load TLS certificate"),
            ]
            for config, message in cases:
                server = Standalone(config=config)
                try:
                    with self.assertRaises(RuntimeError) as ctx:
                        server.start(timeout=15)
                    self.assertIn(message, str(ctx.exception))
                finally:
                    server.cleanup()


if __name__ == "__main__":
    unittest.main()
