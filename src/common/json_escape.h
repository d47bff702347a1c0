// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Escaping text for JSON string literals (logs, HTTP bodies built by hand).
#pragma once

#include <string>
#include <string_view>

namespace greptime {

// The JSON string-literal form of `text`, without the surrounding quotes: `"`, `\` and control
// characters escaped; other bytes (UTF-8) copied.
std::string JsonEscape(std::string_view text);

}  // namespace greptime
