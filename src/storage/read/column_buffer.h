// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ColumnBuffer lives in types/ (the query engine uses it too); the readers use it unqualified.
#pragma once

#include "types/column_buffer.h"

namespace greptime::storage {
using types::ColumnBuffer;
using types::RowSelection;
}  // namespace greptime::storage
