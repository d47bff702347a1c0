// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Float streams of the SST format, all bit-exact (NaN payloads, -0.0, infinities survive):
//  - Gorilla XOR (Facebook's Gorilla paper): good for slowly changing full-precision series;
//  - byte-stream-split: byte k of every value together, for a general compressor to finish;
//  - decimal: values that are k / 10^e for a small e (sensor readings rounded to 2 digits,
//    integer-valued counters) stored as the integers k, with exceptions kept raw (after ALP).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "storage/sst/byte_io.h"

namespace greptime::storage::sst {

// T is float or double throughout.

// Appends varint(byte length) + the Gorilla bit stream.
template <typename T>
void EncodeGorilla(std::span<const T> values, std::string* out);
template <typename T>
bool DecodeGorilla(ByteReader* in, std::span<T> out);

// Appends sizeof(T) streams of values.size() bytes; stream k holds byte k (little endian) of
// each value.
template <typename T>
void EncodeByteStreamSplit(std::span<const T> values, std::string* out);
template <typename T>
bool DecodeByteStreamSplit(ByteReader* in, std::span<T> out);

// Appends the decimal encoding and returns true, or returns false (appending nothing) when
// too many values are not short decimals for it to pay off.
template <typename T>
bool EncodeDecimalFloat(std::span<const T> values, std::string* out);
template <typename T>
bool DecodeDecimalFloat(ByteReader* in, std::span<T> out);

}  // namespace greptime::storage::sst
