# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Regions on object storage (`[storage] type = "S3"` / `"Azblob"`) against real emulators on
loopback: s3rver and azurite (scripts/install-test-services.sh). Standalone ingests, flushes,
restarts and reads back; awscli lists the objects where docs/storage-format.md says they are;
an emptied local cache is refilled from the store; and an object store that goes away
mid-ingest loses no acknowledged row."""
import os
import re
import shutil
import signal
import threading
import time
import unittest

import requests

import object_services
from harness import Standalone


def sql(server, text):
    r = requests.post(server.url + "/v1/sql", data={"sql": text}, timeout=120)
    return r


def rows(server, text):
    r = sql(server, text)
    if r.status_code != 200:
        raise AssertionError(f"{text} -> {r.status_code} {r.text}")
    return r.json()["output"][0]["records"]["rows"]


def write_lines(server, lines):
    return requests.post(server.url + "/v1/influxdb/write", params={"db": "public",
                                                                   "precision": "ms"},
                         data="\n".join(lines), timeout=120)


def batch(start, n, host="h1"):
    return [f"cpu,host={host} usage={i % 100}.5,idle={i} {1700000000000 + i}"
            for i in range(start, start + n)]


def metric(server, name):
    text = requests.get(server.url + "/metrics", timeout=30).text
    m = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+-]+)$", text, re.M)
    return float(m.group(1)) if m else None


@unittest.skipUnless(object_services.available(),
                     "run scripts/install-test-services.sh (make test does)")
class S3StorageTest(unittest.TestCase):
    def setUp(self):
        self.s3 = object_services.S3rver().start()
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.server.cleanup()
        self.s3.cleanup()

    def start_server(self, extra_config=""):
        self.server = Standalone(config=self.s3.storage_config() + extra_config)
        return self.server.start()

    def test_ingest_flush_restart_and_list_objects(self):
        server = self.start_server()
        # Credentials never reach the log or /config.
        self.assertIn("secret_access_key = '******'", server.output())
        self.assertNotIn("S3RVER'", requests.get(server.url + "/config", timeout=10).text.replace(
            "access_key_id = 'S3RVER'", ""))
        self.assertEqual(write_lines(server, batch(0, 5000)).status_code, 204)
        self.assertEqual(sql(server, "ADMIN flush_table('cpu')").status_code, 200)
        self.assertEqual(write_lines(server, batch(5000, 1000, host="h2")).status_code, 204)
        expected = [[5000, 4999], [1000, 5999]]
        query = "SELECT count(*), max(idle) FROM cpu GROUP BY host ORDER BY host"
        self.assertEqual(rows(server, query), expected)

        # The layout of docs/storage-format.md under the configured root.
        listing = self.s3.aws("s3", "ls", "--recursive", f"s3://{self.s3.BUCKET}/cluster1/")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        keys = [line.split()[-1] for line in listing.stdout.splitlines()]
        region = r"cluster1/data/greptime/public/\d+/\d+_\d{10}/"
        self.assertTrue(any(re.fullmatch(region + r"manifest/\d{20}\.json", k) for k in keys),
                        keys)
        ssts = [k for k in keys if re.fullmatch(region + r"[0-9a-f]{32}\.sst", k)]
        self.assertEqual(len(ssts), 1, keys)
        # The WAL and the metadata stay local; the flushed file is also in the local cache.
        self.assertFalse(any("/wal/" in k or "metadata" in k for k in keys), keys)
        cache = os.path.join(server.data_home, "object_cache")
        self.assertTrue(os.path.isfile(os.path.join(cache, ssts[0].split("/", 1)[1])))

        # SIGTERM and restart: the unflushed rows come back from the WAL, the rest from S3.
        self.assertEqual(server.stop(), 0)
        server.start()
        self.assertEqual(rows(server, query), expected)
        # kill -9 after a second flush, then start with an empty cache: everything is read from
        # S3 and the cache fills again.
        self.assertEqual(sql(server, "ADMIN flush_table('cpu')").status_code, 200)
        server.stop(signal.SIGKILL)
        shutil.rmtree(cache)
        server.start()
        self.assertEqual(rows(server, query), expected)
        self.assertEqual(rows(server, "SELECT usage FROM cpu WHERE host = 'h2' AND idle = 5500"),
                         [[0.5]])
        deadline = time.time() + 10
        while time.time() < deadline and not any(
                f.endswith(".sst") for _, _, fs in os.walk(cache) for f in fs):
            time.sleep(0.1)
        self.assertTrue(any(f.endswith(".sst") for _, _, fs in os.walk(cache) for f in fs))

    def test_store_down_mid_ingest_loses_no_acknowledged_row(self):
        server = self.start_server()
        acked = []  # (start, n) of each acknowledged batch
        stop = threading.Event()
        errors = []

        def ingest():
            start = 0
            while not stop.is_set():
                r = write_lines(server, batch(start, 500))
                if r.status_code == 204:
                    acked.append((start, 500))
                else:
                    errors.append(r.text)
                start += 500
                time.sleep(0.01)

        def flusher():
            while not stop.is_set():
                sql(server, "ADMIN flush_table('cpu')")
                time.sleep(0.3)

        threads = [threading.Thread(target=ingest), threading.Thread(target=flusher)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.5)
            self.s3.stop()  # the object store goes away mid-ingest
            time.sleep(2.5)
            # Writes are still acknowledged from the WAL; flushes fail with a clear error.
            r = sql(server, "ADMIN flush_table('cpu')")
            self.assertNotEqual(r.status_code, 200)
            self.assertIn("127.0.0.1", r.text)
            self.assertGreaterEqual(metric(server, "greptime_mito_flush_failing_regions"), 1)
            self.assertGreater(metric(server, "greptime_mito_flush_errors_total"), 0)
            self.assertIn("flush of region", server.output())
            self.s3.start()  # back on the same port with the same data
            time.sleep(1.5)
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(errors, [])
        total = sum(n for _, n in acked)
        self.assertGreater(total, 2000)
        self.assertEqual(rows(server, "SELECT count(*) FROM cpu"), [[total]])
        deadline = time.time() + 30
        while time.time() < deadline and sql(server, "ADMIN flush_table('cpu')").status_code != 200:
            time.sleep(0.5)
        self.assertEqual(sql(server, "ADMIN flush_table('cpu')").status_code, 200)
        self.assertEqual(metric(server, "greptime_mito_flush_failing_regions"), 0)
        server.stop(signal.SIGKILL)
        server.start()
        self.assertEqual(rows(server, "SELECT count(*) FROM cpu"), [[total]])

    def test_uncached_reads_fail_clearly_while_the_store_is_down(self):
        server = self.start_server()
        self.assertEqual(write_lines(server, batch(0, 100)).status_code, 204)
        self.assertEqual(sql(server, "ADMIN flush_table('cpu')").status_code, 200)
        server.stop()
        shutil.rmtree(os.path.join(server.data_home, "object_cache"))
        server.start()  # regions open from S3; no SST is cached now
        self.s3.stop()
        r = sql(server, "SELECT count(*) FROM cpu")
        self.assertNotEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual(body["code"], 5000, body)  # StorageUnavailable
        self.assertIn(".sst", body["error"])
        self.s3.start()
        self.assertEqual(rows(server, "SELECT count(*) FROM cpu"), [[100]])

    def test_bad_settings_stop_startup(self):
        for config, message in [
            ('[storage]\ntype = "S3"\n', "storage.bucket is required"),
            ('[storage]\ntype = "Gcs"\nbucket = "b"\n', "not supported"),
        ]:
            server = Standalone(config=config)
            try:
                with self.assertRaises(RuntimeError) as ctx:
                    server.start(timeout=15)
                self.assertIn(message, str(ctx.exception))
            finally:
                server.cleanup()


@unittest.skipUnless(object_services.available(),
                     "run scripts/install-test-services.sh (make test does)")
class AzblobStorageTest(unittest.TestCase):
    def test_ingest_flush_restart_read_back(self):
        az = object_services.Azurite().start()
        server = None
        try:
            az.create_container()
            server = Standalone(config=az.storage_config()).start()
            self.assertEqual(write_lines(server, batch(0, 3000)).status_code, 204)
            self.assertEqual(sql(server, "ADMIN flush_table('cpu')").status_code, 200)
            self.assertEqual(write_lines(server, batch(3000, 10)).status_code, 204)
            blobs = az.list_blobs("cluster1/data/")
            self.assertTrue(any(b.endswith(".sst") for b in blobs), blobs)
            self.assertTrue(any("/manifest/" in b for b in blobs), blobs)
            server.stop(signal.SIGKILL)
            shutil.rmtree(os.path.join(server.data_home, "object_cache"))
            server.start()
            self.assertEqual(rows(server, "SELECT count(*), sum(idle) FROM cpu"),
                             [[3010, sum(range(3010))]])
        finally:
            if server is not None:
                server.cleanup()
            az.cleanup()


if __name__ == "__main__":
    unittest.main()
