// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// libFuzzer target: the InfluxDB line-protocol parser and the conversion to inserts, and the
// Prometheus remote-write decoder. Build and run with tests/fuzz/run.sh (clang, ASan+UBSan).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "servers/http/influxdb_routes.h"
#include "servers/influxdb/line_protocol.h"
#include "servers/prometheus/remote_write.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto points = greptime::servers::influxdb::ParseLineProtocol(input);
  if (points.ok()) {
    (void)greptime::servers::PointsToInserts(*points, "ms", 0);
  }
  auto series = greptime::servers::prometheus::DecodeWriteRequest(input);
  if (series.ok()) (void)greptime::servers::prometheus::SeriesToInserts(*series);
  return 0;
}
