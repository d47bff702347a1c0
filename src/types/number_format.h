// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Text forms of numbers as GreptimeDB shows them: floats in the sqlness grid form (shortest
// round-trip, Arrow/ryu layout), the Rust Display/Debug forms used in messages, and Decimal128.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime::types {

using int128_t = __int128;
using uint128_t = unsigned __int128;

// The result-grid form (spec/sql.md §0.3, Arrow display via ryu): shortest round-trip digits;
// plain notation with a fraction for integral values ("1024.0", "0.000001") while the decimal
// exponent is in range, scientific otherwise ("1e17", "1.7014118346046924e37", "1e-7");
// "NaN", "inf", "-inf". Ranges: Float64 1e-5 <= |x| < 1e16, Float32 1e-6 <= |x| < 1e13.
std::string FormatFloat64(double v);
std::string FormatFloat32(float v);

// Rust `{}`: shortest digits, never an exponent, no ".0" for integral values ("1", "0.5",
// "100000000000000000000"). Used for vectors and column defaults.
std::string FormatFloat64Display(double v);
std::string FormatFloat32Display(float v);

// Rust `{:?}`: like Display with at least one fraction digit ("100.0"), scientific when
// |x| < 1e-4 or |x| >= 1e16 ("1.7014119e37"). Used in cast error messages.
std::string FormatFloat64Debug(double v);
std::string FormatFloat32Debug(float v);

// Decimal text of a 128-bit integer.
std::string Int128ToString(int128_t v);
// An unscaled decimal with its scale: (10, 2) -> "0.10", (-5, 1) -> "-0.5", (7, 0) -> "7".
std::string FormatDecimal128(int128_t unscaled, int scale);

// 10^n for 0 <= n <= 38.
int128_t Pow10I128(int n);
// True when |unscaled| < 10^precision.
bool DecimalFitsPrecision(int128_t unscaled, int precision);
// Largest value of the precision: 10^precision - 1.
inline int128_t DecimalMaxUnscaled(int precision) { return Pow10I128(precision) - 1; }

// Parses "[+-]digits[.digits][e[+-]digits]" (blanks around are trimmed) into an unscaled value
// at `scale`, rounding half away from zero on dropped digits. Does not check a precision.
// kInvalidArguments when the text is not a number or the result overflows 128 bits.
Result<int128_t> ParseDecimal128(std::string_view text, int scale);

}  // namespace greptime::types
