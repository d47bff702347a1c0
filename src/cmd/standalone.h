// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// `greptime standalone start`: frontend, datanode and embedded metadata in one process.
#pragma once

#include "cmd/standalone_options.h"

namespace CLI {
class App;
}

namespace greptime::cmd {

// Adds `standalone start` under `app`; `flags` receives the parsed values and must outlive the
// parse. `*selected` is set when the command was chosen.
void AddStandaloneCommand(CLI::App& app, StandaloneFlags& flags, bool* selected);

// Runs until SIGINT/SIGTERM; returns the process exit code.
int RunStandalone(const StandaloneFlags& flags);

}  // namespace greptime::cmd
