// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Build identity: version, git commit and branch, compiler; shown by --version, /status, /metrics.
#pragma once

#include <string>
#include <string_view>

namespace greptime {

std::string_view Version();       // "0.1.0"
std::string_view GitCommit();     // full sha, or "unknown" outside a git checkout
std::string_view GitBranch();     // or "unknown"
bool GitClean();                  // false when the tree had local changes at build time
std::string_view CompilerId();    // "GNU-12.2.0"
std::string Hostname();

// The multi-line text of `greptime --version`.
std::string VersionText();

}  // namespace greptime
