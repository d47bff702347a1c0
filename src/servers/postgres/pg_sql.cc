// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/postgres/pg_sql.h"

#include <algorithm>
#include <cctype>

#include "query/sql/lexer.h"
#include "servers/postgres/pg_types.h"

namespace greptime::servers::postgres {

namespace sql = query::sql;
using sql::TokenType;

Result<std::vector<std::string>> SplitStatements(std::string_view text) {
  GT_ASSIGN_OR_RETURN(auto tokens, sql::Tokenize(text));
  std::vector<std::string> statements;
  size_t first = 0;
  bool open = false;
  size_t last_end = 0;
  for (const auto& t : tokens) {
    if (t.type == TokenType::kEof || t.type == TokenType::kSemicolon) {
      if (open) statements.emplace_back(text.substr(first, last_end - first));
      open = false;
      if (t.type == TokenType::kEof) break;
      continue;
    }
    if (!open) {
      first = t.begin;
      open = true;
    }
    last_end = t.end;
  }
  return statements;
}

Result<std::vector<Placeholder>> FindPlaceholders(std::string_view text) {
  GT_ASSIGN_OR_RETURN(auto tokens, sql::Tokenize(text));
  std::vector<Placeholder> out;
  for (const auto& t : tokens) {
    if (t.type != TokenType::kPlaceholder || t.text.size() < 2) continue;
    size_t n = 0;
    bool numeric = true;
    for (size_t i = 1; i < t.text.size(); ++i) {
      const char c = t.text[i];
      if (c < '0' || c > '9') {
        numeric = false;
        break;
      }
      n = n * 10 + static_cast<size_t>(c - '0');
      if (n > 65535) return Status::InvalidArguments("parameter {} is out of range", t.text);
    }
    if (!numeric) continue;
    if (n == 0) return Status::InvalidArguments("there is no parameter $0");
    out.push_back(Placeholder{t.begin, t.end, n - 1});
  }
  return out;
}

size_t ParamCount(const std::vector<Placeholder>& placeholders) {
  size_t n = 0;
  for (const auto& p : placeholders) n = std::max(n, p.index + 1);
  return n;
}

std::string SubstituteParams(std::string_view text, const std::vector<Placeholder>& placeholders,
                             const std::vector<std::string>& literals) {
  std::string out;
  out.reserve(text.size() + 16 * placeholders.size());
  size_t at = 0;
  for (const auto& p : placeholders) {
    out.append(text.substr(at, p.begin - at));
    out += ' ';
    out += literals[p.index];
    out += ' ';
    at = p.end;
  }
  out.append(text.substr(at));
  return out;
}

std::vector<uint32_t> CastParamTypes(std::string_view text, size_t count) {
  std::vector<uint32_t> types(count, 0);
  auto placeholders = FindPlaceholders(text);
  auto tokens = sql::Tokenize(text);
  if (!placeholders.ok() || !tokens.ok()) return types;
  const auto& t = *tokens;
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    if (t[i].type != TokenType::kPlaceholder || t[i + 1].type != TokenType::kDoubleColon) continue;
    size_t name_at = i + 2;
    if (t[name_at].IsKeyword("PG_CATALOG") && name_at + 2 < t.size() &&
        t[name_at + 1].type == TokenType::kPeriod) {
      name_at += 2;
    }
    if (!t[name_at].IsWord()) continue;
    for (const auto& p : *placeholders) {
      if (p.begin == t[i].begin && p.index < count && types[p.index] == 0) {
        types[p.index] = PgTypeOidByName(t[name_at].text);
      }
    }
  }
  return types;
}

std::string RewritePgSql(std::string_view text) {
  auto tokens = sql::Tokenize(text);
  if (!tokens.ok()) return std::string(text);
  const auto& t = *tokens;
  std::string out;
  out.reserve(text.size());
  size_t at = 0;  // bytes of `text` before `at` are emitted (or dropped)
  auto emit_until = [&](size_t pos) {
    out.append(text.substr(at, pos - at));
    at = pos;
  };
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    // OPERATOR(pg_catalog.~) → ~
    if (t[i].IsKeyword("OPERATOR") && i + 4 < t.size() && t[i + 1].type == TokenType::kLParen &&
        t[i + 2].IsKeyword("PG_CATALOG") && t[i + 3].type == TokenType::kPeriod) {
      size_t close = i + 4;
      while (close < t.size() && t[close].type != TokenType::kRParen &&
             t[close].type != TokenType::kEof) {
        ++close;
      }
      if (close < t.size() && t[close].type == TokenType::kRParen && close > i + 4) {
        emit_until(t[i].begin);
        out += ' ';
        out.append(text.substr(t[i + 4].begin, t[close - 1].end - t[i + 4].begin));
        out += ' ';
        at = t[close].end;
        i = close;
        continue;
      }
    }
    // COLLATE pg_catalog.default / COLLATE "default" → nothing
    if (t[i].IsKeyword("COLLATE") && i + 1 < t.size()) {
      size_t end = i + 1;
      if (t[end].IsKeyword("PG_CATALOG") && end + 2 < t.size() &&
          t[end + 1].type == TokenType::kPeriod) {
        end += 2;
      }
      if (t[end].IsWord() && sql::EqualsIgnoreCase(t[end].text, "default")) {
        emit_until(t[i].begin);
        at = t[end].end;
        i = end;
        continue;
      }
    }
    // pg_catalog.name( and ::pg_catalog.type → name( / ::type
    if (t[i].IsKeyword("PG_CATALOG") && t[i].quote == 0 && i + 2 < t.size() &&
        t[i + 1].type == TokenType::kPeriod && t[i + 2].IsWord()) {
      const bool call = i + 3 < t.size() && t[i + 3].type == TokenType::kLParen;
      const bool cast = i > 0 && t[i - 1].type == TokenType::kDoubleColon;
      if (call || cast) {
        emit_until(t[i].begin);
        at = t[i + 2].begin;
        ++i;
        continue;
      }
    }
    // '\x0a'::bytea → X'0a'
    if (t[i].type == TokenType::kString && i + 2 < t.size() &&
        t[i + 1].type == TokenType::kDoubleColon && t[i + 2].IsKeyword("BYTEA") &&
        t[i].text.size() >= 2 && t[i].text[0] == '\\' && (t[i].text[1] == 'x')) {
      const std::string_view hex = std::string_view(t[i].text).substr(2);
      const bool valid =
          hex.size() % 2 == 0 && std::all_of(hex.begin(), hex.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
          });
      if (valid) {
        emit_until(t[i].begin);
        out += "X'" + std::string(hex) + "'";
        at = t[i + 2].end;
        i += 2;
        continue;
      }
    }
  }
  emit_until(text.size());
  return out;
}

std::string NormalizeSql(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool blank = false;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    if (c == '\'' || c == '"') quote = c;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!out.empty() && (out.back() == ';' || out.back() == ' ')) out.pop_back();
  return out;
}

bool IsQueryStatement(std::string_view normalized) {
  for (std::string_view head :
       {"select", "with", "show", "desc", "describe", "explain", "values", "tql", "("}) {
    if (normalized.substr(0, head.size()) == head &&
        (normalized.size() == head.size() || head == "(" ||
         !std::isalnum(static_cast<unsigned char>(normalized[head.size()])))) {
      return true;
    }
  }
  return false;
}

}  // namespace greptime::servers::postgres
