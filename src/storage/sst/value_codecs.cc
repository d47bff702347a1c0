// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Choosing and running the string and float encodings of column chunks (format:
// docs/storage-format-sst.md §Column chunks).
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "storage/sst/bit_packing.h"
#include "storage/sst/codec_internal.h"
#include "storage/sst/compression.h"
#include "storage/sst/float_encoding.h"
#include "storage/sst/int_encoding.h"

namespace greptime::storage::sst::internal {

Status Corrupt(std::string_view what, std::string_view why) {
  return Status::StorageUnavailable("corrupt {} chunk: {}", what, why);
}

namespace {

void EncodeLengths(std::span<const std::string_view> values, std::string* out) {
  std::vector<uint64_t> lengths(values.size());
  for (size_t i = 0; i < values.size(); ++i) lengths[i] = values[i].size();
  EncodeIntegers(lengths, out);
}

void EncodePlainBytes(std::span<const std::string_view> values, std::string* out) {
  EncodeLengths(values, out);
  for (std::string_view v : values) out->append(v);
}

// Returns false when the values have too many distinct entries for a dictionary to pay off.
bool EncodeDictionary(std::span<const std::string_view> values, size_t plain_bytes,
                      std::string* out) {
  const size_t max_entries = values.size() / 2 + 1;
  std::unordered_map<std::string_view, uint64_t> index;
  std::vector<std::string_view> entries;
  std::vector<uint64_t> ids(values.size());
  size_t entry_bytes = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    auto [it, inserted] = index.try_emplace(values[i], entries.size());
    if (inserted) {
      if (entries.size() == max_entries) return false;
      entries.push_back(values[i]);
      entry_bytes += values[i].size();
    }
    ids[i] = it->second;
  }
  // Rough size: entry bytes + one length byte each + bit-packed indices.
  size_t estimate =
      entry_bytes + entries.size() + (values.size() * BitLength(entries.size()) + 7) / 8;
  if (estimate >= plain_bytes) return false;
  ByteWriter w(out);
  w.PutVarint(entries.size());
  EncodePlainBytes(entries, out);
  EncodeIntegers(ids, out);
  return true;
}

bool DecodeLengths(ByteReader* in, size_t count, std::vector<uint32_t>* lengths, uint64_t* total) {
  std::vector<uint64_t> raw(count);
  if (!DecodeIntegers(in, raw)) return false;
  lengths->resize(count);
  *total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (raw[i] > in->remaining()) return false;
    (*lengths)[i] = static_cast<uint32_t>(raw[i]);
    *total += raw[i];
  }
  return *total <= in->remaining();
}

}  // namespace

Encoding EncodeStringValues(std::span<const std::string_view> values, std::string* out) {
  size_t plain_bytes = values.size();
  for (std::string_view v : values) plain_bytes += v.size();
  if (!values.empty() && EncodeDictionary(values, plain_bytes, out)) return Encoding::kDictionary;
  EncodePlainBytes(values, out);
  return Encoding::kPlainBytes;
}

Result<DecodedStrings> DecodeStringValues(Encoding encoding, ByteReader* in, size_t count) {
  DecodedStrings result;
  if (encoding == Encoding::kPlainBytes) {
    uint64_t total;
    std::string_view bytes;
    if (!DecodeLengths(in, count, &result.lengths, &total) || !in->GetBytes(total, &bytes)) {
      return Corrupt("string", "bad lengths");
    }
    result.data.assign(bytes);
    return result;
  }
  if (encoding != Encoding::kDictionary) {
    return Corrupt("string", fmt::format("encoding {} is not for strings", EncodingName(encoding)));
  }
  uint64_t num_entries;
  if (!in->GetVarint(&num_entries) || num_entries > count) {
    return Corrupt("string", "bad dictionary size");
  }
  std::vector<uint32_t> entry_lengths;
  uint64_t entry_total;
  std::string_view entry_bytes;
  if (!DecodeLengths(in, num_entries, &entry_lengths, &entry_total) ||
      !in->GetBytes(entry_total, &entry_bytes)) {
    return Corrupt("string", "bad dictionary");
  }
  std::vector<uint32_t> entry_offsets(num_entries + 1, 0);
  for (size_t i = 0; i < num_entries; ++i) {
    entry_offsets[i + 1] = entry_offsets[i] + entry_lengths[i];
  }
  std::vector<uint64_t> ids(count);
  if (!DecodeIntegers(in, ids)) return Corrupt("string", "bad dictionary indices");
  result.lengths.resize(count);
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (ids[i] >= num_entries) return Corrupt("string", "dictionary index out of range");
    result.lengths[i] = entry_lengths[ids[i]];
    total += entry_lengths[ids[i]];
  }
  if (total > std::numeric_limits<uint32_t>::max()) {
    return Corrupt("string", "values exceed 4 GiB");
  }
  result.data.reserve(total);
  for (uint64_t id : ids) {
    result.data.append(entry_bytes.substr(entry_offsets[id], entry_lengths[id]));
  }
  return result;
}

namespace {

struct FloatCandidate {
  Encoding encoding;
  std::string bytes;
};

template <typename T>
bool EncodeFloatsAs(Encoding encoding, std::span<const T> values, std::string* out) {
  switch (encoding) {
    case Encoding::kGorilla:
      EncodeGorilla(values, out);
      return true;
    case Encoding::kByteStreamSplit:
      EncodeByteStreamSplit(values, out);
      return true;
    case Encoding::kDecimalFloat:
      return EncodeDecimalFloat(values, out);
    default:
      return false;
  }
}

// Every applicable float encoding of `values`, and the index of the smallest after
// compression.
template <typename T>
size_t EvaluateFloatEncodings(std::span<const T> values, const ChunkEncodeOptions& options,
                              std::vector<FloatCandidate>* candidates) {
  for (Encoding e : {Encoding::kGorilla, Encoding::kByteStreamSplit, Encoding::kDecimalFloat}) {
    FloatCandidate candidate{e, {}};
    if (EncodeFloatsAs(e, values, &candidate.bytes)) candidates->push_back(std::move(candidate));
  }
  size_t best = 0;
  size_t best_size = std::numeric_limits<size_t>::max();
  for (size_t i = 0; i < candidates->size(); ++i) {
    const std::string& bytes = (*candidates)[i].bytes;
    size_t size = bytes.size();
    if (options.compression != Compression::kNone) {
      auto compressed = Compress(options.compression, options.zstd_level, bytes);
      if (compressed.ok()) size = std::min(size, compressed->size());
    }
    if (size < best_size) {
      best_size = size;
      best = i;
    }
  }
  return best;
}

// Values of the contiguous sample that picks the encoding of large chunks: compressing every
// candidate of a whole 100k-row chunk would triple the writer's compression work.
constexpr size_t kFloatSampleSize = 8192;

}  // namespace

template <typename T>
Encoding EncodeFloatValues(std::span<const T> values, const ChunkEncodeOptions& options,
                           std::string* out) {
  if (values.size() >= 4 * kFloatSampleSize) {
    std::vector<FloatCandidate> sampled;
    auto sample = values.subspan(values.size() / 2 - kFloatSampleSize / 2, kFloatSampleSize);
    Encoding choice = sampled[EvaluateFloatEncodings(sample, options, &sampled)].encoding;
    // The whole chunk may not suit the decimal encoding the sample did; then evaluate all.
    std::string bytes;
    if (EncodeFloatsAs(choice, values, &bytes)) {
      out->append(bytes);
      return choice;
    }
  }
  std::vector<FloatCandidate> candidates;
  FloatCandidate& best = candidates[EvaluateFloatEncodings(values, options, &candidates)];
  out->append(best.bytes);
  return best.encoding;
}

template <typename T>
bool DecodeFloatValues(Encoding encoding, ByteReader* in, std::span<T> out) {
  switch (encoding) {
    case Encoding::kGorilla:
      return DecodeGorilla(in, out);
    case Encoding::kByteStreamSplit:
      return DecodeByteStreamSplit(in, out);
    case Encoding::kDecimalFloat:
      return DecodeDecimalFloat(in, out);
    default:
      return false;
  }
}

template Encoding EncodeFloatValues<float>(std::span<const float>, const ChunkEncodeOptions&,
                                           std::string*);
template Encoding EncodeFloatValues<double>(std::span<const double>, const ChunkEncodeOptions&,
                                            std::string*);
template bool DecodeFloatValues<float>(Encoding, ByteReader*, std::span<float>);
template bool DecodeFloatValues<double>(Encoding, ByteReader*, std::span<double>);

}  // namespace greptime::storage::sst::internal
