// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Memcomparable encoding of primary keys: byte-wise comparison of two encoded keys orders them
// as the tuples of tag values (nulls first). Format in docs/storage-format.md §Primary keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::storage {

class PrimaryKeyCodec {
 public:
  // `types`: the data types of the primary-key columns, in key order.
  explicit PrimaryKeyCodec(std::vector<types::DataType> types) : types_(std::move(types)) {}

  // Appends the encoding of `values` (one per key column, NULL allowed) to `out`.
  // kInvalidArguments when a value's type does not match its column.
  Status Encode(const std::vector<types::Value>& values, std::string* out) const;
  // The encodings of one key column, for writers that build keys column by column: a NULL of
  // any type, and a non-NULL String/Binary/Json value. Same bytes as Encode.
  static void AppendNull(std::string* out);
  static void AppendBytes(std::string_view bytes, std::string* out);
  // Decodes a whole key. kStorageUnavailable ("corrupt primary key") on malformed bytes.
  Result<std::vector<types::Value>> Decode(std::string_view key) const;

  const std::vector<types::DataType>& types() const { return types_; }

 private:
  std::vector<types::DataType> types_;
};

}  // namespace greptime::storage
