# Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
"""The PostgreSQL wire protocol (spec/wire-protocols.md §2) with real clients: `psql` in batch
mode, psycopg2 (which interpolates parameters client-side and uses the simple query protocol),
and a small hand-written protocol-3.0 client for the extended query protocol
(Parse/Bind/Describe/Execute/Sync) with text and binary parameters and results, which neither
psycopg2 nor psql 15 use."""
import datetime
import decimal
import os
import shutil
import socket
import struct
import subprocess
import unittest

import psycopg2
import psycopg2.extensions

import harness
from harness import Standalone

PSQL = shutil.which("psql")


def psql(port, sql, user="greptime", database="public", password=None, extra=()):
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    args = [PSQL, "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", database, "-X", "-A",
            "-t", "-w", *extra, "-c", sql]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)


# ---------------------------------------------------------------------------------------------
# A minimal protocol-3.0 client.

class PgError(Exception):
    def __init__(self, fields):
        self.fields = fields
        self.code = fields.get("C")
        super().__init__(f"{fields.get('S')} {self.code}: {fields.get('M')}")


def error_fields(body):
    fields = {}
    for part in body.split(b"\x00"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def cstr(s):
    return s.encode() + b"\x00"


class WireClient:
    """Speaks the PostgreSQL frontend protocol over one socket."""

    def __init__(self, port, user="greptime", database="public", password=None, ssl=False):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        try:
            self.startup(user, database, password, ssl)
        except BaseException:
            self.sock.close()
            raise

    def startup(self, user, database, password, ssl):
        if ssl:
            self.sock.sendall(struct.pack("!II", 8, 80877103))
            self.ssl_answer = self.sock.recv(1)
        params = cstr("user") + cstr(user) + cstr("database") + cstr(database) + b"\x00"
        body = struct.pack("!I", 196608) + params
        self.sock.sendall(struct.pack("!I", len(body) + 4) + body)
        self.parameters = {}
        while True:
            t, body = self.recv()
            if t == b"R":
                code = struct.unpack("!I", body[:4])[0]
                if code == 3:
                    self.send(b"p", cstr(password or ""))
                elif code != 0:
                    raise AssertionError(f"unexpected auth request {code}")
            elif t == b"S":
                name, value = body.split(b"\x00")[:2]
                self.parameters[name.decode()] = value.decode()
            elif t == b"K":
                self.key = struct.unpack("!II", body)
            elif t == b"E":
                raise PgError(error_fields(body))
            elif t == b"Z":
                break

    def close(self):
        try:
            self.send(b"X", b"")
        except OSError:
            pass
        self.sock.close()

    def send(self, t, body):
        self.sock.sendall(t + struct.pack("!I", len(body) + 4) + body)

    def recv(self):
        while len(self.buf) < 5 or len(self.buf) < 1 + struct.unpack("!I", self.buf[1:5])[0]:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        n = struct.unpack("!I", self.buf[1:5])[0]
        t, body, self.buf = self.buf[:1], self.buf[5:1 + n], self.buf[1 + n:]
        return t, body

    def until_ready(self):
        """Messages up to and including ReadyForQuery, as (type, body)."""
        out = []
        while True:
            t, body = self.recv()
            out.append((t, body))
            if t == b"Z":
                return out

    # Message builders.
    def parse(self, sql, oids=(), name=""):
        self.send(b"P", cstr(name) + cstr(sql) + struct.pack("!H", len(oids)) +
                  b"".join(struct.pack("!I", o) for o in oids))

    def bind(self, values, formats=(), result_formats=(), stmt="", portal=""):
        body = cstr(portal) + cstr(stmt) + struct.pack("!H", len(formats))
        body += b"".join(struct.pack("!h", f) for f in formats)
        body += struct.pack("!H", len(values))
        for v in values:
            if v is None:
                body += struct.pack("!i", -1)
            else:
                body += struct.pack("!I", len(v)) + v
        body += struct.pack("!H", len(result_formats))
        body += b"".join(struct.pack("!h", f) for f in result_formats)
        self.send(b"B", body)

    def describe(self, kind=b"P", name=""):
        self.send(b"D", kind + cstr(name))

    def execute(self, portal="", max_rows=0):
        self.send(b"E", cstr(portal) + struct.pack("!I", max_rows))

    def sync(self):
        self.send(b"S", b"")

    def query(self, sql):
        self.send(b"Q", cstr(sql))
        return self.until_ready()

    def run(self, sql, values=(), oids=(), formats=(), result_formats=()):
        """Parse/Bind/Describe portal/Execute/Sync; returns (fields, rows, tag) or raises."""
        self.parse(sql, oids)
        self.bind(values, formats, result_formats)
        self.describe()
        self.execute()
        self.sync()
        return decode_results(self.until_ready())


def decode_row_description(body):
    n = struct.unpack("!H", body[:2])[0]
    pos, fields = 2, []
    for _ in range(n):
        end = body.index(b"\x00", pos)
        name = body[pos:end].decode()
        _, _, oid, _, _, fmt = struct.unpack("!IhIhih", body[end + 1:end + 19])
        fields.append((name, oid, fmt))
        pos = end + 19
    return fields


def decode_data_row(body):
    n = struct.unpack("!H", body[:2])[0]
    pos, values = 2, []
    for _ in range(n):
        length = struct.unpack("!i", body[pos:pos + 4])[0]
        pos += 4
        if length < 0:
            values.append(None)
        else:
            values.append(body[pos:pos + length])
            pos += length
    return values


def decode_results(messages):
    fields, rows, tag = None, [], None
    for t, body in messages:
        if t == b"E":
            raise PgError(error_fields(body))
        if t == b"T":
            fields = decode_row_description(body)
        elif t == b"D":
            rows.append(decode_data_row(body))
        elif t == b"C":
            tag = body.rstrip(b"\x00").decode()
    return fields, rows, tag


OID = {"bool": 16, "bytea": 17, "int8": 20, "int2": 21, "int4": 23, "text": 25, "json": 114,
       "float4": 700, "float8": 701, "unknown": 705, "varchar": 1043, "date": 1082,
       "timestamp": 1114, "interval": 1186, "numeric": 1700}
PG_EPOCH = datetime.datetime(2000, 1, 1)


# ---------------------------------------------------------------------------------------------

class PostgresProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = harness.free_port()
        cls.server = Standalone(extra_args=["--postgres-addr", f"127.0.0.1:{cls.port}"]).start()
        conn = cls.connect_psycopg()
        cur = conn.cursor()
        cur.execute("CREATE TABLE typed (host STRING, ts TIMESTAMP(6) TIME INDEX, i16 SMALLINT, "
                    "i32 INT, i64 BIGINT, u64 BIGINT UNSIGNED, f32 FLOAT, f64 DOUBLE, "
                    "b BOOLEAN, bin VARBINARY, d DATE, j JSON, dec DECIMAL(10, 3), "
                    "PRIMARY KEY(host))")
        cur.execute("INSERT INTO typed VALUES ('a', '2024-01-02 03:04:05.123456', -7, 42, "
                    "9000000000, 18446744073709551615, 1.5, -2.25, true, X'00ff27', "
                    "'2024-02-29', '{\"k\": [1, 2]}', -12.345), "
                    "('b', '1999-12-31 23:59:59', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    "NULL, NULL, NULL, NULL)")
        conn.close()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    @classmethod
    def connect_psycopg(cls, **kwargs):
        conn = psycopg2.connect(host="127.0.0.1", port=cls.port, user="greptime",
                                dbname="public", **kwargs)
        conn.autocommit = True
        return conn

    # ----- psql ------------------------------------------------------------------------------

    @unittest.skipIf(PSQL is None, "psql not installed")
    def test_psql_batch_queries(self):
        r = psql(self.port, "SELECT host, ts, i32, f64, b FROM typed ORDER BY host")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["a|2024-01-02 03:04:05.123456|42|-2.25|t",
                                                 "b|1999-12-31 23:59:59|||"])
        r = psql(self.port, "SELECT version()")
        self.assertTrue(r.stdout.startswith("PostgreSQL 16.3 GreptimeDB"), r.stdout)
        r = psql(self.port, "CREATE TABLE psql_t (ts TIMESTAMP TIME INDEX, v DOUBLE); "
                            "INSERT INTO psql_t VALUES (1000, 1.5), (2000, NULL); "
                            "SELECT count(*) FROM psql_t")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["OK 0", "OK 2", "2"])
        r = psql(self.port, "SHOW client_encoding")
        self.assertEqual(r.stdout.strip(), "UTF8")
        r = psql(self.port,
                 "\\copy (SELECT host, i32, bin FROM typed ORDER BY host) to stdout csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["a,42,\\x00ff27", "b,,"])
        r = psql(self.port, "BEGIN; SELECT 1; COMMIT")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("transaction is not supported", r.stderr)

    @unittest.skipIf(PSQL is None, "psql not installed")
    def test_psql_errors(self):
        r = psql(self.port, "SELECT * FROM no_such_table", extra=["-v", "VERBOSITY=verbose"])
        self.assertEqual(r.returncode, 1)
        self.assertIn("42P01", r.stderr)
        self.assertIn("Table not found: greptime.public.no_such_table", r.stderr)
        r = psql(self.port, "SELECT (1", extra=["-v", "VERBOSITY=verbose"])
        self.assertIn("42601", r.stderr)
        r = psql(self.port, "SELECT 1", database="no_such_db")
        self.assertEqual(r.returncode, 2)
        self.assertIn("Database not found: no_such_db", r.stderr)

    @unittest.skipIf(PSQL is None, "psql not installed")
    def test_psql_meta_commands(self):
        r = psql(self.port, "\\dt")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertIn("public|numbers|table|postgres", lines)
        self.assertIn("public|typed|table|postgres", lines)
        r = psql(self.port, "\\d typed")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertIn("host|character varying|||", lines)
        self.assertIn("ts|timestamp without time zone||not null|", lines)
        self.assertIn("i64|bigint|||", lines)
        self.assertIn("dec|numeric|||", lines)
        r = psql(self.port, "\\d no_such_table")
        self.assertIn('Did not find any relation named "no_such_table"', r.stderr)
        r = psql(self.port, "\\dn")
        self.assertIn("public|postgres", r.stdout.splitlines())
        r = psql(self.port, "\\l")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("public|postgres|UTF8", r.stdout)

    # ----- psycopg2 --------------------------------------------------------------------------

    def test_psycopg2_values_types_and_nulls(self):
        conn = self.connect_psycopg()
        cur = conn.cursor()
        cur.execute("SELECT host, ts, i16, i32, i64, u64, f32, f64, b, bin, d, j, dec "
                    "FROM typed ORDER BY host")
        self.assertEqual([c.type_code for c in cur.description],
                         [OID[t] for t in ("varchar", "timestamp", "int2", "int4", "int8",
                                           "numeric", "float4", "float8", "bool", "bytea",
                                           "date", "json", "numeric")])
        a, b = cur.fetchall()
        self.assertEqual(a[:9], ("a", datetime.datetime(2024, 1, 2, 3, 4, 5, 123456), -7, 42,
                                 9000000000, decimal.Decimal("18446744073709551615"), 1.5,
                                 -2.25, True))
        self.assertEqual(bytes(a[9]), b"\x00\xff'")
        self.assertEqual(a[10:], (datetime.date(2024, 2, 29), {"k": [1, 2]},
                                  decimal.Decimal("-12.345")))
        self.assertEqual(b, ("b", datetime.datetime(1999, 12, 31, 23, 59, 59)) + (None,) * 11)
        cur.execute("SELECT 1 + 1 AS two, 'x' AS s, NULL AS n")
        self.assertEqual(cur.fetchall(), [(2, "x", None)])
        conn.close()

    def test_psycopg2_parameters_transactions_and_errors(self):
        conn = self.connect_psycopg()
        conn.autocommit = False  # psycopg2 sends BEGIN; answered by the canned layer
        cur = conn.cursor()
        cur.execute("CREATE TABLE pg2 (ts TIMESTAMP(3) TIME INDEX, name STRING, v DOUBLE, "
                    "raw VARBINARY)")
        cur.execute("INSERT INTO pg2 VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)",
                    (datetime.datetime(2024, 5, 6, 7, 8, 9, 500000), "it's \\ \"q\"", -0.5,
                     psycopg2.Binary(b"\x00\x01\\'"),
                     datetime.datetime(2024, 5, 6, 7, 8, 10), None, None, None))
        self.assertEqual(cur.statusmessage, "OK 2")
        conn.commit()
        cur.execute("SELECT name, v, raw FROM pg2 WHERE name = %s", ("it's \\ \"q\"",))
        rows = cur.fetchall()
        self.assertEqual([(r[0], r[1], bytes(r[2])) for r in rows],
                         [("it's \\ \"q\"", -0.5, b"\x00\x01\\'")])
        conn.commit()
        self.assertTrue(any("transaction is not supported" in n for n in conn.notices))
        with self.assertRaises(psycopg2.errors.UndefinedTable) as e:
            cur.execute("SELECT * FROM no_such_table")
        self.assertEqual(e.exception.pgcode, "42P01")
        conn.rollback()
        with self.assertRaises(psycopg2.Error) as e:
            cur.execute("SELECT (1")
        self.assertEqual(e.exception.pgcode, "42601")
        conn.rollback()
        cur.execute("SHOW default_transaction_isolation")
        self.assertEqual(cur.fetchall(), [("read committed",)])
        conn.close()

    def test_psycopg2_session_settings(self):
        conn = self.connect_psycopg()
        cur = conn.cursor()
        cur.execute("SET TIME ZONE '+08:00'")
        cur.execute("SELECT ts FROM typed WHERE host = 'a'")
        self.assertEqual(cur.fetchall(), [(datetime.datetime(2024, 1, 2, 11, 4, 5, 123456),)])
        cur.execute("SET extra_float_digits = 3")
        self.assertIn("Unsupported set variable EXTRA_FLOAT_DIGITS", conn.notices[-1])
        cur.execute("SELECT current_schema(), current_database()")
        self.assertEqual(cur.fetchall(), [("public", "greptime")])
        cur.execute("CREATE DATABASE IF NOT EXISTS pg_other")
        cur.execute("SET search_path TO 'pg_other'")
        cur.execute("SELECT current_schema()")
        self.assertEqual(cur.fetchall(), [("pg_other",)])
        with self.assertRaises(psycopg2.Error):
            cur.execute("SET client_encoding = 'LATIN1'")
        conn.close()

    # ----- extended query protocol ------------------------------------------------------------

    def test_extended_text_parameters(self):
        c = WireClient(self.port)
        c.query("CREATE TABLE ext_text (ts TIMESTAMP(6) TIME INDEX, s STRING, i INT, "
                "big BIGINT, f DOUBLE, b BOOLEAN, bin VARBINARY, d DATE, dec DECIMAL(10, 2))")
        sql = "INSERT INTO ext_text VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        oids = [OID[t] for t in ("timestamp", "text", "int4", "int8", "float8", "bool", "bytea",
                                 "date", "numeric")]
        values = [b"2024-03-04 05:06:07.25", b"o'brien; DROP TABLE ext_text", b"-5",
                  b"123456789012", b"-1.5e3", b"true", b"\\x00ff", b"2024-03-04", b"-3.14"]
        _, _, tag = c.run(sql, values, oids)
        self.assertEqual(tag, "OK 1")
        _, _, tag = c.run(sql, [b"2024-03-05 00:00:00", None, None, None, None, None, None,
                                None, None], oids)
        self.assertEqual(tag, "OK 1")
        fields, rows, tag = c.run("SELECT s, i, big, f, b, bin, d, dec FROM ext_text "
                                  "WHERE ts = $1::timestamp", [b"2024-03-04 05:06:07.25"])
        self.assertEqual(tag, "SELECT 1")
        self.assertEqual([f[1] for f in fields],
                         [OID[t] for t in ("varchar", "int4", "int8", "float8", "bool", "bytea",
                                           "date", "numeric")])
        self.assertEqual(rows, [[b"o'brien; DROP TABLE ext_text", b"-5", b"123456789012",
                                 b"-1500", b"t", b"\\x00ff", b"2024-03-04", b"-3.14"]])
        _, rows, _ = c.run("SELECT count(*) FROM ext_text WHERE s IS NULL")
        self.assertEqual(rows, [[b"1"]])
        c.close()

    def test_extended_binary_parameters_and_results(self):
        c = WireClient(self.port)
        c.query("CREATE TABLE ext_bin (ts TIMESTAMP(6) TIME INDEX, i16 SMALLINT, i INT, "
                "big BIGINT, f4 FLOAT, f DOUBLE, b BOOLEAN, s STRING, bin VARBINARY, d DATE, "
                "dec DECIMAL(12, 4))")
        ts = datetime.datetime(2024, 3, 4, 5, 6, 7, 250000)
        micros = (ts - PG_EPOCH) // datetime.timedelta(microseconds=1)
        days = (datetime.date(2024, 2, 29) - PG_EPOCH.date()).days
        # numeric -1234.5 = weight 0, digits [1234, 5000], negative, dscale 1
        numeric = struct.pack("!hhHH", 2, 0, 0x4000, 1) + struct.pack("!HH", 1234, 5000)
        values = [struct.pack("!q", micros), struct.pack("!h", -3), struct.pack("!i", 70000),
                  struct.pack("!q", -(1 << 40)), struct.pack("!f", 0.5),
                  struct.pack("!d", 3.25), b"\x01", "héllo 'x'".encode(), b"\x00\x01\x02",
                  struct.pack("!i", days), numeric]
        oids = [OID[t] for t in ("timestamp", "int2", "int4", "int8", "float4", "float8", "bool",
                                 "varchar", "bytea", "date", "numeric")]
        _, _, tag = c.run("INSERT INTO ext_bin VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                          "$11)", values, oids, formats=[1])
        self.assertEqual(tag, "OK 1")
        fields, rows, _ = c.run("SELECT ts, i16, i, big, f4, f, b, s, bin, d, dec FROM ext_bin",
                                result_formats=[1])
        self.assertTrue(all(f[2] == 1 for f in fields))
        row = rows[0]
        self.assertEqual(struct.unpack("!q", row[0])[0], micros)
        self.assertEqual(struct.unpack("!h", row[1])[0], -3)
        self.assertEqual(struct.unpack("!i", row[2])[0], 70000)
        self.assertEqual(struct.unpack("!q", row[3])[0], -(1 << 40))
        self.assertEqual(struct.unpack("!f", row[4])[0], 0.5)
        self.assertEqual(struct.unpack("!d", row[5])[0], 3.25)
        self.assertEqual(row[6], b"\x01")
        self.assertEqual(row[7].decode(), "héllo 'x'")
        self.assertEqual(row[8], b"\x00\x01\x02")
        self.assertEqual(struct.unpack("!i", row[9])[0], days)
        ndigits, weight, sign, dscale = struct.unpack("!hhHH", row[10][:8])
        self.assertEqual((ndigits, weight, sign, dscale), (2, 0, 0x4000, 4))
        self.assertEqual(struct.unpack("!HH", row[10][8:]), (1234, 5000))
        # Mixed result formats: one per column.
        fields, rows, _ = c.run("SELECT i, s FROM ext_bin", result_formats=[1, 0])
        self.assertEqual([f[2] for f in fields], [1, 0])
        self.assertEqual(rows, [[struct.pack("!i", 70000), "héllo 'x'".encode()]])
        c.close()

    def test_extended_describe_statement_and_errors(self):
        c = WireClient(self.port)
        c.parse("SELECT $1::int8 + 1 AS n, $2::text AS t", name="s1")
        c.describe(b"S", "s1")
        c.sync()
        msgs = c.until_ready()
        kinds = [t for t, _ in msgs]
        self.assertEqual(kinds, [b"1", b"t", b"T", b"Z"])
        params = msgs[1][1]
        self.assertEqual(struct.unpack("!Hii", params), (2, OID["int8"], OID["text"]))
        self.assertEqual([f[0] for f in decode_row_description(msgs[2][1])], ["n", "t"])
        c.bind([b"41", b"x"], stmt="s1")
        c.execute()
        c.sync()
        _, rows, tag = decode_results(c.until_ready())
        self.assertEqual((rows, tag), ([[b"42", b"x"]], "SELECT 1"))

        # An error skips everything up to Sync.
        c.parse("SELECT * FROM no_such_table")
        c.bind([])
        c.execute()
        c.parse("SELECT 1")
        c.bind([])
        c.execute()
        c.sync()
        msgs = c.until_ready()
        self.assertEqual([t for t, _ in msgs], [b"1", b"2", b"E", b"Z"])
        self.assertEqual(error_fields(msgs[2][1])["C"], "42P01")

        # A binary parameter without a type cannot be decoded.
        c.parse("SELECT $1")
        c.bind([b"\x00\x00\x00\x01"], formats=[1])
        c.sync()
        msgs = c.until_ready()
        fields = error_fields(msgs[1][1])
        self.assertEqual((fields["C"], fields["M"]), ("22023", "unknown_parameter_type"))
        self.assertIn("Cannot get type for parameter 0", fields["D"])

        # Parse takes one statement only; an empty one answers EmptyQueryResponse.
        c.parse("SELECT 1; SELECT 2")
        c.sync()
        self.assertEqual(error_fields(c.until_ready()[0][1])["C"], "42P14")
        c.parse("")
        c.bind([])
        c.execute()
        c.sync()
        self.assertEqual([t for t, _ in c.until_ready()], [b"1", b"2", b"I", b"Z"])

        # Wrong parameter count, bad integer text.
        with self.assertRaises(PgError):
            c.run("SELECT $1::int4", [b"1", b"2"])
        with self.assertRaises(PgError) as e:
            c.run("SELECT $1::int4", [b"1 OR 1=1"], [OID["int4"]])
        self.assertEqual(e.exception.code, "22023")
        # Close then reuse the name.
        c.send(b"C", b"S" + cstr("s1"))
        c.parse("SELECT 5", name="s1")
        c.sync()
        self.assertEqual([t for t, _ in c.until_ready()], [b"3", b"1", b"Z"])
        # The connection is still good.
        _, rows, _ = c.run("SELECT 6")
        self.assertEqual(rows, [[b"6"]])
        c.close()

    def test_simple_query_messages(self):
        c = WireClient(self.port)
        self.assertEqual(c.parameters["server_version"].split("-")[0], "16.3")
        self.assertEqual(c.parameters["DateStyle"], "ISO YMD")
        self.assertEqual(c.key, (0, 0))
        self.assertEqual([t for t, _ in c.query("")], [b"I", b"Z"])
        msgs = c.query("SELECT 1 AS a; SELECT 'x' AS b; SELECT * FROM nope; SELECT 3")
        self.assertEqual([t for t, _ in msgs], [b"T", b"D", b"C", b"T", b"D", b"C", b"E", b"Z"])
        msgs = c.query("SET TimeZone = 'Asia/Shanghai'")
        self.assertEqual([t for t, _ in msgs], [b"S", b"C", b"Z"])
        self.assertEqual(msgs[0][1], b"TimeZone\x00Asia/Shanghai\x00")
        msgs = c.query("BEGIN")
        self.assertEqual([t for t, _ in msgs], [b"N", b"C", b"Z"])
        self.assertEqual(msgs[1][1], b"BEGIN\x00")
        c.close()

    # ----- robustness -------------------------------------------------------------------------

    def test_ssl_request_then_startup(self):
        c = WireClient(self.port, ssl=True)
        self.assertEqual(c.ssl_answer, b"N")
        _, rows, _ = c.run("SELECT 1")
        self.assertEqual(rows, [[b"1"]])
        c.close()

    def test_hostile_messages_close_only_their_connection(self):
        good = WireClient(self.port)
        payloads = [
            struct.pack("!I", 1 << 30),                     # startup length claiming 1 GB
            struct.pack("!II", 8, 1234),                    # unknown protocol
            os.urandom(64),
            b"GET / HTTP/1.1\r\n\r\n",
        ]
        for payload in payloads:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(payload)
            try:
                s.recv(1024)
            except OSError:
                pass
            s.close()
        # After startup: a message claiming 1 GB, then an unknown message type.
        for raw in [b"Q" + struct.pack("!I", 1 << 30), b"\x01" + struct.pack("!I", 4)]:
            c = WireClient(self.port)
            c.sock.sendall(raw)
            t, body = c.recv()
            self.assertEqual(t, b"E")
            self.assertEqual(error_fields(body)["S"], "FATAL")
            self.assertEqual(c.sock.recv(16), b"")
            c.sock.close()
        _, rows, _ = good.run("SELECT 40 + 2")
        self.assertEqual(rows, [[b"42"]])
        good.close()


class PostgresAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = harness.free_port()
        cls.server = Standalone(extra_args=[
            "--postgres-addr", f"127.0.0.1:{cls.port}",
            "--user-provider", "static_user_provider:cmd:alice=secret"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    @unittest.skipIf(PSQL is None, "psql not installed")
    def test_psql_password(self):
        r = psql(self.port, "SELECT 7", user="alice", password="secret")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "7")
        r = psql(self.port, "SELECT 7", user="alice", password="wrong")
        self.assertEqual(r.returncode, 2)
        self.assertIn('password authentication failed for user "alice"', r.stderr)

    def test_psycopg2_and_wire_password(self):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="alice",
                                password="secret", dbname="public")
        cur = conn.cursor()
        cur.execute("SELECT 1")
        self.assertEqual(cur.fetchall(), [(1,)])
        conn.close()
        for user, password in [("alice", "wrong"), ("bob", "secret"), ("alice", "")]:
            with self.assertRaises(psycopg2.OperationalError) as e:
                psycopg2.connect(host="127.0.0.1", port=self.port, user=user, password=password,
                                 dbname="public")
            if password:  # libpq refuses to send an empty password itself
                self.assertIn("password authentication failed", str(e.exception))
        with self.assertRaises(PgError) as e:
            WireClient(self.port, user="alice", password="bad")
        self.assertEqual((e.exception.fields["S"], e.exception.code), ("FATAL", "28P01"))
        c = WireClient(self.port, user="alice", password="secret")
        _, rows, _ = c.run("SELECT 8")
        self.assertEqual(rows, [[b"8"]])
        c.close()


if __name__ == "__main__":
    unittest.main()
