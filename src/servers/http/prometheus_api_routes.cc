// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The Prometheus HTTP query API under /v1/prometheus/api/v1 (spec/promql.md §2): query,
// query_range, labels, label values, series, format_query, parse_query, status/buildinfo.
#include "servers/http/prometheus_api_routes.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "common/json_escape.h"
#include "common/strings.h"
#include "common/time.h"
#include "common/version.h"
#include "frontend/promql_storage.h"
#include "promql/literals.h"
#include "promql/parser.h"
#include "servers/http/sql_routes.h"

namespace greptime::servers {
namespace {

constexpr std::string_view kPrefix = "/v1/prometheus/api/v1";

HttpResponse ApiError(const Status& status) {
  std::string body = fmt::format(R"({{"status":"error","error":"{}","errorType":"{}"}})",
                                 JsonEscape(status.message()), StatusCodeName(status.code()));
  return HttpResponse::Json(StatusCodeToHttp(status.code()), std::move(body));
}

HttpResponse ApiSuccess(std::string data) {
  return HttpResponse::Json(200, R"({"status":"success","data":)" + data + "}");
}

// A parameter from the query string, else (POST) from a form body.
std::optional<std::string> Param(const HttpRequest& request, std::string_view name) {
  if (auto v = request.QueryParam(name)) return v;
  if (request.method == "POST") return request.FormParam(name);
  return std::nullopt;
}

std::string UrlDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Every value of a repeated parameter (match[]), from the query string and a POST form.
std::vector<std::string> Params(const HttpRequest& request, std::string_view name) {
  std::vector<std::string> out;
  auto collect = [&](std::string_view text) {
    while (!text.empty()) {
      size_t amp = text.find('&');
      std::string_view item = text.substr(0, amp);
      text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
      size_t eq = item.find('=');
      if (eq == std::string_view::npos) continue;
      if (UrlDecode(item.substr(0, eq)) == name) out.push_back(UrlDecode(item.substr(eq + 1)));
    }
  };
  collect(request.query);
  if (request.method == "POST") collect(request.body);
  return out;
}

// RFC 3339 or Unix seconds (may be fractional) → milliseconds.
Result<int64_t> ParseTime(std::string_view text, std::string_view what) {
  if (text.empty()) return Status::InvalidArguments("invalid time value for '{}': empty", what);
  char* end = nullptr;
  std::string s(text);
  double seconds = std::strtod(s.c_str(), &end);
  if (end == s.c_str() + s.size() && std::isfinite(seconds)) {
    if (seconds < 0) return Status::InvalidArguments("invalid time value for '{}': {}", what, text);
    return static_cast<int64_t>(std::llround(seconds * 1000.0));
  }
  auto ts = ParseTimestamp(text, TimeZone::Utc(), TimeUnit::kMillisecond);
  if (!ts.ok()) {
    return Status::InvalidArguments("invalid time value for '{}': cannot parse {:?}", what, s);
  }
  return ts->value;
}

// Float seconds or a PromQL duration → milliseconds.
Result<int64_t> ParseStep(std::string_view text, std::string_view what) {
  std::string s(text);
  char* end = nullptr;
  double seconds = std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(seconds)) {
    return static_cast<int64_t>(std::llround(seconds * 1000.0));
  }
  auto d = promql::ParseDuration(text);
  if (!d.ok()) {
    return Status::InvalidArguments("invalid duration for '{}': cannot parse {:?}", what, s);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*d).count();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Seconds as a JSON number: 5.0, 1.5, 1732618800.0.
std::string FormatSeconds(int64_t t_ms) {
  if (t_ms % 1000 == 0) return fmt::format("{}.0", t_ms / 1000);
  return fmt::format("{}", static_cast<double>(t_ms) / 1000.0);
}

// A sample value as Prometheus's API strings it (shortest round trip; NaN, +Inf, -Inf).
std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

std::string LabelsJson(const promql::Labels& labels) {
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ",";
    out += "\"" + JsonEscape(labels[i].first) + "\":\"" + JsonEscape(labels[i].second) + "\"";
  }
  return out + "}";
}

std::string ResultJson(const promql::QueryResult& r) {
  std::string out;
  switch (r.type) {
    case promql::ValueType::kScalar:
      return fmt::format(R"({{"resultType":"scalar","result":[{},"{}"]}})", FormatSeconds(r.t_ms),
                         FormatValue(r.scalar));
    case promql::ValueType::kString:
      return fmt::format(R"({{"resultType":"string","result":[{},"{}"]}})", FormatSeconds(r.t_ms),
                         JsonEscape(r.string));
    case promql::ValueType::kMatrix: {
      out = R"({"resultType":"matrix","result":[)";
      for (size_t i = 0; i < r.matrix.size(); ++i) {
        const promql::Series& s = r.matrix[i];
        if (i) out += ",";
        out += R"({"metric":)" + LabelsJson(s.labels) + R"(,"values":[)";
        for (size_t k = 0; k < s.samples.size(); ++k) {
          if (k) out += ",";
          out += "[" + FormatSeconds(s.samples[k].t_ms) + ",\"" + FormatValue(s.samples[k].v) + "\"]";
        }
        out += "]}";
      }
      return out + "]}";
    }
    default: {
      out = R"({"resultType":"vector","result":[)";
      for (size_t i = 0; i < r.vector.size(); ++i) {
        const promql::InstantSample& s = r.vector[i];
        if (i) out += ",";
        out += R"({"metric":)" + LabelsJson(s.labels) + R"(,"value":[)" + FormatSeconds(s.t_ms) +
               ",\"" + FormatValue(s.v) + "\"]}";
      }
      return out + "]}";
    }
  }
}

std::string StringsJson(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ",";
    out += "\"" + JsonEscape(values[i]) + "\"";
  }
  return out + "]";
}

// Prometheus's /parse_query JSON of an expression (durations and offsets in milliseconds).
std::string AstJson(const promql::Expr& e);

std::string AtJson(const promql::AtModifier& at) {
  switch (at.kind) {
    case promql::AtModifier::Kind::kStart:
      return R"("startOrEnd":"start","timestamp":null)";
    case promql::AtModifier::Kind::kEnd:
      return R"("startOrEnd":"end","timestamp":null)";
    case promql::AtModifier::Kind::kTimestamp:
      return fmt::format(R"("startOrEnd":null,"timestamp":{})", at.timestamp_ms);
    default:
      return R"("startOrEnd":null,"timestamp":null)";
  }
}

int64_t Ms(std::chrono::nanoseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string SelectorJson(const promql::VectorSelector& vs) {
  std::string matchers = "[";
  bool first = true;
  for (const auto& m : vs.matchers) {
    // The metric name is reported as "name", not as a matcher.
    if (!vs.name.empty() && m.name() == promql::kMetricNameLabel &&
        m.op() == promql::MatchOp::kEqual) {
      continue;
    }
    if (!first) matchers += ",";
    first = false;
    matchers += fmt::format(R"({{"type":"{}","name":"{}","value":"{}"}})",
                            promql::MatchOpString(m.op()), JsonEscape(m.name()),
                            JsonEscape(m.value()));
  }
  matchers += "]";
  return fmt::format(R"({{"type":"vectorSelector","name":"{}","matchers":{},"offset":{},{}}})",
                     JsonEscape(vs.name), matchers, Ms(vs.offset), AtJson(vs.at));
}

std::string AstJson(const promql::Expr& e) {
  using promql::ExprKind;
  switch (e.kind) {
    case ExprKind::kNumberLiteral:
      return fmt::format(R"({{"type":"numberLiteral","val":"{}"}})",
                         FormatValue(e.As<promql::NumberLiteral>().value));
    case ExprKind::kStringLiteral:
      return fmt::format(R"({{"type":"stringLiteral","val":"{}"}})",
                         JsonEscape(e.As<promql::StringLiteral>().value));
    case ExprKind::kVectorSelector:
      return SelectorJson(e.As<promql::VectorSelector>());
    case ExprKind::kMatrixSelector: {
      const auto& m = e.As<promql::MatrixSelector>();
      return fmt::format(R"({{"type":"matrixSelector","range":{},"vectorSelector":{}}})",
                         Ms(m.range), SelectorJson(*m.selector));
    }
    case ExprKind::kSubquery: {
      const auto& q = e.As<promql::SubqueryExpr>();
      return fmt::format(R"({{"type":"subquery","expr":{},"range":{},"offset":{},"step":{},{}}})",
                         AstJson(*q.expr), Ms(q.range), Ms(q.offset), Ms(q.step), AtJson(q.at));
    }
    case ExprKind::kCall: {
      const auto& c = e.As<promql::Call>();
      std::string arg_types = "[";
      for (size_t i = 0; i < c.func->arg_types.size(); ++i) {
        if (i) arg_types += ",";
        arg_types += "\"" + std::string(promql::ValueTypeName(c.func->arg_types[i])) + "\"";
      }
      arg_types += "]";
      std::string args = "[";
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i) args += ",";
        args += AstJson(*c.args[i]);
      }
      args += "]";
      return fmt::format(
          R"({{"type":"call","func":{{"name":"{}","argTypes":{},"variadic":{},"returnType":"{}"}},"args":{}}})",
          c.func->name, arg_types, c.func->variadic,
          promql::ValueTypeName(c.func->return_type), args);
    }
    case ExprKind::kAggregate: {
      const auto& a = e.As<promql::AggregateExpr>();
      std::vector<std::string> grouping(a.grouping.begin(), a.grouping.end());
      return fmt::format(
          R"({{"type":"aggregation","op":"{}","expr":{},"param":{},"grouping":{},"without":{}}})",
          promql::AggregateOpName(a.op), AstJson(*a.expr),
          a.param ? AstJson(*a.param) : std::string("null"), StringsJson(grouping),
          a.without ? "true" : "false");
    }
    case ExprKind::kBinary: {
      const auto& b = e.As<promql::BinaryExpr>();
      std::string matching = "null";
      if (b.matching) {
        static constexpr std::string_view kCard[] = {"one-to-one", "many-to-one", "one-to-many",
                                                     "many-to-many"};
        matching = fmt::format(R"({{"card":"{}","labels":{},"on":{},"include":{}}})",
                               kCard[static_cast<int>(b.matching->card)],
                               StringsJson(b.matching->matching_labels),
                               b.matching->on ? "true" : "false",
                               StringsJson(b.matching->include));
      }
      return fmt::format(R"({{"type":"binaryExpr","op":"{}","lhs":{},"rhs":{},"matching":{},"bool":{}}})",
                         promql::BinaryOpName(b.op), AstJson(*b.lhs), AstJson(*b.rhs), matching,
                         b.return_bool ? "true" : "false");
    }
    case ExprKind::kUnary: {
      const auto& u = e.As<promql::UnaryExpr>();
      return fmt::format(R"({{"type":"unaryExpr","op":"{}","expr":{}}})",
                         u.op == promql::UnaryOp::kMinus ? "-" : "+", AstJson(*u.expr));
    }
    case ExprKind::kParen:
      return fmt::format(R"({{"type":"parenExpr","expr":{}}})",
                         AstJson(*e.As<promql::ParenExpr>().expr));
  }
  return "null";
}

Result<promql::EngineOptions> EngineOptionsFrom(const HttpRequest& request) {
  promql::EngineOptions options;
  if (auto lookback = Param(request, "lookback"); lookback && !lookback->empty()) {
    GT_ASSIGN_OR_RETURN(int64_t ms, ParseStep(*lookback, "lookback"));
    options.lookback_delta = std::chrono::milliseconds(ms);
  }
  return options;
}

// The matcher lists of the match[] selectors.
Result<std::vector<std::vector<promql::LabelMatcher>>> Selectors(const HttpRequest& request) {
  std::vector<std::vector<promql::LabelMatcher>> out;
  for (const std::string& text : Params(request, "match[]")) {
    GT_ASSIGN_OR_RETURN(auto selector, promql::ParseMetricSelector(text));
    out.push_back(selector->matchers);
  }
  return out;
}

struct TimeRange {
  int64_t start_ms;
  int64_t end_ms;
};

Result<TimeRange> RangeParams(const HttpRequest& request) {
  TimeRange range{NowMs() - 24 * 3600 * 1000, NowMs()};
  if (auto s = Param(request, "start"); s && !s->empty()) {
    GT_ASSIGN_OR_RETURN(range.start_ms, ParseTime(*s, "start"));
  }
  if (auto e = Param(request, "end"); e && !e->empty()) {
    GT_ASSIGN_OR_RETURN(range.end_ms, ParseTime(*e, "end"));
  }
  return range;
}

}  // namespace

void RegisterPrometheusApiRoutes(HttpServer& server, frontend::Frontend& frontend) {
  const std::vector<std::string> get_post = {"GET", "POST"};

  server.Route(std::string(kPrefix) + "/query", get_post,
               [&frontend](const HttpRequest& request) -> HttpResponse {
                 auto query = Param(request, "query");
                 if (!query) return ApiError(Status::InvalidArguments("query is required"));
                 int64_t time_ms = NowMs();
                 if (auto t = Param(request, "time"); t && !t->empty()) {
                   auto parsed = ParseTime(*t, "time");
                   if (!parsed.ok()) return ApiError(parsed.status());
                   time_ms = *parsed;
                 }
                 auto options = EngineOptionsFrom(request);
                 if (!options.ok()) return ApiError(options.status());
                 auto expr = promql::ParseExpr(*query);
                 if (!expr.ok()) return ApiError(expr.status());
                 frontend::QueryContext ctx = QueryContextFromRequest(request);
                 frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
                 auto result = promql::EvalInstant(**expr, time_ms, storage, *options);
                 if (!result.ok()) return ApiError(result.status());
                 return ApiSuccess(ResultJson(*result));
               },
               /*blocking=*/true);

  server.Route(std::string(kPrefix) + "/query_range", get_post,
               [&frontend](const HttpRequest& request) -> HttpResponse {
                 auto query = Param(request, "query");
                 auto start = Param(request, "start");
                 auto end = Param(request, "end");
                 auto step = Param(request, "step");
                 if (!query) return ApiError(Status::InvalidArguments("query is required"));
                 if (!start || !end || !step) {
                   return ApiError(
                       Status::InvalidArguments("start, end and step are required"));
                 }
                 auto start_ms = ParseTime(*start, "start");
                 if (!start_ms.ok()) return ApiError(start_ms.status());
                 auto end_ms = ParseTime(*end, "end");
                 if (!end_ms.ok()) return ApiError(end_ms.status());
                 auto step_ms = ParseStep(*step, "step");
                 if (!step_ms.ok()) return ApiError(step_ms.status());
                 if (*step_ms <= 0) {
                   return ApiError(Status::InvalidArguments(
                       "zero or negative query resolution step widths are not accepted. Try a "
                       "positive integer"));
                 }
                 if (*end_ms < *start_ms) {
                   return ApiError(
                       Status::InvalidArguments("end timestamp must not be before start time"));
                 }
                 if ((*end_ms - *start_ms) / *step_ms > 11000) {
                   return ApiError(Status::InvalidArguments(
                       "exceeded maximum resolution of 11,000 points per timeseries. Try "
                       "decreasing the query resolution (?step=XX)"));
                 }
                 auto options = EngineOptionsFrom(request);
                 if (!options.ok()) return ApiError(options.status());
                 auto expr = promql::ParseExpr(*query);
                 if (!expr.ok()) return ApiError(expr.status());
                 frontend::QueryContext ctx = QueryContextFromRequest(request);
                 frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
                 auto result =
                     promql::EvalRange(**expr, *start_ms, *end_ms, *step_ms, storage, *options);
                 if (!result.ok()) return ApiError(result.status());
                 return ApiSuccess(ResultJson(*result));
               },
               /*blocking=*/true);

  server.Route(std::string(kPrefix) + "/labels", get_post,
               [&frontend](const HttpRequest& request) -> HttpResponse {
                 auto selectors = Selectors(request);
                 if (!selectors.ok()) return ApiError(selectors.status());
                 frontend::QueryContext ctx = QueryContextFromRequest(request);
                 frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
                 auto names = storage.LabelNames(selectors->empty() ? nullptr : &*selectors);
                 if (!names.ok()) return ApiError(names.status());
                 return ApiSuccess(StringsJson(*names));
               },
               /*blocking=*/true);

  server.Route(std::string(kPrefix) + "/series", get_post,
               [&frontend](const HttpRequest& request) -> HttpResponse {
                 auto selectors = Selectors(request);
                 if (!selectors.ok()) return ApiError(selectors.status());
                 if (selectors->empty()) {
                   return ApiError(Status::Unsupported("match[] parameter is required"));
                 }
                 auto range = RangeParams(request);
                 if (!range.ok()) return ApiError(range.status());
                 frontend::QueryContext ctx = QueryContextFromRequest(request);
                 frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
                 std::set<promql::Labels> all;
                 for (const auto& matchers : *selectors) {
                   auto labels = storage.SeriesLabels(matchers, range->start_ms, range->end_ms);
                   if (!labels.ok()) return ApiError(labels.status());
                   all.insert(labels->begin(), labels->end());
                 }
                 std::string out = "[";
                 bool first = true;
                 for (const auto& l : all) {
                   if (!first) out += ",";
                   first = false;
                   out += LabelsJson(l);
                 }
                 return ApiSuccess(out + "]");
               },
               /*blocking=*/true);

  server.Route(std::string(kPrefix) + "/format_query", get_post,
               [](const HttpRequest& request) -> HttpResponse {
                 auto query = Param(request, "query");
                 if (!query) return ApiError(Status::InvalidArguments("query is required"));
                 auto expr = promql::ParseExpr(*query);
                 if (!expr.ok()) return ApiError(expr.status());
                 return ApiSuccess("\"" + JsonEscape((*expr)->String()) + "\"");
               });

  // /metadata: the metric-engine logical tables (type and unit are not recorded yet).
  server.Route(std::string(kPrefix) + "/metadata", {"GET"},
               [&frontend](const HttpRequest& request) -> HttpResponse {
                 frontend::QueryContext ctx = QueryContextFromRequest(request);
                 frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
                 auto names = storage.MetricNames();
                 if (!names.ok()) return ApiError(names.status());
                 std::optional<std::string> metric = Param(request, "metric");
                 size_t limit = std::numeric_limits<size_t>::max();
                 if (auto l = Param(request, "limit"); l && !l->empty()) {
                   char* end = nullptr;
                   long long n = std::strtoll(l->c_str(), &end, 10);
                   if (end != nullptr && *end == 0 && n >= 0) limit = static_cast<size_t>(n);
                 }
                 std::string out = "{";
                 size_t count = 0;
                 for (const std::string& name : *names) {
                   if (metric && !metric->empty() && *metric != name) continue;
                   if (count == limit) break;
                   if (count++ != 0) out += ",";
                   out += "\"" + JsonEscape(name) +
                          R"(":[{"type":"","unit":"","help":""}])";
                 }
                 return ApiSuccess(out + "}");
               },
               /*blocking=*/true);

  server.Route(std::string(kPrefix) + "/parse_query", get_post,
               [](const HttpRequest& request) -> HttpResponse {
                 auto query = Param(request, "query");
                 if (!query) return ApiError(Status::InvalidArguments("query is required"));
                 auto expr = promql::ParseExpr(*query);
                 if (!expr.ok()) return ApiError(Status::InvalidArguments("invalid promql query"));
                 return ApiSuccess(AstJson(**expr));
               });

  server.Route(std::string(kPrefix) + "/status/buildinfo", {"GET"},
               [](const HttpRequest&) -> HttpResponse {
                 std::string commit(GitCommit());
                 return ApiSuccess(fmt::format(
                     R"({{"branch":"{}","commit":"{}","commit_short":"{}","clean":{},"rustc":"{}","target":"x86_64-unknown-linux-gnu","version":"{}"}})",
                     JsonEscape(GitBranch()), JsonEscape(commit),
                     JsonEscape(commit.substr(0, 8)), GitClean() ? "true" : "false",
                     JsonEscape(CompilerId()), JsonEscape(Version())));
               });

  // /label/<name>/values: the server routes exact paths, so the common label names of a
  // metric-engine database are registered when asked: a generic handler per name would need a
  // prefix router. __name__ is always there.
  auto label_values = [&frontend](const HttpRequest& request) -> HttpResponse {
    std::string_view path = request.path;
    const std::string_view head = "/v1/prometheus/api/v1/label/";
    const std::string_view tail = "/values";
    if (path.size() <= head.size() + tail.size() ||
        path.substr(path.size() - tail.size()) != tail) {
      return HttpResponse::Empty(404);
    }
    std::string name = UrlDecode(path.substr(head.size(), path.size() - head.size() - tail.size()));
    frontend::QueryContext ctx = QueryContextFromRequest(request);
    frontend::PromStorage storage(frontend.catalog(), frontend.regions(), ctx);
    if (name == "__name__") {
      auto names = storage.MetricNames();
      if (!names.ok()) return ApiError(names.status());
      return ApiSuccess(StringsJson(*names));
    }
    auto selectors = Selectors(request);
    if (!selectors.ok()) return ApiError(selectors.status());
    if (selectors->empty()) {
      return ApiError(Status::InvalidArguments("match[] parameter is required"));
    }
    auto range = RangeParams(request);
    if (!range.ok()) return ApiError(range.status());
    std::set<std::string> values;
    for (const auto& matchers : *selectors) {
      auto labels = storage.SeriesLabels(matchers, range->start_ms, range->end_ms);
      if (!labels.ok()) return ApiError(labels.status());
      for (const auto& l : *labels) {
        for (const auto& [k, v] : l) {
          if (k == name && !v.empty()) values.insert(v);
        }
      }
    }
    return ApiSuccess(StringsJson(std::vector<std::string>(values.begin(), values.end())));
  };
  server.RoutePrefix("/v1/prometheus/api/v1/label/", {"GET"}, label_values, /*blocking=*/true);
}

}  // namespace greptime::servers
