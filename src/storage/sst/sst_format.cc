// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Footer, tail and primary-key dictionary (de)serialization (docs/storage-format-sst.md).
#include "storage/sst/sst_format.h"

#include <bit>

#include "storage/sst/byte_io.h"

namespace greptime::storage::sst {
namespace {

constexpr uint8_t kStatsHasNan = 0x01;

Status CorruptFooter(std::string_view why) {
  return Status::StorageUnavailable("corrupt footer: {}", why);
}

void PutBlock(ByteWriter* w, const BlockHandle& b) {
  w->PutU64(b.offset);
  w->PutU32(b.length);
  w->PutU32(b.raw_length);
  w->PutU8(static_cast<uint8_t>(b.compression));
  w->PutU64(b.checksum);
}

bool GetBlock(ByteReader* r, BlockHandle* b) {
  uint8_t compression;
  if (!r->GetU64(&b->offset) || !r->GetU32(&b->length) || !r->GetU32(&b->raw_length) ||
      !r->GetU8(&compression) || !r->GetU64(&b->checksum)) {
    return false;
  }
  if (compression > static_cast<uint8_t>(Compression::kLz4)) return false;
  b->compression = static_cast<Compression>(compression);
  return true;
}

void PutInt128(ByteWriter* w, types::int128_t v) {
  w->PutU64(static_cast<uint64_t>(v));
  w->PutU64(static_cast<uint64_t>(static_cast<types::uint128_t>(v) >> 64));
}

bool GetInt128(ByteReader* r, types::int128_t* v) {
  uint64_t lo;
  uint64_t hi;
  if (!r->GetU64(&lo) || !r->GetU64(&hi)) return false;
  *v = static_cast<types::int128_t>((static_cast<types::uint128_t>(hi) << 64) | lo);
  return true;
}

void PutStats(ByteWriter* w, const ChunkStats& s) {
  w->PutU8(static_cast<uint8_t>(s.kind));
  w->PutU8(s.has_nan ? kStatsHasNan : 0);
  switch (s.kind) {
    case StatsKind::kNone:
      return;
    case StatsKind::kInt64:
    case StatsKind::kUInt64:
      w->PutU64(static_cast<uint64_t>(s.min_int));
      w->PutU64(static_cast<uint64_t>(s.max_int));
      return;
    case StatsKind::kFloat64:
      w->PutU64(std::bit_cast<uint64_t>(s.min_float));
      w->PutU64(std::bit_cast<uint64_t>(s.max_float));
      return;
    case StatsKind::kInt128:
      PutInt128(w, s.min_int);
      PutInt128(w, s.max_int);
      return;
  }
}

bool GetStats(ByteReader* r, ChunkStats* s) {
  uint8_t kind;
  uint8_t flags;
  if (!r->GetU8(&kind) || !r->GetU8(&flags) || (flags & ~kStatsHasNan) != 0) return false;
  s->has_nan = (flags & kStatsHasNan) != 0;
  s->kind = static_cast<StatsKind>(kind);
  uint64_t a;
  uint64_t b;
  switch (s->kind) {
    case StatsKind::kNone:
      return true;
    case StatsKind::kInt64:
      if (!r->GetU64(&a) || !r->GetU64(&b)) return false;
      s->min_int = static_cast<int64_t>(a);
      s->max_int = static_cast<int64_t>(b);
      return true;
    case StatsKind::kUInt64:
      if (!r->GetU64(&a) || !r->GetU64(&b)) return false;
      s->min_int = a;
      s->max_int = b;
      return true;
    case StatsKind::kFloat64:
      if (!r->GetU64(&a) || !r->GetU64(&b)) return false;
      s->min_float = std::bit_cast<double>(a);
      s->max_float = std::bit_cast<double>(b);
      return true;
    case StatsKind::kInt128:
      return GetInt128(r, &s->min_int) && GetInt128(r, &s->max_int);
  }
  return false;
}

bool GetChunk(ByteReader* r, ChunkMeta* c) {
  uint8_t encoding;
  if (!GetBlock(r, &c->block) || !r->GetU8(&encoding) || !r->GetU32(&c->null_count) ||
      !GetStats(r, &c->stats)) {
    return false;
  }
  if (encoding > static_cast<uint8_t>(Encoding::kPlainBytes)) return false;
  c->encoding = static_cast<Encoding>(encoding);
  return true;
}

bool GetRowGroup(ByteReader* r, size_t num_columns, RowGroupMeta* g) {
  if (!r->GetU32(&g->num_rows) || !r->GetI64(&g->time_min) || !r->GetI64(&g->time_max) ||
      !r->GetU64(&g->max_sequence) || !r->GetU32(&g->pk_first) || !r->GetU32(&g->pk_last)) {
    return false;
  }
  g->chunks.resize(num_columns);
  for (ChunkMeta& c : g->chunks) {
    if (!GetChunk(r, &c)) return false;
  }
  return true;
}

}  // namespace

std::vector<ColumnInfo> FileColumns(const RegionMetadata& metadata) {
  std::vector<ColumnInfo> columns = {
      {ColumnRole::kPrimaryKey, types::TypeId::kUInt32, 0},
      {ColumnRole::kTimeIndex, types::TypeId::kTimestamp, metadata.time_index_id()},
      {ColumnRole::kSequence, types::TypeId::kUInt64, 0},
      {ColumnRole::kOpType, types::TypeId::kUInt8, 0},
  };
  for (uint32_t id : metadata.field_ids()) {
    columns.push_back({ColumnRole::kField, metadata.ColumnById(id)->column_schema.type.id(), id});
  }
  return columns;
}

std::string SerializeFooter(const Footer& f) {
  std::string out;
  ByteWriter w(&out);
  w.PutLengthPrefixed(f.metadata_json);
  w.PutU64(f.num_rows);
  w.PutI64(f.time_min);
  w.PutI64(f.time_max);
  w.PutU64(f.max_sequence);
  w.PutU16(static_cast<uint16_t>(f.columns.size()));
  for (const ColumnInfo& c : f.columns) {
    w.PutU8(static_cast<uint8_t>(c.role));
    w.PutU8(static_cast<uint8_t>(c.type_id));
    w.PutU32(c.column_id);
  }
  PutBlock(&w, f.pk_dictionary);
  w.PutU32(f.num_keys);
  w.PutU32(static_cast<uint32_t>(f.row_groups.size()));
  for (const RowGroupMeta& g : f.row_groups) {
    w.PutU32(g.num_rows);
    w.PutI64(g.time_min);
    w.PutI64(g.time_max);
    w.PutU64(g.max_sequence);
    w.PutU32(g.pk_first);
    w.PutU32(g.pk_last);
    for (const ChunkMeta& c : g.chunks) {
      PutBlock(&w, c.block);
      w.PutU8(static_cast<uint8_t>(c.encoding));
      w.PutU32(c.null_count);
      PutStats(&w, c.stats);
    }
  }
  return out;
}

Result<Footer> ParseFooter(std::string_view bytes) {
  ByteReader r(bytes);
  Footer f;
  std::string_view json;
  uint16_t num_columns;
  if (!r.GetLengthPrefixed(&json) || !r.GetU64(&f.num_rows) || !r.GetI64(&f.time_min) ||
      !r.GetI64(&f.time_max) || !r.GetU64(&f.max_sequence) || !r.GetU16(&num_columns)) {
    return CorruptFooter("truncated header");
  }
  f.metadata_json.assign(json);
  if (num_columns < kFirstFieldColumn) return CorruptFooter("too few columns");
  f.columns.resize(num_columns);
  for (ColumnInfo& c : f.columns) {
    uint8_t role;
    uint8_t type_id;
    if (!r.GetU8(&role) || !r.GetU8(&type_id) || !r.GetU32(&c.column_id)) {
      return CorruptFooter("truncated column directory");
    }
    if (role > static_cast<uint8_t>(ColumnRole::kField) ||
        type_id > static_cast<uint8_t>(types::TypeId::kVector)) {
      return CorruptFooter("bad column directory entry");
    }
    c.role = static_cast<ColumnRole>(role);
    c.type_id = static_cast<types::TypeId>(type_id);
  }
  uint32_t num_row_groups;
  if (!GetBlock(&r, &f.pk_dictionary) || !r.GetU32(&f.num_keys) || !r.GetU32(&num_row_groups)) {
    return CorruptFooter("truncated dictionary handle");
  }
  // Each row group takes at least 36 + 30 bytes per column: bound the allocation.
  if (num_row_groups > r.remaining() / (36 + 30 * static_cast<size_t>(num_columns))) {
    return CorruptFooter("row group count exceeds the footer");
  }
  f.row_groups.resize(num_row_groups);
  for (RowGroupMeta& g : f.row_groups) {
    if (!GetRowGroup(&r, num_columns, &g)) return CorruptFooter("bad row group entry");
  }
  if (!r.AtEnd()) return CorruptFooter("trailing bytes");
  return f;
}

std::string SerializeTail(const Tail& tail) {
  std::string out;
  ByteWriter w(&out);
  w.PutU32(tail.footer_length);
  w.PutU32(kFormatVersion);
  w.PutU64(tail.footer_checksum);
  w.PutBytes(kMagic);
  return out;
}

Result<Tail> ParseTail(std::string_view bytes) {
  ByteReader r(bytes);
  Tail tail;
  uint32_t version;
  std::string_view magic;
  if (bytes.size() != kTailSize || !r.GetU32(&tail.footer_length) || !r.GetU32(&version) ||
      !r.GetU64(&tail.footer_checksum) || !r.GetBytes(kMagic.size(), &magic)) {
    return Status::StorageUnavailable("truncated tail");
  }
  if (magic != kMagic) return Status::StorageUnavailable("not an SST file (bad magic)");
  if (version != kFormatVersion) {
    return Status::StorageUnavailable("unsupported SST format version {}", version);
  }
  return tail;
}

std::string EncodePkDictionary(const std::vector<std::string>& keys) {
  std::string out;
  ByteWriter w(&out);
  std::string_view prev;
  for (const std::string& key : keys) {
    size_t shared = 0;
    while (shared < prev.size() && shared < key.size() && prev[shared] == key[shared]) ++shared;
    w.PutVarint(shared);
    w.PutVarint(key.size() - shared);
    w.PutBytes(std::string_view(key).substr(shared));
    prev = key;
  }
  return out;
}

Result<std::vector<std::string>> DecodePkDictionary(std::string_view raw, uint32_t num_keys) {
  ByteReader r(raw);
  std::vector<std::string> keys;
  // Every key takes at least 2 bytes: bound the allocation by the input.
  if (num_keys > raw.size() / 2) {
    return Status::StorageUnavailable("corrupt primary key dictionary: too many keys");
  }
  keys.reserve(num_keys);
  for (uint32_t i = 0; i < num_keys; ++i) {
    uint64_t shared;
    uint64_t suffix_length;
    std::string_view suffix;
    if (!r.GetVarint(&shared) || !r.GetVarint(&suffix_length) ||
        !r.GetBytes(suffix_length, &suffix) ||
        (i == 0 ? shared != 0 : shared > keys.back().size())) {
      return Status::StorageUnavailable("corrupt primary key dictionary at key {}", i);
    }
    std::string key = i == 0 ? std::string() : keys.back().substr(0, shared);
    key.append(suffix);
    if (i > 0 && key <= keys.back()) {
      return Status::StorageUnavailable("corrupt primary key dictionary: key {} out of order", i);
    }
    keys.push_back(std::move(key));
  }
  if (!r.AtEnd()) {
    return Status::StorageUnavailable("corrupt primary key dictionary: trailing bytes");
  }
  return keys;
}

}  // namespace greptime::storage::sst
