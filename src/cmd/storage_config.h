// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The object store a standalone server or datanode keeps its regions in, built from `[storage]`
// (spec/cli-and-config.md §5.3): `type = "File"` stores under `data_home`; `"S3"` and `"Azblob"`
// use the cloud backends behind a local cache under `cache_path` (default `data_home`), sized
// by `cache_capacity`, which also keeps a copy of every flushed file (the write cache).
#pragma once

#include <memory>
#include <string>

#include "common/config.h"
#include "common/status.h"
#include "storage/object_store/object_store.h"

namespace greptime::cmd {

// kInvalidArguments for an unsupported type or missing keys (the message names the key);
// kStorageUnavailable when a local directory cannot be created. Does not contact the network.
Result<std::unique_ptr<storage::ObjectStore>> OpenObjectStore(const Config& config,
                                                              const std::string& data_home);

}  // namespace greptime::cmd
