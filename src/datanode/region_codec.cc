// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "datanode/region_codec.h"

#include <span>

#include "storage/wal/mutation_codec.h"

namespace greptime::datanode {
namespace {

using storage::RegionId;

std::map<std::string, std::string> ToMap(const google::protobuf::Map<std::string, std::string>& m) {
  return std::map<std::string, std::string>(m.begin(), m.end());
}

Result<types::RecordBatch> DecodeOneBatch(std::string_view bytes, const char* what) {
  auto mutations = storage::DecodeMutations(bytes);
  if (!mutations.ok()) {
    return Status::InvalidArguments("{}: {}", what, mutations.status().message());
  }
  if (mutations->size() != 1) {
    return Status::InvalidArguments("{}: expected one batch, got {}", what, mutations->size());
  }
  return std::move((*mutations)[0].rows);
}

std::string EncodeOneBatch(const types::RecordBatch& batch, storage::OpType op) {
  storage::Mutation m{op, 0, batch};
  return storage::EncodeMutations(std::span<const storage::Mutation>(&m, 1));
}

void EncodeWrite(const storage::WriteRequest& w, pb::WriteRegion* out) {
  out->set_region_id(w.region_id.value());
  out->set_is_delete(w.op_type == storage::OpType::kDelete);
  out->set_rows(EncodeOneBatch(w.rows, w.op_type));
}

Result<storage::WriteRequest> DecodeWrite(const pb::WriteRegion& in) {
  storage::WriteRequest w;
  w.region_id = RegionId(in.region_id());
  w.op_type = in.is_delete() ? storage::OpType::kDelete : storage::OpType::kPut;
  GT_ASSIGN_OR_RETURN(w.rows, DecodeOneBatch(in.rows(), "write rows"));
  return w;
}

Status EncodePredicate(const storage::TagPredicate& p, pb::TagPredicate* out) {
  out->set_column(p.column);
  std::optional<types::DataType> type;
  for (const types::Value& v : p.values) {
    if (v.is_null()) continue;
    if (type && !(v.type() == *type)) {
      return Status::InvalidArguments("tag predicate on {} mixes value types", p.column);
    }
    type = v.type();
    const types::DataType& t = v.type();
    if (t.id() == types::TypeId::kString || t.id() == types::TypeId::kBinary ||
        t.id() == types::TypeId::kJson) {
      out->add_strings(v.AsBytes());
    } else if (t.is_unsigned_integer()) {
      GT_ASSIGN_OR_RETURN(types::Value u, v.CastTo(types::DataType::UInt64()));
      out->add_unsigneds(u.AsUInt64());
    } else if (t.is_signed_integer()) {
      GT_ASSIGN_OR_RETURN(types::Value s, v.CastTo(types::DataType::Int64()));
      out->add_signeds(s.AsInt64());
    } else if (t.is_timestamp()) {
      out->add_signeds(v.AsTimestamp().value);
    } else {
      return Status::InvalidArguments("tag predicate on a {} column cannot be sent to a datanode",
                                      t.Name());
    }
  }
  if (type) out->set_type_name(type->Name());
  return Status::OK();
}

Result<storage::TagPredicate> DecodePredicate(const pb::TagPredicate& in) {
  storage::TagPredicate p;
  p.column = in.column();
  const size_t count = in.strings_size() + in.unsigneds_size() + in.signeds_size();
  if (count == 0) return p;  // matches nothing
  GT_ASSIGN_OR_RETURN(types::DataType type, types::DataType::ParseName(in.type_name()));
  p.values.reserve(count);
  for (const std::string& s : in.strings()) {
    if (type.id() == types::TypeId::kString) {
      p.values.push_back(types::Value::String(s));
    } else if (type.id() == types::TypeId::kBinary) {
      p.values.push_back(types::Value::Binary(s));
    } else if (type.id() == types::TypeId::kJson) {
      p.values.push_back(types::Value::Json(s));
    } else {
      return Status::InvalidArguments("tag predicate: string value for type {}", type.Name());
    }
  }
  for (uint64_t u : in.unsigneds()) {
    if (!type.is_unsigned_integer()) {
      return Status::InvalidArguments("tag predicate: unsigned value for type {}", type.Name());
    }
    GT_ASSIGN_OR_RETURN(types::Value v, types::Value::UInt64(u).CastTo(type));
    p.values.push_back(std::move(v));
  }
  for (int64_t s : in.signeds()) {
    if (type.is_timestamp()) {
      p.values.push_back(types::Value::Timestamp(s, type.time_unit()));
    } else if (type.is_signed_integer()) {
      GT_ASSIGN_OR_RETURN(types::Value v, types::Value::Int64(s).CastTo(type));
      p.values.push_back(std::move(v));
    } else {
      return Status::InvalidArguments("tag predicate: signed value for type {}", type.Name());
    }
  }
  return p;
}

}  // namespace

Status EncodeRegionRequest(const RegionRequest& request, pb::RegionRequest* out) {
  return std::visit(
      [&](const auto& r) -> Status {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, RegionCreate>) {
          auto* c = out->mutable_create();
          c->set_engine(r.engine);
          if (r.request.metadata == nullptr) return Status::InvalidArguments("create without metadata");
          c->set_metadata_json(r.request.metadata->ToJson());
          c->set_region_dir(r.request.region_dir);
          c->mutable_engine_options()->insert(r.request.engine_options.begin(),
                                              r.request.engine_options.end());
        } else if constexpr (std::is_same_v<T, RegionOpen>) {
          auto* o = out->mutable_open();
          o->set_engine(r.engine);
          o->set_region_id(r.request.region_id.value());
          o->set_region_dir(r.request.region_dir);
          o->mutable_engine_options()->insert(r.request.engine_options.begin(),
                                              r.request.engine_options.end());
        } else if constexpr (std::is_same_v<T, storage::CloseRequest>) {
          out->mutable_close()->set_region_id(r.region_id.value());
        } else if constexpr (std::is_same_v<T, storage::DropRequest>) {
          out->mutable_drop()->set_region_id(r.region_id.value());
        } else if constexpr (std::is_same_v<T, storage::WriteRequest>) {
          EncodeWrite(r, out->mutable_write());
        } else if constexpr (std::is_same_v<T, storage::AlterRequest>) {
          auto* a = out->mutable_alter();
          a->set_region_id(r.region_id.value());
          for (const auto& change : r.changes) {
            auto* c = a->add_changes();
            if (const auto* add = std::get_if<storage::AlterRequest::AddColumn>(&change)) {
              c->set_add_column_json(storage::ColumnSchemaToJson(add->column));
            } else if (const auto* drop = std::get_if<storage::AlterRequest::DropColumn>(&change)) {
              c->set_drop_column(drop->name);
            } else {
              const auto& set = std::get<storage::AlterRequest::SetOptions>(change);
              c->set_set_options_json(storage::RegionOptionsToJson(set.options));
            }
          }
        } else if constexpr (std::is_same_v<T, storage::FlushRequest>) {
          out->mutable_flush()->set_region_id(r.region_id.value());
        } else if constexpr (std::is_same_v<T, storage::CompactRequest>) {
          out->mutable_compact()->set_region_id(r.region_id.value());
        } else if constexpr (std::is_same_v<T, storage::TruncateRequest>) {
          out->mutable_truncate()->set_region_id(r.region_id.value());
        } else if constexpr (std::is_same_v<T, RegionWriteMany>) {
          auto* many = out->mutable_write_many();
          for (const storage::WriteRequest& w : r.writes) EncodeWrite(w, many->add_writes());
        } else {
          static_assert(std::is_same_v<T, storage::ScanRequest>);
          return Status::InvalidArguments("scans go through RegionService.Scan");
        }
        return Status::OK();
      },
      request);
}

Result<RegionRequest> DecodeRegionRequest(const pb::RegionRequest& in) {
  switch (in.body_case()) {
    case pb::RegionRequest::kCreate: {
      RegionCreate c;
      c.engine = in.create().engine();
      auto md = storage::RegionMetadata::FromJson(in.create().metadata_json());
      if (!md.ok()) return Status::InvalidArguments("create region: {}", md.status().message());
      c.request.metadata = *md;
      c.request.region_dir = in.create().region_dir();
      c.request.engine_options = ToMap(in.create().engine_options());
      return RegionRequest(std::move(c));
    }
    case pb::RegionRequest::kOpen: {
      RegionOpen o;
      o.engine = in.open().engine();
      o.request.region_id = RegionId(in.open().region_id());
      o.request.region_dir = in.open().region_dir();
      o.request.engine_options = ToMap(in.open().engine_options());
      return RegionRequest(std::move(o));
    }
    case pb::RegionRequest::kClose:
      return RegionRequest(storage::CloseRequest{RegionId(in.close().region_id())});
    case pb::RegionRequest::kDrop:
      return RegionRequest(storage::DropRequest{RegionId(in.drop().region_id())});
    case pb::RegionRequest::kWrite: {
      GT_ASSIGN_OR_RETURN(storage::WriteRequest w, DecodeWrite(in.write()));
      return RegionRequest(std::move(w));
    }
    case pb::RegionRequest::kAlter: {
      storage::AlterRequest a;
      a.region_id = RegionId(in.alter().region_id());
      for (const pb::AlterChange& c : in.alter().changes()) {
        switch (c.change_case()) {
          case pb::AlterChange::kAddColumnJson: {
            auto column = storage::ColumnSchemaFromJson(c.add_column_json());
            if (!column.ok()) return Status::InvalidArguments("alter: {}", column.status().message());
            a.changes.push_back(storage::AlterRequest::AddColumn{*column});
            break;
          }
          case pb::AlterChange::kDropColumn:
            a.changes.push_back(storage::AlterRequest::DropColumn{c.drop_column()});
            break;
          case pb::AlterChange::kSetOptionsJson: {
            auto options = storage::RegionOptionsFromJson(c.set_options_json());
            if (!options.ok()) {
              return Status::InvalidArguments("alter: {}", options.status().message());
            }
            a.changes.push_back(storage::AlterRequest::SetOptions{*options});
            break;
          }
          case pb::AlterChange::CHANGE_NOT_SET:
            return Status::InvalidArguments("alter: empty change");
        }
      }
      return RegionRequest(std::move(a));
    }
    case pb::RegionRequest::kFlush:
      return RegionRequest(storage::FlushRequest{RegionId(in.flush().region_id())});
    case pb::RegionRequest::kCompact:
      return RegionRequest(storage::CompactRequest{RegionId(in.compact().region_id())});
    case pb::RegionRequest::kTruncate:
      return RegionRequest(storage::TruncateRequest{RegionId(in.truncate().region_id())});
    case pb::RegionRequest::kWriteMany: {
      RegionWriteMany many;
      for (const pb::WriteRegion& w : in.write_many().writes()) {
        GT_ASSIGN_OR_RETURN(storage::WriteRequest decoded, DecodeWrite(w));
        many.writes.push_back(std::move(decoded));
      }
      return RegionRequest(std::move(many));
    }
    case pb::RegionRequest::BODY_NOT_SET:
      break;
  }
  return Status::InvalidArguments("region request without a body");
}

Status EncodeScanRequest(const storage::ScanRequest& request, pb::ScanRegion* out) {
  out->set_region_id(request.region_id.value());
  for (const std::string& c : request.projection) out->add_projection(c);
  if (request.time_start) out->set_time_start(*request.time_start);
  if (request.time_end) out->set_time_end(*request.time_end);
  for (const storage::TagPredicate& p : request.tag_predicates) {
    GT_RETURN_IF_ERROR(EncodePredicate(p, out->add_tag_predicates()));
  }
  if (request.limit) out->set_limit(*request.limit);
  return Status::OK();
}

Result<storage::ScanRequest> DecodeScanRequest(const pb::ScanRegion& in) {
  storage::ScanRequest r;
  r.region_id = RegionId(in.region_id());
  r.projection.assign(in.projection().begin(), in.projection().end());
  if (in.has_time_start()) r.time_start = in.time_start();
  if (in.has_time_end()) r.time_end = in.time_end();
  for (const pb::TagPredicate& p : in.tag_predicates()) {
    GT_ASSIGN_OR_RETURN(storage::TagPredicate decoded, DecodePredicate(p));
    r.tag_predicates.push_back(std::move(decoded));
  }
  if (in.has_limit()) r.limit = in.limit();
  return r;
}

std::string EncodeBatches(const std::vector<types::RecordBatch>& batches) {
  std::vector<storage::Mutation> mutations;
  mutations.reserve(batches.size());
  for (const types::RecordBatch& b : batches) {
    mutations.push_back(storage::Mutation{storage::OpType::kPut, 0, b});
  }
  return storage::EncodeMutations(mutations);
}

Result<std::vector<types::RecordBatch>> DecodeBatches(std::string_view bytes) {
  auto mutations = storage::DecodeMutations(bytes);
  if (!mutations.ok()) return Status::InvalidArguments("scan batches: {}", mutations.status().message());
  std::vector<types::RecordBatch> out;
  out.reserve(mutations->size());
  for (storage::Mutation& m : *mutations) out.push_back(std::move(m.rows));
  return out;
}

void EncodeStatus(const Status& status, pb::Error* out) {
  out->set_code(static_cast<int32_t>(status.code()));
  out->set_message(status.message());
}

Status DecodeStatus(const pb::Error& error) {
  if (error.code() == 0) return Status::OK();
  return Status(StatusCodeFromInt(static_cast<uint32_t>(error.code())), error.message());
}

void EncodeStatistics(const storage::RegionStatistics& s, pb::StatisticsResponse* out) {
  out->set_region_id(s.region_id.value());
  out->set_num_rows(s.num_rows);
  out->set_memtable_bytes(s.memtable_bytes);
  out->set_sst_bytes(s.sst_bytes);
  out->set_num_files(s.num_files);
  out->set_manifest_version(s.manifest_version);
  out->set_flushed_entry_id(s.flushed_entry_id);
  out->set_last_entry_id(s.last_entry_id);
}

storage::RegionStatistics DecodeStatistics(const pb::StatisticsResponse& in) {
  storage::RegionStatistics s;
  s.region_id = RegionId(in.region_id());
  s.num_rows = in.num_rows();
  s.memtable_bytes = in.memtable_bytes();
  s.sst_bytes = in.sst_bytes();
  s.num_files = in.num_files();
  s.manifest_version = in.manifest_version();
  s.flushed_entry_id = in.flushed_entry_id();
  s.last_entry_id = in.last_entry_id();
  return s;
}

}  // namespace greptime::datanode
