# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Debian's Prometheus scrapes itself and remote-writes to the server; its metrics become
tables queryable with SQL within a bounded wait."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import requests

from harness import Standalone, free_port

PROMETHEUS = "/usr/bin/prometheus"


@unittest.skipUnless(os.path.exists(PROMETHEUS), "prometheus is not installed")
class PrometheusScrapeTest(unittest.TestCase):
    def setUp(self):
        self.server = Standalone().start()
        self.tmp = tempfile.mkdtemp(prefix="prom_it_")
        self.prom_port = free_port()
        config = os.path.join(self.tmp, "prometheus.yml")
        with open(config, "w") as f:
            f.write(f"""
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: self
    static_configs:
      - targets: ["127.0.0.1:{self.prom_port}"]
remote_write:
  - url: "{self.server.url}/v1/prometheus/write?db=public"
    queue_config:
      batch_send_deadline: 1s
""")
        self.log = open(os.path.join(self.tmp, "prometheus.log"), "w")
        self.prom = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}",
             f"--storage.tsdb.path={os.path.join(self.tmp, 'data')}",
             f"--web.listen-address=127.0.0.1:{self.prom_port}"],
            stdout=self.log, stderr=subprocess.STDOUT)

    def tearDown(self):
        self.prom.terminate()
        try:
            self.prom.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.prom.kill()
            self.prom.wait()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.server.cleanup()

    def sql(self, text):
        return requests.post(self.server.url + "/v1/sql", data={"sql": text}, timeout=30)

    def test_scraped_metrics_arrive_as_tables(self):
        deadline = time.time() + 90
        rows = None
        while time.time() < deadline:
            r = self.sql("SELECT job, instance, greptime_value FROM up")
            if r.status_code == 200:
                rows = r.json()["output"][0]["records"]["rows"]
                if rows:
                    break
            time.sleep(1)
        self.assertTrue(rows, "no `up` rows arrived from Prometheus; log:\n" +
                        open(self.log.name).read()[-3000:])
        self.assertEqual(rows[0][0], "self")
        self.assertEqual(rows[0][1], f"127.0.0.1:{self.prom_port}")
        self.assertEqual(rows[0][2], 1.0)
        r = self.sql("SELECT count(*) FROM prometheus_build_info")
        self.assertEqual(r.status_code, 200, r.text)


if __name__ == "__main__":
    unittest.main()
