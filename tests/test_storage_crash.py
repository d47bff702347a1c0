# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Crash test of the storage engine: a child process writes acknowledged batches and is killed
with SIGKILL at random moments (during WAL appends, flushes, compactions, manifest writes); after
each kill the region is reopened and every acknowledged row must be there, nothing corrupted."""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

BIN = os.environ.get("CRASH_WRITER_BIN")
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "12"))


@unittest.skipUnless(BIN, "CRASH_WRITER_BIN is not set")
class StorageCrashTest(unittest.TestCase):
    def test_acknowledged_rows_survive_sigkill(self):
        tmp = tempfile.mkdtemp(prefix="greptime_crash_")
        rng = random.Random(20261125)
        acked = -1
        try:
            for round_no in range(ROUNDS):
                proc = subprocess.Popen([BIN, "write", tmp, str(round_no), str(acked + 1)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                lines = []
                reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
                reader.start()
                time.sleep(rng.uniform(0.05, 1.5))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                reader.join(timeout=10)
                stderr = proc.stderr.read()
                self.assertEqual(proc.returncode, -signal.SIGKILL,
                                 f"round {round_no}: writer failed before the kill: {stderr}")
                for line in lines:
                    if line.startswith("ACK "):
                        acked = max(acked, int(line.split()[1]))
                verify = subprocess.run([BIN, "verify", tmp, str(acked)], capture_output=True,
                                        text=True, timeout=120)
                self.assertEqual(verify.returncode, 0,
                                 f"round {round_no} (acked {acked}): {verify.stderr}")
            self.assertGreater(acked, 10, "the writer acknowledged too little to test anything")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
