// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/postgres/pg_copy.h"

#include "common/strings.h"
#include "query/sql/lexer.h"
#include "servers/postgres/pg_message.h"

namespace greptime::servers::postgres {

namespace sql = query::sql;
using sql::TokenType;

namespace {

Status Malformed(std::string_view why) {
  return Status::InvalidSyntax("Invalid SQL syntax: malformed COPY: {}", why);
}

Status ApplyOption(const std::string& name, const std::string& value, CopyRequest& r) {
  if (name == "format") {
    if (value == "text") {
      r.format = CopyRequest::Format::kText;
    } else if (value == "csv") {
      r.format = CopyRequest::Format::kCsv;
    } else if (value == "binary") {
      r.format = CopyRequest::Format::kBinary;
    } else {
      return Status::InvalidArguments("COPY format \"{}\" not recognized", value);
    }
  } else if (name == "header") {
    r.header = value.empty() || value == "true" || value == "on" || value == "1";
  } else if (name == "delimiter" || name == "null" || name == "quote" || name == "escape" ||
             name == "encoding" || name == "force_quote") {
    return Status::Unsupported("COPY option {} is not supported", name);
  }
  return Status::OK();
}

}  // namespace

namespace {

using Tokens = std::vector<sql::Token>;

// `(query)` or `table [(columns)]` from token 1; returns the index after it.
Result<size_t> ParseSource(const Tokens& t, std::string_view statement, CopyRequest& r) {
  size_t i = 1;
  if (t[i].type == TokenType::kLParen) {
    int depth = 0;
    size_t close = i;
    for (; t[close].type != TokenType::kEof; ++close) {
      if (t[close].type == TokenType::kLParen) ++depth;
      if (t[close].type == TokenType::kRParen && --depth == 0) break;
    }
    if (t[close].type != TokenType::kRParen || close == i + 1) {
      return Malformed("unbalanced parentheses");
    }
    r.query = std::string(statement.substr(t[i + 1].begin, t[close - 1].end - t[i + 1].begin));
    return close + 1;
  }
  if (!t[i].IsWord()) return Malformed("expected a table or a parenthesised query");
  const size_t begin = t[i].begin;
  size_t end = t[i].end;
  ++i;
  while (t[i].type == TokenType::kPeriod && t[i + 1].IsWord()) {
    end = t[i + 1].end;
    i += 2;
  }
  std::string columns = "*";
  if (t[i].type == TokenType::kLParen) {
    size_t close = i;
    while (t[close].type != TokenType::kRParen && t[close].type != TokenType::kEof) ++close;
    if (t[close].type != TokenType::kRParen || close == i + 1) {
      return Malformed("bad column list");
    }
    columns = std::string(statement.substr(t[i + 1].begin, t[close - 1].end - t[i + 1].begin));
    i = close + 1;
  }
  r.query = "SELECT " + columns + " FROM " + std::string(statement.substr(begin, end - begin));
  return i;
}

// `[WITH] (option [value], ...)` or the old `BINARY`, `CSV [HEADER]` from token i; returns the
// index after them.
Result<size_t> ParseOptions(const Tokens& t, size_t i, CopyRequest& r) {
  if (t[i].IsKeyword("WITH")) ++i;
  if (t[i].type != TokenType::kLParen) {
    while (t[i].IsWord()) {
      const std::string word = AsciiLower(t[i].text);
      if (word == "binary" || word == "csv") {
        GT_RETURN_IF_ERROR(ApplyOption("format", word, r));
      } else if (word == "header") {
        r.header = true;
      } else {
        return Status::Unsupported("COPY option {} is not supported", word);
      }
      ++i;
    }
    return i;
  }
  ++i;
  while (t[i].type != TokenType::kRParen) {
    if (!t[i].IsWord()) return Malformed("expected an option name");
    const std::string name = AsciiLower(t[i].text);
    ++i;
    std::string value;
    if (t[i].type != TokenType::kComma && t[i].type != TokenType::kRParen) {
      if (t[i].type == TokenType::kEof) return Malformed("unterminated option list");
      value = AsciiLower(t[i].text);
      ++i;
    }
    GT_RETURN_IF_ERROR(ApplyOption(name, value, r));
    if (t[i].type == TokenType::kComma) ++i;
    if (t[i].type == TokenType::kEof) return Malformed("unterminated option list");
  }
  return i + 1;
}

}  // namespace

Result<std::optional<CopyRequest>> ParseCopy(std::string_view statement) {
  // Statements start at their first token; most are not COPY, and may be long.
  const std::string head = AsciiLower(statement.substr(0, 5));
  if (head != "copy " && head != "copy(" && head != "copy\n" && head != "copy\t") {
    return std::optional<CopyRequest>();
  }
  // Every index below stays within the tokens: each step stops at the final kEof.
  GT_ASSIGN_OR_RETURN(Tokens t, sql::Tokenize(statement));
  if (!t[0].IsKeyword("COPY")) return std::optional<CopyRequest>();
  CopyRequest r;
  GT_ASSIGN_OR_RETURN(size_t i, ParseSource(t, statement, r));
  if (t[i].IsKeyword("FROM")) return Status::Unsupported("COPY FROM is not supported");
  if (!t[i].IsKeyword("TO")) return Malformed("expected TO");
  ++i;
  if (!t[i].IsKeyword("STDOUT")) {
    return Status::Unsupported("COPY TO a file is not supported, use COPY ... TO STDOUT");
  }
  GT_ASSIGN_OR_RETURN(i, ParseOptions(t, i + 1, r));
  if (t[i].type == TokenType::kSemicolon) ++i;
  if (t[i].type != TokenType::kEof) return Malformed("unexpected text after the options");
  return std::optional<CopyRequest>(std::move(r));
}

namespace {

std::string TextField(const std::string& v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& v) {
  if (!v.empty() && v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void AppendCopyData(std::string& out, std::string_view data) { AppendMessage(out, 'd', data); }

}  // namespace

Status AppendCopyOut(const query::QueryOutput& output, const CopyRequest& request,
                     const EncodeOptions& options, std::string& out) {
  const size_t mark = out.size();
  const size_t columns = output.schema ? output.schema->num_columns() : 0;
  const bool binary = request.format == CopyRequest::Format::kBinary;
  MessageWriter header;
  header.Int8(binary ? 1 : 0).Int16(static_cast<uint16_t>(columns));
  for (size_t c = 0; c < columns; ++c) header.Int16(binary ? 1 : 0);
  AppendMessage(out, 'H', header.body());
  if (binary) {
    AppendCopyData(
        out, MessageWriter().Bytes(std::string("PGCOPY\n\xff\r\n\0", 11)).Int32(0).Int32(0).body());
  } else if (request.format == CopyRequest::Format::kCsv && request.header) {
    std::string line;
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) line += ',';
      line += CsvField(output.schema->column(c).name);
    }
    AppendCopyData(out, line + "\n");
  }
  for (const auto& batch : output.batches) {
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      MessageWriter w;
      if (binary) w.Int16(static_cast<uint16_t>(columns));
      std::string line;
      for (size_t c = 0; c < columns && c < batch.num_columns(); ++c) {
        auto value = EncodeValue(batch.GetValue(row, c), binary ? 1 : 0, options);
        if (!value.ok()) {
          out.resize(mark);
          return value.status();
        }
        if (binary) {
          if (*value) {
            w.Int32(static_cast<uint32_t>((*value)->size())).Bytes(**value);
          } else {
            w.Int32(0xFFFFFFFF);
          }
          continue;
        }
        if (c > 0) line += request.format == CopyRequest::Format::kCsv ? ',' : '\t';
        if (request.format == CopyRequest::Format::kCsv) {
          if (*value) line += CsvField(**value);
        } else {
          line += *value ? TextField(**value) : "\\N";
        }
      }
      AppendCopyData(out, binary ? w.body() : line + "\n");
    }
  }
  if (binary) AppendCopyData(out, MessageWriter().Int16(0xFFFF).body());
  AppendMessage(out, 'c', {});
  return Status::OK();
}

}  // namespace greptime::servers::postgres
