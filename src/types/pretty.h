// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The sqlness ASCII grid for query results (spec/sql.md §0.3), byte for byte as GreptimeDB's
// clients print it, and the terminal display width it aligns cells by.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "types/record_batch.h"
#include "types/schema.h"

namespace greptime::types {

// The grid of all rows of `batches` under the first batch's column names; "++\n++" when there
// are no batches. No trailing newline. Precondition: all batches have the same column count.
//   +---+-------+
//   | a | b     |
//   +---+-------+
//   | 1 | hello |
//   +---+-------+
// Cells are left-aligned, padded to the widest cell of the column (header included) with one
// blank either side; NULL is an empty cell; values print as Value::ToString. A cell with line
// breaks spans several grid lines, the other cells of its row being blank on the extra lines.
std::string PrettyPrint(const std::vector<RecordBatch>& batches);
// Same with the header taken from `schema`, so that a result without rows (or without batches)
// still prints its header and rules.
std::string PrettyPrint(const Schema& schema, const std::vector<RecordBatch>& batches);

// The grid for already rendered cells. `rows[i].size()` must equal `header.size()`.
std::string FormatGrid(std::span<const std::string> header,
                       const std::vector<std::vector<std::string>>& rows);

// Terminal columns `text` (UTF-8) occupies: East Asian wide and fullwidth characters and emoji
// count 2, combining marks, zero-width characters and control characters 0, others 1. Invalid
// UTF-8 bytes count 1 each.
size_t DisplayWidth(std::string_view text);

}  // namespace greptime::types
