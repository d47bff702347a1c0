# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Starts the real greptime binary on free loopback ports for integration tests."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import requests

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("GREPTIME_BIN", os.path.join(REPO, "build", "release", "greptime"))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(args, env=None, timeout=30):
    """Runs greptime to completion; returns CompletedProcess with text output."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([BINARY] + args, capture_output=True, text=True, env=full_env,
                          timeout=timeout)


class Standalone:
    """A `greptime standalone start` process with its own data home and ports."""

    def __init__(self, extra_args=None, env=None, config=None):
        self.tmp = tempfile.mkdtemp(prefix="greptime_it_")
        self.data_home = os.path.join(self.tmp, "data")
        self.http_port = free_port()
        self.http_addr = f"127.0.0.1:{self.http_port}"
        self.url = f"http://{self.http_addr}"
        args = ["standalone", "start", "--http-addr", self.http_addr,
                "--data-home", self.data_home]
        if config is not None:
            path = os.path.join(self.tmp, "config.toml")
            with open(path, "w") as f:
                f.write(config)
            args += ["-c", path]
        extra = list(extra_args or [])
        # The wire-protocol servers start by default: give them free ports too, unless the test
        # chose its own.
        self.mysql_port = free_port()
        self.postgres_port = free_port()
        if "--mysql-addr" not in extra:
            args += ["--mysql-addr", f"127.0.0.1:{self.mysql_port}"]
        if "--postgres-addr" not in extra:
            args += ["--postgres-addr", f"127.0.0.1:{self.postgres_port}"]
        self.args = args + extra
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.log_path = os.path.join(self.tmp, "stdout.log")
        self.proc = None

    def start(self, timeout=30):
        if getattr(self, "log", None):
            self.log.close()  # a restart appends to the same log
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([BINARY] + self.args, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"greptime exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"greptime did not become healthy:\n{self.output()}")

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends `sig` and returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def cleanup(self):
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        finally:
            if getattr(self, "log", None):
                self.log.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()
