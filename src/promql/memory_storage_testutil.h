// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MemoryStorage: an in-memory promql::Storage for tests (matchers applied, samples range-cut).
#pragma once

#include <algorithm>
#include <map>
#include <vector>

#include "promql/engine.h"

namespace greptime::promql {

class MemoryStorage : public Storage {
 public:
    // Adds (or replaces) the sample at t_ms of the series `labels`.
  void Add(const Labels& labels, int64_t t_ms, double v) {
    auto& samples = series_[Sorted(labels)];
    auto it = std::lower_bound(samples.begin(), samples.end(), t_ms,
                               [](const Sample& p, int64_t t) { return p.t_ms < t; });
    if (it != samples.end() && it->t_ms == t_ms) {
      it->v = v;
    } else {
      samples.insert(it, {t_ms, v});
    }
  }
  void Clear() { series_.clear(); }

  Result<std::vector<Series>> Select(const std::vector<LabelMatcher>& matchers, int64_t start_ms,
                                     int64_t end_ms) override {
    std::vector<Series> out;
    for (const auto& [labels, samples] : series_) {
      bool ok = std::all_of(matchers.begin(), matchers.end(), [&](const LabelMatcher& m) {
        for (const auto& [k, v] : labels) {
          if (k == m.name()) return m.Matches(v);
        }
        return m.Matches("");
      });
      if (!ok) continue;
      Series s{labels, {}};
      for (const auto& p : samples) {
        if (p.t_ms >= start_ms && p.t_ms <= end_ms) s.samples.push_back(p);
      }
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  static Labels Sorted(Labels l) {
    std::sort(l.begin(), l.end());
    return l;
  }
  std::map<Labels, std::vector<Sample>> series_;
};

}  // namespace greptime::promql
