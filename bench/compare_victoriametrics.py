#!/usr/bin/python3
# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Stored bytes per value: our storage engine against VictoriaMetrics, on the same data.

Replays the cpu workload of bench/cpu_workload.h bit for bit (xorshift64* random walks, 10 tags,
10 float fields, one sample per series every 10 s), loads it into a private VictoriaMetrics
(/usr/bin/victoria-metrics, Debian package victoria-metrics) on 127.0.0.1, forces a flush and
a merge, measures its data directory, then runs bench/storage_size for the same parameters and
prints both, for values rounded to 2 decimals and at full precision. See bench/README.md.

    /usr/bin/python3 bench/compare_victoriametrics.py [--series 1000] [--steps 360]

Standard library + requests only; installs nothing.
"""

import argparse
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from array import array
from datetime import datetime, timezone

import requests

VM_BIN = "/usr/bin/victoria-metrics"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SIZE_BIN = os.path.join(REPO, "build", "release", "bench", "storage_size")

# The workload; must match bench/cpu_workload.{h,cc}.
TAGS = ["hostname", "region", "datacenter", "rack", "os", "arch", "team", "service",
        "service_version", "service_environment"]
FIELDS = ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait",
          "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"]
INTERVAL_MS = 10_000
SEED = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The data


def tag_values(s):
    """Tags of series s, as CpuGenerator::Next."""
    return [f"host_{s}", f"region_{s % 5}", f"dc_{s % 13}", f"rack_{s % 97}",
            "Ubuntu16.04LTS" if s % 2 else "Ubuntu15.10", "x64" if s % 3 else "x86",
            f"team_{s % 7}", f"service_{s % 11}", f"v{s % 3}",
            "production" if s % 2 else "staging"]


def generate(series, steps, rounded):
    """CpuGenerator's values: cols[s * 10 + f] is the array of series s, field f, per step.

    One xorshift64* stream, drawn in the order step, series, field; each draw moves one walk by
    (r >> 11) * 2^-52 - 1 (uniform in [-1, 1)), clamped to [0, 100]; rounded values are
    floor(v * 100 + 0.5) / 100. Python floats are IEEE doubles and every operation here is
    correctly rounded, as in C++, so the values are bit-identical. Also returns the FNV-1a
    (64-bit words) hash that storage_size prints as generated_fnv1a.
    """
    x = SEED
    n = series * len(FIELDS)
    walk = [50.0] * n
    cols = [array("d") for _ in range(n)]
    scale = 2.0 ** -52
    floor = math.floor
    for _ in range(steps):
        for i in range(n):
            x ^= x >> 12
            x ^= (x << 25) & MASK64
            x ^= x >> 27
            v = walk[i] + ((((x * 0x2545F4914F6CDD1D) & MASK64) >> 11) * scale - 1.0)
            v = 0.0 if v < 0.0 else (100.0 if v > 100.0 else v)
            walk[i] = v
            cols[i].append(floor(v * 100.0 + 0.5) / 100.0 if rounded else v)
    h = 0xCBF29CE484222325
    words = [array("Q", c.tobytes()) for c in cols]
    for step in range(steps):
        for w in words:
            h = ((h ^ w[step]) * 0x100000001B3) & MASK64
    return cols, f"{h:016x}"


def time_range(steps):
    """[start_ms, end_ms): recent, ending at the last full hour, so VictoriaMetrics accepts it
    and a one-hour run falls into one hour (our compaction window) and one day and month (its
    per-day index and monthly partition)."""
    end_ms = int(time.time()) // 3600 * 3600 * 1000
    return end_ms - steps * INTERVAL_MS, end_ms


# ---------------------------------------------------------------------------------------------
# VictoriaMetrics


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "victoria-metrics"],
                             capture_output=True, text=True, check=False)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


class VictoriaMetrics:
    """A private victoria-metrics process on 127.0.0.1 with its data under `workdir`."""

    def __init__(self, workdir, retention_days):
        self.data_path = os.path.join(workdir, "vm-data")
        self.log_path = os.path.join(workdir, "vm.log")
        self.retention_days = retention_days
        self.proc = None
        self.url = None
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy from the environment for 127.0.0.1

    def start(self):
        for _ in range(3):  # the port may be taken between free_port() and the bind
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [VM_BIN, f"-storageDataPath={self.data_path}",
                 f"-httpListenAddr=127.0.0.1:{port}",
                 f"-retentionPeriod={self.retention_days}d"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)  # Ctrl-C reaches us; we stop it in order
            log.close()
            deadline = time.time() + 60
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    if self.http.get(self.url + "/health", timeout=2).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            self.stop()
        raise BenchError(f"victoria-metrics did not start; log:\n{self.log_tail()}")

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # graceful shutdown
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def get(self, path, **params):
        r = self.http.get(self.url + path, params=params, timeout=600)
        if r.status_code != 200:
            raise BenchError(f"GET {path}: HTTP {r.status_code}: {r.text[:300]}")
        return r

    def import_json_lines(self, cols, series, steps, start_ms, chunk_bytes=8 << 20):
        """One JSON line per (series, field): /api/v1/import, in requests of ~chunk_bytes."""
        timestamps = json.dumps([start_ms + i * INTERVAL_MS for i in range(steps)])
        chunk, size = [], 0
        for s in range(series):
            labels = dict(zip(TAGS, tag_values(s)))
            for f, field in enumerate(FIELDS):
                metric = json.dumps({"__name__": "cpu_" + field, **labels})
                # json.dumps writes floats with repr(): the shortest text that reads back exact.
                line = (f'{{"metric":{metric},"values":{json.dumps(cols[s * 10 + f].tolist())},'
                        f'"timestamps":{timestamps}}}\n')
                chunk.append(line)
                size += len(line)
                if size >= chunk_bytes:
                    self._post_import(chunk)
                    chunk, size = [], 0
        if chunk:
            self._post_import(chunk)

    def _post_import(self, lines):
        r = self.http.post(self.url + "/api/v1/import", data="".join(lines).encode(), timeout=600)
        if r.status_code not in (200, 204):
            raise BenchError(f"POST /api/v1/import: HTTP {r.status_code}: {r.text[:300]}")

    def metrics(self):
        """/metrics as {name{labels}: value}."""
        out = {}
        for line in self.get("/metrics").text.splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                try:
                    out[key] = float(value)
                except ValueError:
                    pass
        return out

    def flush_and_merge(self, start_ms, end_ms, timeout=600):
        """Flushes buffered rows, force-merges every monthly partition the data touches until
        each holds one data part (a force merge may leave several), waits until no merge runs
        and the directory size is stable. Returns the vm_parts gauges."""
        self.get("/internal/force_flush")
        months = sorted({datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y_%m")
                         for ms in (start_ms, end_ms - 1)})
        deadline = time.time() + timeout
        for _ in range(5):
            for prefix in months:
                self.get("/internal/force_merge", partition_prefix=prefix)  # returns at once
            self._wait_idle(deadline)
            parts = {k: int(v) for k, v in self.metrics().items() if k.startswith("vm_parts{")}
            if sum(v for k, v in parts.items() if "storage/" in k) <= len(months):
                break
        return parts

    def _wait_idle(self, deadline):
        time.sleep(1)
        stable, last = 0, None
        while stable < 3:
            if time.time() > deadline:
                raise BenchError("victoria-metrics merges did not finish in time")
            m = self.metrics()
            busy = sum(v for k, v in m.items()
                       if k.startswith(("vm_active_force_merges", "vm_active_merges",
                                        "vm_pending_rows")))
            size = dir_sizes(self.data_path)["total"][0]
            stable = stable + 1 if busy == 0 and size == last else 0
            last = size
            time.sleep(1)

    def verify(self, cols, start_ms, end_ms):
        """Exports everything and compares it with what was imported. Returns (values read,
        values not bit-identical, largest relative error)."""
        field_index = {"cpu_" + f: i for i, f in enumerate(FIELDS)}
        r = self.http.get(self.url + "/api/v1/export", stream=True, timeout=600,
                          params={"match[]": '{__name__=~"cpu_.*"}',
                                  "start": start_ms / 1000, "end": (end_ms - 1) / 1000})
        if r.status_code != 200:
            raise BenchError(f"GET /api/v1/export: HTTP {r.status_code}: {r.text[:300]}")
        read = mismatches = 0
        max_err = 0.0
        for line in r.iter_lines():
            if not line:
                continue
            row = json.loads(line)
            s = int(row["metric"]["hostname"][len("host_"):])
            col = cols[s * 10 + field_index[row["metric"]["__name__"]]]
            for ts, v in zip(row["timestamps"], row["values"]):
                want = col[(ts - start_ms) // INTERVAL_MS]
                read += 1
                if v != want:
                    mismatches += 1
                    max_err = max(max_err, abs(v - want) / abs(want) if want else abs(v))
        return read, mismatches, max_err


def dir_sizes(path):
    """{part: (apparent bytes, allocated bytes)} for data/, indexdb/, cache/, other and total
    (total leaves out cache/: caches are rebuilt, not stored data)."""
    sizes = {k: [0, 0] for k in ("data", "indexdb", "cache", "other", "total")}
    for root, _, files in os.walk(path):
        rel = os.path.relpath(root, path).split(os.sep)[0]
        part = rel if rel in ("data", "indexdb", "cache") else "other"
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except FileNotFoundError:  # a merge removed it meanwhile
                continue
            for key in (part, "total") if part != "cache" else (part,):
                sizes[key][0] += st.st_size
                sizes[key][1] += st.st_blocks * 512
    return {k: tuple(v) for k, v in sizes.items()}


# ---------------------------------------------------------------------------------------------
# One dataset


def run_ours(size_bin, series, steps, rounded, start_ms):
    cmd = [size_bin, f"--series={series}", f"--steps={steps}", f"--rounded={int(rounded)}",
           f"--start_ms={start_ms}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate()
    except BaseException:
        # Killed, it cannot remove its scratch directory (ScratchRegion: <tmp>/storage_size_<pid>).
        proc.kill()
        proc.wait()
        shutil.rmtree(os.path.join(tempfile.gettempdir(), f"storage_size_{proc.pid}"),
                      ignore_errors=True)
        raise
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()}")
    return json.loads(out)


def run_dataset(args, rounded):
    name = "rounded" if rounded else "full"
    values = args.series * args.steps * len(FIELDS)
    start_ms, end_ms = time_range(args.steps)
    log(f"[{name}] generating {values} values")
    cols, fnv = generate(args.series, args.steps, rounded)

    log(f"[{name}] ours: {os.path.basename(args.size_bin)}")
    ours = run_ours(args.size_bin, args.series, args.steps, rounded, start_ms)
    if ours["generated_fnv1a"] != fnv:
        raise BenchError(f"[{name}] the C++ generator made other values than this script "
                         f"(fnv {ours['generated_fnv1a']} != {fnv}); "
                         "bench/cpu_workload.cc and generate() disagree")
    if ours["read_back_mismatches"] or ours["read_back_rows"] * len(FIELDS) != values:
        raise BenchError(f"[{name}] ours did not read back what it stored: {ours}")

    workdir = tempfile.mkdtemp(prefix="vmcompare_")
    age_days = int(time.time() * 1000 - start_ms) // 86_400_000
    vm = VictoriaMetrics(workdir, retention_days=max(31, age_days + 2))
    try:
        log(f"[{name}] victoria-metrics: start, import, flush, merge")
        vm.start()
        vm.import_json_lines(cols, args.series, args.steps, start_ms)
        parts = vm.flush_and_merge(start_ms, end_ms)
        sizes = dir_sizes(vm.data_path)
        read, mismatches, max_err = vm.verify(cols, start_ms, end_ms)
    except BaseException:
        if vm.proc is not None:
            log(f"victoria-metrics log ({vm.log_path}):\n{vm.log_tail()}")
        raise
    finally:
        vm.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if read != values:
        raise BenchError(f"[{name}] victoria-metrics exported {read} values, {values} imported")
    return {"name": name, "values": values, "ours": ours, "vm_sizes": sizes, "vm_parts": parts,
            "vm_mismatches": mismatches, "vm_max_rel_err": max_err}


# ---------------------------------------------------------------------------------------------
# Report


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def report(args, results):
    print(f"Stored bytes per value, cpu workload, {args.series} series x {args.steps} steps "
          f"x {len(FIELDS)} fields, 10 s interval; victoria-metrics {vm_version()}")
    print("ours = SST bytes after flush + compaction (as BM_BytesPerValue); "
          "VM = -storageDataPath after force_flush + force_merge, data/ + indexdb/ + metadata, "
          "without cache/ (apparent file sizes). ratio = ours / VM.")
    header = ("dataset", "series", "steps", "values", "ours B/value", "VM B/value", "ratio",
              "VM data/ B/value", "ours/VM data/")
    rows = []
    for r in results:
        v = r["values"]
        ours = r["ours"]["sst_bytes"] / v
        vm_total = r["vm_sizes"]["total"][0] / v
        vm_data = r["vm_sizes"]["data"][0] / v
        rows.append((r["name"], str(args.series), str(args.steps), str(v), f"{ours:.2f}",
                     f"{vm_total:.2f}", f"{ours / vm_total:.2f}", f"{vm_data:.2f}",
                     f"{ours / vm_data:.2f}"))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    print()
    for r in results:
        o, s = r["ours"], r["vm_sizes"]
        print(f"{r['name']}: ours {o['sst_bytes']} B in {o['sst_files']} SST(s), region dir "
              f"(SSTs + manifest) {o['region_dir_bytes']} B, WAL {o['wal_bytes']} B; "
              f"read back bit-identical")
        print(f"{' ' * len(r['name'])}  VM total {s['total'][0]} B (allocated {s['total'][1]}), "
              f"data/ {s['data'][0]} B, indexdb/ {s['indexdb'][0]} B, other {s['other'][0]} B, "
              f"cache/ {s['cache'][0]} B (left out); parts "
              f"{', '.join(f'{k}={v}' for k, v in sorted(r['vm_parts'].items())) or 'n/a'}; "
              + ("export bit-identical" if r["vm_mismatches"] == 0 else
                 f"export differs from the import in {r['vm_mismatches']} values (largest "
                 f"relative error {r['vm_max_rel_err']:.2g})"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--series", type=int, default=1000)
    p.add_argument("--steps", type=int, default=360, help="samples per series (10 s apart)")
    p.add_argument("--size-bin", default=DEFAULT_SIZE_BIN,
                   help=f"the storage_size program (default {DEFAULT_SIZE_BIN})")
    p.add_argument("--datasets", default="rounded,full",
                   help="comma-separated: rounded (2 decimals), full (full precision)")
    args = p.parse_args()
    datasets = args.datasets.split(",")
    if args.series < 1 or args.steps < 1 or not datasets or \
            any(d not in ("rounded", "full") for d in datasets):
        p.error("--series and --steps must be positive; --datasets takes rounded and/or full")
    if not os.access(VM_BIN, os.X_OK):
        sys.exit(f"{VM_BIN} not found. Install it with: sudo apt-get install victoria-metrics")
    if not os.access(args.size_bin, os.X_OK):
        sys.exit(f"{args.size_bin} not found. Build it (cmake --build build/release --target "
                 "storage_size) or pass --size-bin.")

    # SIGTERM ends us like Ctrl-C does, so that the finally blocks stop victoria-metrics.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        results = [run_dataset(args, d == "rounded") for d in datasets]
    except BenchError as e:
        sys.exit(f"compare_victoriametrics: {e}")
    except KeyboardInterrupt:
        sys.exit(130)
    report(args, results)


if __name__ == "__main__":
    main()
