// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The `greptime` binary: global options and the role subcommands.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cmd/cluster.h"
#include "cmd/standalone.h"
#include "common/malloc_tuning.h"
#include "common/version.h"

int main(int argc, char** argv) {
  greptime::TuneMallocForServer();
  using greptime::cmd::StandaloneFlags;
  CLI::App app("greptime: a distributed time-series database", "greptime");
  app.set_version_flag("-V,--version", greptime::VersionText());
  app.require_subcommand(1);

  StandaloneFlags standalone_flags;
  // Global options, accepted before or after the subcommand.
  app.add_option("--log-dir", standalone_flags.log_dir, "Log directory (logging.dir)");
  app.add_option("--log-level", standalone_flags.log_level,
                 "Log filter such as info or debug (logging.level)");

  bool standalone_selected = false;
  greptime::cmd::AddStandaloneCommand(app, standalone_flags, &standalone_selected);
  greptime::cmd::ClusterFlags cluster_flags;
  greptime::cmd::AddClusterCommands(app, cluster_flags);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (standalone_selected) return greptime::cmd::RunStandalone(standalone_flags);
  if (cluster_flags.role != greptime::cmd::ClusterRole::kNone) {
    cluster_flags.log_dir = standalone_flags.log_dir;
    cluster_flags.log_level = standalone_flags.log_level;
    return greptime::cmd::RunCluster(cluster_flags);
  }
  std::fputs(app.help().c_str(), stderr);
  return 1;
}
