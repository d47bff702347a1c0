// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/version.h"

#include <unistd.h>

#include <fmt/format.h>

namespace greptime {
namespace build_info {
// Defined in the generated build_info.cc.
extern const char* const kVersion;
extern const char* const kCommit;
extern const char* const kBranch;
extern const bool kClean;
extern const char* const kCompiler;
}  // namespace build_info

std::string_view Version() { return build_info::kVersion; }
std::string_view GitCommit() { return build_info::kCommit; }
std::string_view GitBranch() { return build_info::kBranch; }
bool GitClean() { return build_info::kClean; }
std::string_view CompilerId() { return build_info::kCompiler; }

std::string Hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "unknown";
  return buf;
}

std::string VersionText() {
  return fmt::format("greptime\nbranch: {}\ncommit: {}\nclean: {}\nversion: {}\ncompiler: {}\n",
                     GitBranch(), GitCommit(), GitClean() ? "true" : "false", Version(),
                     CompilerId());
}

}  // namespace greptime
