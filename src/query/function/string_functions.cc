// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// String functions (DataFusion semantics: 1-based UTF-8 character positions, Unicode case
// mapping, Int32 lengths for Utf8), MySQL compatibility functions, LIKE/ILIKE and regular
// expressions (RE2; compiled patterns are cached, so constant patterns compile once).
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <mutex>
#include <random>
#include <unordered_map>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/strings.h"
#include "query/function/function_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::Value;

using TypeFn = LambdaScalarFunction::TypeFn;
using InvokeFn = LambdaScalarFunction::InvokeFn;

// Results larger than this are refused (repeat, lpad, space, ...).
constexpr size_t kMaxResultBytes = 64u << 20;

void Register(FunctionRegistry& r, std::initializer_list<const char*> names, TypeFn type,
              InvokeFn invoke, bool deterministic = true) {
  auto fn = std::make_shared<LambdaScalarFunction>(std::move(type), std::move(invoke),
                                                   deterministic);
  for (const char* n : names) r.RegisterScalar(n, fn);
}

// Argument kinds of a signature: 'S' text (strings; numbers, booleans and times are rendered
// as text), 'I' integer, 'B' boolean, 'N' numeric. A trailing '*' repeats the last kind.
bool KindAccepts(char kind, const DataType& t) {
  if (t.is_null()) return true;
  switch (kind) {
    case 'S':
      return t.is_string_like() || t.is_numeric() || t.is_boolean() || t.is_timestamp() ||
             t.is_date();
    case 'I': return t.is_integer();
    case 'B': return t.is_boolean();
    case 'N': return t.is_numeric();
    default: return false;
  }
}

const char* KindName(char kind) {
  switch (kind) {
    case 'S': return "a string";
    case 'I': return "an integer";
    case 'B': return "a boolean";
    default: return "a number";
  }
}

// A TypeFn: `kinds` describes the arguments, the first `min_args` are required.
TypeFn Sig(std::string name, std::string kinds, size_t min_args, DataType out) {
  return [name, kinds, min_args, out](std::span<const ArgInfo> a) -> Result<DataType> {
    const bool variadic = !kinds.empty() && kinds.back() == '*';
    const size_t fixed = variadic ? kinds.size() - 1 : kinds.size();
    GT_RETURN_IF_ERROR(CheckArity(name, a, min_args, variadic ? SIZE_MAX : fixed));
    for (size_t i = 0; i < a.size(); ++i) {
      char k = i < fixed ? kinds[i] : kinds[fixed - 1];
      if (!KindAccepts(k, a[i].type)) {
        return BadArgument(name, fmt::format("argument {} has type {}, expected {}", i + 1,
                                             a[i].type.Name(), KindName(k)));
      }
    }
    return out;
  };
}

// Row access to a text argument with a fast path for StringColumn.
class TextArg {
 public:
  explicit TextArg(const ColumnPtr& c) : col_(c.get()), str_(c->As<types::StringColumn>()) {}
  bool IsNull(size_t i) const { return col_->IsNull(i); }
  // Valid until the next Get on this TextArg. Precondition: !IsNull(i).
  std::string_view Get(size_t i) {
    if (str_ != nullptr) return str_->at(i);
    buf_ = RowText(*col_, i);
    return buf_;
  }

 private:
  const types::Column* col_;
  const types::StringColumn* str_;
  std::string buf_;
};

// Row access to an integer argument. Values outside Int64 read as saturated.
class IntArg {
 public:
  explicit IntArg(const ColumnPtr& c) : col_(c.get()), i64_(c->As<types::Int64Column>()) {}
  bool IsNull(size_t i) const { return col_->IsNull(i); }
  int64_t Get(size_t i) const {
    if (i64_ != nullptr) return i64_->at(i);
    Value v = col_->GetValue(i);
    if (auto x = v.ToInt64()) return *x;
    if (v.type().id() == TypeId::kUInt64) return INT64_MAX;
    return static_cast<int64_t>(std::clamp(v.ToFloat64().value_or(0), -9.2e18, 9.2e18));
  }

 private:
  const types::Column* col_;
  const types::Int64Column* i64_;
};

enum class RowResult { kValue, kNull };

// Builds a String column: f(i, out) fills `out` for row i (cleared before each call) or
// returns kNull. With `propagate_nulls`, rows with a NULL argument are NULL without calling f.
template <typename F>
Result<ColumnPtr> BuildStrings(std::span<const ColumnPtr> args, size_t rows, F f,
                               bool propagate_nulls = true) {
  types::StringColumnBuilder b;
  b.Reserve(rows);
  std::string out;
  for (size_t i = 0; i < rows; ++i) {
    if (propagate_nulls && !AllValid(args, i)) {
      b.AppendNull();
      continue;
    }
    out.clear();
    GT_ASSIGN_OR_RETURN(RowResult r, f(i, out));
    if (r == RowResult::kNull) {
      b.AppendNull();
    } else {
      GT_RETURN_IF_ERROR(b.Append(std::string_view(out)));
    }
  }
  return b.Finish();
}

// Builds an integer (Int32/Int64) column; f(i) -> Result<std::optional<int64_t>> (nullopt = NULL).
template <typename F>
Result<ColumnPtr> BuildInts(const DataType& type, std::span<const ColumnPtr> args, size_t rows,
                            F f) {
  if (type.id() == TypeId::kInt32) {
    types::PrimitiveColumnBuilder<int32_t> b(type);
    b.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (!AllValid(args, i)) {
        b.AppendNull();
        continue;
      }
      GT_ASSIGN_OR_RETURN(std::optional<int64_t> v, f(i));
      if (v) b.Append(static_cast<int32_t>(std::clamp<int64_t>(*v, INT32_MIN, INT32_MAX)));
      else b.AppendNull();
    }
    return b.Finish();
  }
  types::PrimitiveColumnBuilder<int64_t> b(DataType::Int64());
  b.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (!AllValid(args, i)) {
      b.AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(std::optional<int64_t> v, f(i));
    if (v) b.Append(*v);
    else b.AppendNull();
  }
  return b.Finish();
}

// Builds a Boolean column; f(i) -> Result<std::optional<bool>>.
template <typename F>
Result<ColumnPtr> BuildBools(std::span<const ColumnPtr> args, size_t rows, F f) {
  types::BooleanColumnBuilder b;
  b.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (!AllValid(args, i)) {
      b.AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(std::optional<bool> v, f(i));
    if (v) b.Append(*v);
    else b.AppendNull();
  }
  return b.Finish();
}

// --- unary text functions ------------------------------------------------------------------

void RegisterTextToText(FunctionRegistry& r, std::initializer_list<const char*> names,
                        void (*f)(std::string_view, std::string&)) {
  const std::string n = *names.begin();
  Register(r, names, Sig(n, "S", 1, DataType::String()),
           [f](std::span<const ColumnPtr> args, size_t rows,
               const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               f(s.Get(i), out);
               return RowResult::kValue;
             });
           });
}

void RegisterTextToInt(FunctionRegistry& r, std::initializer_list<const char*> names,
                       DataType out, int64_t (*f)(std::string_view)) {
  const std::string n = *names.begin();
  Register(r, names, Sig(n, "S", 1, out),
           [f, out](std::span<const ColumnPtr> args, size_t rows,
                    const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]);
             return BuildInts(out, args, rows,
                              [&](size_t i) -> Result<std::optional<int64_t>> { return f(s.Get(i)); });
           });
}

void InitCap(std::string_view s, std::string& out) {
  bool word_start = true;
  ForEachCodePoint(s, [&](char32_t cp) {
    if (IsAlphanumeric(cp)) {
      AppendUtf8(out, word_start ? UpperCodePoint(cp) : LowerCodePoint(cp));
      word_start = false;
    } else {
      AppendUtf8(out, cp);
      word_start = true;
    }
  });
}

void Reverse(std::string_view s, std::string& out) {
  out.resize(s.size());
  size_t w = s.size();
  size_t i = 0;
  while (i < s.size()) {
    size_t len = Utf8CharLength(s, i);
    w -= len;
    std::memcpy(out.data() + w, s.data() + i, len);
    i += len;
  }
}

void Md5Hex(std::string_view s, std::string& out) { out = Md5(s); }

// --- substring family -------------------------------------------------------------------

// Characters [from, to) of s (0-based, clamped).
std::string_view CharRange(std::string_view s, int64_t from, int64_t to) {
  from = std::max<int64_t>(from, 0);
  if (to <= from) return {};
  size_t b = Utf8Advance(s, 0, static_cast<size_t>(from));
  size_t e = Utf8Advance(s, b, static_cast<size_t>(std::min<int64_t>(to - from, INT64_MAX / 2)));
  return s.substr(b, e - b);
}

int64_t SatAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

void RegisterSubstr(FunctionRegistry& r) {
  Register(r, {"substr", "substring"}, Sig("substr", "SII", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]);
             IntArg start(args[1]);
             std::optional<IntArg> len;
             if (args.size() > 2) len.emplace(args[2]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               int64_t from = SatAdd(start.Get(i), -1);
               int64_t to = INT64_MAX;
               if (len) {
                 int64_t l = len->Get(i);
                 if (l < 0) {
                   return Status(StatusCode::kEngineExecuteQuery,
                                 fmt::format("Execution error: negative substring length not "
                                             "allowed: substr(<str>, {}, {})",
                                             start.Get(i), l));
                 }
                 to = SatAdd(from, l);
               }
               out = CharRange(s.Get(i), from, to);
               return RowResult::kValue;
             });
           });
  for (bool left : {true, false}) {
    const char* name = left ? "left" : "right";
    Register(r, {name}, Sig(name, "SI", 2, DataType::String()),
             [left](std::span<const ColumnPtr> args, size_t rows,
                    const FunctionContext&) -> Result<ColumnPtr> {
               TextArg s(args[0]);
               IntArg n(args[1]);
               return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
                 std::string_view v = s.Get(i);
                 const int64_t chars = static_cast<int64_t>(Utf8Length(v));
                 int64_t k = n.Get(i);
                 if (left) {
                   out = CharRange(v, 0, k >= 0 ? k : chars + std::max<int64_t>(k, -chars));
                 } else {
                   out = CharRange(v, k >= 0 ? chars - std::min(k, chars) : std::min(-k, chars), chars);
                 }
                 return RowResult::kValue;
               });
             });
  }
}

void RegisterPad(FunctionRegistry& r) {
  for (bool left : {true, false}) {
    const char* name = left ? "lpad" : "rpad";
    const std::string n = name;
    Register(r, {name}, Sig(n, "SIS", 2, DataType::String()),
             [left, n](std::span<const ColumnPtr> args, size_t rows,
                       const FunctionContext&) -> Result<ColumnPtr> {
               TextArg s(args[0]);
               IntArg len(args[1]);
               std::optional<TextArg> fill;
               if (args.size() > 2) fill.emplace(args[2]);
               return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
                 std::string_view v = s.Get(i);
                 const int64_t target = len.Get(i);
                 if (target <= 0) return RowResult::kValue;
                 const int64_t chars = static_cast<int64_t>(Utf8Length(v));
                 if (target <= chars) {
                   out = CharRange(v, 0, target);
                   return RowResult::kValue;
                 }
                 std::string_view f = fill ? fill->Get(i) : std::string_view(" ");
                 if (f.empty()) {
                   out = v;
                   return RowResult::kValue;
                 }
                 const int64_t need = target - chars;
                 if (static_cast<uint64_t>(need) > kMaxResultBytes) {
                   return ExecError(n, "result too large");
                 }
                 std::string pad;
                 const int64_t fill_chars = static_cast<int64_t>(Utf8Length(f));
                 for (int64_t k = 0; k + fill_chars <= need; k += fill_chars) pad += f;
                 pad += CharRange(f, 0, need % fill_chars);
                 out = left ? pad + std::string(v) : std::string(v) + pad;
                 return RowResult::kValue;
               });
             });
  }
}

void RegisterTrim(FunctionRegistry& r) {
  struct Trim {
    std::initializer_list<const char*> names;
    bool left, right;
  };
  for (const Trim& t : {Trim{{"trim", "btrim"}, true, true}, Trim{{"ltrim"}, true, false},
                        Trim{{"rtrim"}, false, true}}) {
    const bool left = t.left, right = t.right;
    const std::string n = *t.names.begin();
    Register(r, t.names, Sig(n, "SS", 1, DataType::String()),
             [left, right](std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext&) -> Result<ColumnPtr> {
               TextArg s(args[0]);
               std::optional<TextArg> chars;
               if (args.size() > 1) chars.emplace(args[1]);
               return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
                 std::string set = chars ? std::string(chars->Get(i)) : std::string(" ");
                 out = TrimChars(s.Get(i), set, left, right);
                 return RowResult::kValue;
               });
             });
  }
}

// Rust's str::replace: an empty `from` inserts `to` before every character and at the end.
void ReplaceAll(std::string_view s, std::string_view from, std::string_view to, std::string& out) {
  if (from.empty()) {
    size_t i = 0;
    while (i < s.size()) {
      out += to;
      size_t len = Utf8CharLength(s, i);
      out += s.substr(i, len);
      i += len;
    }
    out += to;
    return;
  }
  size_t pos = 0;
  while (true) {
    size_t f = s.find(from, pos);
    if (f == std::string_view::npos) break;
    out += s.substr(pos, f - pos);
    out += to;
    pos = f + from.size();
  }
  out += s.substr(pos);
}

// 1-based character position of `needle` in `hay` at or after character `start_char`
// (0-based); 0 when absent.
int64_t CharPosition(std::string_view hay, std::string_view needle, size_t start_char = 0) {
  size_t from = Utf8Advance(hay, 0, start_char);
  size_t f = hay.find(needle, from);
  if (f == std::string_view::npos) return 0;
  return static_cast<int64_t>(Utf8Length(hay.substr(0, f))) + 1;
}

std::vector<std::string_view> SplitOn(std::string_view s, std::string_view d) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t f = s.find(d, pos);
    if (f == std::string_view::npos) {
      parts.push_back(s.substr(pos));
      return parts;
    }
    parts.push_back(s.substr(pos, f - pos));
    pos = f + d.size();
  }
}

void RegisterSearchFunctions(FunctionRegistry& r) {
  Register(r, {"replace"}, Sig("replace", "SSS", 3, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), from(args[1]), to(args[2]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               std::string_view v = s.Get(i), f = from.Get(i), t = to.Get(i);
               if (f.empty() && (v.size() + 1) * t.size() > kMaxResultBytes) {
                 return ExecError("replace", "result too large");
               }
               ReplaceAll(v, f, t, out);
               if (out.size() > kMaxResultBytes) return ExecError("replace", "result too large");
               return RowResult::kValue;
             });
           });
  Register(r, {"repeat"}, Sig("repeat", "SI", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]);
             IntArg n(args[1]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               std::string_view v = s.Get(i);
               int64_t k = n.Get(i);
               if (k <= 0 || v.empty()) return RowResult::kValue;
               if (static_cast<uint64_t>(k) > kMaxResultBytes / v.size()) {
                 return ExecError("repeat", "result too large");
               }
               out.reserve(v.size() * static_cast<size_t>(k));
               for (int64_t j = 0; j < k; ++j) out += v;
               return RowResult::kValue;
             });
           });
  Register(r, {"strpos", "instr", "position"}, Sig("strpos", "SS", 2, DataType::Int32()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), sub(args[1]);
             return BuildInts(DataType::Int32(), args, rows, [&](size_t i) -> Result<std::optional<int64_t>> {
               std::string_view hay = s.Get(i);
               return CharPosition(hay, sub.Get(i));
             });
           });
  for (bool starts : {true, false}) {
    const char* name = starts ? "starts_with" : "ends_with";
    Register(r, {name}, Sig(name, "SS", 2, DataType::Boolean()),
             [starts](std::span<const ColumnPtr> args, size_t rows,
                      const FunctionContext&) -> Result<ColumnPtr> {
               TextArg s(args[0]), t(args[1]);
               return BuildBools(args, rows, [&](size_t i) -> Result<std::optional<bool>> {
                 std::string v(s.Get(i));
                 std::string_view x = t.Get(i);
                 return starts ? std::string_view(v).starts_with(x) : std::string_view(v).ends_with(x);
               });
             });
  }
  Register(r, {"split_part"}, Sig("split_part", "SSI", 3, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), d(args[1]);
             IntArg n(args[2]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               std::string v(s.Get(i));
               std::string_view delim = d.Get(i);
               int64_t k = n.Get(i);
               if (k == 0) {
                 return Status(StatusCode::kEngineExecuteQuery,
                               "Execution error: field position must not be zero");
               }
               std::vector<std::string_view> parts;
               if (delim.empty()) parts.push_back(v);
               else parts = SplitOn(v, delim);
               const int64_t cnt = static_cast<int64_t>(parts.size());
               int64_t idx = k > 0 ? k - 1 : cnt + k;
               if (idx >= 0 && idx < cnt) out = parts[static_cast<size_t>(idx)];
               return RowResult::kValue;
             });
           });
  // string_to_array(s, delimiter): DataFusion returns a List; without a list type the list
  // is rendered as its text "[a, b]". A NULL delimiter splits into characters.
  Register(r, {"string_to_array"}, Sig("string_to_array", "SSS", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), d(args[1]);
             return BuildStrings(
                 args, rows,
                 [&](size_t i, std::string& out) -> Result<RowResult> {
                   if (s.IsNull(i)) return RowResult::kNull;
                   std::string v(s.Get(i));
                   std::vector<std::string_view> parts;
                   if (d.IsNull(i)) {
                     for (size_t p = 0; p < v.size();) {
                       size_t len = Utf8CharLength(v, p);
                       parts.push_back(std::string_view(v).substr(p, len));
                       p += len;
                     }
                   } else if (!v.empty()) {
                     std::string_view delim = d.Get(i);
                     if (delim.empty()) parts.push_back(v);
                     else parts = SplitOn(v, delim);
                   }
                   out = "[";
                   for (size_t k = 0; k < parts.size(); ++k) {
                     if (k > 0) out += ", ";
                     out += parts[k];
                   }
                   out += "]";
                   return RowResult::kValue;
                 },
                 false);
           });
}

void RegisterConcat(FunctionRegistry& r) {
  Register(r, {"concat"}, Sig("concat", "S*", 1, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             std::vector<TextArg> texts;
             for (const auto& a : args) texts.emplace_back(a);
             return BuildStrings(
                 args, rows,
                 [&](size_t i, std::string& out) -> Result<RowResult> {
                   for (auto& t : texts) {
                     if (!t.IsNull(i)) out += t.Get(i);
                   }
                   if (out.size() > kMaxResultBytes) return ExecError("concat", "result too large");
                   return RowResult::kValue;
                 },
                 false);
           });
  Register(r, {"concat_ws"}, Sig("concat_ws", "SS*", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             std::vector<TextArg> texts;
             for (const auto& a : args) texts.emplace_back(a);
             return BuildStrings(
                 args, rows,
                 [&](size_t i, std::string& out) -> Result<RowResult> {
                   if (texts[0].IsNull(i)) return RowResult::kNull;
                   std::string sep(texts[0].Get(i));
                   bool first = true;
                   for (size_t k = 1; k < texts.size(); ++k) {
                     if (texts[k].IsNull(i)) continue;
                     if (!first) out += sep;
                     out += texts[k].Get(i);
                     first = false;
                   }
                   if (out.size() > kMaxResultBytes) {
                     return ExecError("concat_ws", "result too large");
                   }
                   return RowResult::kValue;
                 },
                 false);
           });
  // `a || b`: NULL when either side is NULL; other types rendered as their text.
  Register(r, {"__concat_op"}, Sig("||", "SS", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg a(args[0]), b(args[1]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               out = a.Get(i);
               out += b.Get(i);
               return RowResult::kValue;
             });
           });
}

void RegisterCharFunctions(FunctionRegistry& r) {
  Register(r, {"ascii"}, Sig("ascii", "S", 1, DataType::Int32()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]);
             return BuildInts(DataType::Int32(), args, rows, [&](size_t i) -> Result<std::optional<int64_t>> {
               std::string_view v = s.Get(i);
               if (v.empty()) return int64_t{0};
               return static_cast<int64_t>(DecodeUtf8(v, 0));
             });
           });
  Register(r, {"chr"}, Sig("chr", "I", 1, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             IntArg c(args[0]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               int64_t cp = c.Get(i);
               if (cp == 0) {
                 return Status(StatusCode::kEngineExecuteQuery,
                               "Execution error: null character not permitted.");
               }
               if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                 return Status(StatusCode::kEngineExecuteQuery,
                               "Execution error: requested character too large for encoding.");
               }
               AppendUtf8(out, static_cast<char32_t>(cp));
               return RowResult::kValue;
             });
           });
  Register(r, {"to_hex"}, Sig("to_hex", "I", 1, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             const DataType t = args[0]->type();
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               Value v = args[0]->GetValue(i);
               uint64_t bits;
               if (t.id() == TypeId::kUInt64) {
                 bits = v.AsUInt64();
               } else {
                 int64_t x = v.ToInt64().value_or(0);
                 bits = static_cast<uint64_t>(x);
                 // Negative values print in two's complement of the input width.
                 if (x < 0 && t.FixedWidth() < 8) bits &= (uint64_t{1} << (8 * t.FixedWidth())) - 1;
               }
               out = fmt::format("{:x}", bits);
               return RowResult::kValue;
             });
           });
  Register(
      r, {"uuid"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("uuid", a, 0, 0));
        return DataType::String();
      },
      [](std::span<const ColumnPtr>, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        thread_local std::mt19937_64 gen(std::random_device{}());
        types::StringColumnBuilder b;
        b.Reserve(rows);
        for (size_t i = 0; i < rows; ++i) {
          uint64_t hi = gen(), lo = gen();
          hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
          lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
          std::string s = fmt::format("{:016x}{:016x}", hi, lo);
          GT_RETURN_IF_ERROR(b.Append(fmt::format("{}-{}-{}-{}-{}", s.substr(0, 8), s.substr(8, 4),
                                                  s.substr(12, 4), s.substr(16, 4), s.substr(20))));
        }
        return b.Finish();
      },
      false);
}

// --- LIKE / ILIKE --------------------------------------------------------------------------

void RegisterLike(FunctionRegistry& r) {
  for (bool ci : {false, true}) {
    const char* name = ci ? "ilike" : "like";
    Register(r, {name}, Sig(name, "SSS", 2, DataType::Boolean()),
             [ci](std::span<const ColumnPtr> args, size_t rows,
                  const FunctionContext&) -> Result<ColumnPtr> {
               TextArg s(args[0]), p(args[1]);
               std::optional<TextArg> esc;
               if (args.size() > 2) esc.emplace(args[2]);
               std::string last_pattern, last_escape;
               std::optional<LikePattern> compiled;
               std::string lowered;
               return BuildBools(args, rows, [&](size_t i) -> Result<std::optional<bool>> {
                 std::string_view pattern = p.Get(i);
                 std::string escape = esc ? std::string(esc->Get(i)) : std::string("\\");
                 if (!compiled || pattern != last_pattern || escape != last_escape) {
                   last_pattern = pattern;
                   last_escape = escape;
                   if (escape.size() > 1) {
                     return BadArgument(ci ? "ilike" : "like",
                                        "the escape must be a single character");
                   }
                   compiled = LikePattern::Compile(ci ? LowerUtf8(last_pattern) : last_pattern,
                                                   escape.empty() ? '\0' : escape[0]);
                 }
                 if (ci) {
                   lowered = LowerUtf8(s.Get(i));
                   return compiled->Matches(lowered);
                 }
                 return compiled->Matches(s.Get(i));
               });
             });
  }
}

// --- regular expressions -------------------------------------------------------------------

struct RegexFlags {
  bool case_insensitive = false;
  bool dot_nl = false;
  bool multi_line = false;
  bool global = false;
};

Result<RegexFlags> ParseFlags(std::string_view fn, std::string_view flags, bool allow_global) {
  RegexFlags f;
  for (char c : flags) {
    switch (c) {
      case 'i': f.case_insensitive = true; break;
      case 'c': f.case_insensitive = false; break;
      case 's': f.dot_nl = true; break;
      case 'm': f.multi_line = true; break;
      case 'g':
        if (!allow_global) {
          return Status(StatusCode::kEngineExecuteQuery,
                        fmt::format("Error during planning: {}() does not support the \"global\" "
                                    "option",
                                    fn));
        }
        f.global = true;
        break;
      default:
        return Status(StatusCode::kEngineExecuteQuery,
                      fmt::format("{}: unsupported regular expression flag '{}'", fn, c));
    }
  }
  return f;
}

// Process-wide cache of compiled patterns (RE2 objects are thread-safe for matching).
Result<std::shared_ptr<const RE2>> CompileRegex(std::string_view fn, std::string_view pattern,
                                                const RegexFlags& flags) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  std::string key = fmt::format("{}{}{}:{}", flags.case_insensitive ? 'i' : '-',
                                flags.dot_nl ? 's' : '-', flags.multi_line ? 'm' : '-', pattern);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  RE2::Options opts;
  opts.set_case_sensitive(!flags.case_insensitive);
  opts.set_dot_nl(flags.dot_nl);
  opts.set_never_nl(false);
  opts.set_log_errors(false);
  std::string text(pattern);
  if (flags.multi_line) text = "(?m)" + text;
  auto re = std::make_shared<const RE2>(text, opts);
  if (!re->ok()) {
    return Status(StatusCode::kInvalidArguments,
                  fmt::format("{}: invalid regular expression '{}': {}", fn, pattern, re->error()));
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 1024) cache.clear();
  cache.emplace(std::move(key), re);
  return std::shared_ptr<const RE2>(re);
}

// Remembers the last (pattern, flags) of a column scan so constant patterns hit no lock.
class RegexMemo {
 public:
  explicit RegexMemo(std::string fn) : fn_(std::move(fn)) {}
  Result<const RE2*> Get(std::string_view pattern, const RegexFlags& flags) {
    if (re_ == nullptr || pattern != pattern_ || flags.case_insensitive != flags_.case_insensitive ||
        flags.dot_nl != flags_.dot_nl || flags.multi_line != flags_.multi_line) {
      GT_ASSIGN_OR_RETURN(re_, CompileRegex(fn_, pattern, flags));
      pattern_ = pattern;
      flags_ = flags;
    }
    return re_.get();
  }

 private:
  std::string fn_;
  std::string pattern_;
  RegexFlags flags_;
  std::shared_ptr<const RE2> re_;
};

// PostgreSQL/DataFusion replacement text ($1, ${1}, \1) to RE2's rewrite syntax (\1).
std::string ToRe2Rewrite(std::string_view rep) {
  std::string out;
  for (size_t i = 0; i < rep.size(); ++i) {
    char c = rep[i];
    if (c == '$' && i + 1 < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i + 1]))) {
      out += '\\';
      out += rep[++i];
    } else if (c == '$' && i + 3 < rep.size() && rep[i + 1] == '{' &&
               std::isdigit(static_cast<unsigned char>(rep[i + 2])) && rep[i + 3] == '}') {
      out += '\\';
      out += rep[i + 2];
      i += 3;
    } else if (c == '\\') {
      if (i + 1 < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i + 1]))) {
        out += '\\';
        out += rep[++i];
      } else {
        out += "\\\\";
      }
    } else {
      out += c;
    }
  }
  return out;
}

void RegisterRegex(FunctionRegistry& r) {
  Register(r, {"__regex_match"}, Sig("~", "SSB", 3, DataType::Boolean()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]);
             RegexMemo memo("regex match");
             return BuildBools(args, rows, [&](size_t i) -> Result<std::optional<bool>> {
               RegexFlags flags;
               flags.case_insensitive = args[2]->GetValue(i).AsBoolean();
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), flags));
               std::string_view v = s.Get(i);
               return RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), *re);
             });
           });
  Register(r, {"regexp_like"}, Sig("regexp_like", "SSS", 2, DataType::Boolean()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]);
             std::optional<TextArg> fl;
             if (args.size() > 2) fl.emplace(args[2]);
             RegexMemo memo("regexp_like");
             return BuildBools(args, rows, [&](size_t i) -> Result<std::optional<bool>> {
               RegexFlags flags;
               if (fl) {
                 GT_ASSIGN_OR_RETURN(flags, ParseFlags("regexp_like", fl->Get(i), false));
               }
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), flags));
               std::string_view v = s.Get(i);
               return RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), *re);
             });
           });
  // regexp_match: DataFusion returns a List of the capture groups (the whole match without
  // groups); rendered here as its text "[a, b]"; NULL when there is no match.
  Register(r, {"regexp_match"}, Sig("regexp_match", "SSS", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]);
             std::optional<TextArg> fl;
             if (args.size() > 2) fl.emplace(args[2]);
             RegexMemo memo("regexp_match");
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               RegexFlags flags;
               if (fl) {
                 GT_ASSIGN_OR_RETURN(flags, ParseFlags("regexp_match", fl->Get(i), false));
               }
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), flags));
               std::string_view v = s.Get(i);
               const int groups = re->NumberOfCapturingGroups();
               std::vector<re2::StringPiece> m(static_cast<size_t>(groups) + 1);
               if (!re->Match(re2::StringPiece(v.data(), v.size()), 0, v.size(), RE2::UNANCHORED,
                              m.data(), groups + 1)) {
                 return RowResult::kNull;
               }
               out = "[";
               if (groups == 0) {
                 out.append(m[0].data(), m[0].size());
               } else {
                 for (int g = 1; g <= groups; ++g) {
                   if (g > 1) out += ", ";
                   if (m[g].data() != nullptr) out.append(m[g].data(), m[g].size());
                 }
               }
               out += "]";
               return RowResult::kValue;
             });
           });
  Register(r, {"regexp_replace"}, Sig("regexp_replace", "SSSS", 3, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]), rep(args[2]);
             std::optional<TextArg> fl;
             if (args.size() > 3) fl.emplace(args[3]);
             RegexMemo memo("regexp_replace");
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               RegexFlags flags;
               if (fl) {
                 GT_ASSIGN_OR_RETURN(flags, ParseFlags("regexp_replace", fl->Get(i), true));
               }
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), flags));
               std::string rewrite = ToRe2Rewrite(rep.Get(i));
               out = s.Get(i);
               if (flags.global) RE2::GlobalReplace(&out, *re, rewrite);
               else RE2::Replace(&out, *re, rewrite);
               if (out.size() > kMaxResultBytes) return ExecError("regexp_replace", "result too large");
               return RowResult::kValue;
             });
           });
  Register(r, {"regexp_count"}, Sig("regexp_count", "SSIS", 2, DataType::Int64()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]);
             std::optional<IntArg> start;
             if (args.size() > 2) start.emplace(args[2]);
             std::optional<TextArg> fl;
             if (args.size() > 3) fl.emplace(args[3]);
             RegexMemo memo("regexp_count");
             return BuildInts(DataType::Int64(), args, rows, [&](size_t i) -> Result<std::optional<int64_t>> {
               RegexFlags flags;
               if (fl) {
                 GT_ASSIGN_OR_RETURN(flags, ParseFlags("regexp_count", fl->Get(i), false));
               }
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), flags));
               std::string v(s.Get(i));
               size_t pos = 0;
               if (start) {
                 int64_t st = start->Get(i);
                 if (st <= 0) {
                   return Status(StatusCode::kEngineExecuteQuery,
                                 "Execution error: regexp_count() requires start to be 1 based");
                 }
                 pos = Utf8Advance(v, 0, static_cast<size_t>(st - 1));
               }
               int64_t n = 0;
               re2::StringPiece m;
               while (pos <= v.size() && re->Match(v, pos, v.size(), RE2::UNANCHORED, &m, 1)) {
                 ++n;
                 size_t end = static_cast<size_t>(m.data() - v.data()) + m.size();
                 pos = m.empty() ? end + (end < v.size() ? Utf8CharLength(v, end) : 1) : end;
               }
               return n;
             });
           });
  // GreptimeDB's regexp_extract(s, pattern): the first match, NULL without one.
  Register(r, {"regexp_extract"}, Sig("regexp_extract", "SS", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), p(args[1]);
             RegexMemo memo("regexp_extract");
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               GT_ASSIGN_OR_RETURN(const RE2* re, memo.Get(p.Get(i), RegexFlags{}));
               std::string_view v = s.Get(i);
               re2::StringPiece m;
               if (!re->Match(re2::StringPiece(v.data(), v.size()), 0, v.size(), RE2::UNANCHORED,
                              &m, 1)) {
                 return RowResult::kNull;
               }
               out.assign(m.data(), m.size());
               return RowResult::kValue;
             });
           });
}

// --- MySQL compatibility -------------------------------------------------------------------

void RegisterMysqlFunctions(FunctionRegistry& r) {
  Register(r, {"locate"}, Sig("locate", "SSI", 2, DataType::Int64()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg needle(args[0]), hay(args[1]);
             std::optional<IntArg> start;
             if (args.size() > 2) start.emplace(args[2]);
             return BuildInts(DataType::Int64(), args, rows, [&](size_t i) -> Result<std::optional<int64_t>> {
               std::string n(needle.Get(i));
               std::string_view h = hay.Get(i);
               int64_t st = start ? start->Get(i) : 1;
               const int64_t chars = static_cast<int64_t>(Utf8Length(h));
               if (st < 1 || st > chars + 1) return int64_t{0};
               return CharPosition(h, n, static_cast<size_t>(st - 1));
             });
           });
  Register(r, {"elt"}, Sig("elt", "IS*", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             IntArg idx(args[0]);
             return BuildStrings(
                 args, rows,
                 [&](size_t i, std::string& out) -> Result<RowResult> {
                   if (idx.IsNull(i)) return RowResult::kNull;
                   int64_t n = idx.Get(i);
                   if (n < 1 || n >= static_cast<int64_t>(args.size()) || args[n]->IsNull(i)) {
                     return RowResult::kNull;
                   }
                   out = RowText(*args[n], i);
                   return RowResult::kValue;
                 },
                 false);
           });
  Register(r, {"field"}, Sig("field", "SS*", 2, DataType::Int64()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             types::PrimitiveColumnBuilder<int64_t> b(DataType::Int64());
             b.Reserve(rows);
             for (size_t i = 0; i < rows; ++i) {
               int64_t found = 0;
               if (!args[0]->IsNull(i)) {
                 Value x = args[0]->GetValue(i);
                 for (size_t k = 1; k < args.size() && found == 0; ++k) {
                   if (args[k]->IsNull(i)) continue;
                   Value y = args[k]->GetValue(i);
                   bool eq = (x.type().is_numeric() && y.type().is_numeric())
                                 ? x.ToFloat64() == y.ToFloat64()
                                 : RowText(*args[0], i) == RowText(*args[k], i);
                   if (eq) found = static_cast<int64_t>(k);
                 }
               }
               b.Append(found);
             }
             return b.Finish();
           });
  Register(r, {"insert"}, Sig("insert", "SIIS", 4, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             TextArg s(args[0]), with(args[3]);
             IntArg pos(args[1]), len(args[2]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               std::string v(s.Get(i));
               const int64_t p = pos.Get(i), l = len.Get(i);
               const int64_t n = static_cast<int64_t>(Utf8Length(v));
               if (p < 1 || p > n) {
                 out = v;
                 return RowResult::kValue;
               }
               int64_t end = l < 0 || l > n - (p - 1) ? n : p - 1 + l;
               size_t b = Utf8Advance(v, 0, static_cast<size_t>(p - 1));
               size_t e = Utf8Advance(v, 0, static_cast<size_t>(end));
               out = v.substr(0, b);
               out += with.Get(i);
               out += v.substr(e);
               return RowResult::kValue;
             });
           });
  Register(r, {"space"}, Sig("space", "I", 1, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             IntArg n(args[0]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               int64_t k = n.Get(i);
               if (k > static_cast<int64_t>(kMaxResultBytes)) return ExecError("space", "result too large");
               if (k > 0) out.assign(static_cast<size_t>(k), ' ');
               return RowResult::kValue;
             });
           });
  Register(r, {"format"}, Sig("format", "NI", 2, DataType::String()),
           [](std::span<const ColumnPtr> args, size_t rows,
              const FunctionContext&) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(std::vector<double> xs, ToFloat64Values("format", *args[0]));
             IntArg digits(args[1]);
             return BuildStrings(args, rows, [&](size_t i, std::string& out) -> Result<RowResult> {
               const double x = xs[i];
               const int64_t d = std::clamp<int64_t>(digits.Get(i), 0, 30);
               if (!std::isfinite(x)) {
                 out = Value::Float64(x).ToString();
                 return RowResult::kValue;
               }
               std::string text = fmt::format("{:.{}f}", std::fabs(x), d);
               size_t dot = text.find('.');
               std::string ip = text.substr(0, dot);
               std::string frac = dot == std::string::npos ? "" : text.substr(dot);
               if (x < 0 && text.find_first_not_of("0.") != std::string::npos) out = "-";
               for (size_t k = 0; k < ip.size(); ++k) {
                 if (k > 0 && (ip.size() - k) % 3 == 0) out += ',';
                 out += ip[k];
               }
               out += frac;
               return RowResult::kValue;
             });
           });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  RegisterTextToText(r, {"lower"}, [](std::string_view s, std::string& out) { out = LowerUtf8(s); });
  RegisterTextToText(r, {"upper"}, [](std::string_view s, std::string& out) { out = UpperUtf8(s); });
  RegisterTextToText(r, {"initcap"}, &InitCap);
  RegisterTextToText(r, {"reverse"}, &Reverse);
  RegisterTextToText(r, {"md5"}, &Md5Hex);
  RegisterTextToInt(r, {"length", "char_length", "character_length"}, DataType::Int32(),
                    [](std::string_view s) { return static_cast<int64_t>(Utf8Length(s)); });
  RegisterTextToInt(r, {"octet_length"}, DataType::Int32(),
                    [](std::string_view s) { return static_cast<int64_t>(s.size()); });
  RegisterTextToInt(r, {"bit_length"}, DataType::Int32(),
                    [](std::string_view s) { return static_cast<int64_t>(s.size()) * 8; });
  RegisterSubstr(r);
  RegisterPad(r);
  RegisterTrim(r);
  RegisterSearchFunctions(r);
  RegisterConcat(r);
  RegisterCharFunctions(r);
  RegisterLike(r);
  RegisterRegex(r);
  RegisterMysqlFunctions(r);
}

}  // namespace greptime::query
