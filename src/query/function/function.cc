// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/function/function.h"

#include <algorithm>

namespace greptime::query {

const FunctionRegistry& FunctionRegistry::Default() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterMathFunctions(*r);
    RegisterStringFunctions(*r);
    RegisterTimeFunctions(*r);
    RegisterConditionalFunctions(*r);
    RegisterSystemFunctions(*r);
    RegisterAggregateFunctions(*r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::RegisterScalar(std::string name, std::shared_ptr<const ScalarFunction> fn) {
  scalars_[std::move(name)] = std::move(fn);
}

void FunctionRegistry::RegisterAggregate(std::string name,
                                         std::shared_ptr<const AggregateFunction> fn) {
  aggregates_[std::move(name)] = std::move(fn);
}

const ScalarFunction* FunctionRegistry::FindScalar(std::string_view name) const {
  auto it = scalars_.find(std::string(name));
  return it == scalars_.end() ? nullptr : it->second.get();
}

const AggregateFunction* FunctionRegistry::FindAggregate(std::string_view name) const {
  auto it = aggregates_.find(std::string(name));
  return it == aggregates_.end() ? nullptr : it->second.get();
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  for (const auto& [name, fn] : scalars_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> FunctionRegistry::AggregateNames() const {
  std::vector<std::string> names;
  for (const auto& [name, fn] : aggregates_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace greptime::query
