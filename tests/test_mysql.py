# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The MySQL wire protocol (spec/wire-protocols.md §1) with real clients: the `mysql` command
line client (MariaDB), pymysql, and a small hand-written packet client for server-side prepared
statements (COM_STMT_PREPARE / COM_STMT_EXECUTE, binary protocol), which neither pymysql nor
the mysql client use."""
import datetime
import hashlib
import os
import shutil
import socket
import struct
import subprocess
import unittest

import pymysql

import harness
from harness import Standalone

MYSQL_CLI = shutil.which("mysql")


def mysql_cli(port, sql, user="root", password=None, database=None):
    args = [MYSQL_CLI, "-h127.0.0.1", f"-P{port}", f"-u{user}", "--batch", "-e", sql]
    if password is not None:
        args.insert(4, f"-p{password}")
    if database is not None:
        args += ["-D", database]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


# ---------------------------------------------------------------------------------------------
# A minimal MySQL client speaking the binary protocol.

def lenenc_int(data, pos):
    first = data[pos]
    if first < 0xFB:
        return first, pos + 1
    width = {0xFC: 2, 0xFD: 3, 0xFE: 8}[first]
    return int.from_bytes(data[pos + 1:pos + 1 + width], "little"), pos + 1 + width


def lenenc_str(data, pos):
    n, pos = lenenc_int(data, pos)
    return data[pos:pos + n], pos + n


def lenenc_bytes(b):
    n = len(b)
    if n < 251:
        prefix = bytes([n])
    elif n < 1 << 16:
        prefix = b"\xfc" + n.to_bytes(2, "little")
    else:
        prefix = b"\xfd" + n.to_bytes(3, "little")
    return prefix + b


class MysqlError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class PacketClient:
    CAPS = (0x200 | 0x8000 | 0x80000 | 0x200000 | 0x1000000 | 0x10000 | 0x20000)

    def __init__(self, port, user="root", password=""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        greeting = self.read()
        pos = 1
        pos = greeting.index(b"\0", pos) + 1
        pos += 4
        salt = greeting[pos:pos + 8]
        pos += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10
        salt += greeting[pos:greeting.index(b"\0", pos)]
        auth = b""
        if password:
            stage1 = hashlib.sha1(password.encode()).digest()
            mask = hashlib.sha1(salt + hashlib.sha1(stage1).digest()).digest()
            auth = bytes(a ^ b for a, b in zip(stage1, mask))
        resp = struct.pack("<IIB", self.CAPS, 1 << 24, 0x21) + b"\0" * 23
        resp += user.encode() + b"\0" + lenenc_bytes(auth) + b"mysql_native_password\0"
        self.send(resp, 1)
        try:
            self.check(self.read())
        except Exception:
            self.sock.close()
            raise

    def close(self):
        self.sock.close()

    def send(self, payload, seq=0):
        self.sock.sendall(len(payload).to_bytes(3, "little") + bytes([seq]) + payload)

    def read(self):
        header = self.recv_exactly(4)
        return self.recv_exactly(int.from_bytes(header[:3], "little"))

    def recv_exactly(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("server closed the connection")
            out += chunk
        return out

    @staticmethod
    def check(packet):
        if packet[0] == 0xFF:
            code = int.from_bytes(packet[1:3], "little")
            raise MysqlError(code, packet[9:].decode(errors="replace"))
        return packet

    def prepare(self, sql):
        self.send(b"\x16" + sql.encode())
        ok = self.check(self.read())
        stmt_id, ncols, nparams = struct.unpack("<IHH", ok[1:9])
        for _ in range(nparams):
            self.read()
        for _ in range(ncols):
            self.read()
        return stmt_id, nparams

    def execute(self, stmt_id, params):
        """params: list of (type, unsigned, encoded bytes or None for NULL)."""
        body = struct.pack("<IBI", stmt_id, 0, 1)
        if params:
            bitmap = bytearray((len(params) + 7) // 8)
            for i, (_, _, value) in enumerate(params):
                if value is None:
                    bitmap[i // 8] |= 1 << (i % 8)
            body += bytes(bitmap) + b"\x01"
            for t, unsigned, _ in params:
                body += bytes([t, 0x80 if unsigned else 0])
            for _, _, value in params:
                if value is not None:
                    body += value
        self.send(b"\x17" + body)
        first = self.check(self.read())
        if first[0] == 0x00:
            return lenenc_int(first, 1)[0]  # affected rows
        ncols, _ = lenenc_int(first, 0)
        columns = []
        for _ in range(ncols):
            d = self.read()
            pos = 0
            for _ in range(4):
                _, pos = lenenc_str(d, pos)
            name, pos = lenenc_str(d, pos)
            _, pos = lenenc_str(d, pos)
            pos += 1 + 2 + 4
            columns.append((name.decode(), d[pos], int.from_bytes(d[pos + 1:pos + 3], "little")))
        rows = []
        while True:
            p = self.read()
            if p[0] == 0xFE and len(p) < 9:
                return columns, rows
            rows.append(self.decode_row(p, columns))

    @staticmethod
    def decode_row(p, columns):
        n = len(columns)
        bitmap = p[1:1 + (n + 9) // 8]
        pos = 1 + (n + 9) // 8
        row = []
        for i, (_, t, flags) in enumerate(columns):
            if bitmap[(i + 2) // 8] & (1 << ((i + 2) % 8)):
                row.append(None)
                continue
            unsigned = bool(flags & 0x20)
            fixed = {1: 1, 2: 2, 3: 4, 8: 8}
            if t in fixed:
                w = fixed[t]
                row.append(int.from_bytes(p[pos:pos + w], "little", signed=not unsigned))
                pos += w
            elif t == 4:
                row.append(struct.unpack("<f", p[pos:pos + 4])[0])
                pos += 4
            elif t == 5:
                row.append(struct.unpack("<d", p[pos:pos + 8])[0])
                pos += 8
            elif t in (7, 10, 12):
                length = p[pos]
                f = p[pos + 1:pos + 1 + length]
                pos += 1 + length
                year, month, day = struct.unpack("<HBB", f[:4]) if length else (0, 0, 0)
                hms = tuple(f[4:7]) if length >= 7 else (0, 0, 0)
                micro = int.from_bytes(f[7:11], "little") if length == 11 else 0
                if t == 10:
                    row.append(datetime.date(year, month, day))
                else:
                    row.append(datetime.datetime(year, month, day, *hms, micro))
            else:
                value, pos = lenenc_str(p, pos)
                row.append(value.decode())
        return row


def p_longlong(v, unsigned=False):
    return (8, unsigned, v.to_bytes(8, "little", signed=not unsigned))


def p_double(v):
    return (5, False, struct.pack("<d", v))


def p_string(s):
    return (253, False, lenenc_bytes(s.encode()))


def p_datetime(dt):
    return (12, False, bytes([11]) + struct.pack("<HBBBBBI", dt.year, dt.month, dt.day, dt.hour,
                                                 dt.minute, dt.second, dt.microsecond))


def p_null():
    return (6, False, None)


# ---------------------------------------------------------------------------------------------


class MysqlProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = harness.free_port()
        cls.server = Standalone(extra_args=["--mysql-addr", f"127.0.0.1:{cls.port}"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def connect(self, **kwargs):
        return pymysql.connect(host="127.0.0.1", port=self.port, user="root", password="",
                               autocommit=True, **kwargs)

    @unittest.skipIf(MYSQL_CLI is None, "mysql client not installed")
    def test_mysql_cli_batch(self):
        r = mysql_cli(self.port, "CREATE TABLE cli_t (host STRING, ts TIMESTAMP TIME INDEX, "
                                 "v DOUBLE, PRIMARY KEY(host)); "
                                 "INSERT INTO cli_t VALUES ('a', 1000, 1.5), ('b', 2000, NULL); "
                                 "SELECT host, ts, v FROM cli_t ORDER BY ts")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), [
            "host\tts\tv", "a\t1970-01-01 00:00:01\t1.5", "b\t1970-01-01 00:00:02\tNULL"])
        r = mysql_cli(self.port, "SELECT @@version_comment")
        self.assertEqual(r.stdout.splitlines(), ["@@version_comment", "GreptimeDB"])
        r = mysql_cli(self.port, "SELECT * FROM no_such_table")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ERROR 1146 (42S02)", r.stderr)
        self.assertIn("(TableNotFound)", r.stderr)
        r = mysql_cli(self.port, "SELECT 1", database="no_such_db")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("1102", r.stderr)

    def test_pymysql_values_types_and_nulls(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE py_t (host STRING, ts TIMESTAMP(3) TIME INDEX, d DOUBLE, "
                    "f FLOAT, i INT, u BIGINT UNSIGNED, b BOOLEAN, PRIMARY KEY(host))")
        cur.execute("INSERT INTO py_t VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    ("it's", "2024-01-02 03:04:05.678", 2.25, 1.5, -7, 18446744073709551615, True))
        self.assertEqual(cur.rowcount, 1)
        cur.execute("INSERT INTO py_t VALUES ('n', 0, NULL, NULL, NULL, NULL, NULL)")
        cur.execute("SELECT host, ts, d, f, i, u, b FROM py_t ORDER BY ts")
        types = [d[1] for d in cur.description]
        # VARCHAR, TIMESTAMP, DOUBLE, FLOAT, LONG, LONGLONG, TINY (spec §1.5)
        self.assertEqual(types, [15, 7, 5, 4, 3, 8, 1])
        rows = cur.fetchall()
        # Column charset is binary (63, spec §1.3), so pymysql hands strings over as bytes.
        self.assertEqual(rows[0], (b"n", datetime.datetime(1970, 1, 1), None, None, None, None,
                                   None))
        self.assertEqual(rows[1], (b"it's", datetime.datetime(2024, 1, 2, 3, 4, 5, 678000), 2.25,
                                   1.5, -7, 18446744073709551615, 1))
        # Client-side escaping: the server announces NO_BACKSLASH_ESCAPES, so pymysql doubles
        # quotes and a backslash is just a character.
        tricky = "a\\' OR 1=1; -- \\"
        cur.execute("INSERT INTO py_t (host, ts) VALUES (%s, 5)", (tricky,))
        cur.execute("SELECT host FROM py_t WHERE ts = 5")
        self.assertEqual(cur.fetchall(), ((tricky.encode(),),))
        conn.close()

    def test_pymysql_errors_multi_statements_and_session(self):
        conn = self.connect()
        cur = conn.cursor()
        with self.assertRaises(pymysql.err.ProgrammingError) as e:
            cur.execute("SELECT * FROM missing_table")
        self.assertEqual(e.exception.args[0], 1146)
        with self.assertRaises(pymysql.MySQLError) as e:
            cur.execute("SELECT 1 +")
        self.assertEqual(e.exception.args[0], 1149)
        cur.execute("SELECT 1 AS a; SELECT 'x' AS b")
        self.assertEqual(cur.fetchall(), ((1,),))
        self.assertTrue(cur.nextset())
        self.assertEqual(cur.fetchall(), ((b"x",),))
        cur.execute("SET time_zone = '+08:00'")
        cur.execute("SELECT @@time_zone")
        self.assertEqual(cur.fetchall(), ((b"+08:00",),))
        cur.execute("SELECT CAST(0 AS TIMESTAMP) AS t")
        self.assertEqual(cur.fetchall(), ((datetime.datetime(1970, 1, 1, 8),),))
        cur.execute("CREATE DATABASE py_db")
        conn.select_db("py_db")
        cur.execute("SELECT database()")
        self.assertEqual(cur.fetchall(), ((b"py_db",),))
        with self.assertRaises(pymysql.MySQLError) as e:
            conn.select_db("nope")
        self.assertEqual(e.exception.args[0], 1102)
        cur.execute("SET autocommit = 1")
        cur.execute("SET collation_connection = 'utf8mb4_bin'")
        cur.execute("SHOW WARNINGS")
        self.assertEqual(cur.fetchall(),
                         ((b"Warning", 1000, b"Unsupported set variable COLLATION_CONNECTION"),))
        conn.ping()
        conn.close()

    def test_prepared_statements_binary_protocol(self):
        c = PacketClient(self.port)
        try:
            c.send(b"\x03" + b"CREATE TABLE ps_t (ts TIMESTAMP(6) TIME INDEX, i BIGINT, "
                             b"s STRING, d DOUBLE, u BIGINT UNSIGNED)")
            c.check(c.read())
            stmt, nparams = c.prepare("INSERT INTO ps_t VALUES (?, ?, ?, ?, ?)")
            self.assertEqual(nparams, 5)
            ts = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)
            self.assertEqual(c.execute(stmt, [p_datetime(ts), p_longlong(-42),
                                              p_string("O'Brien'); DROP TABLE ps_t; --"),
                                              p_double(0.5), p_longlong(2 ** 64 - 1, True)]), 1)
            self.assertEqual(c.execute(stmt, [p_datetime(ts + datetime.timedelta(seconds=1)),
                                              p_null(), p_null(), p_null(), p_null()]), 1)
            sel, nparams = c.prepare("SELECT ts, i, s, d, u FROM ps_t WHERE ts >= ? ORDER BY ts")
            self.assertEqual(nparams, 1)
            columns, rows = c.execute(sel, [p_string("2024-01-01 00:00:00")])
            self.assertEqual([t for _, t, _ in columns], [7, 8, 15, 5, 8])
            self.assertEqual(rows, [
                [ts, -42, "O'Brien'); DROP TABLE ps_t; --", 0.5, 2 ** 64 - 1],
                [ts + datetime.timedelta(seconds=1), None, None, None, None]])
            # Errors keep the connection usable.
            bad, _ = c.prepare("SELECT * FROM ps_missing WHERE i = ?")
            with self.assertRaises(MysqlError) as e:
                c.execute(bad, [p_longlong(1)])
            self.assertEqual(e.exception.code, 1146)
            columns, rows = c.execute(sel, [p_string("2024-05-06 07:08:10")])
            self.assertEqual(len(rows), 1)
        finally:
            c.close()

    def test_garbage_then_good_client(self):
        for payload in [b"\x00" * 3, b"\xff\xff\xff\x00" + b"x" * 100, os.urandom(64), b"GET / "]:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.recv(1024)  # greeting
            s.sendall(payload)
            s.close()
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("SELECT 40 + 2")
        self.assertEqual(cur.fetchall(), ((42,),))
        conn.close()


class MysqlAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = harness.free_port()
        cls.server = Standalone(extra_args=[
            "--mysql-addr", f"127.0.0.1:{cls.port}",
            "--user-provider", "static_user_provider:cmd:alice=secret,reader:ro=rpw"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_pymysql_password(self):
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="alice", password="secret")
        cur = conn.cursor()
        cur.execute("SELECT 1")
        self.assertEqual(cur.fetchall(), ((1,),))
        conn.close()
        for user, password in [("alice", "wrong"), ("bob", "secret"), ("alice", "")]:
            with self.assertRaises(pymysql.err.OperationalError) as e:
                pymysql.connect(host="127.0.0.1", port=self.port, user=user, password=password)
            self.assertEqual(e.exception.args[0], 1698)
            self.assertIn(f'Authenticate failed, user: "{user}"', e.exception.args[1])

    def test_read_only_user(self):
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="reader", password="rpw")
        cur = conn.cursor()
        cur.execute("SELECT 1")
        with self.assertRaises(pymysql.MySQLError) as e:
            cur.execute("CREATE DATABASE reader_db")
        self.assertEqual(e.exception.args[0], 1045)  # PermissionDenied
        conn.close()

    @unittest.skipIf(MYSQL_CLI is None, "mysql client not installed")
    def test_mysql_cli_password(self):
        r = mysql_cli(self.port, "SELECT 7", user="alice", password="secret")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["7", "7"])
        r = mysql_cli(self.port, "SELECT 7", user="alice", password="nope")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ERROR 1698 (28000)", r.stderr)

    def test_packet_client_password(self):
        c = PacketClient(self.port, "alice", "secret")
        stmt, _ = c.prepare("SELECT ? AS v")
        columns, rows = c.execute(stmt, [p_longlong(5)])
        self.assertEqual(rows, [[5]])
        c.close()
        with self.assertRaises(MysqlError) as e:
            PacketClient(self.port, "alice", "bad")
        self.assertEqual(e.exception.code, 1698)


if __name__ == "__main__":
    unittest.main()
