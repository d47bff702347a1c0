// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PromQL literal syntax shared by the lexer, the parser and the printer: Prometheus durations,
// numbers as Go's strconv reads and prints them, and Go-quoted strings.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime::promql {

// Parses a Prometheus duration (prometheus/common model.ParseDuration): one or more
// `<digits><unit>` terms with units y (365d), w, d, h, m, s, ms, each at most once and from the
// largest to the smallest ("1h30m", "5d1m"); "0" alone is zero. Fails with kInvalidArguments
// and Prometheus's text: `not a valid duration string: "5m1h"`, `unknown unit "hs" in duration
// "5y1hs"`, `duration out of range`, `empty duration string`.
Result<std::chrono::nanoseconds> ParseDuration(std::string_view text);

// Prometheus's duration rendering (model.Duration.String): milliseconds precision, y and w only
// when they divide exactly, then d h m s ms: "1h30m", "90d", "2w", "1s500ms", "0s", "-5m".
std::string FormatDuration(std::chrono::nanoseconds duration);

// Reads a PromQL number token the way Prometheus does: as a Go integer literal first (base
// prefixes 0x/0o/0b, a leading 0 meaning octal, '_' separators), else as a Go float ("1e3",
// ".5", "Inf", "NaN"). Errors carry Go's text, e.g.
// `strconv.ParseFloat: parsing "1e400": value out of range`.
Result<double> ParseNumber(std::string_view text);

// Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as `v`, never
// in exponent form ("1", "0.001", "1000000000000000000000"); "+Inf", "-Inf", "NaN".
std::string FormatNumber(double value);

// Removes the quotes of a PromQL string token and resolves its escapes (Prometheus's
// strutil.Unquote): '...' and "..." take Go escapes (\n, \x41, \101, \u00e9, \U0001F600, ...),
// `...` is raw. \x and octal escapes produce single bytes. kInvalidArguments on bad syntax.
Result<std::string> Unquote(std::string_view quoted);

// Go's strconv.Quote: a double-quoted literal with Go escapes that Unquote reads back.
std::string Quote(std::string_view text);

// Go's strconv.QuoteRune: 'x', '\n', '\x00'; invalid runes become '�'.
std::string QuoteRune(int32_t rune);

// Go's %#U verb: "U+0063 'c'", or "U+0007" when the rune is not printable.
std::string FormatRuneU(int32_t rune);

// Go's %.<n>q verb: the first `max_runes` runes of `text`, quoted.
std::string QuoteTruncated(std::string_view text, size_t max_runes);

// True for names matching [a-zA-Z_][a-zA-Z0-9_]*, which print without quotes.
bool IsLegacyLabelName(std::string_view name);

// Whether `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// Decodes one UTF-8 sequence at the front of `text`; returns the rune and sets `width`. Invalid
// or truncated input yields U+FFFD with width 1 (as Go's utf8.DecodeRuneInString).
int32_t DecodeRune(std::string_view text, int* width);

// Appends the UTF-8 encoding of `rune` (U+FFFD for invalid runes).
void AppendRune(std::string* out, int32_t rune);

}  // namespace greptime::promql
