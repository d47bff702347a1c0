// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Forward declarations of the types component, for headers that only pass these around.
#pragma once

#include <cstdint>
#include <memory>

namespace greptime::types {

enum class TypeId : uint8_t;
enum class SemanticType : uint8_t;
class DataType;
class Value;
struct IntervalMonthDayNano;
class Validity;
class Column;
template <typename T>
class PrimitiveColumn;
class BooleanColumn;
class StringColumn;
class VectorColumn;
class NullColumn;
class ColumnBuilder;
class ColumnDefault;
struct ColumnSchema;
class Schema;
class RecordBatch;

using ColumnPtr = std::shared_ptr<const Column>;
using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace greptime::types
