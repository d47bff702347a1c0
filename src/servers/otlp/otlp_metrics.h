// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// OTLP/HTTP metrics (spec/ingestion.md §4): ExportMetricsServiceRequest decoded by hand (the
// fields we map; others skipped by wire type), Prometheus-compatible name translation, and the
// rows of gauges, sums, histograms and summaries.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "frontend/frontend.h"

namespace greptime::servers::otlp {

enum class TranslationStrategy {
  kUnderscoreEscapingWithSuffixes,
  kUnderscoreEscapingWithoutSuffixes,
  kNoUtf8EscapingWithSuffixes,
  kNoTranslation,
};

struct OtlpOptions {
  TranslationStrategy strategy = TranslationStrategy::kUnderscoreEscapingWithSuffixes;
  bool promote_all_resource_attrs = false;
  std::set<std::string> promote_resource_attrs;  // extra, when not promoting all
  std::set<std::string> ignore_resource_attrs;   // when promoting all
  bool promote_scope_attrs = false;
};

// The table name of a metric (§4.2). `kind`: 'g' gauge, 's' sum, 'h' histogram, 'u' summary.
std::string TranslateMetricName(std::string_view name, std::string_view unit, char kind,
                                bool monotonic, TranslationStrategy strategy);
// An attribute name as a column name (§4.2, last paragraph).
std::string TranslateLabelName(std::string_view name, TranslationStrategy strategy);

// Decodes and maps a request body. kInvalidArguments on malformed protobuf.
Result<std::vector<frontend::RowInsertRequest>> MetricsToInserts(std::string_view body,
                                                                 const OtlpOptions& options);

}  // namespace greptime::servers::otlp
