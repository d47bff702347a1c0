# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""Integration: the greptime command line and layered configuration."""
import os
import socket
import tempfile
import unittest

import requests

from harness import Standalone, free_port, run_cli


def write_temp(content, suffix=".toml"):
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "w") as f:
        f.write(content)
    return path


class CliTest(unittest.TestCase):
    def test_version(self):
        for flag in ("--version", "-V"):
            r = run_cli([flag])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("version: ", r.stdout)
            self.assertIn("commit: ", r.stdout)

    def test_help(self):
        r = run_cli(["--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("standalone", r.stdout)
        r = run_cli(["standalone", "start", "--help"])
        self.assertEqual(r.returncode, 0)
        for flag in ("--http-addr", "--data-home", "--config-file", "--env-prefix"):
            self.assertIn(flag, r.stdout)

    def test_unknown_flag_and_missing_subcommand_fail(self):
        r = run_cli(["standalone", "start", "--no-such-flag"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("--no-such-flag", r.stderr)
        r = run_cli([])
        self.assertNotEqual(r.returncode, 0)
        r = run_cli(["standalone"])
        self.assertNotEqual(r.returncode, 0)

    def test_malformed_config_file_names_line(self):
        path = write_temp('[http]\naddr = "127.0.0.1:4000"\nbody_limit = = 1\n')
        try:
            r = run_cli(["standalone", "start", "-c", path])
            self.assertNotEqual(r.returncode, 0)
            self.assertIn(path, r.stderr)
            self.assertIn("line 3", r.stderr)
        finally:
            os.unlink(path)

    def test_wrong_type_names_key(self):
        path = write_temp("[http]\ntimeout = 30\n")
        try:
            r = run_cli(["standalone", "start", "-c", path])
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("'http.timeout'", r.stderr)
            self.assertIn("expected a duration", r.stderr)
        finally:
            os.unlink(path)

    def test_bad_environment_value_names_variable(self):
        r = run_cli(["standalone", "start"],
                    env={"GREPTIMEDB_STANDALONE__HTTP__BODY_LIMIT": "lots"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("GREPTIMEDB_STANDALONE__HTTP__BODY_LIMIT", r.stderr)
        self.assertIn("'http.body_limit'", r.stderr)

    def test_missing_config_file(self):
        r = run_cli(["standalone", "start", "-c", "/nonexistent/greptime.toml"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/nonexistent/greptime.toml", r.stderr)

    def test_reserved_grpc_address(self):
        r = run_cli(["standalone", "start", "--grpc-bind-addr", "127.0.0.1:3001"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("gRPC listen address conflicts with datanode reserved gRPC addr: "
                      "127.0.0.1:3001", r.stderr)

    def test_busy_port_fails_start(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            with tempfile.TemporaryDirectory() as tmp:
                r = run_cli(["standalone", "start", "--http-addr", f"127.0.0.1:{port}",
                             "--data-home", tmp])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"127.0.0.1:{port}", r.stdout + r.stderr)


class DataHomeTest(unittest.TestCase):
    def test_wal_dir_is_created_and_data_home_is_exclusive(self):
        with Standalone() as first:
            self.assertTrue(os.path.isdir(os.path.join(first.data_home, "wal")))
            r = run_cli(["standalone", "start", "--http-addr", f"127.0.0.1:{free_port()}",
                         "--data-home", first.data_home])
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("storage engine", r.stdout + r.stderr)
            self.assertEqual(requests.get(first.url + "/health", timeout=10).status_code, 200)

    def test_incomplete_or_unsupported_storage_fails_clearly(self):
        for env, message in [
            ({"GREPTIMEDB_STANDALONE__STORAGE__TYPE": "S3"},
             'storage.bucket is required for storage.type = "S3"'),
            ({"GREPTIMEDB_STANDALONE__STORAGE__TYPE": "Oss"}, 'storage.type "Oss" is not supported'),
        ]:
            r = run_cli(["standalone", "start", "--http-addr", f"127.0.0.1:{free_port()}",
                         "--data-home", tempfile.mkdtemp()], env=env)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn(message, r.stdout + r.stderr)


class LayeringTest(unittest.TestCase):
    def test_flags_beat_file_beats_environment(self):
        file_port = free_port()
        env_port = free_port()
        config = (f'[http]\naddr = "127.0.0.1:{file_port}"\ntimeout = "10s"\n'
                  f'[logging]\nlevel = "debug"\n'
                  f'unknown_logging_key = 1\n')
        env = {
            "GREPTIMEDB_STANDALONE__HTTP__ADDR": f"127.0.0.1:{env_port}",
            "GREPTIMEDB_STANDALONE__HTTP__TIMEOUT": "5s",
            "GREPTIMEDB_STANDALONE__LOGGING__LEVEL": "info",
            "GREPTIMEDB_STANDALONE__HTTP__BODY_LIMIT": "2MB",
        }
        with Standalone(env=env, config=config) as server:  # the harness passes --http-addr
            text = requests.get(server.url + "/config", timeout=10).text
            self.assertIn(f"addr = '{server.http_addr}'", text)   # flag
            self.assertIn("timeout = '10s'", text)                # file over env
            self.assertIn("level = 'debug'", text)                # file over env
            self.assertIn("body_limit = '2MB'", text)             # env over default
            self.assertIn("unknown configuration key 'logging.unknown_logging_key'",
                          server.output())

    def test_env_prefix_flag(self):
        with Standalone(extra_args=["--env-prefix", "MYGT"],
                        env={"MYGT__HTTP__BODY_LIMIT": "3MB"}) as server:
            text = requests.get(server.url + "/config", timeout=10).text
            self.assertIn("body_limit = '3MB'", text)

    def test_log_level_global_flag_after_subcommand(self):
        with Standalone(extra_args=["--log-level", "warn"]) as server:
            text = requests.get(server.url + "/config", timeout=10).text
            self.assertIn("level = 'warn'", text)


if __name__ == "__main__":
    unittest.main()
