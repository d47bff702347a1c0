# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""A whole cluster on loopback for integration tests: etcd (Debian's etcd-server), metasrvs,
datanodes and frontends of the real greptime binary, each on free ports with its own temporary
directory and log, stopped by PID. Every process can be killed and restarted on the same ports
and data."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import requests

from harness import BINARY, free_port

ETCD = "/usr/bin/etcd"
CONFIG_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "config",
                          "cluster")


def toml_value(v):
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, int):
        return str(v)
    return '"' + v + '"'


def config_from_example(name, path, values):
    """config/cluster/<name> with `values` ({"section.key": value}) substituted; every key must
    already be in the example, so the documented files stay the ones the tests run."""
    section, out, seen = "", [], set()
    with open(os.path.join(CONFIG_DIR, name)) as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1]
            elif "=" in stripped and not stripped.startswith("#"):
                key = stripped.split("=", 1)[0].strip()
                full = f"{section}.{key}" if section else key
                if full in values:
                    line = f"{key} = {toml_value(values[full])}\n"
                    seen.add(full)
            out.append(line)
    missing = set(values) - seen
    if missing:
        raise AssertionError(f"config/cluster/{name} lacks {sorted(missing)}")
    with open(path, "w") as f:
        f.writelines(out)
    return path


def wait_http(url, proc, log_path, timeout=40):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            with open(log_path) as f:
                raise RuntimeError(f"process exited with {proc.returncode}:\n{f.read()[-4000:]}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    with open(log_path) as f:
        raise RuntimeError(f"{url} did not become healthy:\n{f.read()[-4000:]}")


class Process:
    def __init__(self, root, name, args, health_url=None):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir, exist_ok=True)
        self.name = name
        self.args = args
        self.health_url = health_url
        self.log_path = os.path.join(self.dir, "stdout.log")
        self.proc = None

    def start(self):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        if self.health_url:
            wait_http(self.health_url, self.proc, self.log_path)
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def kill(self):
        return self.stop(signal.SIGKILL)

    def output(self):
        with open(self.log_path) as f:
            return f.read()


class Cluster:
    """etcd + `metasrvs` metasrvs + `datanodes` datanodes + one frontend."""

    def __init__(self, datanodes=3, metasrvs=1, extra_datanode_config=""):
        self.root = tempfile.mkdtemp(prefix="greptime_cluster_")
        self.etcd_port, peer = free_port(), free_port()
        self.etcd = Process(self.root, "etcd", [
            ETCD, "--name", "e1", "--data-dir", os.path.join(self.root, "etcd", "data"),
            "--listen-client-urls", f"http://127.0.0.1:{self.etcd_port}",
            "--advertise-client-urls", f"http://127.0.0.1:{self.etcd_port}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-cluster", f"e1=http://127.0.0.1:{peer}"],
            health_url=f"http://127.0.0.1:{self.etcd_port}/health")
        self.metasrvs = []
        for i in range(metasrvs):
            grpc, http = free_port(), free_port()
            os.makedirs(os.path.join(self.root, f"metasrv{i}"), exist_ok=True)
            config = config_from_example("metasrv.toml", os.path.join(self.root, f"metasrv{i}.toml"), {
                "data_home": os.path.join(self.root, f"metasrv{i}", "home"),
                "store_addrs": [f"127.0.0.1:{self.etcd_port}"],
                "grpc.bind_addr": f"127.0.0.1:{grpc}", "http.addr": f"127.0.0.1:{http}"})
            p = Process(self.root, f"metasrv{i}", [BINARY, "metasrv", "start", "-c", config],
                        health_url=f"http://127.0.0.1:{http}/health")
            p.grpc_addr = f"127.0.0.1:{grpc}"
            self.metasrvs.append(p)
        self.metasrv_addrs = ",".join(m.grpc_addr for m in self.metasrvs)
        self.datanodes = []
        for i in range(1, datanodes + 1):
            grpc, http = free_port(), free_port()
            os.makedirs(os.path.join(self.root, f"datanode{i}"), exist_ok=True)
            config = config_from_example("datanode.toml", os.path.join(self.root, f"datanode{i}.toml"), {
                "node_id": i, "grpc.bind_addr": f"127.0.0.1:{grpc}",
                "meta_client.metasrv_addrs": [m.grpc_addr for m in self.metasrvs],
                "storage.data_home": os.path.join(self.root, f"datanode{i}", "home"),
                "http.addr": f"127.0.0.1:{http}"})
            if extra_datanode_config:
                with open(config, "a") as f:
                    f.write("\n" + extra_datanode_config)
            p = Process(self.root, f"datanode{i}", [BINARY, "datanode", "start", "-c", config],
                        health_url=f"http://127.0.0.1:{http}/health")
            p.node_id = i
            p.grpc_addr = f"127.0.0.1:{grpc}"
            self.datanodes.append(p)
        http, mysql, pg = free_port(), free_port(), free_port()
        os.makedirs(os.path.join(self.root, "frontend"), exist_ok=True)
        config = config_from_example("frontend.toml", os.path.join(self.root, "frontend.toml"), {
            "meta_client.metasrv_addrs": [m.grpc_addr for m in self.metasrvs],
            "http.addr": f"127.0.0.1:{http}", "mysql.addr": f"127.0.0.1:{mysql}",
            "postgres.addr": f"127.0.0.1:{pg}"})
        self.frontend = Process(self.root, "frontend", [BINARY, "frontend", "start", "-c", config,
                                                        "--log-dir", os.path.join(self.root, "frontend", "logs")],
                                health_url=f"http://127.0.0.1:{http}/health")
        self.url = f"http://127.0.0.1:{http}"
        self.mysql_port = mysql
        self.postgres_port = pg

    def start(self):
        self.etcd.start()
        for m in self.metasrvs:
            m.start()
        for d in self.datanodes:
            d.start()
        self.wait_datanodes_alive(len(self.datanodes))
        self.frontend.start()
        return self

    def wait_datanodes_alive(self, n, timeout=30):
        # Datanodes register with their first heartbeat; the frontend places regions only on
        # alive ones.
        deadline = time.time() + timeout
        while time.time() < deadline:
            alive = sum("registered with the metasrv" in d.output() for d in self.datanodes
                        if d.proc and d.proc.poll() is None)
            if alive >= n:
                return
            time.sleep(0.1)
        raise RuntimeError("datanodes did not register")

    def processes(self):
        return [self.frontend, *self.datanodes, *self.metasrvs, self.etcd]

    def logs(self):
        out = []
        for p in self.processes():
            try:
                out.append(f"===== {p.name}\n{p.output()[-3000:]}")
            except OSError:
                pass
        return "\n".join(out)

    def cleanup(self):
        for p in self.processes():
            try:
                p.kill()
            except Exception:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
