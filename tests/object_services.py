# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Object-store emulators for integration tests: s3rver (S3) and azurite (Azure Blob), installed
by scripts/install-test-services.sh into build/test-services, started on a free loopback port
with their own temporary directory and stopped by PID. Restarting keeps port and data."""
import base64
import datetime
import hashlib
import hmac
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import requests

from harness import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "test-services", "node_modules", ".bin")
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
               "KBHBeksoGMGw==")


def available():
    return all(os.access(os.path.join(BIN, b), os.X_OK) for b in ("s3rver", "azurite-blob"))


def wait_for_port(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"emulator exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"emulator did not listen on {port}")


class Emulator:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="greptime_objstore_")
        self.port = free_port()
        self.proc = None
        self.log = open(os.path.join(self.dir, "emulator.log"), "a")

    def command(self):
        raise NotImplementedError

    def environment(self):
        return dict(os.environ)

    def start(self):
        self.proc = subprocess.Popen(self.command(), stdout=self.log, stderr=subprocess.STDOUT,
                                     env=self.environment(), start_new_session=True)
        wait_for_port(self.port, self.proc)
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"


class S3rver(Emulator):
    BUCKET = "greptime"

    def environment(self):
        # s3rver's continuation tokens use DES, which node's OpenSSL 3 only has in the legacy
        # provider: without it every truncated listing answers 500.
        return dict(os.environ, NODE_OPTIONS="--openssl-legacy-provider")

    def command(self):
        return [os.path.join(BIN, "s3rver"), "--directory", os.path.join(self.dir, "s3"),
                "--address", "127.0.0.1", "--port", str(self.port), "--silent",
                "--configure-bucket", self.BUCKET]

    def storage_config(self, root="/cluster1"):
        return f"""
[storage]
type = "S3"
bucket = "{self.BUCKET}"
root = "{root}"
endpoint = "{self.endpoint}"
region = "us-east-1"
access_key_id = "S3RVER"
secret_access_key = "S3RVER"
"""

    def aws(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="S3RVER", AWS_SECRET_ACCESS_KEY="S3RVER",
                   AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
        return subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, *args],
                              capture_output=True, text=True, env=env, timeout=60)


class Azurite(Emulator):
    CONTAINER = "greptime"

    def command(self):
        return [os.path.join(BIN, "azurite-blob"), "--blobHost", "127.0.0.1", "--blobPort",
                str(self.port), "--location", os.path.join(self.dir, "az"), "--silent",
                "--skipApiVersionCheck", "--disableTelemetry"]

    def storage_config(self, root="/cluster1"):
        return f"""
[storage]
type = "Azblob"
container = "{self.CONTAINER}"
root = "{root}"
endpoint = "{self.endpoint}/{AZURITE_ACCOUNT}"
account_name = "{AZURITE_ACCOUNT}"
account_key = "{AZURITE_KEY}"
"""

    def _signed(self, method, path, query):
        """A Shared Key request (Azure's "Authorize with Shared Key" canonical form)."""
        date = datetime.datetime.utcnow().strftime("%a, %d %b %Y %H:%M:%S GMT")
        headers = {"x-ms-date": date, "x-ms-version": "2021-08-06"}
        canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()))
        resource = f"/{AZURITE_ACCOUNT}/{AZURITE_ACCOUNT}{path}" + "".join(
            f"\n{k}:{v}" for k, v in sorted(query.items()))
        to_sign = (f"{method}\n" + "\n" * 11 + canonical_headers + resource)
        key = base64.b64decode(AZURITE_KEY)
        signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha256).digest())
        headers["Authorization"] = f"SharedKey {AZURITE_ACCOUNT}:{signature.decode()}"
        url = f"{self.endpoint}/{AZURITE_ACCOUNT}{path}"
        return requests.request(method, url, params=query, headers=headers, timeout=30)

    def create_container(self):
        r = self._signed("PUT", f"/{self.CONTAINER}", {"restype": "container"})
        if r.status_code not in (201, 409):
            raise RuntimeError(f"create container: {r.status_code} {r.text}")

    def list_blobs(self, prefix):
        r = self._signed("GET", f"/{self.CONTAINER}",
                         {"restype": "container", "comp": "list", "prefix": prefix})
        r.raise_for_status()
        names = []
        for part in r.text.split("<Name>")[1:]:
            names.append(part.split("</Name>")[0])
        return names
