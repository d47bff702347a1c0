// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Helpers shared by the scalar function families: argument checks with DataFusion-style
// messages, common-type resolution, the per-row "Value in -> Value out" fallback, typed
// column access for tight loops, and UTF-8 / case mapping / LIKE helpers.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"  // AppendUtf8
#include "query/function/function.h"
#include "types/column.h"
#include "types/column_builder.h"

namespace greptime::query {

// kInvalidArguments "Failed to coerce arguments to satisfy a call to '<name>' function: ..."
// unless lo <= args.size() <= hi.
Status CheckArity(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi);
// kInvalidArguments "Failed to coerce arguments to satisfy a call to '<name>' function: <detail>".
Status BadArgument(std::string_view name, std::string_view detail);
// kEngineExecuteQuery "<name>: <detail>" for errors found while evaluating rows.
Status ExecError(std::string_view name, std::string_view detail);

using RowFn = std::function<Result<types::Value>(std::span<const types::Value>)>;
// Evaluates `fn` row by row. With `propagate_nulls`, a row with any NULL argument gives NULL
// without calling `fn`. Results are cast to `out` when their type differs.
Result<types::ColumnPtr> MapRows(std::span<const types::ColumnPtr> args, size_t num_rows,
                                 const types::DataType& out, const RowFn& fn,
                                 bool propagate_nulls = true);

// Registers a row-wise function under every name of `names`: `type` checks the arguments and
// gives the result type (it is called again at Invoke time with the column types and no
// constants, so it must not depend on constant values).
void RegisterRowFunction(FunctionRegistry& registry, std::initializer_list<std::string> names,
                         std::function<Result<types::DataType>(std::span<const ArgInfo>)> type,
                         RowFn fn, bool propagate_nulls = true, bool deterministic = true);

bool IsNumericOrNull(const types::DataType& t);
bool IsStringOrNull(const types::DataType& t);

// The type two numeric (or Null) types widen to, after DataFusion's numeric coercion: equal
// types stay; Null yields the other; integers widen to the smallest integer holding both
// (mixed signedness: a signed type twice as wide; UInt64 with a signed type gives
// Decimal128(20, 0) as in DataFusion's comparison coercion); a float or decimal with
// anything gives Float64 (Float32 with Float32 or 8/16-bit integers stays Float32).
// kInvalidArguments when either type is not numeric or Null.
Result<types::DataType> CommonNumericType(const types::DataType& a, const types::DataType& b);

// The type the values of `args[from..]` unify to (coalesce, greatest, if, ...): Null
// arguments are skipped (all Null gives Null); numerics by CommonNumericType; string-like
// types give String; timestamps or dates with strings give the timestamp/date; timestamps of
// different units the finer one. BadArgument(name, "no common type for X and Y") otherwise.
Result<types::DataType> CommonType(std::string_view name, std::span<const ArgInfo> args,
                                   size_t from = 0);

// Casts every row of `column` to `to` (Value::CastTo semantics, offset-less timestamp strings
// read in `zone`); the column itself when it already has that type. A Null column gives nulls
// of `to`. Errors as Value::CastTo.
Result<types::ColumnPtr> CastColumn(const types::ColumnPtr& column, const types::DataType& to,
                                    const TimeZone& zone = TimeZone::Utc());

// A numeric (or Boolean/Null) column read as doubles (decimals scaled); NULL rows read as 0.
// BadArgument naming `name` for other types.
Result<std::vector<double>> ToFloat64Values(std::string_view name, const types::Column& column);

// False when any of `args` is NULL in `row`.
bool AllValid(std::span<const types::ColumnPtr> args, size_t row);

// The bytes of row `row` of a String/Binary/Json column, or the Value::ToString text of other
// types (numbers, timestamps). Precondition: the row is valid.
std::string RowText(const types::Column& column, size_t row);

// The value of a constant argument when it is a non-NULL constant, else nullptr.
inline const types::Value* NonNullConstant(const ArgInfo& arg) {
  return arg.constant != nullptr && !arg.constant->is_null() ? arg.constant : nullptr;
}

// --- UTF-8 text ---------------------------------------------------------------------------
// Invalid UTF-8 is tolerated: a stray byte counts as one character (code point U+FFFD).

// Bytes of the character starting at byte i (1..4, never past the end). Precondition: i < size.
size_t Utf8CharLength(std::string_view s, size_t i);
// Number of characters.
size_t Utf8Length(std::string_view s);
// Byte position `chars` characters after byte position `pos` (s.size() when that runs out).
size_t Utf8Advance(std::string_view s, size_t pos, size_t chars);
// The code point at byte i. Precondition: i < size.
char32_t DecodeUtf8(std::string_view s, size_t i);
// (Encoding: AppendUtf8 in common/strings.h.)

template <typename F>
void ForEachCodePoint(std::string_view s, F f) {
  for (size_t i = 0; i < s.size(); i += Utf8CharLength(s, i)) f(DecodeUtf8(s, i));
}

// Simple Unicode case mapping (Latin-1, Latin Extended-A/Additional, Greek, Cyrillic,
// Armenian, full-width Latin); other code points map to themselves.
char32_t UpperCodePoint(char32_t cp);
char32_t LowerCodePoint(char32_t cp);
// Letters and digits: ASCII alphanumerics and code points >= U+0080 other than spaces and
// punctuation blocks (word boundaries of initcap).
bool IsAlphanumeric(char32_t cp);
// Full-string case conversion as Rust's str::to_uppercase / to_lowercase for the covered
// scripts (ß -> SS; a final Σ lowers to ς).
std::string UpperUtf8(std::string_view s);
std::string LowerUtf8(std::string_view s);
// Removes leading (`left`) and/or trailing (`right`) characters that appear in `set`.
std::string TrimChars(std::string_view s, std::string_view set, bool left, bool right);

// A compiled SQL LIKE pattern: `%` any sequence, `_` one character, `escape` (when not '\0')
// makes the next character literal. Matching is linear in practice (greedy with
// backtracking to the last `%`).
class LikePattern {
 public:
  static LikePattern Compile(std::string_view pattern, char escape = '\\');
  bool Matches(std::string_view text) const;

 private:
  enum class Kind : uint8_t { kLiteral, kAnyChar, kAnySeq };
  struct Token {
    Kind kind;
    std::string literal;  // one character's bytes for kLiteral
  };
  std::vector<Token> tokens_;
};

// Lower-case hex MD5 digest of `bytes`.
std::string Md5(std::string_view bytes);

}  // namespace greptime::query
