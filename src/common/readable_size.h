// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Byte sizes as configuration spells them: "64MB", "1.5GiB", "512KB" (all units binary).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime {

// Number (decimal allowed) + optional blank + unit: B or none, K|KB|KiB, M|MB|MiB, G|GB|GiB,
// T|TB|TiB, P|PB|PiB (case-insensitive), all powers of 1024 (spec/cli-and-config.md §4).
// Errors (kInvalidArguments): empty, negative, unknown unit, overflow of uint64.
Result<uint64_t> ParseReadableSize(std::string_view text);

// The largest binary unit that divides the value exactly: 67108864 → "64MiB", 1536 → "1536B",
// 0 → "0B". The result parses back to the same value.
std::string FormatReadableSize(uint64_t bytes);

}  // namespace greptime
