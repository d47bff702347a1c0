# SQL front end (lexer, AST, parser, printers) of the query component. Paths are relative to
# src/query; src/query/CMakeLists.txt adds QUERY_SQL_SOURCES to greptime_query (which must link
# greptime_types: the parser checks time-index types with DataType::ParseSql) and
# QUERY_SQL_TESTS to the query test binary. corpus_test reads the sqlness corpus in place
# ($GREPTIME_SQLNESS_DIR or /work/shared/conformance/sqlness) and skips when it is absent.
set(QUERY_SQL_SOURCES
  sql/ast.cc
  sql/expr_printer.cc
  sql/lexer.cc
  sql/parser.cc
  sql/parser_ddl.cc
  sql/parser_expr.cc
  sql/parser_function.cc
  sql/parser_misc.cc
  sql/parser_query.cc
  sql/statement_printer.cc
)

set(QUERY_SQL_TESTS
  sql/corpus_test.cc
  sql/lexer_test.cc
  sql/parser_ddl_test.cc
  sql/parser_error_test.cc
  sql/parser_expr_test.cc
  sql/parser_misc_test.cc
  sql/parser_query_test.cc
  sql/printer_test.cc
)
