// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Canonical SQL text of statements (ToSql): re-parsing the output gives an equal tree.
#include <fmt/format.h>

#include <utility>

#include "query/sql/statement.h"

namespace greptime::query::sql {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string OptionKey(const std::string& key) {
  // Bare words and dotted words print bare; anything else is quoted.
  bool bare = !key.empty();
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    bare = bare && ok;
  }
  if (bare && key.front() >= '0' && key.front() <= '9') bare = false;
  return bare ? key : QuoteString(key);
}

std::string OptionValueText(const OptionValue& v) {
  switch (v.kind) {
    case OptionValueKind::kString: return QuoteString(v.text);
    case OptionValueKind::kNumber:
    case OptionValueKind::kBoolean:
    case OptionValueKind::kWord: return v.text;
    case OptionValueKind::kNull: return "NULL";
  }
  return v.text;
}

std::string Options(const OptionList& options) {
  std::string out;
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += ", ";
    out += OptionKey(options[i].key) + " = " + OptionValueText(options[i].value);
  }
  return out;
}

std::string Idents(const std::vector<Ident>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += ids[i].ToString();
  }
  return out;
}

std::string Exprs(const std::vector<ExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += ToString(*exprs[i]);
  }
  return out;
}

std::string IndexText(const ColumnIndex& index) {
  std::string out = index.kind == ColumnIndexKind::kFulltext   ? "FULLTEXT INDEX"
                    : index.kind == ColumnIndexKind::kSkipping ? "SKIPPING INDEX"
                                                               : "INVERTED INDEX";
  if (!index.options.empty()) out += " WITH " + ToString(index.options);
  return out;
}

std::string IfNotExists(bool b) { return b ? "IF NOT EXISTS " : ""; }

std::string UnsetKeys(const std::vector<std::string>& keys) {
  std::string out = "UNSET ";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ", ";
    out += OptionKey(keys[i]);
  }
  return out;
}

std::string Create(const CreateTableStatement& c) {
  std::string out = c.external ? "CREATE EXTERNAL TABLE " : "CREATE TABLE ";
  out += IfNotExists(c.if_not_exists) + c.name.ToString();
  std::vector<std::string> elements;
  for (const ColumnDef& col : c.columns) elements.push_back(ToString(col));
  if (c.time_index) elements.push_back("TIME INDEX (" + c.time_index->ToString() + ")");
  if (c.has_primary_key_constraint) {
    elements.push_back("PRIMARY KEY (" + Idents(c.primary_key) + ")");
  }
  if (!elements.empty() || !c.external) {
    out += " (" + fmt::format("{}", fmt::join(elements, ", ")) + ")";
  }
  if (c.partitions) {
    out += " PARTITION ON COLUMNS (" + Idents(c.partitions->columns) + ") (" +
           Exprs(c.partitions->exprs) + ")";
  }
  if (!c.engine.empty()) out += " ENGINE = " + c.engine;
  if (!c.options.empty()) out += " WITH " + ToString(c.options);
  return out;
}

std::string AlterOp(const AlterTableStatement& a) {
  return std::visit(
      Overloaded{
          [](const AddColumnsOp& op) {
            std::string out;
            for (size_t i = 0; i < op.columns.size(); ++i) {
              const AddColumn& add = op.columns[i];
              if (i > 0) out += ", ";
              out += "ADD COLUMN " + IfNotExists(add.if_not_exists) + ToString(add.column);
              if (add.location == AddColumn::Location::kFirst) out += " FIRST";
              if (add.location == AddColumn::Location::kAfter) out += " AFTER " + add.after.ToString();
            }
            return out;
          },
          [](const DropColumnOp& op) { return "DROP COLUMN " + op.column.ToString(); },
          [](const ModifyColumnTypeOp& op) {
            return "MODIFY COLUMN " + op.column.ToString() + " " + op.type.text;
          },
          [](const SetColumnDefaultsOp& op) {
            std::string out;
            for (size_t i = 0; i < op.defaults.size(); ++i) {
              if (i > 0) out += ", ";
              out += "MODIFY COLUMN " + op.defaults[i].column.ToString() + " SET DEFAULT " +
                     ToString(*op.defaults[i].value);
            }
            return out;
          },
          [](const DropColumnDefaultsOp& op) {
            std::string out;
            for (size_t i = 0; i < op.columns.size(); ++i) {
              if (i > 0) out += ", ";
              out += "MODIFY COLUMN " + op.columns[i].ToString() + " DROP DEFAULT";
            }
            return out;
          },
          [](const SetColumnIndexOp& op) {
            return "MODIFY COLUMN " + op.column.ToString() + " SET " + IndexText(op.index);
          },
          [](const UnsetColumnIndexOp& op) {
            return "MODIFY COLUMN " + op.column.ToString() + " UNSET " +
                   IndexText(ColumnIndex{op.kind, {}});
          },
          [](const RenameTableOp& op) { return "RENAME " + op.new_name.ToString(); },
          [](const SetTableOptionsOp& op) { return "SET " + Options(op.options); },
          [](const UnsetTableOptionsOp& op) { return UnsetKeys(op.keys); },
      },
      a.op);
}

std::string ShowText(const ShowStatement& s) {
  std::string out = "SHOW ";
  if (s.full) out += "FULL ";
  auto in_db = [&]() { return s.database ? " FROM " + s.database->ToString() : std::string(); };
  auto of_table = [&]() { return " FROM " + s.object->ToString() + in_db(); };
  switch (s.kind) {
    case ShowKind::kDatabases: out += "DATABASES"; break;
    case ShowKind::kTables: out += "TABLES" + in_db(); break;
    case ShowKind::kTableStatus: out += "TABLE STATUS" + in_db(); break;
    case ShowKind::kColumns: out += "COLUMNS" + of_table(); break;
    case ShowKind::kIndex: out += "INDEX" + of_table(); break;
    case ShowKind::kRegion: out += "REGION" + of_table(); break;
    case ShowKind::kViews: out += "VIEWS" + in_db(); break;
    case ShowKind::kFlows: out += "FLOWS" + in_db(); break;
    case ShowKind::kFlowStatus: out += "FLOW STATUS" + in_db(); break;
    case ShowKind::kCreateTable:
      out += "CREATE TABLE " + s.object->ToString();
      if (!s.for_target.empty()) out += " FOR " + s.for_target;
      break;
    case ShowKind::kCreateDatabase: out += "CREATE DATABASE " + s.object->ToString(); break;
    case ShowKind::kCreateView: out += "CREATE VIEW " + s.object->ToString(); break;
    case ShowKind::kCreateFlow: out += "CREATE FLOW " + s.object->ToString(); break;
    case ShowKind::kVariables:
      out += "VARIABLES";
      if (!s.variable.parts.empty()) out += " " + s.variable.ToString();
      break;
    case ShowKind::kCharset: out += "CHARSET"; break;
    case ShowKind::kCollation: out += "COLLATION"; break;
    case ShowKind::kProcessList: out += "PROCESSLIST"; break;
    case ShowKind::kStatus: out += "STATUS"; break;
    case ShowKind::kSearchPath: out += "SEARCH_PATH"; break;
    case ShowKind::kTriggers: out += "TRIGGERS"; break;
  }
  if (s.filter == ShowFilterKind::kLike) out += " LIKE " + QuoteString(s.like_pattern);
  if (s.filter == ShowFilterKind::kWhere) out += " WHERE " + ToString(*s.where);
  return out;
}

std::string CopyText(const CopyStatement& c) {
  std::string out = "COPY ";
  switch (c.target) {
    case CopyStatement::Target::kTable: out += c.name.ToString(); break;
    case CopyStatement::Target::kDatabase: out += "DATABASE " + c.name.ToString(); break;
    case CopyStatement::Target::kQuery: out += "(" + ToString(*c.query) + ")"; break;
  }
  out += c.direction == CopyDirection::kTo ? " TO " : " FROM ";
  out += (c.location == "STDOUT" || c.location == "STDIN") ? c.location : QuoteString(c.location);
  if (!c.with.empty()) out += " WITH " + ToString(c.with);
  if (!c.connection.empty()) out += " CONNECTION " + ToString(c.connection);
  if (c.limit) out += " LIMIT " + ToString(*c.limit);
  return out;
}

std::string DropText(const DropStatement& d) {
  std::string out = "DROP ";
  switch (d.kind) {
    case ObjectKind::kTable: out += "TABLE "; break;
    case ObjectKind::kDatabase: out += d.schema_keyword ? "SCHEMA " : "DATABASE "; break;
    case ObjectKind::kView: out += "VIEW "; break;
    case ObjectKind::kFlow: out += "FLOW "; break;
  }
  if (d.if_exists) out += "IF EXISTS ";
  for (size_t i = 0; i < d.names.size(); ++i) {
    if (i > 0) out += ", ";
    out += d.names[i].ToString();
  }
  return out;
}

std::string InsertText(const InsertStatement& s) {
  std::string out = (s.replace ? "REPLACE INTO " : "INSERT INTO ") + s.table.ToString();
  if (!s.columns.empty()) out += " (" + Idents(s.columns) + ")";
  return out + " " + ToString(*s.source);
}

std::string FlowText(const CreateFlowStatement& s) {
  std::string out = s.or_replace ? "CREATE OR REPLACE FLOW " : "CREATE FLOW ";
  out += IfNotExists(s.if_not_exists) + s.name.ToString();
  out += " SINK TO " + s.sink_table.ToString();
  if (s.expire_after) out += " EXPIRE AFTER " + ToString(*s.expire_after);
  if (s.eval_interval) out += " EVAL INTERVAL " + ToString(*s.eval_interval);
  if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
  return out + " AS " + (s.tql ? ToString(*s.tql) : ToString(*s.query));
}

std::string AlterDatabaseText(const AlterDatabaseStatement& s) {
  std::string out = "ALTER DATABASE " + s.name.ToString() + " ";
  if (const auto* set = std::get_if<SetTableOptionsOp>(&s.op)) {
    return out + "SET " + Options(set->options);
  }
  return out + UnsetKeys(std::get<UnsetTableOptionsOp>(s.op).keys);
}

}  // namespace

std::string ToString(const OptionList& options) { return "(" + Options(options) + ")"; }

std::string ToString(const ColumnDef& c) {
  std::string out = c.name.ToString() + " " + c.type.text;
  if (c.nullable) out += *c.nullable ? " NULL" : " NOT NULL";
  if (c.default_value) out += " DEFAULT " + ToString(*c.default_value);
  if (c.time_index) out += " TIME INDEX";
  if (c.primary_key) out += " PRIMARY KEY";
  if (c.comment) out += " COMMENT " + QuoteString(*c.comment);
  for (const ColumnIndex& index : c.indexes) out += " " + IndexText(index);
  return out;
}

std::string ToSql(const Statement& statement) {
  return std::visit(
      Overloaded{
          [](const QueryStatement& s) { return ToString(*s.query); },
          [](const InsertStatement& s) { return InsertText(s); },
          [](const DeleteStatement& s) {
            std::string out = "DELETE FROM " + s.table.ToString();
            if (s.where) out += " WHERE " + ToString(*s.where);
            return out;
          },
          [](const CreateDatabaseStatement& s) {
            std::string out = s.schema_keyword ? "CREATE SCHEMA " : "CREATE DATABASE ";
            out += IfNotExists(s.if_not_exists) + s.name.ToString();
            if (!s.options.empty()) out += " WITH " + ToString(s.options);
            return out;
          },
          [](const CreateTableStatement& s) { return Create(s); },
          [](const CreateTableLikeStatement& s) {
            return "CREATE TABLE " + s.name.ToString() + " LIKE " + s.source.ToString();
          },
          [](const CreateViewStatement& s) {
            std::string out = s.or_replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ";
            out += IfNotExists(s.if_not_exists) + s.name.ToString();
            if (!s.columns.empty()) out += " (" + Idents(s.columns) + ")";
            return out + " AS " + ToString(*s.query);
          },
          [](const CreateFlowStatement& s) { return FlowText(s); },
          [](const AlterTableStatement& s) {
            return "ALTER TABLE " + s.table.ToString() + " " + AlterOp(s);
          },
          [](const AlterDatabaseStatement& s) { return AlterDatabaseText(s); },
          [](const DropStatement& s) { return DropText(s); },
          [](const TruncateStatement& s) {
            std::string out = "TRUNCATE TABLE " + s.table.ToString();
            for (size_t i = 0; i < s.file_ranges.size(); ++i) {
              out += i == 0 ? " FILE RANGE " : ", ";
              out += "(" + ToString(*s.file_ranges[i].first) + ", " +
                     ToString(*s.file_ranges[i].second) + ")";
            }
            return out;
          },
          [](const CommentStatement& s) {
            std::string out = "COMMENT ON ";
            out += s.column ? "COLUMN " : s.target == ObjectKind::kFlow ? "FLOW " : "TABLE ";
            out += s.object.ToString() + " IS ";
            return out + (s.comment ? QuoteString(*s.comment) : "NULL");
          },
          [](const ShowStatement& s) { return ShowText(s); },
          [](const DescribeStatement& s) { return "DESCRIBE TABLE " + s.table.ToString(); },
          [](const UseStatement& s) { return "USE " + s.database.ToString(); },
          [](const SetVariableStatement& s) {
            std::string out = "SET ";
            if (!s.scope.empty()) out += s.scope + " ";
            return out + s.variable.ToString() + " = " + Exprs(s.values);
          },
          [](const ExplainStatement& s) {
            std::string out = "EXPLAIN ";
            if (s.analyze) out += "ANALYZE ";
            if (s.verbose) out += "VERBOSE ";
            if (!s.format.empty()) out += "FORMAT " + s.format + " ";
            return out + ToSql(*s.statement);
          },
          [](const AdminStatement& s) { return "ADMIN " + ToString(*s.call); },
          [](const TqlStatement& s) { return ToString(s.tql); },
          [](const CopyStatement& s) { return CopyText(s); },
          [](const KillStatement& s) {
            return s.query ? "KILL QUERY " + s.id : "KILL " + QuoteString(s.id);
          },
      },
      statement.node);
}

}  // namespace greptime::query::sql
